"""Lead schema: describe, describe2, and the schema field list, get, create and update
([MKTO-spec] `/rest/v1/leads/describe*.json`, `/rest/v1/leads/schema/fields*.json`).

Create takes `{input: [CreateLeadField]}`: `name` unique, starting with a letter, letters,
digits and underscores; `displayName` unique; `dataType` one of the Swagger's enum. A bad or
duplicate item is skipped with its reasons (record level) while the rest are created.
Update takes one `UpdateLeadField`; no `dataType` (a type never changes). There is no
DELETE: Marketo's API cannot remove a lead field.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..contract import check_body
from ..errors import JSON, ApiError, envelope, skipped
from .common import config, input_list, json_body, page, query, reply, store

DATA_TYPES = (
    "boolean",
    "currency",
    "date",
    "datetime",
    "email",
    "float",
    "integer",
    "percent",
    "phone",
    "score",
    "string",
    "url",
)
"""`CreateLeadField.dataType`'s enum ([MKTO-spec])."""

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
STRING_LENGTHS = {"string": 255, "email": 255, "phone": 255, "url": 255}
LEAD_FIELD_KEYS = (
    "displayName",
    "name",
    "description",
    "dataType",
    "length",
    "isHidden",
    "isHtmlEncodingInEmail",
    "isSensitive",
    "isCustom",
    "isApiCreated",
)

FIELDS = "/rest/v1/leads/schema/fields.json"
ONE_FIELD = "/rest/v1/leads/schema/fields/{fieldApiName}.json"


def lead_field(stored: dict[str, Any]) -> JSON:
    """The `LeadField` view of a stored field."""
    out = {k: stored[k] for k in LEAD_FIELD_KEYS if stored.get(k) is not None}
    out.setdefault("description", "")
    return out


async def describe(request: Request) -> Response:
    query(request, "/rest/v1/leads/describe.json")
    result = []
    for f in store(request).fields():
        read_only = bool(f.get("readOnly"))
        item = {"id": f["id"], "displayName": f["displayName"], "dataType": f["dataType"]}
        if f.get("length") is not None:
            item["length"] = f["length"]
        item["rest"] = {"name": f["name"], "readOnly": read_only}
        item["soap"] = {"name": f.get("soapName", f["name"][:1].upper() + f["name"][1:])}
        item["soap"]["readOnly"] = read_only
        result.append(item)
    return reply(envelope(result))


async def describe2(request: Request) -> Response:
    query(request, "/rest/v1/leads/describe2.json")
    fields = store(request).fields()
    searchable = [["email"], ["id"], ["cookies"]] + [
        [f["name"]]
        for f in fields
        if f.get("isCustom") and f["dataType"] in ("string", "email", "integer")
    ]
    described = []
    for f in fields:
        item = {"name": f["name"], "displayName": f["displayName"], "dataType": f["dataType"]}
        if f.get("length") is not None:
            item["length"] = f["length"]
        item["updateable"] = not f.get("readOnly", False)
        item["crmManaged"] = bool(f.get("crmManaged", False))
        described.append(item)
    return reply(
        envelope([{"name": "API Lead", "searchableFields": searchable, "fields": described}])
    )


async def list_fields(request: Request) -> Response:
    params = query(request, FIELDS)
    chunk, token = page([lead_field(f) for f in store(request).fields()], params)
    return reply(envelope(chunk, next_page_token=token))


async def get_field(request: Request) -> Response:
    query(request, ONE_FIELD)
    name = request.path_params["name"]
    found = store(request).field(name)
    if found is None:
        raise ApiError("702", f"No data found for field '{name}'")
    return reply(envelope([lead_field(found)]))


