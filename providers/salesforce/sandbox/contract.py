"""The body members Salesforce accepts per Tooling type: what strict mode lets through.

The sandbox and the provider are written together, so they could agree on a member
Salesforce would refuse. In strict mode (`SandboxConfig.strict`, on in the test suite) a
Tooling body may hold only `FullName` and `Metadata` (anything else is refused as Salesforce
refuses an unknown column), and `Metadata` only the members of its Metadata API type, as
[SF-wsdl] (the Metadata API WSDL, `services/Soap/m/63.0`, bundled in
simple-salesforce/simple-salesforce @ 9e964768557a5f0c920dc2b53b9e9d1026deb73e) defines them:
`CustomField`, `ValueSet`, `ValueSetValuesDefinition`, `CustomValue`, `StandardValueSet`,
`StandardValue`, `BusinessProcess`, `PicklistValue`, `RecordType`, `ValidationRule` (plus
`fullName` from `Metadata`, and `urls`, which the Tooling API adds to what it returns, so a
read-modify-write round trip stays valid). Only which members exist is recorded here.
CustomField, CustomValue, PicklistValue, BusinessProcess, RecordType, ValueSet and
ValidationRule were re-checked against a published WSDL segment of the Metadata API's
CustomObject type (API 66.0 era: it adds `elementType` and the `mktDataLake*`/`mktDataModel*`
attributes to CustomField; PicklistValue has no `label`, BusinessProcess no `namespacePrefix`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ApiError

_CUSTOM_VALUE = "color default description isActive label fullName urls"

MEMBERS: dict[str, frozenset[str]] = {
    name: frozenset(text.split())
    for name, text in {
        "CustomField": (
            "businessOwnerGroup businessOwnerUser businessStatus caseSensitive "
            "complianceGroup customDataType defaultValue deleteConstraint deprecated "
            "description displayFormat elementType encryptionScheme escapeMarkup "
            "externalDeveloperName externalId fieldManageability formula formulaTreatBlanksAs "
            "inlineHelpText isAIPredictionField isConvertLeadDisabled isFilteringDisabled "
            "isNameField isSortingDisabled label length lookupFilter maskChar maskType "
            "metadataRelationshipControllingField mktDataLakeFieldAttributes "
            "mktDataModelFieldAttributes populateExistingRows precision "
            "referenceTargetField referenceTo relationshipLabel relationshipName "
            "relationshipOrder reparentableMasterDetail required restrictedAdminField scale "
            "securityClassification startingNumber stripMarkup summarizedField "
            "summaryFilterItems summaryForeignKey summaryOperation trackFeedHistory "
            "trackHistory trackTrending translateData type unique valueSet visibleLines "
            "writeRequiresMasterRead fullName urls"
        ),
        "ValueSet": "controllingField restricted valueSetDefinition valueSetName valueSettings",
        "ValueSetValuesDefinition": "sorted value",
        "CustomValue": _CUSTOM_VALUE,
        "StandardValueSet": "groupingStringEnum sorted standardValue fullName urls",
        "StandardValue": _CUSTOM_VALUE
        + " allowEmail closed converted cssExposed forecastCategory groupingString "
        "highPriority probability reverseRole reviewed won",
        "BusinessProcess": "description isActive values fullName urls",
        "PicklistValue": "color default description isActive fullName urls allowEmail closed "
        "controllingFieldValues converted cssExposed forecastCategory highPriority probability "
        "reverseRole reviewed won",
        "RecordType": (
            "active businessProcess compactLayoutAssignment description label "
            "picklistValues fullName urls"
        ),
        "ValidationRule": (
            "active description errorConditionFormula errorDisplayField errorMessage fullName urls"
        ),
    }.items()
}

NESTED: dict[tuple[str, str], str] = {
    ("CustomField", "valueSet"): "ValueSet",
    ("ValueSet", "valueSetDefinition"): "ValueSetValuesDefinition",
    ("ValueSetValuesDefinition", "value"): "CustomValue",
    ("StandardValueSet", "standardValue"): "StandardValue",
    ("BusinessProcess", "values"): "PicklistValue",
}
"""(type, member) -> the type of the object (or of each list item) it holds."""

TOP_LEVEL = frozenset({"FullName", "Metadata"})


def check_body(tooling_type: str, body: Mapping[str, Any]) -> None:
    """Refuse members outside the contract (strict mode)."""
    for key in body:
        if key not in TOP_LEVEL:
            raise ApiError(
                400,
                "INVALID_FIELD",
                f"No such column '{key}' on sobject of type {tooling_type}",
                fields=[key],
            )
    metadata = body.get("Metadata")
    if isinstance(metadata, Mapping):
        _check(tooling_type, metadata, "Metadata")


def _check(type_name: str, data: Mapping[str, Any], where: str) -> None:
    allowed = MEMBERS[type_name]
    for key, value in data.items():
        if key not in allowed:
            raise ApiError(
                400,
                "JSON_PARSER_ERROR",
                f'Unrecognized field "{key}" at {where}: the Metadata API\'s {type_name} has '
                f"no member {key!r}",
            )
        nested = NESTED.get((type_name, key))
        if nested is None or value is None:
            continue
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, Mapping):
                suffix = f"[{index}]" if isinstance(value, list) else ""
                _check(nested, item, f"{where}.{key}{suffix}")
