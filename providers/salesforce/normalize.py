"""One canonical form for Salesforce configuration (`model.py`), reached from both sides.

`read.py` turns describe results, SOQL rows and Tooling `Metadata` into the canonical
attributes with the `*_from_*` functions here; `write.py` builds Tooling bodies with the
`*_metadata` functions; compile's resources pass the `canonical_*` functions. Every
`canonical_*` function is idempotent (tested), and what a `*_metadata` body says reads back
through `*_from_metadata` to the same canonical attributes (tested), so the plan shows every
value apply sends.

Settled here once:
- size attributes exist only where the type has them (`model.TYPE_DEFAULTS`): a TextArea
  has no length, an Email none either (Salesforce fixes them), a Text field has one;
- describe's types (`string`, `textarea`, `double`, `reference`, ...) map to Metadata type
  names (`Text`, `TextArea`/`LongTextArea`/`Html`, `Number`, `Lookup`, ...);
- inactive picklist values are dropped (a removed value is deactivated, never deleted);
- text is compared exactly as Salesforce stores it, `None` as "".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import JsonValue, Resource, ResourceId

from .model import (
    BUSINESS_PROCESS,
    CUSTOM_FIELD,
    LEAD_STATUS_SET,
    PROVIDER,
    RECORD_TYPE,
    STAGE_SET,
    TYPE_DEFAULTS,
    VALIDATION_RULE,
    VALUE_SET,
    key_of,
)

SIZE_ATTRS = ("length", "precision", "scale", "visible_lines")
PICKLIST_TYPES = frozenset({"Picklist", "MultiselectPicklist"})

DESCRIBE_TYPES: dict[str, str] = {
    "string": "Text",
    "double": "Number",
    "int": "Number",
    "long": "Number",
    "currency": "Currency",
    "percent": "Percent",
    "boolean": "Checkbox",
    "date": "Date",
    "datetime": "DateTime",
    "time": "Time",
    "picklist": "Picklist",
    "multipicklist": "MultiselectPicklist",
    "reference": "Lookup",
    "email": "Email",
    "phone": "Phone",
    "url": "Url",
    "encryptedstring": "EncryptedText",
}
"""describe `type` -> Metadata API type (`textarea` is settled by `describe_type`)."""

TEXTAREA_MAX = 255
"""A TextArea holds 255 characters; a longer plain text area is a LongTextArea."""


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId(PROVIDER, kind, key)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _opt_text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _int(value: object) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    return int(float(str(value)))


# -- picklist values ------------------------------------------------------------------------


def canonical_value(value: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {
        "value": _text(value.get("value")),
        "label": _text(
            value.get("label") if value.get("label") is not None else value.get("value")
        ),
        "default": _bool(value.get("default", False)),
    }


def canonical_values(values: Sequence[Mapping[str, Any]]) -> list[dict[str, JsonValue]]:
    """Active values in order (an entry saying `active: false` is dropped)."""
    return [canonical_value(v) for v in values if _bool(v.get("active", True))]


# -- custom fields ----------------------------------------------------------------------------


def canonical_field(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    """Canonical custom_field attributes (idempotent). A size the type has but the input
    leaves out takes the type's default; a size the type does not have is None."""
    type_ = _text(attrs.get("type"))
    defaults = TYPE_DEFAULTS.get(type_, {})
    out: dict[str, JsonValue] = {
        "object": _text(attrs.get("object")),
        "name": _text(attrs.get("name")),
        "label": _text(attrs.get("label")),
        "type": type_,
    }
    for size in SIZE_ATTRS:
        if size in defaults:
            given = _int(attrs.get(size))
            out[size] = given if given is not None else defaults[size]
        else:
            out[size] = None
    out["description"] = _text(attrs.get("description"))
    out["help_text"] = _text(attrs.get("help_text"))
    out["reference_to"] = _opt_text(attrs.get("reference_to")) if type_ == "Lookup" else None
    out["values"] = canonical_values(attrs.get("values") or []) if type_ in PICKLIST_TYPES else []
    return out


