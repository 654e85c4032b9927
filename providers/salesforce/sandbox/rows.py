"""Rows the SOQL executor filters: Tooling objects (EntityDefinition, FieldDefinition,
CustomField, ValidationRule, StandardValueSet, BusinessProcess, RecordType) and the read-only
setup objects of the data API (OpportunityStage, LeadStatus, RecordType), each a dict keyed by
API name with relationships as nested dicts (`LastModifiedBy: {Name}`).

`Metadata` follows the Metadata API types ([SF-wsdl] `CustomField`, `ValidationRule`,
`StandardValueSet`, `BusinessProcess`, `RecordType`); null members are sent as null, as the
Tooling API does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import JSON
from .org import KEY_PREFIXES, OrgField, sf_id
from .types import data_type
from .view import LABELS, SOBJECTS, OrgView

FORECAST_NAMES = {
    "Omitted": "Omitted",
    "Pipeline": "Pipeline",
    "BestCase": "Best Case",
    "MostLikely": "Most Likely",
    "Forecast": "Commit",
    "Closed": "Closed",
}
"""OpportunityStage.ForecastCategory -> ForecastCategoryName (the label users see)."""


def _audit(view: OrgView, by: str | None, date: str | None, created: str | None = None) -> JSON:
    return {
        "CreatedById": created or by,
        "CreatedBy": {"Name": view.user_name(created or by)},
        "CreatedDate": date,
        "LastModifiedById": by,
        "LastModifiedBy": {"Name": view.user_name(by)},
        "LastModifiedDate": date,
        "NamespacePrefix": None,
        "ManageableState": "unmanaged",
    }


def field_metadata(view: OrgView, f: OrgField) -> JSON:
    value_set: JSON | None = None
    if f.type in ("Picklist", "MultiselectPicklist"):
        value_set = {
            "controllingField": None,
            "restricted": f.restricted or None,
            "valueSetDefinition": {
                "sorted": False,
                "value": [
                    {
                        "color": None,
                        "default": bool(v.get("default")),
                        "description": None,
                        "fullName": v["value"],
                        "isActive": bool(v.get("active", True)),
                        "label": v.get("label") or v["value"],
                    }
                    for v in f.values
                ],
            },
            "valueSetName": None,
            "valueSettings": [],
        }
    return {
        # Every checkbox has a default (Salesforce requires one); OrgField keeps none, so the
        # sandbox reports Salesforce's usual "false".
        "defaultValue": "false" if f.type == "Checkbox" else None,
        "deleteConstraint": "SetNull" if f.type == "Lookup" else None,
        "description": f.description or None,
        "externalId": False,
        "formula": None,
        "inlineHelpText": f.help_text or None,
        "label": f.label,
        "length": f.length,
        "precision": f.precision,
        "referenceTo": f.reference_to,
        "relationshipLabel": None,
        "relationshipName": f.relationship_name,
        "required": f.required,
        "scale": f.scale,
        "type": f.type,
        "unique": None,
        "valueSet": value_set,
        "visibleLines": f.visible_lines,
    }


def custom_field_row(view: OrgView, f: OrgField) -> JSON:
    return {
        "Id": f.id,
        "DeveloperName": f.name.removesuffix("__c"),
        "TableEnumOrId": f.object,
        "EntityDefinitionId": f.object,
        "FullName": f"{f.object}.{f.name}",
        "Metadata": field_metadata(view, f),
        "Description": f.description or None,
        "InlineHelpText": f.help_text or None,
        "Length": f.length,
        "Precision": f.precision,
        "Scale": f.scale,
        **_audit(view, f.last_modified_by, f.last_modified_date, f.created_by),
    }


def field_definition_row(view: OrgView, f: OrgField) -> JSON:
    return {
        "Id": f"{f.object}.{f.id or f.name}",
        "DurableId": f"{f.object}.{f.id or f.name}",
        "QualifiedApiName": f.name,
        "DeveloperName": f.name.removesuffix("__c"),
        "Label": f.label,
        "MasterLabel": f.label,
        "DataType": data_type(f),
        "EntityDefinitionId": f.object,
        "EntityDefinition": {"QualifiedApiName": f.object, "DeveloperName": f.object},
        "Description": f.description or None,
        "InlineHelpText": f.help_text or None,
        "Length": f.length or 0,
        "Precision": f.precision or 0,
        "Scale": f.scale or 0,
        "IsNillable": not f.required,
        "IsCustom": f.custom,
        "ReferenceTo": {"referenceTo": [f.reference_to] if f.reference_to else []},
        "LastModifiedById": f.last_modified_by,
        "LastModifiedBy": {"Name": view.user_name(f.last_modified_by)},
        "LastModifiedDate": f.last_modified_date,
        "NamespacePrefix": None,
    }


def entity_definition_row(name: str) -> JSON:
    label, plural = LABELS[name]
    return {
        "Id": name,
        "DurableId": name,
        "QualifiedApiName": name,
        "DeveloperName": name,
        "Label": label,
        "MasterLabel": label,
        "PluralLabel": plural,
        "KeyPrefix": KEY_PREFIXES[name],
        "IsCustomizable": True,
        "IsCustomSetting": False,
        "NamespacePrefix": None,
    }


def validation_rule_row(view: OrgView, rule: dict[str, Any]) -> JSON:
    return {
        "Id": rule["Id"],
        "ValidationName": rule["name"],
        "EntityDefinitionId": rule["object"],
        "EntityDefinition": {"QualifiedApiName": rule["object"], "DeveloperName": rule["object"]},
        "Active": bool(rule.get("active")),
        "ErrorMessage": rule.get("message"),
        "ErrorDisplayField": rule.get("error_display_field"),
        "Description": rule.get("description") or None,
        "FullName": f"{rule['object']}.{rule['name']}",
        "Metadata": {
            "active": bool(rule.get("active")),
            "description": rule.get("description") or None,
            "errorConditionFormula": rule.get("formula"),
            "errorDisplayField": rule.get("error_display_field"),
            "errorMessage": rule.get("message"),
            "urls": None,
        },
        **_audit(view, rule.get("last_modified_by"), rule.get("last_modified_date")),
    }


def standard_value(v: dict[str, Any]) -> JSON:
    return {
        "allowEmail": None,
        "closed": v.get("closed"),
        "color": None,
        "converted": v.get("converted"),
        "cssExposed": None,
        "default": bool(v.get("default")),
        "description": None,
        "forecastCategory": v.get("forecastCategory"),
        "fullName": v["valueName"],
        "groupingString": None,
        "highPriority": None,
        "isActive": bool(v.get("isActive", True)),
        "label": v.get("label") or v["valueName"],
        "probability": v.get("probability"),
        "reverseRole": None,
        "reviewed": None,
        "won": v.get("won"),
    }


def value_set_row(view: OrgView, name: str) -> JSON:
    meta = view.org.value_set_meta.get(name, {})
    return {
        "Id": meta.get("Id"),
        "MasterLabel": name,
        "FullName": name,
        "Metadata": {
            "groupingStringEnum": None,
            "sorted": False,
            "standardValue": [standard_value(v) for v in view.org.value_sets.get(name, [])],
            "urls": None,
        },
        **_audit(view, meta.get("last_modified_by"), meta.get("last_modified_date")),
    }


def business_process_row(view: OrgView, bp: dict[str, Any]) -> JSON:
    object_name = bp.get("object", "Opportunity")
    return {
        "Id": bp["Id"],
        "Name": bp["name"],
        "TableEnumOrId": object_name,
        "IsActive": bool(bp.get("active", True)),
        "Description": bp.get("description") or None,
        "FullName": f"{object_name}.{bp['name']}",
        "Metadata": {
            "description": bp.get("description") or None,
            "isActive": bool(bp.get("active", True)),
            "values": [
                {"color": None, "default": bool(v.get("default")), "fullName": v["fullName"]}
                for v in bp.get("values", [])
            ],
            "urls": None,
        },
        **_audit(view, bp.get("last_modified_by"), bp.get("last_modified_date")),
    }


def record_type_row(view: OrgView, rt: dict[str, Any], *, tooling: bool) -> JSON:
    bp = view.business_process(rt.get("business_process") or "", rt["object"])
    row: JSON = {
        "Id": rt["Id"],
        "DeveloperName": rt["name"],
        "Name": rt.get("label") or rt["name"],
        "SobjectType": rt["object"],
        "BusinessProcessId": bp["Id"] if bp else None,
        "IsActive": bool(rt.get("active", True)),
        "Description": rt.get("description") or None,
        **_audit(view, rt.get("last_modified_by"), rt.get("last_modified_date")),
    }
    if tooling:
        row["EntityDefinitionId"] = rt["object"]
        row["FullName"] = f"{rt['object']}.{rt['name']}"
        row["Metadata"] = {
            "active": bool(rt.get("active", True)),
            "businessProcess": rt.get("business_process"),
            "compactLayoutAssignment": None,
            "description": rt.get("description") or None,
            "label": rt.get("label") or rt["name"],
            "picklistValues": [],
            "urls": None,
        }
    return row


def stage_rows(view: OrgView) -> list[JSON]:
    rows = []
    for index, v in enumerate(view.org.value_sets.get("OpportunityStage", [])):
        category = v.get("forecastCategory") or "Pipeline"
        rows.append(
            {
                "Id": sf_id("01J", 1 + index),
                "ApiName": v["valueName"],
                "MasterLabel": v.get("label") or v["valueName"],
                "SortOrder": index + 1,
                "IsActive": bool(v.get("isActive", True)),
                "IsClosed": bool(v.get("closed")),
                "IsWon": bool(v.get("won")),
                "ForecastCategory": category,
                "ForecastCategoryName": FORECAST_NAMES.get(category, category),
                "DefaultProbability": v.get("probability"),
                "Description": None,
            }
        )
    return rows


def lead_status_rows(view: OrgView) -> list[JSON]:
    return [
        {
            "Id": sf_id("01J", 1001 + index),
            "ApiName": v["valueName"],
            "MasterLabel": v.get("label") or v["valueName"],
            "SortOrder": index + 1,
            "IsDefault": bool(v.get("default")),
            "IsConverted": bool(v.get("converted")),
        }
        for index, v in enumerate(view.org.value_sets.get("LeadStatus", []))
    ]


def tooling_rows(view: OrgView) -> dict[str, Callable[[], list[JSON]]]:
    """Tooling sObject -> a function building its rows."""
    return {
        "EntityDefinition": lambda: [entity_definition_row(n) for n in SOBJECTS],
        "FieldDefinition": lambda: [
            field_definition_row(view, f) for n in SOBJECTS for f in view.fields(n)
        ],
        "CustomField": lambda: [custom_field_row(view, f) for f in view.custom_fields()],
        "ValidationRule": lambda: [validation_rule_row(view, r) for r in view.org.validation_rules],
        "StandardValueSet": lambda: [value_set_row(view, n) for n in view.org.value_sets],
        "BusinessProcess": lambda: [
            business_process_row(view, b) for b in view.org.business_processes
        ],
        "RecordType": lambda: [
            record_type_row(view, r, tooling=True) for r in view.org.record_types
        ],
    }


def setup_rows(view: OrgView) -> dict[str, Callable[[], list[JSON]]]:
    """Read-only setup objects the data API's `query` serves besides records."""
    return {
        "OpportunityStage": lambda: stage_rows(view),
        "LeadStatus": lambda: lead_status_rows(view),
        "RecordType": lambda: [
            record_type_row(view, r, tooling=False) for r in view.org.record_types
        ],
    }