async def create_fields(request: Request) -> Response:
    query(request, FIELDS)
    body = await json_body(request)
    strict = config(request).strict
    check_body("CreateLeadFieldRequest", body, strict)
    items = input_list(body)
    for item in items:
        check_body("CreateLeadField", item, strict)
    db = store(request)
    result: list[JSON] = []
    with db.transaction():
        for item in items:
            problem = _create_problem(item, db.fields())
            if problem is not None:
                result.append(skipped(problem[0], problem[1], name=item.get("name")))
                continue
            kind = item["dataType"]
            db.put_field(
                {
                    "name": item["name"],
                    "displayName": item["displayName"],
                    "description": item.get("description") or "",
                    "dataType": kind,
                    "length": STRING_LENGTHS.get(kind),
                    "isHidden": bool(item.get("isHidden", False)),
                    "isHtmlEncodingInEmail": bool(item.get("isHtmlEncodingInEmail", True)),
                    "isSensitive": bool(item.get("isSensitive", False)),
                    "isCustom": True,
                    "isApiCreated": True,
                    "crmManaged": False,
                }
            )
            result.append({"name": item["name"], "status": "created"})
    return reply(envelope(result))


def _create_problem(item: dict[str, Any], existing: list[dict[str, Any]]) -> tuple[str, str] | None:
    name, display, kind = item.get("name"), item.get("displayName"), item.get("dataType")
    if not isinstance(name, str) or not name:
        return "1003", "name cannot be blank"
    if not NAME.match(name):
        return "1003", (
            f"Invalid name '{name}': start with a letter; use only letters, numbers or underscore"
        )
    if not isinstance(display, str) or not display.strip():
        return "1003", "displayName cannot be blank"
    if kind not in DATA_TYPES:
        return "1003", f"Invalid dataType '{kind}': one of {', '.join(DATA_TYPES)}"
    if any(f["name"].lower() == name.lower() for f in existing):
        return "1017", f"Field '{name}' already exists"
    if any(f["displayName"].lower() == display.lower() for f in existing):
        return "1003", f"displayName '{display}' is already used by another field"
    return None


async def update_field(request: Request) -> Response:
    query(request, ONE_FIELD)
    name = request.path_params["name"]
    body = await json_body(request)
    strict = config(request).strict
    check_body("UpdateLeadFieldRequest", body, strict)
    items = input_list(body)
    if len(items) != 1:
        raise ApiError("1003", "input takes exactly one lead field")
    item = items[0]
    check_body("UpdateLeadField", item, strict)
    db = store(request)
    with db.transaction():
        found = db.field(name)
        if found is None:
            return reply(envelope([skipped("1006", f"Field '{name}' not found", name=name)]))
        if "dataType" in item and item["dataType"] != found["dataType"]:
            reason = f"dataType of '{name}' cannot be changed"
            return reply(envelope([skipped("1003", reason, name=name)]))
        display = item.get("displayName")
        if display is not None:
            if not isinstance(display, str) or not display.strip():
                return reply(envelope([skipped("1003", "displayName cannot be blank", name=name)]))
            clash = [
                f
                for f in db.fields()
                if f["name"] != name and f["displayName"].lower() == display.lower()
            ]
            if clash:
                reason = f"displayName '{display}' is already used by another field"
                return reply(envelope([skipped("1003", reason, name=name)]))
        changed = dict(found)
        for key in (
            "displayName",
            "description",
            "isHidden",
            "isHtmlEncodingInEmail",
            "isSensitive",
        ):
            if key in item:
                changed[key] = item[key]
        db.put_field(changed)
    return reply(envelope([{"name": name, "status": "updated"}]))


def routes() -> list[BaseRoute]:
    return [
        Route("/rest/v1/leads/describe.json", describe, methods=["GET"]),
        Route("/rest/v1/leads/describe2.json", describe2, methods=["GET"]),
        Route(FIELDS, list_fields, methods=["GET"]),
        Route(FIELDS, create_fields, methods=["POST"]),
        Route("/rest/v1/leads/schema/fields/{name}.json", get_field, methods=["GET"]),
        Route("/rest/v1/leads/schema/fields/{name}.json", update_field, methods=["POST"]),
    ]
