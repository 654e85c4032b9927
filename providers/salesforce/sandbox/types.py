"""Field types three ways: the Metadata API's (stored), describe's, and FieldDefinition's
`DataType` text, plus the system fields every sObject has.

Describe types (`DescribeFieldResult.type`, SOAP API "Field" / `fieldType` enum): id, string,
textarea, email, phone, url, double, int, currency, percent, boolean, date, datetime,
picklist, multipicklist, reference. Text areas are `textarea` with `extraTypeInfo`
`plaintextarea` or `richtextarea`.
"""

from __future__ import annotations

from .org import OrgField

DESCRIBE_TYPES: dict[str, str] = {
    "Id": "id",
    "Text": "string",
    "TextArea": "textarea",
    "LongTextArea": "textarea",
    "Html": "textarea",
    "Email": "email",
    "Phone": "phone",
    "Url": "url",
    "Number": "double",
    "Currency": "currency",
    "Percent": "percent",
    "Checkbox": "boolean",
    "Date": "date",
    "DateTime": "datetime",
    "Picklist": "picklist",
    "MultiselectPicklist": "multipicklist",
    "Lookup": "reference",
    "MasterDetail": "reference",
    "AutoNumber": "string",
}

CREATABLE_TYPES: frozenset[str] = frozenset(
    {
        "Text",
        "TextArea",
        "LongTextArea",
        "Html",
        "Email",
        "Phone",
        "Url",
        "Number",
        "Currency",
        "Percent",
        "Checkbox",
        "Date",
        "DateTime",
        "Picklist",
        "MultiselectPicklist",
        "Lookup",
    }
)
"""Custom field types the sandbox creates (the Metadata `FieldType`s the provider can use;
others, e.g. Summary or Location, are refused as unsupported)."""

TEXT_TYPES = frozenset({"Text", "TextArea", "LongTextArea", "Html", "Email", "Phone", "Url"})
NUMBER_TYPES = frozenset({"Number", "Currency", "Percent"})
PICKLIST_TYPES = frozenset({"Picklist", "MultiselectPicklist"})

SYSTEM_FIELDS: tuple[tuple[str, str, str, str | None], ...] = (
    ("Id", "Record ID", "Id", None),
    ("IsDeleted", "Deleted", "Checkbox", None),
    ("CreatedDate", "Created Date", "DateTime", None),
    ("CreatedById", "Created By ID", "Lookup", "User"),
    ("LastModifiedDate", "Last Modified Date", "DateTime", None),
    ("LastModifiedById", "Last Modified By ID", "Lookup", "User"),
    ("SystemModstamp", "System Modstamp", "DateTime", None),
)
"""(name, label, Metadata type, referenceTo) of the audit fields every sObject has; the
seed's fields add the rest (a field the seed states wins)."""

RELATIONSHIPS: dict[str, str] = {
    "CreatedById": "CreatedBy",
    "LastModifiedById": "LastModifiedBy",
    "OwnerId": "Owner",
    "AccountId": "Account",
    "ContactId": "Contact",
    "RecordTypeId": "RecordType",
    "ConvertedAccountId": "ConvertedAccount",
    "ConvertedContactId": "ConvertedContact",
    "ConvertedOpportunityId": "ConvertedOpportunity",
    "ReportsToId": "ReportsTo",
    "ParentId": "Parent",
}
"""Standard lookup field -> relationship name (used when the field states none)."""


def system_fields(object_name: str) -> list[OrgField]:
    return [
        OrgField(object_name, name, label, kind, custom=False, reference_to=ref)
        for name, label, kind, ref in SYSTEM_FIELDS
    ]


def relationship_name(field: OrgField) -> str | None:
    """The name a SOQL path uses to walk a lookup (`Account`, `Owner`, `Foo__r`)."""
    if field.type not in ("Lookup", "MasterDetail") and field.name != "RecordTypeId":
        return None
    if field.relationship_name:
        return field.relationship_name
    if field.name in RELATIONSHIPS:
        return RELATIONSHIPS[field.name]
    if field.name.endswith("__c"):
        return field.name[:-3] + "__r"
    if field.name.endswith("Id"):
        return field.name[:-2]
    return None


def data_type(field: OrgField) -> str:
    """FieldDefinition.DataType as Salesforce words it: `Text(255)`, `Number(16, 2)`,
    `Picklist`, `Lookup(User)`, `Long Text Area(32768)`, `Checkbox`, ..."""
    kind = field.type
    if kind == "Text":
        return f"Text({field.length or 255})"
    if kind == "TextArea":
        return "Text Area(255)"
    if kind == "LongTextArea":
        return f"Long Text Area({field.length or 32768})"
    if kind == "Html":
        return f"Rich Text Area({field.length or 32768})"
    if kind in NUMBER_TYPES:
        precision, scale = field.precision or 18, field.scale or 0
        return f"{kind}({precision - scale}, {scale})"
    if kind == "MultiselectPicklist":
        return "Picklist (Multi-Select)"
    if kind == "DateTime":
        return "Date/Time"
    if kind in ("Lookup", "MasterDetail"):
        return f"Lookup({field.reference_to or 'User'})"
    if kind == "Id":
        return "Lookup()"
    return kind
