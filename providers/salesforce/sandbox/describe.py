"""`describe(view, object)`: the `sobjects/<Obj>/describe` body, from the org's fields.

Shape per REST API "sObject Describe" and the SOAP `DescribeSObjectResult`/`Field` types
(checked against the published describe schema in @salesforce/plugin-schema's
`sobject-describe.json`): top-level `name, label, labelPlural, keyPrefix, custom, fields,
recordTypeInfos, ...`; each field `name, label, type, length, precision, scale, digits,
custom, nillable, createable, updateable, inlineHelpText, picklistValues[{value, label,
active, defaultValue, validFor}], referenceTo, relationshipName, restrictedPicklist,
extraTypeInfo, ...`. Standard picklists take their values from their StandardValueSet.
"""

from __future__ import annotations

from typing import Any

from .errors import JSON
from .org import KEY_PREFIXES, OrgField
from .types import DESCRIBE_TYPES, NUMBER_TYPES, relationship_name
from .view import LABELS, OrgView

MASTER_RECORD_TYPE = "012000000000000AAA"
"""The id every org gives the Master record type."""

_FIXED_LENGTHS = {"Email": 80, "Phone": 40, "Url": 255, "TextArea": 255, "Id": 18}
_SOAP_TYPES = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "boolean": "xsd:boolean",
    "double": "xsd:double",
    "currency": "xsd:double",
    "percent": "xsd:double",
    "int": "xsd:int",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
}
_READ_ONLY = frozenset(
    {"Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById"}
    | {"SystemModstamp"}
)


def describe_field(view: OrgView, f: OrgField) -> JSON:
    kind = DESCRIBE_TYPES.get(f.type, "string")
    length = 0
    if kind in ("string", "textarea", "email", "phone", "url", "id", "picklist", "multipicklist"):
        length = f.length or _FIXED_LENGTHS.get(f.type, 255)
        if kind == "multipicklist":
            length = 4099
    precision = scale = 0
    if f.type in NUMBER_TYPES:
        precision, scale = f.precision or 18, f.scale or 0
    writable = f.name not in _READ_ONLY and f.type != "AutoNumber"
    extra = None
    if f.type in ("TextArea", "LongTextArea"):
        extra = "plaintextarea"
    elif f.type == "Html":
        extra = "richtextarea"
    values = [
        {
            "active": v["active"],
            "defaultValue": v["default"],
            "label": v["label"],
            "validFor": None,
            "value": v["value"],
        }
        for v in view.picklist_values(f)
    ]
    references = [f.reference_to] if f.reference_to else []
    if f.name == "RecordTypeId":
        references = ["RecordType"]
    return {
        "aggregatable": kind not in ("textarea", "multipicklist"),
        "autoNumber": f.type == "AutoNumber",
        "byteLength": length * 3,
        "calculated": False,
        "caseSensitive": False,
        "createable": writable,
        "custom": f.custom,
        "defaultValue": None,
        "defaultedOnCreate": f.name in ("CreatedDate", "OwnerId"),
        "dependentPicklist": False,
        "digits": 0,
        "externalId": False,
        "extraTypeInfo": extra,
        "filterable": kind != "textarea",
        "groupable": kind not in ("textarea", "double", "currency", "percent", "multipicklist"),
        "htmlFormatted": f.type == "Html",
        "idLookup": f.name == "Id",
        "inlineHelpText": f.help_text or None,
        "label": f.label,
        "length": length,
        "name": f.name,
        "nameField": f.name == "Name",
        "nillable": not f.required and f.type != "Checkbox" and f.name not in _READ_ONLY,
        "picklistValues": values,
        "precision": precision,
        "referenceTo": references,
        "relationshipName": relationship_name(f),
        "restrictedPicklist": bool(values) and view.is_restricted(f),
        "scale": scale,
        "soapType": _SOAP_TYPES.get(kind, "xsd:string"),
        "sortable": kind not in ("textarea", "multipicklist"),
        "type": kind,
        "unique": False,
        "updateable": writable,
    }


def describe(view: OrgView, object_name: str, base: str) -> JSON:
    """The describe body; `base` is `/services/data/vXX.X`."""
    label, plural = LABELS[object_name]
    url = f"{base}/sobjects/{object_name}"
    types: list[dict[str, Any]] = []
    record_types = view.record_types(object_name)
    for rt in record_types:
        types.append(
            {
                "active": bool(rt.get("active", True)),
                "available": True,
                "defaultRecordTypeMapping": False,
                "developerName": rt["name"],
                "master": False,
                "name": rt.get("label") or rt["name"],
                "recordTypeId": rt["Id"],
                "urls": {"layout": f"{url}/describe/layouts/{rt['Id']}"},
            }
        )
    types.append(
        {
            "active": True,
            "available": True,
            "defaultRecordTypeMapping": not record_types,
            "developerName": "Master",
            "master": True,
            "name": "Master",
            "recordTypeId": MASTER_RECORD_TYPE,
            "urls": {"layout": f"{url}/describe/layouts/{MASTER_RECORD_TYPE}"},
        }
    )
    return {
        "activateable": False,
        "childRelationships": [],
        "createable": object_name != "User",
        "custom": False,
        "customSetting": False,
        "deletable": object_name != "User",
        "fields": [describe_field(view, f) for f in view.fields(object_name)],
        "keyPrefix": KEY_PREFIXES[object_name],
        "label": label,
        "labelPlural": plural,
        "layoutable": True,
        "name": object_name,
        "queryable": True,
        "recordTypeInfos": types,
        "retrieveable": True,
        "searchable": True,
        "triggerable": True,
        "undeletable": object_name != "User",
        "updateable": True,
        "urls": {
            "compactLayouts": f"{url}/describe/compactLayouts",
            "rowTemplate": f"{url}/{{ID}}",
            "describe": f"{url}/describe",
            "sobject": url,
        },
    }
