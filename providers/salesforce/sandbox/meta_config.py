"""ValidationRule, StandardValueSet, BusinessProcess and RecordType through the Tooling API:
Metadata -> the store's documents, checked as Salesforce checks them.

ValidationRule ([SF-wsdl] `ValidationRule`): `active`, `errorConditionFormula` and
`errorMessage` (<= 255) required; the formula must parse and name fields that exist
(`formula.check`); `errorDisplayField` must be a field of the object. StandardValueSet
(`standardValue[]`): a PATCH replaces the whole list; OpportunityStage values carry
`probability` (0-100), `forecastCategory`, `closed`, `won`. BusinessProcess (`values[]` of
the object's status set). RecordType (`label`, `active`, `businessProcess`, which an
Opportunity record type needs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model import STANDARD_PICKLISTS
from .data_rows import path_type
from .errors import bad_request
from .names import as_int, check_api_name, check_length, must
from .view import OrgView

FORECAST_CATEGORIES = ("Omitted", "Pipeline", "BestCase", "MostLikely", "Forecast", "Closed")
"""[SF-wsdl] `ForecastCategories`."""

PROCESS_SETS = {"Opportunity": "OpportunityStage", "Lead": "LeadStatus", "Case": "CaseStatus"}
"""The status value set a business process of each object chooses from."""


def formula_error(message: str) -> Exception:
    return bad_request("FIELD_INTEGRITY_EXCEPTION", message, ["errorConditionFormula"])


def rule_from_metadata(
    view: OrgView, object_name: str, name: str, metadata: Mapping[str, Any]
) -> dict[str, Any]:
    from . import formula

    check_api_name(name, "Rule Name")
    if metadata.get("active") is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION", "Must specify 'active' for a ValidationRule", ["active"]
        )
    text = str(must(metadata, "errorConditionFormula", "ValidationRule"))
    check_length(text, "Error Condition Formula", 3900, "errorConditionFormula")
    message = check_length(
        must(metadata, "errorMessage", "ValidationRule"), "Error Message", 255, "errorMessage"
    )
    display = metadata.get("errorDisplayField") or None
    if display is not None and view.field(object_name, str(display)) is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"Error Location: the field {display!r} does not exist on {object_name}; name one "
            "of its fields, or leave errorDisplayField out to show the message at the top",
            ["errorDisplayField"],
        )
    try:
        formula.check(text, lambda path: path_type(view, object_name, path))
    except formula.FormulaError as exc:
        raise formula_error(str(exc)) from None
    return {
        "object": object_name,
        "name": name,
        "active": bool(metadata["active"]),
        "formula": text,
        "message": message,
        "error_display_field": str(display) if display else None,
        "description": check_length(
            metadata.get("description"), "Description", 1000, "description"
        ),
    }


def value_set_values(name: str, metadata: Mapping[str, Any]) -> list[dict[str, Any]]:
    items = metadata.get("standardValue")
    if not isinstance(items, list) or not items:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"StandardValueSet {name} needs at least one standardValue",
            ["standardValue"],
        )
    values: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Mapping) or not item.get("fullName"):
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"Every value of {name} needs a 'fullName'",
                ["standardValue"],
            )
        full = check_length(item["fullName"], "Picklist value", 255, "standardValue")
        if full.lower() in seen:
            raise bad_request(
                "DUPLICATE_VALUE", f"duplicate value found: {full} appears twice in {name}"
            )
        seen.add(full.lower())
        value: dict[str, Any] = {
            "valueName": full,
            "label": str(item.get("label") or full),
            "default": bool(item.get("default") or False),
            "isActive": item.get("isActive") is not False,
        }
        if name == "OpportunityStage":
            probability = as_int(must(item, "probability", f"{name} value {full!r}"), "probability")
            if not 0 <= probability <= 100:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Probability of stage {full!r} must be between 0 and 100, not {probability}",
                    ["probability"],
                )
            category = item.get("forecastCategory") or "Pipeline"
            if category not in FORECAST_CATEGORIES:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"forecastCategory {category!r} of stage {full!r} is not one of "
                    + ", ".join(FORECAST_CATEGORIES),
                    ["forecastCategory"],
                )
            closed, won = bool(item.get("closed") or False), bool(item.get("won") or False)
            if won and not closed:
                raise bad_request(
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"Stage {full!r} is won but not closed; a won stage must be closed",
                    ["won"],
                )
            value.update(probability=probability, forecastCategory=category, closed=closed, won=won)
        elif name == "LeadStatus":
            value["converted"] = bool(item.get("converted") or False)
        values.append(value)
    if sum(1 for v in values if v["default"]) > 1:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION", f"{name} has more than one default value; mark one"
        )
    return values


def value_set_fields(name: str) -> list[tuple[str, str]]:
    """(object, field) pairs whose values come from the set `name`."""
    return [
        tuple(key.split(".", 1))  # type: ignore[misc]
        for key, set_name in STANDARD_PICKLISTS.items()
        if set_name == name
    ]


def process_from_metadata(
    view: OrgView, object_name: str, name: str, metadata: Mapping[str, Any]
) -> dict[str, Any]:
    set_name = PROCESS_SETS.get(object_name)
    if set_name is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"{object_name} has no business processes (Opportunity, Lead and Case do)",
            ["FullName"],
        )
    check_length(name, "Name", 80, "FullName")
    items = metadata.get("values")
    if not isinstance(items, list) or not items:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"BusinessProcess {object_name}.{name} needs at least one value",
            ["values"],
        )
    active = {
        v["valueName"] for v in view.org.value_sets.get(set_name, []) if v.get("isActive", True)
    }
    values = []
    for item in items:
        full = str(item.get("fullName") or "") if isinstance(item, Mapping) else ""
        if full not in active:
            raise bad_request(
                "FIELD_INTEGRITY_EXCEPTION",
                f"BusinessProcess {object_name}.{name}: {full!r} is not an active {set_name} "
                f"value; add it to the {set_name} value set first",
                ["values"],
            )
        values.append({"fullName": full, "default": bool(item.get("default") or False)})
    return {
        "object": object_name,
        "name": name,
        "description": check_length(metadata.get("description"), "Description", 255, "description"),
        "active": bool(metadata.get("isActive") or False),
        "values": values,
    }


def record_type_from_metadata(
    view: OrgView, object_name: str, name: str, metadata: Mapping[str, Any]
) -> dict[str, Any]:
    check_api_name(name, "Record Type Name", 80)
    label = check_length(must(metadata, "label", "RecordType"), "Record Type Label", 80, "label")
    process = metadata.get("businessProcess") or None
    if object_name in PROCESS_SETS and object_name != "Case" and process is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"Must specify 'businessProcess' for a RecordType of {object_name} (its sales process)",
            ["businessProcess"],
        )
    if process is not None and view.business_process(str(process), object_name) is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"Business process {process!r} does not exist on {object_name}; create it first",
            ["businessProcess"],
        )
    return {
        "object": object_name,
        "name": name,
        "label": label,
        "description": check_length(metadata.get("description"), "Description", 255, "description"),
        "active": bool(metadata.get("active") or False),
        "business_process": str(process) if process else None,
    }