def describe_type(data: Mapping[str, Any]) -> str | None:
    """The Metadata type of one describe field, or None for what revops cannot manage
    (formula and roll-up fields, auto numbers, ids, compound fields)."""
    if data.get("calculated") or data.get("autoNumber"):
        return None
    raw = str(data.get("type") or "").lower()
    if raw == "textarea":
        if str(data.get("extraTypeInfo") or "") == "richtextarea" or data.get("htmlFormatted"):
            return "Html"
        return "LongTextArea" if (_int(data.get("length")) or 0) > TEXTAREA_MAX else "TextArea"
    return DESCRIBE_TYPES.get(raw)


def field_from_describe(
    object_name: str,
    data: Mapping[str, Any],
    *,
    description: str = "",
    metadata: Mapping[str, Any] | None = None,
) -> Resource | None:
    """A custom field from its describe entry (plus the Tooling row's description and, for
    the types whose visible lines describe does not state, its Metadata); None when the field
    is not one revops manages."""
    type_ = describe_type(data)
    if type_ is None:
        return None
    metadata = metadata or {}
    references = data.get("referenceTo") or []
    attrs = canonical_field(
        {
            "object": object_name,
            "name": data.get("name"),
            "label": data.get("label"),
            "type": type_,
            "length": data.get("length"),
            "precision": data.get("precision"),
            "scale": data.get("scale"),
            "visible_lines": metadata.get("visibleLines"),
            "description": description,
            "help_text": data.get("inlineHelpText"),
            "reference_to": references[0] if references else None,
            "values": [
                {"value": v.get("value"), "label": v.get("label"),
                 "default": v.get("defaultValue"), "active": v.get("active", True)}
                for v in data.get("picklistValues") or []
            ],
        }
    )  # fmt: skip
    return Resource(rid(CUSTOM_FIELD, key_of(object_name, str(data["name"]))), attrs)


def needs_metadata(data: Mapping[str, Any]) -> bool:
    """Whether a field's canonical form needs its Tooling Metadata: describe does not state
    visible lines, which long text areas and multi-select picklists have."""
    type_ = describe_type(data)
    return type_ is not None and "visible_lines" in TYPE_DEFAULTS.get(type_, {})


