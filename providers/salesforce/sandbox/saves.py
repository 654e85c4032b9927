"""Record saves the way Salesforce checks them: known and writable fields, required fields
on insert, restricted picklists (and the stages a record type's sales process offers), and
the object's active validation rules, evaluated with `formula.evaluate` against the record
as it would be saved (prior values for ISCHANGED/PRIORVALUE, ISNEW on insert, `Account.X` and
`RecordType.DeveloperName` through lookups). Every rule that evaluates TRUE adds its error:
`{"message": <errorMessage>, "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "fields":
[<errorDisplayField>] or []}` ("Status Codes and Error Responses"). Checks come before any
write, so a refused save writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .data_rows import path_type, related_index
from .errors import JSON, ApiError, bad_request, not_found
from .router import Context
from .view import OrgView

REQUIRED: dict[str, tuple[str, ...]] = {
    "Opportunity": ("Name", "StageName", "CloseDate"),
    "Account": ("Name",),
    "Lead": ("LastName", "Company"),
    "Contact": ("LastName",),
    "Case": (),
}
"""Standard fields an insert must set (the objects' required fields in Setup)."""

READ_ONLY = frozenset(
    {"Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById"}
    | {"SystemModstamp"}
)


def _walker(
    view: OrgView,
    sobject: str,
    record: Mapping[str, Any],
    find: Callable[[str | None], dict[str, Any] | None],
) -> Callable[[str], Any]:
    def value(path: str) -> Any:
        parts = path.split(".")
        current_object: str = sobject
        row: dict[str, Any] | None = dict(record)
        for rel in parts[:-1]:
            if not row:
                return None
            lookup = _lookup(view, current_object, rel)
            if lookup is None:
                return None
            field_name, target = lookup
            row = find(row.get(field_name)) or {}
            current_object = target
        if not row:
            return None
        if current_object == "RecordType":
            key = next((k for k in row if k.lower() == parts[-1].lower()), parts[-1])
            return row.get(key)
        field = view.field(current_object, parts[-1])
        return row.get(field.name if field else parts[-1])

    return value


def _lookup(view: OrgView, object_name: str, rel: str) -> tuple[str, str] | None:
    from .types import relationship_name

    for f in view.fields(object_name):
        name = relationship_name(f)
        if name is not None and name.lower() == rel.lower():
            target = "RecordType" if f.name == "RecordTypeId" else (f.reference_to or "User")
            return f.name, target
    return None


def _clean(view: OrgView, sobject: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "attributes":
            continue
        field = view.field(sobject, key)
        if field is None:
            raise bad_request(
                "INVALID_FIELD", f"No such column '{key}' on sobject of type {sobject}", [key]
            )
        if field.name in READ_ONLY:
            raise bad_request(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {field.name}. Please check the security "
                "settings of this field and verify that it is read/write for your profile or "
                "permission set.",
                [field.name],
            )
        clean[field.name] = value
    return clean


def _picklists(
    view: OrgView, sobject: str, clean: Mapping[str, Any], merged: Mapping[str, Any]
) -> None:
    for name, value in clean.items():
        field = view.field(sobject, name)
        if field is None or value in (None, "") or not view.is_restricted(field):
            continue
        # Picklist values compare without case (Salesforce Help 000386557).
        allowed = {str(v["value"]).lower() for v in view.picklist_values(field) if v["active"]}
        if not allowed:
            continue
        for item in str(value).split(";") if field.type == "MultiselectPicklist" else [value]:
            if str(item).lower() not in allowed:
                raise _bad_value(field.label, field.name, item)
    stage = merged.get("StageName")
    record_type = merged.get("RecordTypeId")
    if sobject == "Opportunity" and stage and record_type and "StageName" in clean:
        rt = next((r for r in view.org.record_types if r["Id"] == record_type), None)
        process = view.business_process(rt.get("business_process") or "") if rt else None
        if process is not None and stage not in {v["fullName"] for v in process["values"]}:
            raise _bad_value("Stage", "StageName", stage)


def _bad_value(label: str, name: str, value: Any) -> ApiError:
    return bad_request(
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        f"{label}: bad value for restricted picklist field: {value}",
        [name],
    )


def _rules(
    ctx: Context,
    view: OrgView,
    sobject: str,
    merged: Mapping[str, Any],
    prior: Mapping[str, Any] | None,
) -> list[JSON]:
    from . import formula

    find = related_index(view, ctx.store)
    value = _walker(view, sobject, merged, find)
    before = _walker(view, sobject, prior, find) if prior is not None else None
    errors: list[JSON] = []
    for rule in view.validation_rules(sobject):
        if not rule.get("active"):
            continue
        try:
            result = formula.evaluate(
                rule["formula"],
                value,
                prior=before,
                is_new=prior is None,
                field_type=lambda path: path_type(view, sobject, path),
                now=ctx.now(),
            )
        except formula.FormulaError:
            continue  # a rule that cannot be evaluated here does not block the save
        if result is True:
            display = rule.get("error_display_field")
            errors.append(
                {
                    "message": rule["message"],
                    "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                    "fields": [display] if display else [],
                }
            )
    return errors


def save(
    ctx: Context, sobject: str, changes: Mapping[str, Any], record_id: str | None = None
) -> str:
    """Insert (`record_id` None) or update one record; returns its id or raises `ApiError`.
    Runs under the store's write lock, so two saves of one record do not lose either."""
    with ctx.store.transaction():
        return _save(ctx, sobject, changes, record_id)


def _save(ctx: Context, sobject: str, changes: Mapping[str, Any], record_id: str | None) -> str:
    view, store = ctx.view(), ctx.store
    prior: dict[str, Any] | None = None
    if record_id is not None:
        found = store.record(record_id)
        if found is None or found[0] != sobject:
            raise not_found()
        prior = found[1]
    if not isinstance(changes, Mapping):
        raise bad_request("JSON_PARSER_ERROR", f"A {sobject} record must be a JSON object")
    clean = _clean(view, sobject, changes)
    merged = {**(prior or {}), **clean}
    if prior is None:
        missing = [n for n in REQUIRED.get(sobject, ()) if merged.get(n) in (None, "")]
        missing += [
            f.name
            for f in view.fields(sobject)
            if f.required and f.custom and merged.get(f.name) in (None, "")
        ]
        if missing:
            raise bad_request(
                "REQUIRED_FIELD_MISSING",
                f"Required fields are missing: [{', '.join(missing)}]",
                missing,
            )
    _picklists(view, sobject, clean, merged)
    errors = _rules(ctx, view, sobject, merged, prior)
    if errors:
        first = errors[0]
        raise ApiError(
            400, first["errorCode"], first["message"], fields=first["fields"], items=errors[1:]
        )
    user, now = ctx.user_id(), ctx.now_iso()
    if prior is None:
        merged["Id"] = store.next_id(sobject)
        merged.update(CreatedDate=now, CreatedById=user, IsDeleted=False)
        if view.field(sobject, "OwnerId") is not None and not merged.get("OwnerId"):
            merged["OwnerId"] = user
    merged.update(LastModifiedDate=now, LastModifiedById=user, SystemModstamp=now)
    store.put_record(sobject, merged)
    return str(merged["Id"])
