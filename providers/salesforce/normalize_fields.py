"""The canonical form of custom fields and picklist values (see `normalize.py`): describe
entries and Tooling `CustomField.Metadata` in, canonical attributes and Metadata bodies out,
and the small coercions every kind shares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import JsonValue, Resource, ResourceId

from .model import CUSTOM_FIELD, PROVIDER, TYPE_DEFAULTS, key_of

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
    attrs: Mapping[str, Any],
    before: Mapping[str, Any] | None,
    inactive: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """`field_metadata`, plus the picklist values the update removes sent as inactive:
    Salesforce keeps them on the records that hold them (never deleted); values that were
    inactive already (`inactive`, from the read) are resent inactive too. A value re-spelled
    only in case is the same value to Salesforce (sending both is DUPLICATE_VALUE), so it is
    sent once, as desired."""
    body = field_metadata(attrs)
    if "valueSet" in body and (before or inactive):
        after = canonical_field(attrs)["values"]
        kept = {str(v["value"]).casefold() for v in after}
        removed: list[Mapping[str, Any]] = []
        for v in [*(canonical_field(before)["values"] if before else []), *inactive]:
            folded = str(v["value"]).casefold()
            if folded not in kept:
                kept.add(folded)
                removed.append({"value": v["value"], "label": v.get("label") or v["value"]})
        body["valueSet"]["valueSetDefinition"]["value"] = _custom_values(after, removed)
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


__all__ = [
    "DESCRIBE_TYPES",
    "PICKLIST_TYPES",
    "SIZE_ATTRS",
    "canonical_field",
    "canonical_value",
    "canonical_values",
    "describe_type",
    "field_from_describe",
    "field_from_metadata",
    "field_metadata",
    "field_metadata_update",
    "needs_metadata",
    "rid",
]