def field_metadata(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The Tooling `CustomField.Metadata` (CustomFieldMetadata) for canonical attributes."""
    a = canonical_field(attrs)
    type_ = str(a["type"])
    body: dict[str, Any] = {
        "label": a["label"],
        "type": type_,
        "description": a["description"] or None,
        "inlineHelpText": a["help_text"] or None,
    }
    if a["length"] is not None:
        body["length"] = a["length"]
    if a["precision"] is not None:
        body["precision"] = a["precision"]
        body["scale"] = a["scale"]
    if a["visible_lines"] is not None:
        body["visibleLines"] = a["visible_lines"]
    if type_ == "Checkbox":
        body["defaultValue"] = "false"  # Salesforce requires one for a checkbox
    if type_ == "Lookup":
        body["referenceTo"] = a["reference_to"]
        body["relationshipName"] = str(a["name"]).removesuffix("__c")
        body["deleteConstraint"] = "SetNull"
    if type_ in PICKLIST_TYPES:
        body["valueSet"] = {
            "restricted": True,
            "valueSetDefinition": {"sorted": False, "value": _custom_values(a["values"])},
        }
    return body


def _custom_values(values: Any, removed: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    out = [
        {"fullName": v["value"], "label": v["label"], "default": bool(v["default"]),
         "isActive": True}
        for v in values
    ]  # fmt: skip
    out += [
        {"fullName": v["value"], "label": v["label"], "default": False, "isActive": False}
        for v in removed
    ]
    return out


def field_metadata_update(
    attrs: Mapping[str, Any], before: Mapping[str, Any] | None
) -> dict[str, Any]:
    """`field_metadata`, plus the picklist values the update removes sent as inactive:
    Salesforce keeps them on the records that hold them (never deleted)."""
    body = field_metadata(attrs)
    if "valueSet" in body and before:
        after = canonical_field(attrs)["values"]
        kept = {v["value"] for v in after}  # type: ignore[index, union-attr]
        removed = [v for v in canonical_field(before)["values"] if v["value"] not in kept]  # type: ignore[index, union-attr]
        body["valueSet"]["valueSetDefinition"]["value"] = _custom_values(after, removed)  # type: ignore[arg-type]
    return body


def field_from_metadata(object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    """A custom field from its Tooling Metadata (re-read after an ambiguous create)."""
    value_set = metadata.get("valueSet") or {}
    definition = value_set.get("valueSetDefinition") or {}
    references = metadata.get("referenceTo")
    attrs = canonical_field(
        {
            "object": object_name,
            "name": name,
            "label": metadata.get("label"),
            "type": metadata.get("type"),
            "length": metadata.get("length"),
            "precision": metadata.get("precision"),
            "scale": metadata.get("scale"),
            "visible_lines": metadata.get("visibleLines"),
            "description": metadata.get("description"),
            "help_text": metadata.get("inlineHelpText"),
            "reference_to": references[0] if isinstance(references, list) else references,
            "values": [_value_from_metadata(v) for v in definition.get("value") or []],
        }
    )
    return Resource(rid(CUSTOM_FIELD, key_of(object_name, name)), attrs)


def _value_from_metadata(value: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **value,
        "value": value.get("fullName")
        if value.get("fullName") is not None
        else value.get("valueName"),
        "active": value.get("isActive", True) is not False,
    }


# -- standard value sets --------------------------------------------------------------------

STAGE_EXTRAS = ("probability", "forecast_category", "closed", "won")


def canonical_set_value(set_name: str, value: Mapping[str, Any]) -> dict[str, JsonValue]:
    out = canonical_value(value)
    if set_name == STAGE_SET:
        out["probability"] = _int(value.get("probability")) or 0
        out["forecast_category"] = _text(value.get("forecast_category"))
        out["closed"] = _bool(value.get("closed", False))
        out["won"] = _bool(value.get("won", False))
    elif set_name == LEAD_STATUS_SET:
        out["converted"] = _bool(value.get("converted", False))
    return out


def canonical_value_set(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    name = _text(attrs.get("name"))
    values = [v for v in attrs.get("values") or [] if _bool(v.get("active", True))]
    return {"name": name, "values": [canonical_set_value(name, v) for v in values]}


def value_set_from_describe(
    set_name: str,
    picklist: Sequence[Mapping[str, Any]],
    extras: Mapping[str, Mapping[str, Any]] | None = None,
) -> Resource:
    """A standard value set from its field's describe `picklistValues`, with the
    OpportunityStage / LeadStatus SOQL row of each value (`extras`, by API name)."""
    extras = extras or {}
    values = []
    for entry in picklist:
        value = str(entry.get("value"))
        row = extras.get(value, {})
        values.append(
            {
                "value": value,
                "label": entry.get("label"),
                "default": entry.get("defaultValue", False),
                "active": entry.get("active", True),
                "probability": row.get("DefaultProbability"),
                "forecast_category": row.get("ForecastCategoryName") or row.get("ForecastCategory"),
                "closed": row.get("IsClosed", False),
                "won": row.get("IsWon", False),
                "converted": row.get("IsConverted", False),
            }
        )
    attrs = canonical_value_set({"name": set_name, "values": values})
    return Resource(rid(VALUE_SET, set_name), attrs)


def value_set_from_rows(set_name: str, rows: Sequence[Mapping[str, Any]]) -> Resource:
    """OpportunityStage / LeadStatus from their SOQL rows alone (SortOrder, IsActive, ...),
    for when the field's describe is not at hand."""
    ordered = sorted(rows, key=lambda r: _int(r.get("SortOrder")) or 0)
    picklist = [
        {"value": r.get("ApiName") or r.get("MasterLabel"), "label": r.get("MasterLabel"),
         "defaultValue": r.get("IsDefault", False), "active": r.get("IsActive", True)}
        for r in ordered
    ]  # fmt: skip
    extras = {str(p["value"]): r for p, r in zip(picklist, ordered, strict=True)}
    return value_set_from_describe(set_name, picklist, extras)


def value_set_from_metadata(set_name: str, metadata: Mapping[str, Any]) -> Resource:
    values = [
        {**_value_from_metadata(v), "forecast_category": v.get("forecastCategory")}
        for v in metadata.get("standardValue") or []
    ]
    return Resource(
        rid(VALUE_SET, set_name), canonical_value_set({"name": set_name, "values": values})
    )


def value_set_metadata(
    attrs: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The Tooling `StandardValueSet.Metadata` for a PATCH, which replaces the value list as
    a whole: the desired values (active, in order), then every other value the org has
    (`current`, its Metadata) sent inactive, so records holding a removed value keep it.
    Properties revops does not manage (colors, descriptions, ...) are kept from `current`."""
    a = canonical_value_set(attrs)
    set_name = str(a["name"])
    current = current or {}
    live = {
        str(_value_from_metadata(v)["value"]): dict(v) for v in current.get("standardValue") or []
    }
    out: list[dict[str, Any]] = []
    wanted: set[str] = set()
    for value in a["values"]:  # type: ignore[union-attr]
        assert isinstance(value, dict)
        name = str(value["value"])
        wanted.add(name)
        entry = {k: v for k, v in live.get(name, {}).items() if k != "valueName"}
        entry.update(
            {
                "fullName": name,
                "label": value["label"],
                "default": value["default"],
                "isActive": True,
            }
        )
        if set_name == STAGE_SET:
            entry.update(
                {"probability": value["probability"], "forecastCategory": value["forecast_category"],
                 "closed": value["closed"], "won": value["won"]}
            )  # fmt: skip
        elif set_name == LEAD_STATUS_SET:
            entry["converted"] = value["converted"]
        out.append(entry)
    for name, entry in live.items():
        if name not in wanted:
            kept = {k: v for k, v in entry.items() if k != "valueName"}
            out.append({**kept, "fullName": name, "default": False, "isActive": False})
    body = {k: v for k, v in current.items() if k not in ("standardValue", "urls")}
    body["sorted"] = bool(current.get("sorted", False))
    body["standardValue"] = out
    return body


# -- business processes, record types, validation rules -------------------------------------


def canonical_process(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {
        "object": _text(attrs.get("object")),
        "name": _text(attrs.get("name")),
        "description": _text(attrs.get("description")),
        "active": _bool(attrs.get("active", True)),
        "values": [
            {"value": _text(v.get("value")), "default": _bool(v.get("default", False))}
            for v in attrs.get("values") or []
        ],
    }


def process_from_metadata(object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    attrs = canonical_process(
        {
            "object": object_name,
            "name": name,
            "description": metadata.get("description"),
            "active": metadata.get("isActive", True),
            "values": [
                {"value": v.get("fullName"), "default": v.get("default", False)}
                for v in metadata.get("values") or []
            ],
        }
    )
    return Resource(rid(BUSINESS_PROCESS, key_of(object_name, name)), attrs)


def process_metadata(attrs: Mapping[str, Any]) -> dict[str, Any]:
    a = canonical_process(attrs)
    return {
        "description": a["description"] or None,
        "isActive": a["active"],
        "values": [
            {"fullName": v["value"], "default": v["default"]}  # type: ignore[index, call-overload]
            for v in a["values"]  # type: ignore[union-attr]
        ],
    }


def canonical_record_type(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {
        "object": _text(attrs.get("object")),
        "name": _text(attrs.get("name")),
        "label": _text(attrs.get("label")),
        "description": _text(attrs.get("description")),
        "active": _bool(attrs.get("active", True)),
        "business_process": _text(attrs.get("business_process")),
    }


def record_type_from_row(row: Mapping[str, Any], processes: Mapping[str, str]) -> Resource:
    """A record type from its SOQL row; `processes` maps BusinessProcess Ids to names."""
    object_name = str(row.get("SobjectType"))
    attrs = canonical_record_type(
        {
            "object": object_name,
            "name": row.get("DeveloperName"),
            "label": row.get("Name"),
            "description": row.get("Description"),
            "active": row.get("IsActive", True),
            "business_process": processes.get(str(row.get("BusinessProcessId") or ""), ""),
        }
    )
    return Resource(rid(RECORD_TYPE, key_of(object_name, str(row["DeveloperName"]))), attrs)


def record_type_from_metadata(object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    attrs = canonical_record_type(
        {
            "object": object_name,
            "name": name,
            "label": metadata.get("label"),
            "description": metadata.get("description"),
            "active": metadata.get("active", True),
            "business_process": metadata.get("businessProcess"),
        }
    )
    return Resource(rid(RECORD_TYPE, key_of(object_name, name)), attrs)


def record_type_metadata(attrs: Mapping[str, Any]) -> dict[str, Any]:
    a = canonical_record_type(attrs)
    return {
        "label": a["label"],
        "description": a["description"] or None,
        "active": a["active"],
        "businessProcess": a["business_process"] or None,
    }


def canonical_rule(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {
        "object": _text(attrs.get("object")),
        "name": _text(attrs.get("name")),
        "active": _bool(attrs.get("active", True)),
        "formula": _text(attrs.get("formula")),
        "message": _text(attrs.get("message")),
        "error_display_field": _opt_text(attrs.get("error_display_field")),
        "description": _text(attrs.get("description")),
    }


def rule_from_metadata(object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    attrs = canonical_rule(
        {
            "object": object_name,
            "name": name,
            "active": metadata.get("active", True),
            "formula": metadata.get("errorConditionFormula"),
            "message": metadata.get("errorMessage"),
            "error_display_field": metadata.get("errorDisplayField"),
            "description": metadata.get("description"),
        }
    )
    return Resource(rid(VALIDATION_RULE, key_of(object_name, name)), attrs)


def rule_metadata(attrs: Mapping[str, Any]) -> dict[str, Any]:
    a = canonical_rule(attrs)
    return {
        "active": a["active"],
        "errorConditionFormula": a["formula"],
        "errorMessage": a["message"],
        "errorDisplayField": a["error_display_field"],
        "description": a["description"] or None,
    }


CANONICAL = {
    CUSTOM_FIELD: canonical_field,
    VALUE_SET: canonical_value_set,
    BUSINESS_PROCESS: canonical_process,
    RECORD_TYPE: canonical_record_type,
    VALIDATION_RULE: canonical_rule,
}
"""Kind -> its canonical function (what compile's resources and tests pass through)."""


def canonical(kind: str, attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return CANONICAL[kind](attrs)


def from_metadata(kind: str, object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    """Any Tooling-writable kind from its Metadata (adopt-or-fail re-reads)."""
    readers = {
        CUSTOM_FIELD: field_from_metadata,
        BUSINESS_PROCESS: process_from_metadata,
        RECORD_TYPE: record_type_from_metadata,
        VALIDATION_RULE: rule_from_metadata,
    }
    return readers[kind](object_name, name, metadata)


def to_metadata(
    kind: str, attrs: Mapping[str, Any], before: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The Tooling Metadata body of a create or update of `kind`."""
    if kind == CUSTOM_FIELD:
        return field_metadata_update(attrs, before)
    if kind == BUSINESS_PROCESS:
        return process_metadata(attrs)
    if kind == RECORD_TYPE:
        return record_type_metadata(attrs)
    if kind == VALIDATION_RULE:
        return rule_metadata(attrs)
    raise KeyError(kind)


def full_name(kind: str, attrs: Mapping[str, Any]) -> str:
    """The Tooling `FullName`: `Opportunity.Field__c`, `Opportunity.New Business`, ..."""
    a = canonical(kind, attrs)
    return key_of(str(a["object"]), str(a["name"]))


__all__ = [
    "CANONICAL",
    "DESCRIBE_TYPES",
    "canonical",
    "canonical_field",
    "canonical_process",
    "canonical_record_type",
    "canonical_rule",
    "canonical_value_set",
    "describe_type",
    "field_from_describe",
    "field_from_metadata",
    "field_metadata",
    "from_metadata",
    "full_name",
    "needs_metadata",
    "process_from_metadata",
    "process_metadata",
    "record_type_from_metadata",
    "record_type_from_row",
    "record_type_metadata",
    "rid",
    "rule_from_metadata",
    "rule_metadata",
    "to_metadata",
    "value_set_from_describe",
    "value_set_from_metadata",
    "value_set_from_rows",
    "value_set_metadata",
]
