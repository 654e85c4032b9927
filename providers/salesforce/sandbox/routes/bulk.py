"""Bulk API 2.0 query jobs (`jobs/query`), executed with the sandbox's SOQL.

Salesforce's contract ("Understanding Bulk API 2.0 Query", "Create a Query Job", "Get
Information About a Query Job", "Get Results for a Query Job", API 47.0+):

    POST   jobs/query                 {"operation": "query"|"queryAll", "query": soql}
                                      -> 200 job info, state UploadComplete
    GET    jobs/query/<id>            job info (state JobComplete once run, with
                                      numberRecordsProcessed)
    GET    jobs/query/<id>/results    ?maxRecords=N&locator=L -> 200 text/csv, headers
                                      Sforce-NumberOfRecords and Sforce-Locator ("null" after
                                      the last set); 412 JOB_NOT_COMPLETE before it ran
    PATCH  jobs/query/<id>            {"state": "Aborted"} aborts; DELETE deletes (204)
    GET    jobs/query                 every job ({done, records, nextRecordsUrl: null})

Bulk 2.0 refuses GROUP BY, OFFSET and aggregate functions such as COUNT(); child-to-parent
paths (`Account.Name`) are columns `Account.Name`. CSV results quote every value, an empty
value is null, booleans are `true`/`false`. The sandbox runs a job as it creates it (the
create reply still says UploadComplete; the next status says JobComplete) and keeps it in
the store's metadata, so a served sandbox's jobs outlive one request. The CSV reply is
bytes: the app must send a bytes body as it is, with the reply's Content-Type.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from typing import Any

from ..errors import JSON, ApiError, bad_request, not_found
from ..router import Call, Context, Reply, Route

_PREFIX = "750"
_META = "bulk_query_job:"
MAX_RECORDS = 100_000
"""Records per result set when maxRecords is not given (Salesforce sizes sets by bytes; this
stands in for that)."""


def _job_key(job_id: str) -> str:
    return _META + job_id


def _load(ctx: Context, job_id: str) -> dict[str, Any]:
    raw = ctx.store.get_meta(_job_key(job_id))
    if raw is None:
        raise not_found()
    job: dict[str, Any] = json.loads(raw)
    if job.get("deleted"):
        raise not_found()
    return job


def _save(ctx: Context, job: dict[str, Any]) -> None:
    ctx.store.set_meta(_job_key(job["id"]), json.dumps(job))


def _info(job: dict[str, Any]) -> JSON:
    info: JSON = {k: v for k, v in job.items() if k not in ("query", "rows", "columns")}
    return info


def _check(ctx: Context, text: str) -> Any:
    from .. import soql

    try:
        parsed = soql.parse(text)
    except soql.SoqlError as exc:
        raise bad_request(str(exc.error_code), str(exc.message)) from None
    refused = [
        what
        for what, present in (
            ("GROUP BY", bool(parsed.group_by)),
            ("OFFSET", parsed.offset is not None),
            ("aggregate functions such as COUNT()", parsed.count_only or any(
                not hasattr(item, "path") for item in parsed.select)),
        )
        if present
    ]  # fmt: skip
    if refused:
        raise bad_request(
            "INVALIDJOB",
            f"Bulk API 2.0 query jobs do not support {refused[0]}: remove it from the query",
        )
    return parsed


def _create(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    body = call.body if isinstance(call.body, dict) else {}
    operation = body.get("operation")
    query = body.get("query")
    if operation not in ("query", "queryAll"):
        raise bad_request(
            "INVALIDJOB", "InvalidJob : operation must be query or queryAll for a query job"
        )
    if not isinstance(query, str) or not query.strip():
        raise bad_request("INVALIDJOB", "InvalidJob : a query job needs a query")
    parsed = _check(ctx, query)
    job_id = ctx.store.next_id("BulkJob")
    now = ctx.now_iso()
    job: dict[str, Any] = {
        "id": job_id,
        "operation": operation,
        "object": parsed.sobject,
        "createdById": ctx.user_id(),
        "createdDate": now,
        "systemModstamp": now,
        "state": "UploadComplete",
        "concurrencyMode": "Parallel",
        "contentType": "CSV",
        "apiVersion": float(call.version),
        "lineEnding": "LF",
        "columnDelimiter": "COMMA",
        "query": query,
    }
    reply = Reply(200, _info(job))  # the job as created, before it ran
    _run(ctx, job, parsed)
    return reply


def _run(ctx: Context, job: dict[str, Any], parsed: Any) -> None:
    """Execute the job's query over the org as it is now and keep the rows: an unknown
    object or field is refused when the job is created, as Salesforce validates it then."""
    from .. import soql
    from .query import _source  # the FROM object's rows, as `query` reads them

    view = ctx.view()
    try:
        name, rows, columns, _ = _source(
            ctx, view, parsed.sobject, tooling=False, deleted=job["operation"] == "queryAll"
        )
        result = soql.execute(parsed, rows, columns=columns)
    except soql.SoqlError as exc:
        raise bad_request(str(exc.error_code), str(exc.message)) from None
    paths = [".".join(item.path) for item in parsed.select]
    job["columns"] = paths
    job["rows"] = [[_cell(_at(record, path)) for path in paths] for record in result.records]
    job.update(
        state="JobComplete",
        object=name,
        numberRecordsProcessed=len(job["rows"]),
        retries=0,
        totalProcessingTime=0,
        jobType="V2Query",
        systemModstamp=ctx.now_iso(),
    )
    _save(ctx, job)


def _at(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        key = next((k for k in value if k.lower() == part.lower()), None)
        value = value.get(key) if key is not None else None
    return value


def _cell(value: Any) -> str | None:
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _status(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return Reply(200, _info(_load(ctx, match.group("id"))))


def _locator(offset: int) -> str:
    return base64.b64encode(str(offset).encode()).decode().rstrip("=")


def _offset(locator: str) -> int:
    try:
        text = base64.b64decode(locator + "=" * (-len(locator) % 4)).decode()
        return int(text)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("INVALIDLOCATOR", f"Invalid locator: {locator}") from None


def _results(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    job = _load(ctx, match.group("id"))
    if job["state"] != "JobComplete":
        raise ApiError(
            412,
            "JOB_NOT_COMPLETE",
            "can only download query results of successfully completed bulk job with status: "
            f"JOB_COMPLETE. Current status: {job['state'].upper()}",
        )
    raw_max = call.query.get("maxRecords", str(MAX_RECORDS))
    if not raw_max.isdigit() or int(raw_max) < 1:
        raise bad_request("INVALIDPARAMETER", f"maxRecords must be a positive integer: {raw_max}")
    size = int(raw_max)
    start = _offset(call.query["locator"]) if call.query.get("locator") else 0
    rows = job["rows"][start : start + size]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(job["columns"])
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    following = start + size
    headers = {
        "Content-Type": "text/csv",
        "Sforce-NumberOfRecords": str(len(rows)),
        "Sforce-Locator": _locator(following) if following < len(job["rows"]) else "null",
    }
    return Reply(200, out.getvalue().encode(), headers)


def _abort(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    job = _load(ctx, match.group("id"))
    body = call.body if isinstance(call.body, dict) else {}
    if body.get("state") != "Aborted":
        raise bad_request("INVALIDJOBSTATE", "a query job can only be set to Aborted")
    if job["state"] in ("JobComplete", "Failed", "Aborted"):
        raise bad_request("INVALIDJOBSTATE", f"Job is already {job['state']}")
    job["state"] = "Aborted"
    _save(ctx, job)
    return Reply(200, _info(job))


def _delete(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    job_id = match.group("id")
    _load(ctx, job_id)
    ctx.store.set_meta(_job_key(job_id), json.dumps({"id": job_id, "deleted": True}))
    return Reply(204)


def _list(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    rows = ctx.store.query("SELECT key, value FROM meta WHERE key LIKE ?", (_META + "%",))
    jobs = [json.loads(r["value"]) for r in rows]
    records = [_info(j) for j in jobs if not j.get("deleted")]
    return Reply(200, {"done": True, "records": records, "nextRecordsUrl": None})


_ID = rf"(?P<id>{_PREFIX}[A-Za-z0-9]{{12}}(?:[A-Za-z0-9]{{3}})?)"

ROUTES: list[Route] = [
    ("POST", r"jobs/query", _create),
    ("GET", r"jobs/query", _list),
    ("GET", rf"jobs/query/{_ID}", _status),
    ("PATCH", rf"jobs/query/{_ID}", _abort),
    ("DELETE", rf"jobs/query/{_ID}", _delete),
    ("GET", rf"jobs/query/{_ID}/results", _results),
]
