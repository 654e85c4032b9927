"""Leads: get by filter type and sync ([MKTO-spec] `GET|POST /rest/v1/leads.json`).

Leads hold their field values, so what the MAP holds (e.g. a lead source no standard option
names) can be read back. `filterType` is one of the Swagger's listed fields or a custom
string/email/integer field; `filterValues` up to 300 comma-separated; `fields` picks the
returned fields (default id, email, updatedAt, createdAt, firstName, lastName). Sync
creates or updates up to 300 leads per call, deduplicating on `lookupField` (default
email); an unknown field skips its lead with 1006, as Marketo does.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..contract import check_body
from ..errors import JSON, ApiError, envelope, skipped
from .common import MAX_BATCH, config, input_list, json_body, page, query, reply, store

LEADS = "/rest/v1/leads.json"
STANDARD_FILTERS = frozenset(
    {
        "cookies",
        "email",
        "facebookId",
        "id",
        "leadPartitionId",
        "linkedInId",
        "sfdcAccountId",
        "sfdcContactId",
        "sfdcLeadId",
        "sfdcLeadOwnerId",
        "sfdcOpptyId",
        "twitterId",
    }
)
DEFAULT_FIELDS = ("id", "email", "updatedAt", "createdAt", "firstName", "lastName")
ACTIONS = ("createOnly", "updateOnly", "createOrUpdate", "createDuplicate")


async def get_leads(request: Request) -> Response:
    params = query(request, LEADS)
    db = store(request)
    schema = {f["name"]: f for f in db.fields()}
    filter_type = params.get("filterType", "")
    values = [v for v in params.get("filterValues", "").split(",") if v]
    if not filter_type or not values:
        raise ApiError("1003", "filterType and filterValues are required")
    custom = schema.get(filter_type)
    if filter_type not in STANDARD_FILTERS and not (
        custom and custom.get("isCustom") and custom["dataType"] in ("string", "email", "integer")
    ):
        raise ApiError("1003", f"Invalid filterType '{filter_type}'")
    if len(values) > MAX_BATCH:
        raise ApiError("1003", f"filterValues takes at most {MAX_BATCH} values")
    wanted = [f for f in params.get("fields", "").split(",") if f] or list(DEFAULT_FIELDS)
    unknown = [f for f in wanted if f not in schema and f not in ("id", "createdAt", "updatedAt")]
    if unknown:
        raise ApiError("1006", f"Field '{unknown[0]}' not found")
    wanted_values = set(values)
    hits = [lead for lead in db.leads() if str(lead.get(filter_type)) in wanted_values]
    shaped = [{f: lead.get(f) for f in ["id", *[w for w in wanted if w != "id"]]} for lead in hits]
    chunk, token = page(shaped, params)
    return reply(envelope(chunk, next_page_token=token))


async def sync_leads(request: Request) -> Response:
    query(request, LEADS)
    body = await json_body(request)
    check_body("SyncLeadRequest", body, config(request).strict)
    items = input_list(body)
    if len(items) > MAX_BATCH:
        raise ApiError("1003", f"input takes at most {MAX_BATCH} leads")
    action = body.get("action", "createOrUpdate")
    if action not in ACTIONS:
        raise ApiError("1003", f"Invalid action '{action}'")
    lookup = body.get("lookupField", "email")
    db = store(request)
    schema = {f["name"]: f for f in db.fields()}
    result: list[JSON] = []
    with db.transaction():
        existing = db.leads()
        for item in items:
            result.append(_sync_one(db, schema, existing, item, action, lookup))
    return reply(envelope(result))


def _sync_one(
    db: Any,
    schema: dict[str, Any],
    existing: list[dict[str, Any]],
    item: dict[str, Any],
    action: str,
    lookup: str,
) -> JSON:
    unknown = [k for k in item if k not in schema and k != "id"]
    if unknown:
        return skipped("1006", f"Field '{unknown[0]}' not found")
    read_only = [k for k in item if k != "id" and schema[k].get("readOnly")]
    if read_only:
        return skipped("1003", f"Field '{read_only[0]}' is read only")
    if lookup not in item:
        return skipped("1003", f"Value for lookup field '{lookup}' is required")
    matches = [lead for lead in existing if lead.get(lookup) == item[lookup]]
    if len(matches) > 1 and action != "createDuplicate":
        return skipped("1007", "Multiple leads match the lookup criteria")
    if matches and action == "createOnly":
        return skipped("1005", id=matches[0]["id"])
    if not matches and action == "updateOnly":
        return skipped("1004")
    values = {k: v for k, v in item.items() if k != "id"}
    if matches and action != "createDuplicate":
        lead_id = int(matches[0]["id"])
        db.update_lead(lead_id, values)
        return {"id": lead_id, "status": "updated"}
    lead_id = db.insert_lead(values)
    existing.append({**values, "id": lead_id})
    return {"id": lead_id, "status": "created"}


def routes() -> list[BaseRoute]:
    return [
        Route(LEADS, get_leads, methods=["GET"]),
        Route(LEADS, sync_leads, methods=["POST"]),
    ]
