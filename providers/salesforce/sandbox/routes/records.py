"""Record resources: `sobjects/<Obj>` (POST), `sobjects/<Obj>/<Id>` (GET, PATCH, DELETE) and
sObject Collections `composite/sobjects` (POST, PATCH; <= 200 records, `allOrNone`).

Create answers 201 `{id, success, errors}`; PATCH/DELETE 204. Collections answer one
`{id, success, errors: [{statusCode, message, fields}]}` per record; with `allOrNone` a
failure rolls every record back and the others report `ALL_OR_NONE_OPERATION_ROLLED_BACK`
(REST API "sObject Collections").
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import JSON, ApiError, bad_request, not_found
from ..router import Call, Context, Reply, Route
from ..saves import save
from ..view import SOBJECTS

MAX_COLLECTION = 200

ROLLED_BACK = {
    "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    "message": "Record rolled back because not all records were valid and the request was "
    "using AllOrNone header",
    "fields": [],
}


class _Rollback(Exception):
    pass


def _sobject(raw: str) -> str:
    found = next((n for n in SOBJECTS if n.lower() == raw.lower()), None)
    if found is None or found == "User":
        raise not_found()
    return found


def create(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    sobject = _sobject(match.group("obj"))
    new_id = save(ctx, sobject, call.body or {})
    return Reply(
        201,
        {"id": new_id, "success": True, "errors": []},
        {"Location": f"{call.base}/sobjects/{sobject}/{new_id}"},
    )


def get(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    sobject = _sobject(match.group("obj"))
    found = ctx.store.record(match.group("id"))
    if found is None or found[0] != sobject:
        raise not_found()
    view = ctx.view()
    record = found[1]
    wanted = call.query.get("fields")
    names = [f.name for f in view.fields(sobject)]
    if wanted:
        names = []
        for raw in wanted.split(","):
            field = view.field(sobject, raw.strip())
            if field is None:
                raise bad_request(
                    "INVALID_FIELD", f"No such column '{raw.strip()}' on sobject of type {sobject}"
                )
            names.append(field.name)
    url = f"{call.base}/sobjects/{sobject}/{record['Id']}"
    body: JSON = {"attributes": {"type": sobject, "url": url}}
    body.update({name: record.get(name) for name in names})
    return Reply(200, body)


def update(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    save(ctx, _sobject(match.group("obj")), call.body or {}, match.group("id"))
    return Reply(204)


def delete(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    sobject = _sobject(match.group("obj"))
    found = ctx.store.record(match.group("id"))
    if found is None or found[0] != sobject:
        raise not_found()
    record = {**found[1], "IsDeleted": True, "LastModifiedById": ctx.user_id()}
    record["LastModifiedDate"] = record["SystemModstamp"] = ctx.now_iso()
    ctx.store.put_record(sobject, record)
    return Reply(204)


def collection(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    body = call.body if isinstance(call.body, dict) else {}
    records = body.get("records")
    if not isinstance(records, list):
        raise bad_request("JSON_PARSER_ERROR", "The body needs a 'records' list")
    if len(records) > MAX_COLLECTION:
        raise bad_request(
            "EXCEEDED_ID_LIMIT",
            f"record limit reached. cannot submit more than {MAX_COLLECTION} records into this "
            "call",
        )
    all_or_none = bool(body.get("allOrNone")) or ctx.in_composite_all_or_none
    results: list[JSON] = []
    failed = False
    try:
        with ctx.store.transaction():
            for record in records:
                results.append(_one(ctx, call.method, record))
                failed = failed or not results[-1]["success"]
            if failed and all_or_none:
                raise _Rollback
    except _Rollback:
        results = [
            r if not r["success"] else {"id": None, "success": False, "errors": [ROLLED_BACK]}
            for r in results
        ]
    return Reply(200, results)


def _one(ctx: Context, method: str, record: Any) -> JSON:
    try:
        if not isinstance(record, dict):
            raise bad_request("JSON_PARSER_ERROR", "Each record must be a JSON object")
        attributes = record.get("attributes") or {}
        type_name = attributes.get("type") if isinstance(attributes, dict) else None
        if not type_name:
            raise bad_request(
                "INVALID_FIELD",
                "No type was specified in the attributes of a record; add attributes.type",
            )
        sobject = _sobject(str(type_name))
        # Field names are case-insensitive in Salesforce; its docs spell the key `id`.
        id_keys = [k for k in record if k.lower() == "id"]
        changes = {k: v for k, v in record.items() if k != "attributes" and k not in id_keys}
        if method == "PATCH":
            record_id = next((record[k] for k in id_keys if record[k]), None)
            if not record_id:
                raise bad_request("MISSING_ARGUMENT", "Id not specified in an update call", ["Id"])
            save(ctx, sobject, changes, str(record_id))
            return {"id": record_id, "success": True, "errors": []}
        return {"id": save(ctx, sobject, changes), "success": True, "errors": []}
    except ApiError as exc:
        items = [exc.item(), *exc.items]
        return {
            "success": False,
            "errors": [
                {
                    "statusCode": i["errorCode"],
                    "message": i["message"],
                    "fields": i.get("fields", []),
                }
                for i in items
            ],
        }


_ID = r"(?P<id>[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)"

ROUTES: list[Route] = [
    ("POST", r"sobjects/(?P<obj>\w+)", create),
    ("GET", rf"sobjects/(?P<obj>\w+)/{_ID}", get),
    ("PATCH", rf"sobjects/(?P<obj>\w+)/{_ID}", update),
    ("DELETE", rf"sobjects/(?P<obj>\w+)/{_ID}", delete),
    ("POST", r"composite/sobjects", collection),
    ("PATCH", r"composite/sobjects", collection),
]
