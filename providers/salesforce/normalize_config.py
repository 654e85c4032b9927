"""The canonical form of standard value sets, sales processes, record types and validation
rules (see `normalize.py`): describe picklists, SOQL rows and Tooling `Metadata` in,
canonical attributes and Metadata bodies out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import JsonValue, Resource

from .model import (
    BUSINESS_PROCESS,
    LEAD_STATUS_SET,
    RECORD_TYPE,
    STAGE_SET,
    VALIDATION_RULE,
    VALUE_SET,
    key_of,
)
from .normalize_fields import (
    _bool,
    _int,
    _opt_text,
    _text,
    _value_from_metadata,
    canonical_value,
    rid,
)

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
                "forecast_category": row.get("ForecastCategory"),
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
    Properties revops does not manage (colors, descriptions, ...) are kept from `current`.

    Salesforce compares value names without case (`Verbal commit` and an inactive `Verbal
    Commit` are one value: sending both is DUPLICATE_VALUE), so a desired value that matches
    a live one only without case takes that entry's place, spelled as desired."""
    a = canonical_value_set(attrs)
    set_name = str(a["name"])
    current = current or {}
    live = {
        str(_value_from_metadata(v)["value"]): dict(v) for v in current.get("standardValue") or []
    }
    desired = {str(v["value"]) for v in a["values"]}
    by_fold = {n.casefold(): n for n in live if n not in desired}
    out: list[dict[str, Any]] = []
    wanted: set[str] = set()
    for value in a["values"]:
        assert isinstance(value, dict)
        name = str(value["value"])
        match = name if name in live else by_fold.pop(name.casefold(), name)
        wanted.add(match)
        entry = {k: v for k, v in live.get(match, {}).items() if k != "valueName"}
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
        "values": [{"fullName": v["value"], "default": v["default"]} for v in a["values"]],
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


__all__ = [
    "canonical_process",
    "canonical_record_type",
    "canonical_rule",
    "canonical_set_value",
    "canonical_value_set",
    "process_from_metadata",
    "process_metadata",
    "record_type_from_metadata",
    "record_type_from_row",
    "record_type_metadata",
    "rule_from_metadata",
    "rule_metadata",
    "value_set_from_describe",
    "value_set_from_metadata",
    "value_set_from_rows",
    "value_set_metadata",
]
