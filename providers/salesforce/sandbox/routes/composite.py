"""`composite` and `tooling/composite`: up to 25 subrequests in one call (which counts as
one API call), `@{referenceId.path}` references to earlier results, and `allOrNone`.

Request `{allOrNone, compositeRequest: [{method, url, referenceId, body?, httpHeaders?}]}`;
response `{compositeResponse: [{body, httpHeaders, httpStatusCode, referenceId}]}` (REST API
"Composite", "Composite Subrequest Result"). At most 5 subrequests may be queries or sObject
Collections. With `allOrNone` a failed subrequest rolls back the whole request and every other
subrequest reports 400 `PROCESSING_HALTED`; without it later subrequests still run, and one
that references a failed result fails too. `tooling/composite` serves Tooling URLs only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import JSON, ApiError, bad_request
from ..router import Call, Context, Reply, Route, dispatch, split_url

MAX_SUBREQUESTS = 25
MAX_QUERIES = 5
HALTED = "The transaction was rolled back since another operation in the same transaction failed."
_REFERENCE = re.compile(r"@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}")
_REFERENCE_ID = re.compile(r"^[A-Za-z0-9_]+$")


class _Rollback(Exception):
    pass


class _Unresolved(Exception):
    pass


def _resolve_path(value: Any, path: str) -> Any:
    for token in re.findall(r"\.([A-Za-z0-9_]+)|\[(\d+)\]", path):
        key, index = token
        if key:
            if not isinstance(value, dict) or key not in value:
                raise _Unresolved
            value = value[key]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                raise _Unresolved
            value = value[int(index)]
    return value


def _substitute(value: Any, results: dict[str, JSON]) -> Any:
    if isinstance(value, str):

        def one(match: re.Match[str]) -> str:
            ref, path = match.group(1), match.group(2)
            result = results.get(ref)
            if result is None or result["httpStatusCode"] >= 400:
                raise _Unresolved(f"{ref}{path}")
            resolved = _resolve_path(result["body"], path)
            return resolved if isinstance(resolved, str) else json.dumps(resolved)

        try:
            return _REFERENCE.sub(one, value)
        except _Unresolved:
            raise _Unresolved(value) from None
    if isinstance(value, list):
        return [_substitute(v, results) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, results) for k, v in value.items()}
    return value


def _error_result(error: ApiError, ref: str) -> JSON:
    return {
        "body": error.body(),
        "httpHeaders": {},
        "httpStatusCode": error.status,
        "referenceId": ref,
    }


def _requests(call: Call) -> tuple[bool, list[dict[str, Any]]]:
    body = call.body if isinstance(call.body, dict) else None
    requests = body.get("compositeRequest") if body else None
    if not isinstance(requests, list) or not requests:
        raise bad_request("JSON_PARSER_ERROR", "The body needs a non-empty 'compositeRequest' list")
    if len(requests) > MAX_SUBREQUESTS:
        raise bad_request(
            "LIMIT_EXCEEDED",
            f"A composite request can hold at most {MAX_SUBREQUESTS} subrequests, not "
            f"{len(requests)}; split it into several",
        )
    heavy = 0
    seen: set[str] = set()
    for sub in requests:
        if not isinstance(sub, dict) or not sub.get("method") or not sub.get("url"):
            raise bad_request("JSON_PARSER_ERROR", "Every subrequest needs 'method' and 'url'")
        ref = str(sub.get("referenceId") or "")
        if not _REFERENCE_ID.match(ref):
            raise bad_request(
                "JSON_PARSER_ERROR",
                f"referenceId {ref!r} must be letters, numbers and underscores only",
            )
        if ref in seen:
            raise bad_request("DUPLICATE_VALUE", f"Duplicate referenceId provided: {ref}")
        seen.add(ref)
        url = str(sub["url"]).split("?")[0]
        if re.search(r"/(query|queryAll)(/|$)|/composite/sobjects", url):
            heavy += 1
    if heavy > MAX_QUERIES:
        raise bad_request(
            "LIMIT_EXCEEDED",
            f"A composite request can hold at most {MAX_QUERIES} query or sObject Collections "
            "subrequests",
        )
    return bool(body.get("allOrNone")) if body else False, requests


def _run_one(ctx: Context, sub: dict[str, Any], results: dict[str, JSON], tooling: bool) -> JSON:
    ref = str(sub["referenceId"])
    try:
        url = str(_substitute(sub["url"], results))
        body = _substitute(sub.get("body"), results)
    except _Unresolved as exc:
        return _error_result(
            bad_request(
                "PROCESSING_HALTED",
                f"Invalid reference specified. No value for {exc} found in an earlier "
                "successful subrequest",
            ),
            ref,
        )
    parts = split_url(url)
    if parts is None or parts[1].startswith("tooling/") != tooling or parts[1] == "composite":
        where = "Tooling URLs (/services/data/vXX.X/tooling/...)" if tooling else "REST URLs"
        return _error_result(
            ApiError(400, "NOT_FOUND", f"The URL {url!r} is not a resource here; use {where}"),
            ref,
        )
    version, path, query = parts
    method = str(sub["method"]).upper()
    injected = ctx.faults.subrequest_error(method, f"/services/data/v{version}/{path}")
    if injected is not None:
        return _error_result(injected, ref)
    headers = {str(k).lower(): str(v) for k, v in (sub.get("httpHeaders") or {}).items()}
    reply = dispatch(ctx, Call(method, path, version, query, headers, body))
    shown = {k: v for k, v in reply.headers.items() if k.lower() in ("location", "last-modified")}
    return {
        "body": reply.body,
        "httpHeaders": shown,
        "httpStatusCode": reply.status,
        "referenceId": ref,
    }


def run(ctx: Context, call: Call, *, tooling: bool) -> Reply:
    all_or_none, requests = _requests(call)
    results: dict[str, JSON] = {}
    ordered: list[JSON] = []
    previous = ctx.in_composite_all_or_none
    try:
        with ctx.store.transaction():
            ctx.in_composite_all_or_none = all_or_none
            for sub in requests:
                result = _run_one(ctx, sub, results, tooling)
                results[result["referenceId"]] = result
                ordered.append(result)
                if all_or_none and result["httpStatusCode"] >= 400:
                    raise _Rollback
    except _Rollback:
        failed = ordered[-1]["referenceId"]
        halted = ApiError(400, "PROCESSING_HALTED", HALTED)
        ordered = [
            r if r.get("referenceId") == failed else _error_result(halted, str(s["referenceId"]))
            for r, s in zip(ordered + [{}] * (len(requests) - len(ordered)), requests, strict=True)
        ]
    finally:
        ctx.in_composite_all_or_none = previous
    return Reply(200, {"compositeResponse": ordered})


def _composite(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return run(ctx, call, tooling=False)


def _tooling_composite(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return run(ctx, call, tooling=True)


ROUTES: list[Route] = [
    ("POST", r"composite", _composite),
    ("POST", r"tooling/composite", _tooling_composite),
]
