"""CustomField through the Tooling API: Metadata -> `OrgField`, checked as Salesforce checks
it (types, sizes, picklist values, lookups), and the changes it refuses on a field records
already use (a type change that would lose data, removing a picklist value records hold).

Sizes per Salesforce Help "Custom Field Types" / "Custom Field Attributes": Text 1-255,
Long/Rich Text Area 256-131,072 with visible lines, Number/Currency/Percent precision 1-18
and scale 0-precision, multi-select picklists need visible lines, checkboxes a default value,
lookups a relationship name; labels <= 40, help text <= 510, descriptions <= 1,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import bad_request
from .names import as_int, check_api_name, check_length, must
from .org import OrgField
from .types import CREATABLE_TYPES, NUMBER_TYPES, PICKLIST_TYPES, TEXT_TYPES
from .view import SOBJECTS

METADATA_TYPES = frozenset(
    CREATABLE_TYPES
    | {"AutoNumber", "MasterDetail", "EncryptedText", "Summary", "Hierarchy", "File"}
    | {"MetadataRelationship", "Location", "ExternalLookup", "IndirectLookup"}
    | {"CustomDataType", "Time", "Address", "Array"}
)
"""[SF-wsdl] `FieldType`: every value the Metadata API knows."""

_COMPATIBLE: tuple[frozenset[str], ...] = (
    frozenset({"Text", "TextArea", "LongTextArea", "Html", "Email", "Phone", "Url", "Picklist"}),
    frozenset(NUMBER_TYPES),
    frozenset({"Date", "DateTime"}),
)
"""Type groups a field with data may move within (Help "Notes on Changing Custom Field
Types": conversions that keep the values)."""


def field_from_metadata(object_name: str, name: str, metadata: Mapping[str, Any]) -> OrgField:
    """A new `OrgField` from a CustomField Metadata body, or a 400 naming what is wrong."""
    if not name.endswith("__c"):
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"The custom field name {name!r} must end with '__c' (e.g. {name}__c)",
            ["FullName"],
        )
    check_api_name(name[:-3], "Field Name")
    kind = must(metadata, "type", "CustomField")
    if kind not in METADATA_TYPES:
        raise bad_request(
            "JSON_PARSER_ERROR",
            f"Cannot deserialize {kind!r} as a FieldType; known types: "
            + ", ".join(sorted(CREATABLE_TYPES)),
        )
    if kind not in CREATABLE_TYPES:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"The sandbox does not support custom fields of type {kind}; supported: "
            + ", ".join(sorted(CREATABLE_TYPES)),
            ["type"],
        )
    label = check_length(must(metadata, "label", "CustomField"), "Field Label", 40, "label")
    f = OrgField(
        object=object_name,
        name=name,
        label=label,
        type=kind,
        custom=True,
        description=check_length(metadata.get("description"), "Description", 1000, "description"),
        help_text=check_length(metadata.get("inlineHelpText"), "Help Text", 510, "inlineHelpText"),
        required=bool(metadata.get("required") or False),
    )
    _sizes(f, metadata)
    if kind in PICKLIST_TYPES:
        f.values, f.restricted = _values(metadata)
        if kind == "Picklist" and sum(1 for v in f.values if v["default"]) > 1:
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"Picklist {object_name}.{name} has more than one default value; mark one",
                ["valueSet"],
            )
    if kind == "Checkbox" and metadata.get("defaultValue") in (None, ""):
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            "Must specify 'defaultValue' for a CustomField of type Checkbox ('true' or 'false')",
            ["defaultValue"],
        )
    if kind == "Lookup":
        target = must(metadata, "referenceTo", "CustomField", kind)
        if target not in SOBJECTS:
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"referenceTo {target!r} is not an object in this org; use one of "
                + ", ".join(SOBJECTS),
                ["referenceTo"],
            )
        relationship = str(must(metadata, "relationshipName", "CustomField", kind))
        check_api_name(relationship, "Child Relationship Name")
        f.reference_to, f.relationship_name = str(target), relationship
    return f


