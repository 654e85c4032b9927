"""`tooling/sobjects/<Type>` (POST) and `tooling/sobjects/<Type>/<Id>` (GET, PATCH, DELETE)
for CustomField, ValidationRule, StandardValueSet, BusinessProcess and RecordType.

Bodies are `{"FullName": "<Object>.<Name>", "Metadata": {...}}` (Tooling API "CustomField"
etc.); ids are minted here, never taken from the client. Create answers 201 `{id, success,
errors, warnings, infos}` with a `Location`; PATCH and DELETE answer 204. Every write stamps
`LastModifiedById/Date` with the token's user. A StandardValueSet always exists: it has no
POST or DELETE, and a PATCH replaces its whole `standardValue` list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..contract import check_body
from ..errors import ApiError, bad_request, not_found
from ..meta_config import (
    process_from_metadata,
    record_type_from_metadata,
    rule_from_metadata,
    value_set_fields,
    value_set_values,
)
from ..meta_fields import check_change, field_from_metadata
from ..names import duplicate, metadata_of, split_full_name
from ..router import Call, Context, Reply, Route
from ..rows import (
    business_process_row,
    custom_field_row,
    record_type_row,
    validation_rule_row,
    value_set_row,
)
from ..store import BUSINESS_PROCESS, RECORD_TYPE, VALIDATION_RULE, VALUE_SET
from ..view import OrgView

TYPES = ("CustomField", "ValidationRule", "StandardValueSet", "BusinessProcess", "RecordType")
_KINDS = {"ValidationRule": VALIDATION_RULE, "BusinessProcess": BUSINESS_PROCESS}
_KINDS["RecordType"] = RECORD_TYPE


def _type(raw: str) -> str:
    found = next((t for t in TYPES if t.lower() == raw.lower()), None)
    if found is None:
        raise not_found()
    return found


def _created(call: Call, type_name: str, new_id: str) -> Reply:
    return Reply(
        201,
        {"id": new_id, "success": True, "errors": [], "warnings": [], "infos": []},
        {"Location": f"{call.base}/tooling/sobjects/{type_name}/{new_id}"},
    )


def _body(ctx: Context, call: Call, type_name: str) -> dict[str, Any]:
    body = call.body
    if ctx.config.strict and isinstance(body, dict):
        check_body(type_name, body)
    metadata = metadata_of(body, type_name)
    return {"FullName": body.get("FullName"), "Metadata": metadata}


def _docs(view: OrgView, type_name: str) -> list[dict[str, Any]]:
    if type_name == "ValidationRule":
        return view.org.validation_rules
    if type_name == "BusinessProcess":
        return view.org.business_processes
    return view.org.record_types


def create(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    type_name = _type(match.group("type"))
    body = _body(ctx, call, type_name)
    view, user, now = ctx.view(), ctx.user_id(), ctx.now_iso()
    store = ctx.store
    if type_name == "StandardValueSet":
        name = str(body["FullName"] or "")
        if name in view.org.value_sets:
            meta = view.org.value_set_meta.get(name, {})
            raise duplicate("StandardValueSet", name, str(meta.get("Id")))
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"Standard value sets cannot be created ({name!r}); every org has its own. Query "
            "StandardValueSet and PATCH the one you mean.",
        )
    object_name, name = split_full_name(body["FullName"], type_name)
    with store.transaction():
        view = (
            ctx.view()
        )  # under the write lock: a concurrent create of the same name sees this one
        if type_name == "CustomField":
            existing = view.field(object_name, name)
            if existing is not None:
                raise duplicate("field", f"{object_name}.{existing.name}", str(existing.id))
            field = field_from_metadata(object_name, name, body["Metadata"])
            field.id = store.next_id("CustomField")
            field.created_by = field.last_modified_by = user
            field.last_modified_date = now
            store.put_field(field)
            return _created(call, type_name, field.id)
        for doc in _docs(view, type_name):
            if doc["object"] == object_name and doc["name"].lower() == name.lower():
                raise duplicate(type_name, f"{object_name}.{doc['name']}", doc["Id"])
        new = _from_metadata(view, type_name, object_name, name, body["Metadata"])
        new["Id"] = store.next_id(type_name)
        new.update(created_by=user, last_modified_by=user, last_modified_date=now)
        store.put_config(_KINDS[type_name], new)
        return _created(call, type_name, new["Id"])


def _from_metadata(
    view: OrgView, type_name: str, object_name: str, name: str, metadata: Any
) -> dict[str, Any]:
    if type_name == "ValidationRule":
        return rule_from_metadata(view, object_name, name, metadata)
    if type_name == "BusinessProcess":
        return process_from_metadata(view, object_name, name, metadata)
    return record_type_from_metadata(view, object_name, name, metadata)


def _find(view: OrgView, type_name: str, record_id: str) -> dict[str, Any]:
    if type_name == "StandardValueSet":
        for name, meta in view.org.value_set_meta.items():
            if meta.get("Id") == record_id:
                return {"name": name, **meta}
        raise not_found()
    if type_name == "CustomField":
        raise AssertionError("custom fields are found with custom_field_by_id")
    for doc in _docs(view, type_name):
        if doc["Id"] == record_id:
            return doc
    raise not_found()


def get(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    type_name, record_id = _type(match.group("type")), match.group("id")
    view = ctx.view()
    row: dict[str, Any]
    if type_name == "CustomField":
        field = view.custom_field_by_id(record_id)
        if field is None:
            raise not_found()
        row = custom_field_row(view, field)
    elif type_name == "StandardValueSet":
        row = value_set_row(view, _find(view, type_name, record_id)["name"])
    elif type_name == "ValidationRule":
        row = validation_rule_row(view, _find(view, type_name, record_id))
    elif type_name == "BusinessProcess":
        row = business_process_row(view, _find(view, type_name, record_id))
    else:
        row = record_type_row(view, _find(view, type_name, record_id), tooling=True)
    url = f"{call.base}/tooling/sobjects/{type_name}/{record_id}"
    return Reply(200, {"attributes": {"type": type_name, "url": url}, **row})


def _same_name(given: Any, current: str, type_name: str) -> None:
    if given and str(given).lower() != current.lower():
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"FullName {given!r} does not match {type_name} {current!r}: a PATCH cannot rename; "
            "leave FullName out or send the current one",
            ["FullName"],
        )


def update(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    type_name, record_id = _type(match.group("type")), match.group("id")
    body = _body(ctx, call, type_name)
    user, now = ctx.user_id(), ctx.now_iso()
    store = ctx.store
    with store.transaction():
        view = ctx.view()
        if type_name == "CustomField":
            old = view.custom_field_by_id(record_id)
            if old is None:
                raise not_found()
            _same_name(body["FullName"], f"{old.object}.{old.name}", type_name)
            new = field_from_metadata(old.object, old.name, body["Metadata"])
            check_change(old, new, store.records(old.object))
            new = replace(
                new,
                id=old.id,
                created_by=old.created_by,
                last_modified_by=user,
                last_modified_date=now,
            )
            store.put_field(new)
            return Reply(204)
        current = _find(view, type_name, record_id)
        if type_name == "StandardValueSet":
            name = current["name"]
            _same_name(body["FullName"], name, type_name)
            values = value_set_values(name, body["Metadata"])
            _check_removed(ctx, name, view.org.value_sets.get(name, []), values)
            store.put_config(
                VALUE_SET,
                {
                    "Id": record_id,
                    "name": name,
                    "values": values,
                    "last_modified_by": user,
                    "last_modified_date": now,
                },
            )
            return Reply(204)
        full = f"{current['object']}.{current['name']}"
        _same_name(body["FullName"], full, type_name)
        new_doc = _from_metadata(
            view, type_name, current["object"], current["name"], body["Metadata"]
        )
        new_doc.update(
            Id=record_id,
            created_by=current.get("created_by"),
            last_modified_by=user,
            last_modified_date=now,
        )
        store.put_config(_KINDS[type_name], new_doc)
    return Reply(204)


def _check_removed(
    ctx: Context, name: str, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> None:
    # Salesforce's Setup asks for a replacement value before deleting a value records use;
    # the Tooling API's behaviour is not documented, so the sandbox refuses and says how.
    kept = {v["valueName"] for v in new}
    removed = [v["valueName"] for v in old if v["valueName"] not in kept]
    for value in removed:
        for object_name, field_name in value_set_fields(name):
            users = [r for r in ctx.store.records(object_name) if r.get(field_name) == value]
            if users:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Cannot remove the {name} value {value!r}: {len(users)} {object_name} "
                    f"records have {field_name} = {value!r}. Deactivate it (isActive: false) "
                    "instead, or move those records to another value first.",
                    ["standardValue"],
                )


def delete(ctx: Context, call: Call, match: re.Match[str]) -> Reply:
    from .. import formula

    type_name, record_id = _type(match.group("type")), match.group("id")
    store = ctx.store
    if type_name == "StandardValueSet":
        _find(ctx.view(), type_name, record_id)
        raise ApiError(
            400,
            "INVALID_OPERATION",
            "Standard value sets cannot be deleted; deactivate the values you no longer use",
        )
    with store.transaction():
        view = ctx.view()
        if type_name == "CustomField":
            field = view.custom_field_by_id(record_id)
            if field is None:
                raise not_found()
            for rule in view.org.validation_rules:
                used = {p.lower() for p in formula.fields(rule.get("formula") or "")}
                direct = rule["object"] == field.object and field.name.lower() in used
                if direct or any(p.endswith("." + field.name.lower()) for p in used):
                    raise bad_request(
                        "FIELD_INTEGRITY_EXCEPTION",
                        f"This custom field is referenced elsewhere in salesforce.com. : "
                        f"Validation Rule {rule['object']}.{rule['name']}. Remove it from the "
                        "rule's formula (or delete the rule) first.",
                    )
            store.delete_field(field.object, field.name)
            for record in store.records(field.object):
                if field.name in record:
                    record.pop(field.name)
                    store.put_record(field.object, record)
            return Reply(204)
        current = _find(view, type_name, record_id)
        if type_name == "BusinessProcess":
            users = [
                r for r in view.org.record_types if r.get("business_process") == current["name"]
            ]
            if users:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Business process {current['name']!r} is used by record type "
                    f"{users[0]['object']}.{users[0]['name']}; delete or repoint it first",
                )
        if type_name == "RecordType":
            held = [
                r for r in store.records(current["object"]) if r.get("RecordTypeId") == record_id
            ]
            if held:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Record type {current['object']}.{current['name']} is used by {len(held)} "
                    "records; move them to another record type or deactivate it instead",
                )
        store.delete_config(_KINDS[type_name], record_id)
    return Reply(204)


_ID = r"(?P<id>[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?)"

ROUTES: list[Route] = [
    ("POST", r"tooling/sobjects/(?P<type>\w+)", create),
    ("GET", rf"tooling/sobjects/(?P<type>\w+)/{_ID}", get),
    ("PATCH", rf"tooling/sobjects/(?P<type>\w+)/{_ID}", update),
    ("DELETE", rf"tooling/sobjects/(?P<type>\w+)/{_ID}", delete),
]
