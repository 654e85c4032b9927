"""What a sandbox org holds, as plain data: the seed builds one, the store loads and dumps it.

Values are stored the way Salesforce's Metadata API states them (type names such as
`Picklist`, integer probabilities, `forecastCategory` names), so the routes render describe,
Tooling rows and SOQL results from one source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY_PREFIXES: dict[str, str] = {
    "User": "005",
    "Account": "001",
    "Contact": "003",
    "Lead": "00Q",
    "Opportunity": "006",
    "Case": "500",
    "CustomField": "00N",
    "ValidationRule": "03d",
    "StandardValueSet": "0Ct",
    "BusinessProcess": "019",
    "RecordType": "012",
    "CustomObject": "01I",
    "BulkJob": "750",
}
"""Salesforce's three-character key prefix of each object's record ids."""

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def sf_id(prefix: str, number: int) -> str:
    """An 18-character Salesforce id: the key prefix, `000000` (pod/reserved), a base-62
    serial, and the 3-character case-safety suffix Salesforce computes from the first 15."""
    serial = ""
    n = number
    for _ in range(6):
        serial = _ALPHABET[n % 62] + serial
        n //= 62
    base = (prefix + "000000" + serial)[:15].ljust(15, "0")
    suffix = ""
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(base[chunk * 5 : chunk * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        suffix += "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[bits]
    return base + suffix


@dataclass
class OrgField:
    """One field of an sObject (standard or custom), as the Metadata API describes it."""

    object: str
    name: str
    label: str
    type: str
    """Metadata API type: Text, TextArea, LongTextArea, Email, Phone, Url, Number, Currency,
    Percent, Checkbox, Date, DateTime, Picklist, MultiselectPicklist, Lookup, Id, ..."""
    custom: bool
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    visible_lines: int | None = None
    description: str = ""
    help_text: str = ""
    values: list[dict[str, Any]] = field(default_factory=list)
    """Custom picklist values: {value, label, default: bool, active: bool}. A standard
    picklist's values live in its StandardValueSet instead."""
    restricted: bool = False
    reference_to: str | None = None
    relationship_name: str | None = None
    required: bool = False
    id: str | None = None
    """CustomField id (00N...) for custom fields; None for standard ones."""
    created_by: str | None = None
    last_modified_by: str | None = None
    """User ids."""
    last_modified_date: str | None = None
    """ISO 8601 with milliseconds and `+0000`, the way Salesforce writes datetimes."""


@dataclass
class Org:
    """A whole org: users, configuration and records."""

    users: list[dict[str, Any]] = field(default_factory=list)
    """{Id, Name, Username, Email, IsActive}."""
    fields: list[OrgField] = field(default_factory=list)
    value_sets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """StandardValueSet name -> values {valueName, label, default, isActive, + extras:
    OpportunityStage probability/forecastCategory/closed/won, LeadStatus converted}."""
    value_set_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    """StandardValueSet name -> {Id, last_modified_by, last_modified_date}."""
    business_processes: list[dict[str, Any]] = field(default_factory=list)
    """{Id, object, name, description, active, values: [{fullName, default}], ...}."""
    record_types: list[dict[str, Any]] = field(default_factory=list)
    """{Id, object, name (DeveloperName), label, description, active, business_process}."""
    validation_rules: list[dict[str, Any]] = field(default_factory=list)
    """{Id, object, name, active, formula, message, error_display_field, description}."""
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """sObject -> rows keyed by field API name (Id included; lookups hold ids)."""
    manifest: dict[str, Any] = field(default_factory=dict)
    """What the seed planted, with exact counts, for tests to assert against."""


__all__ = ["KEY_PREFIXES", "Org", "OrgField", "sf_id"]
