"""`query`, `queryAll`, `tooling/query` and their `nextRecordsUrl` pages.

Response: `{totalSize, done, records: [{attributes: {type, url}, ...}], nextRecordsUrl?}`
(REST API "Execute a SOQL Query"); a page holds `Sforce-Query-Options: batchSize=N` rows
(200-2,000; default 2,000) and `nextRecordsUrl` is `/services/data/vXX.X/query/<cursor>-<n>`.
Querying `Metadata` or `FullName` of a Tooling object when more than one row matches is 400
`MALFORMED_QUERY` (Tooling "CustomField": "Query this field only if the query result contains
no more than one record"; message as orgs send it).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ..data_rows import record_columns, record_rows
from ..errors import JSON, ApiError, bad_request
from ..router import Call, Context, Reply, Route
from ..rows import setup_rows, tooling_rows
from ..view import SOBJECTS, OrgView

METADATA_ROWS = (
    "When retrieving results with Metadata or FullName fields, the query qualifications must "
    "specify no more than one row for retrieval."
)
"""Salesforce's MALFORMED_QUERY message (seen in orgs since Summer '15)."""

_serial = [0]
_serial_lock = threading.Lock()


def invalid_type(name: str) -> ApiError:
    return bad_request(
        "INVALID_TYPE",
        f"sObject type '{name}' is not supported. If you are attempting to use a custom object, "
        "be sure to append the '__c' after the entity name. Please reference your WSDL or the "
        "describe call for the appropriate names.",
    )


def _columns_of(rows: list[JSON]) -> Callable[[str], bool]:
    paths: set[str] = set()

    def walk(prefix: str, row: JSON) -> None:
        for key, value in row.items():
            paths.add((prefix + key).lower())
            if isinstance(value, dict):
                walk(prefix + key + ".", value)

    for row in rows[:1]:
        walk("", row)
    return lambda path: path.lower() in paths


def _canonical(names: Iterable[str], raw: str) -> str | None:
    return next((n for n in names if n.lower() == raw.lower()), None)


def _source(
    ctx: Context, view: OrgView, sobject: str, *, tooling: bool, deleted: bool
) -> tuple[str, list[JSON], Callable[[str], bool] | None, str]:
    """(type name, rows, column check, sobjects url part) for the FROM object."""
    if tooling:
        builders = tooling_rows(view)
        name = _canonical(builders, sobject)
        if name is None:
            raise invalid_type(sobject)
        rows = builders[name]()
        return name, rows, _columns_of(rows or _templates(view, name)), "tooling/sobjects"
    setup = setup_rows(view)
    name = _canonical(setup, sobject)
    if name is not None:
        rows = setup[name]()
        return name, rows, _columns_of(rows or _templates(view, name)), "sobjects"
    name = _canonical(SOBJECTS, sobject)
    if name is None:
        raise invalid_type(sobject)
    if name == "User":
        rows = [dict(u) for u in view.org.users]
    else:
        rows = record_rows(view, ctx.store, name, deleted=deleted)
    return name, rows, record_columns(view, name), "sobjects"


def _templates(view: OrgView, name: str) -> list[JSON]:
    """One made-up row of an empty object, so its column names are still known."""
    from ..org import Org, OrgField

    org = Org(
        users=[{"Id": "005000000000000AAA", "Name": "x"}],
        fields=[OrgField("Account", "X__c", "X", "Text", True, id="00N000000000000AAA")],
        value_sets={"OpportunityStage": [{"valueName": "x"}], "LeadStatus": [{"valueName": "x"}]},
        value_set_meta={"OpportunityStage": {"Id": "0Ct000000000000AAA"}},
        business_processes=[{"Id": "019000000000000AAA", "object": "Opportunity", "name": "x"}],
        record_types=[{"Id": "012000000000001AAA", "object": "Opportunity", "name": "x"}],
        validation_rules=[{"Id": "03d000000000000AAA", "object": "Account", "name": "x"}],
    )
    sample = OrgView(org)
    builders = {**tooling_rows(sample), **setup_rows(sample)}
    return builders[name]() if name in builders else []


def _with_attributes(records: list[JSON], type_name: str, base: str, kind: str) -> list[JSON]:
    out = []
    for record in records:
        attributes: JSON = {"type": type_name}
        if record.get("Id"):
            attributes["url"] = f"{base}/{kind}/{type_name}/{record['Id']}"
        out.append({"attributes": attributes, **record})
    return out


def batch_size(call: Call, default: int) -> int:
    options = call.headers.get("sforce-query-options", "")
    match = re.search(r"batchSize\s*=\s*(\d+)", options)
    if match is None:
        return default
    # Salesforce treats the size as a hint between 200 and 2,000.
    return max(200, min(2000, int(match.group(1))))


def run_query(ctx: Context, call: Call, *, tooling: bool, deleted: bool) -> Reply:
    from .. import soql

    text = call.query.get("q")
    if not text:
        raise bad_request("MALFORMED_QUERY", "A query string has to be specified")
    view = ctx.view()
    try:
        parsed = soql.parse(text)
        name, rows, columns, kind = _source(
            ctx, view, parsed.sobject, tooling=tooling, deleted=deleted
        )
        result = soql.execute(parsed, rows, columns=columns, now=ctx.now())
    except soql.SoqlError as exc:
        code = getattr(exc, "error_code", None) or exc.args[0]
        message = getattr(exc, "message", None) or (exc.args[1] if len(exc.args) > 1 else str(exc))
        raise bad_request(str(code), str(message)) from None
    if tooling and parsed.selects_metadata and result.total_size > 1:
        raise bad_request("MALFORMED_QUERY", METADATA_ROWS)
    if result.count_only:
        return Reply(200, {"totalSize": result.total_size, "done": True, "records": []})
    base = call.base + ("/tooling" if tooling else "")
    type_name = "AggregateResult" if result.aggregate else name
    records = _with_attributes(result.records, type_name, call.base, kind)
    return page(
        ctx, records, result.total_size, base, batch_size(call, ctx.config.query_batch_size)
    )


def page(ctx: Context, records: list[JSON], total: int, base: str, size: int) -> Reply:
    if len(records) <= size:
        return Reply(200, {"totalSize": total, "done": True, "records": records})
    with _serial_lock:
        _serial[0] += 1
        cursor = f"01g{_serial[0]:012d}AAA"
    ctx.cursors[cursor] = (records, size, total)
    while len(ctx.cursors) > 200:
        ctx.cursors.pop(next(iter(ctx.cursors)))
    return Reply(
        200,
        {
            "totalSize": total,
            "done": False,
            "nextRecordsUrl": f"{base}/query/{cursor}-{size}",
            "records": records[:size],
        },
    )


def more(ctx: Context, call: Call, match: re.Match[str], *, tooling: bool) -> Reply:
    cursor, offset = match.group("cursor"), int(match.group("offset"))
    stored: Any = ctx.cursors.get(cursor)
    if stored is None:
        raise ApiError(
            400,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator: the cursor expired or was never issued; run the query again",
        )
    records, size, total = stored
    chunk = records[offset : offset + size]
    body: JSON = {"totalSize": total, "done": offset + size >= len(records), "records": chunk}
    if not body["done"]:
        base = call.base + ("/tooling" if tooling else "")
        body["nextRecordsUrl"] = f"{base}/query/{cursor}-{offset + size}"
    else:
        ctx.cursors.pop(cursor, None)
    return Reply(200, body)


def _query(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return run_query(ctx, call, tooling=False, deleted=False)


def _query_all(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return run_query(ctx, call, tooling=False, deleted=True)


def _tooling_query(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return run_query(ctx, call, tooling=True, deleted=False)


def _more(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return more(ctx, call, match, tooling=False)


def _tooling_more(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    return more(ctx, call, match, tooling=True)


_CURSOR = r"(?P<cursor>01g\w+)-(?P<offset>\d+)"

ROUTES: list[Route] = [
    ("GET", r"query", _query),
    ("GET", r"queryAll", _query_all),
    ("GET", r"tooling/query", _tooling_query),
    ("GET", rf"query/{_CURSOR}", _more),
    ("GET", rf"queryAll/{_CURSOR}", _more),
    ("GET", rf"tooling/query/{_CURSOR}", _tooling_more),
]
