"""`FieldStandard`: what every shared CRM field on one object is called and may contain.

One document per CRM object (contact, company, deal, ticket). It declares the property
groups, the fields (type, options, meaning, owner, when it becomes required, PII), the
per-system names where a live system spells a field differently, and the derived facts
about the object that criteria may reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field as PydanticField
from pydantic import StrictBool

from revops_as_code.models.base import (
    ApiName,
    ApiNames,
    Key,
    Label,
    LiveObject,
    Model,
    ObjectName,
    SystemName,
    Text,
    exact,
)
from revops_as_code.models.conditions import DerivedFact

FieldType = Literal[
    "string",
    "text",
    "number",
    "currency",
    "percent",
    "bool",
    "date",
    "datetime",
    "enum",
    "multi_enum",
    "owner",
]
"""`string` one line; `text` multi-line; `number`, `currency` (in the portal's currency),
`percent` (0–100); `bool` a checkbox; `date`, `datetime`; `enum` one option, `multi_enum`
several options; `owner` a user of the CRM (a reference to a person)."""

NUMERIC_TYPES = frozenset({"number", "currency", "percent"})
TEMPORAL_TYPES = frozenset({"date", "datetime"})
OPTION_TYPES = frozenset({"enum", "multi_enum"})

StageRefText = Annotated[
    str,
    PydanticField(
        strict=True,
        pattern=exact(
            r"(lifecycle/[a-z][a-z0-9_]*(/stage/[a-z][a-z0-9_]*)?"
            r"|pipeline/[a-z][a-z0-9_]*/stage/[a-z][a-z0-9_]*)"
        ),
    ),
]
"""A lifecycle stage (`lifecycle/mqa`, or `lifecycle/<lifecycle>/stage/<stage>` when
several lifecycles exist) or a pipeline stage (`pipeline/new_business/stage/demo`)."""


class EnumOption(Model):
    """One allowed value of an `enum`/`multi_enum` field."""

    key: Key
    """The stored value, stable across label changes (`paid_search`)."""
    label: Label
    """What people pick in the CRM (`Paid search`)."""
    description: Text | None = None
    """When to pick this option; shown as the option's help text where supported."""
    order: Annotated[int, PydanticField(strict=True, ge=-1)] | None = None
    """Display position, as the CRM numbers it (lowest first); options without one follow in
    the order written. `-1` places the option after the numbered ones (how HubSpot stores an
    option created without a position)."""
    hidden: StrictBool = False
    """Kept for existing records but not offered when editing (a value being phased out)."""
    deprecated: StrictBool = False
    """No longer to be used; the audit reports records that still hold it."""
    api_names: ApiNames = PydanticField(default_factory=dict)
    """The stored value per system where it differs from `key`: `{hubspot: COMPUTER_SOFTWARE}`."""
    replaces: tuple[ApiName, ...] = ()
    """Live values that are spelling variants of this option (`PPC`, `paid-search`): the plan
    retires them in favour of this one and the audit maps records that hold them."""


class FieldGroup(LiveObject):
    """A property group (HubSpot) / section that holds related fields."""

    key: Key
    """Natural key of the group (`revops_standard`)."""
    label: Label
    """Group name shown in the CRM (`RevOps standard`)."""
    description: Text | None = None
    """What belongs in the group."""
    api_names: ApiNames = PydanticField(default_factory=dict)
    """The group's name per system where it differs from `key`."""


class Field(LiveObject):
    """One shared field: its name, type, meaning and who answers for it."""

    key: Key
    """Natural key (snake_case); the live name too unless `api_names` says otherwise."""
    label: Label
    """Field label shown in the CRM."""
    type: FieldType
    """Value type (see the list of types); decides which operators criteria may use."""
    description: Text
    """What the field means, precisely enough that two teams fill it the same way."""
    group: Key | None = None
    """Key of the group the field sits in; defaults to the document's `default_group`."""
    options: tuple[EnumOption, ...] = ()
    """Allowed values of an `enum`/`multi_enum` field, in display order. Leave empty for a
    field whose options another definition governs (a lifecycle's stage field, an ICP's
    tier field)."""
    owner_team: Key | None = None
    """Team accountable for the field's definition and data quality (`revops`, `sales`)."""
    required_at: tuple[StageRefText, ...] = ()
    """Stages from which a record must have a value: `lifecycle/sql`,
    `pipeline/new_business/stage/demo`. The audit reports records that lack it."""
    pii: StrictBool = False
    """Holds personal data (name, email, phone): excluded from exports and audit samples."""
    minimum: Annotated[float, PydanticField(strict=True)] | None = None
    """Smallest allowed value of a numeric field."""
    maximum: Annotated[float, PydanticField(strict=True)] | None = None
    """Largest allowed value of a numeric field."""
    system_defined: StrictBool = False
    """Built into the CRM (HubSpot's `amount`, `numberofemployees`): revops governs its label,
    description and options but never creates or deletes it."""
    api_names: ApiNames = PydanticField(default_factory=dict)
    """The field's name per system where it differs from `key`:
    `{hubspot: numberofemployees, salesforce: NumberOfEmployees}`."""
    api_types: ApiNames = PydanticField(default_factory=dict)
    """The field's storage type per system where `type` alone does not say it, written as
    that system spells it: `{hubspot: enumeration/radio}`, `{hubspot: string/html}`. `type`
    stays the meaning criteria and the audit use; the system's provider checks the pair."""
    formulas: dict[SystemName, Text] = PydanticField(default_factory=dict)
    """The formula of a calculated field per system, written as that system writes it:
    `{hubspot: "amount * 0.1"}` for a HubSpot `calculation_equation` property. revops creates
    it and compares it exactly; it does not check the formula's syntax (the system does)."""
    supersedes: tuple[ApiName, ...] = ()
    """Live fields this standard replaces (competing copies made over the years): the plan
    flags them and never deletes them unless they are owned."""
    system_of_record: SystemName | None = None
    """The system whose value wins (`salesforce`): the others follow it. Where two systems
    disagree on this field, the consistency report tells you to fix the other ones."""

    def api_name(self, system: str) -> str:
        """The field's name in `system`: its `api_names` entry, else its key."""
        return self.api_names.get(system, self.key)


class FieldStandard(LiveObject):
    """The field standard of one CRM object: groups, fields and derived facts."""

    api_version: Literal["revops.dev/v1"] = PydanticField(alias="apiVersion")
    """Definition language version."""
    kind: Literal["FieldStandard"]
    """Document kind."""
    object: ObjectName
    """The CRM object these fields live on."""
    description: Text | None = None
    """Why this standard exists and who maintains it."""
    owner_team: Key | None = None
    """Default `owner_team` of fields that do not name one."""
    default_group: Key | None = None
    """Group of fields that do not name one."""
    groups: tuple[FieldGroup, ...] = ()
    """Property groups the standard creates or governs."""
    fields: tuple[Field, ...] = PydanticField(min_length=1)
    """The fields, in the order they are shown."""
    facts: tuple[DerivedFact, ...] = ()
    """Derived facts about this object (aggregates over associated records), declared once
    and referenced by criteria anywhere."""

    def field(self, key: str) -> Field | None:
        return next((f for f in self.fields if f.key == key), None)


__all__ = [
    "NUMERIC_TYPES",
    "OPTION_TYPES",
    "TEMPORAL_TYPES",
    "EnumOption",
    "Field",
    "FieldGroup",
    "FieldStandard",
    "FieldType",
    "StageRefText",
]
