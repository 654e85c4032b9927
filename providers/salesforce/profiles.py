"""Salesforce's field profiles: what the org holds for the fields the definitions map into it.

Built from the canonical resources (model.py) alone, so it costs no request beyond the read
the plan already made:

- a compiled `custom_field` (one per sObject: a contact field is on Lead and on Contact) ->
  one `LiveField`, its type from the live Metadata type, its options the active picklist
  values; revops creates picklists restricted (normalize_fields.create body), so a custom
  picklist refuses values outside its list;
- a compiled standard `value_set` (LeadSource, LeadStatus, ...) -> one `LiveField` per
  standard picklist field of the definition's object that uses it (`Lead.LeadSource`,
  `Contact.LeadSource`), options the set's active values; standard value sets count as
  restricted, as the sandbox enforces them (unverified against a real org: Salesforce
  documents `restricted` only for custom value sets);
- the LeadStatus set -> the lifecycle's values (what Lead Status accepts).

Values records hold are not read here (a GROUP BY per field would cost a query each): the
report says so in a note. The CRM syncs nothing of its own accord, so `unmapped_synced` is
empty: the marketing-automation side reports what it syncs.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.models.fields import FieldType
from revops_as_code.providers.base import CompileResult, LiveSnapshot
from revops_as_code.providers.profiles import FieldProfiles, LifecycleValues, LiveField
from revops_as_code.resources import Resource

from . import model

TYPES: dict[str, FieldType] = {
    "Text": "string",
    "Email": "string",
    "Phone": "string",
    "Url": "string",
    "EncryptedText": "string",
    "TextArea": "text",
    "LongTextArea": "text",
    "Html": "text",
    "Number": "number",
    "Currency": "currency",
    "Percent": "percent",
    "Checkbox": "bool",
    "Date": "date",
    "DateTime": "datetime",
    "Picklist": "enum",
    "MultiselectPicklist": "multi_enum",
}
"""Metadata API type -> the definitions' type its values are (a Lookup to User: `owner`)."""

FIXED_LENGTHS = {"TextArea": 255, "Email": 80, "Phone": 40, "Url": 255}
"""Types whose length Salesforce fixes (the canonical `length` is None for them)."""

PICKLISTS = ("Picklist", "MultiselectPicklist")
NOT_READ = (
    "values Salesforce records hold are not read for the consistency report (values "
    "another system holds are still checked against Salesforce's picklists)"
)


def _type(attrs: dict[str, Any]) -> FieldType | None:
    kind = str(attrs.get("type"))
    if kind == "Lookup":
        return "owner" if attrs.get("reference_to") == "User" else None
    return TYPES.get(kind)


def _values(resource: Resource) -> tuple[str, ...]:
    return tuple(str(v["value"]) for v in resource.attributes.get("values") or [])


def _custom(compiled: Resource, live: Resource | None) -> LiveField:
    name = compiled.id.key
    if live is None:
        return LiveField(compiled.origin, name, exists=False, source=compiled.source)
    attrs = dict(live.attributes)
    kind = str(attrs.get("type"))
    picklist = kind in PICKLISTS
    length = attrs.get("length")
    return LiveField(
        ref=compiled.origin,
        name=name,
        exists=True,
        type=_type(attrs),
        vendor_type=kind,
        options=_values(live) if picklist else None,
        restricted=picklist,
        max_length=int(length) if isinstance(length, int) else FIXED_LENGTHS.get(kind),
        source=compiled.source,
    )


def _standard_fields(set_name: str, origin: str) -> list[str]:
    """The standard picklist fields of the origin's object that use `set_name`."""
    parts = origin.split("/")
    sobjects = model.OBJECTS.get(parts[1], ()) if len(parts) == 3 else ()
    return [
        f
        for f, s in model.STANDARD_PICKLISTS.items()
        if s == set_name and f.split(".", 1)[0] in sobjects
    ]


def field_profiles(provider: Any, snapshot: LiveSnapshot, compiled: CompileResult) -> FieldProfiles:
    """`provider` is the SalesforceProvider (unused: everything comes from the read)."""
    del provider
    live = {r.id: r for r in snapshot.resources}
    fields: list[LiveField] = []
    lifecycle: list[LifecycleValues] = []
    for resource in compiled.resources:
        if not resource.origin:
            continue
        if resource.id.kind == model.CUSTOM_FIELD:
            fields.append(_custom(resource, live.get(resource.id)))
        elif resource.id.kind == model.VALUE_SET:
            there = live.get(resource.id)
            values = _values(there) if there is not None else ()
            for name in _standard_fields(resource.id.key, resource.origin):
                fields.append(
                    LiveField(
                        ref=resource.origin, name=name, exists=there is not None,
                        type="enum" if there is not None else None,
                        vendor_type="Picklist" if there is not None else None,
                        options=values if there is not None else None,
                        restricted=there is not None, source=resource.source,
                    )
                )  # fmt: skip
            if resource.id.key == model.LEAD_STATUS_SET and there is not None:
                lifecycle.append(
                    LifecycleValues(
                        ref=resource.origin, field="Lead.Status", values=values,
                        source="options", location=resource.source,
                    )
                )  # fmt: skip
    return FieldProfiles(
        role="crm", fields=tuple(fields), lifecycle=tuple(lifecycle), notes=(NOT_READ,)
    )


__all__ = ["field_profiles"]