def _sizes(f: OrgField, metadata: Mapping[str, Any]) -> None:
    kind = f.type
    if kind == "Text":
        f.length = as_int(must(metadata, "length", "CustomField", kind), "length")
        if not 1 <= f.length <= 255:
            raise _range("length", f.length, 1, 255, kind)
    elif kind in ("LongTextArea", "Html"):
        f.length = as_int(must(metadata, "length", "CustomField", kind), "length")
        if not 256 <= f.length <= 131072:
            raise _range("length", f.length, 256, 131072, kind)
        f.visible_lines = as_int(
            must(metadata, "visibleLines", "CustomField", kind), "visibleLines"
        )
        if not 2 <= f.visible_lines <= 50:
            raise _range("visibleLines", f.visible_lines, 2, 50, kind)
    elif kind in NUMBER_TYPES:
        f.precision = as_int(must(metadata, "precision", "CustomField", kind), "precision")
        scale = metadata.get("scale")
        f.scale = as_int(scale if scale is not None else 0, "scale")
        if not 1 <= f.precision <= 18:
            raise _range("precision", f.precision, 1, 18, kind)
        if not 0 <= f.scale <= f.precision:
            raise _range("scale", f.scale, 0, f.precision, kind)
    elif kind == "MultiselectPicklist":
        f.visible_lines = as_int(
            must(metadata, "visibleLines", "CustomField", kind), "visibleLines"
        )
        if not 3 <= f.visible_lines <= 10:
            raise _range("visibleLines", f.visible_lines, 3, 10, kind)
    elif kind in TEXT_TYPES and metadata.get("length") not in (None, 0):
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"A {kind} field has a fixed length; leave 'length' out",
            ["length"],
        )


def _range(key: str, value: int, low: int, high: int, kind: str) -> Exception:
    return bad_request(
        "FIELD_INTEGRITY_EXCEPTION",
        f"'{key}' of a {kind} field must be between {low} and {high}, not {value}",
        [key],
    )


def _values(metadata: Mapping[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    value_set = metadata.get("valueSet")
    if not isinstance(value_set, Mapping):
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            "Must specify 'valueSet' with 'valueSetDefinition' for a picklist field",
            ["valueSet"],
        )
    if value_set.get("valueSetName"):
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            "The sandbox has no global value sets; list the values in 'valueSetDefinition'",
            ["valueSet"],
        )
    definition = value_set.get("valueSetDefinition")
    items = definition.get("value") if isinstance(definition, Mapping) else None
    if not isinstance(items, list) or not items:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            "A picklist needs at least one value in valueSet.valueSetDefinition.value",
            ["valueSet"],
        )
    values: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Mapping) or not item.get("fullName"):
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION", "Every picklist value needs a 'fullName'", ["valueSet"]
            )
        value = check_length(item["fullName"], "Picklist value", 255, "valueSet")
        if value.lower() in seen:
            raise bad_request(
                "DUPLICATE_VALUE", f"duplicate value found: {value} appears twice", ["valueSet"]
            )
        seen.add(value.lower())
        values.append(
            {
                "value": value,
                "label": str(item.get("label") or value),
                "default": bool(item.get("default") or False),
                "active": item.get("isActive") is not False,
            }
        )
    return values, bool(value_set.get("restricted") or False)


def check_change(old: OrgField, new: OrgField, records: list[dict[str, Any]]) -> None:
    """Refuse a change Salesforce refuses on a field whose records hold values."""
    held = [r for r in records if r.get(old.name) not in (None, "", False)]
    full = f"{old.object}.{old.name}"
    if old.type != new.type:
        if "Lookup" in (old.type, new.type):
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"Cannot change the type of {full} from {old.type} to {new.type}: a lookup "
                "field's type cannot change. Create a new field instead.",
                ["type"],
            )
        compatible = any(old.type in g and new.type in g for g in _COMPATIBLE)
        if held and not compatible:
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"Cannot change the type of {full} from {old.type} to {new.type}: "
                f"{len(held)} {old.object} records hold values that would be lost. Clear them "
                "first, or create a new field.",
                ["type"],
            )
    if old.type in PICKLIST_TYPES and new.type in PICKLIST_TYPES:
        kept = {v["value"] for v in new.values}
        for value in [v["value"] for v in old.values if v["value"] not in kept]:
            users = [r for r in held if value in str(r.get(old.name)).split(";")]
            if users:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Cannot remove the value {value!r} from {full}: {len(users)} "
                    f"{old.object} records hold it. Deactivate it (isActive: false) instead, "
                    "or move those records to another value first.",
                    ["valueSet"],
                )
