"""Field profiles: what a live system holds for the fields the definitions map into it.

One field standard is meant to hold in every system of an environment (the CRM, the
marketing-automation platform, ...), and the systems sync records with each other. Whether a
value survives the sync depends on what each side *accepts* (its type, its option list, its
length) and what each side *holds* (the values records carry), not on what revops would
write. A provider that can say so returns `FieldProfiles` from `Provider.field_profiles`;
the engine (`revops_as_code.consistency`) compares the targets' profiles field by field.

Everything here is vendor-neutral: names and types are as the system spells them
(`name`, `vendor_type`) next to the definitions' words (`ref`, `type`), so the engine never
learns a vendor's vocabulary and a report can still show the user what the system calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from revops_as_code.models.fields import FieldType

SystemRole = Literal["crm", "map"]
"""What a system is to the others: the CRM (sales' system of record for lifecycle stages)
or a marketing-automation platform that syncs leads with it."""

LifecycleSource = Literal["options", "records"]


@dataclass(frozen=True)
class LiveField:
    """One live field that a definition maps into a system (one per live object: a CRM may
    express one standard field on two objects, e.g. a lead and a contact object)."""

    ref: str
    """The definition address the compiled resource's `origin` carries
    (`field/contact/lead_source`): the key the engine matches systems on."""
    name: str
    """The live API name, as the system spells it (`Lead.Lead_Source__c`, `leadSource`)."""
    exists: bool
    """False when the definitions map a field the system does not have (yet)."""
    type: FieldType | None = None
    """The definitions' type this live field's storage stands for (what its values can be),
    or None when none fits or it does not exist. Derived from `vendor_type` alone, so two
    systems that store the same kind of value compare equal whatever they call it."""
    vendor_type: str | None = None
    """The type as the system spells it (`Picklist`, `datetime`): shown, never compared."""
    options: tuple[str, ...] | None = None
    """The stored values it offers (active option values), or None when it keeps no list
    (free text, or a system without option lists): None means "cannot say", not "empty"."""
    restricted: bool = False
    """It refuses values outside `options` (a restricted picklist): what makes a value the
    other system holds fail the sync instead of arriving as an unlisted value."""
    max_length: int | None = None
    """The longest text it stores, when it has a limit: longer values are refused or cut."""
    held_values: Mapping[str, int] | None = None
    """Distinct values its records hold -> how many records hold each; None when not read
    (reading records can be expensive or impossible: the provider says only what it read)."""
    source: str = ""
    """`file:line:col` of the definition, from the compiled resource: where a fix goes."""


@dataclass(frozen=True)
class SyncedField:
    """A live field the system says it syncs with another system, which no definition maps:
    the sync moves data no standard describes, so nobody answers for its meaning."""

    name: str
    """The live API name (`legacyLeadScore`)."""
    object: str
    """The definitions' object it belongs to (`contact`): which field standard should hold
    it."""
    vendor_type: str | None = None
    type: FieldType | None = None
    synced_with: str | None = None
    """What the system says it syncs with, when it says (`crm`), else None."""


@dataclass(frozen=True)
class LifecycleValues:
    """The values a system holds or accepts for a lifecycle's stage field."""

    ref: str
    """`lifecycle/<key>`: the lifecycle these values are stages of; or the address of the
    lifecycle's stage field (`field/contact/lifecyclestage`) when that is all the compiled
    resources say (the engine finds the lifecycle through the definitions)."""
    field: str
    """The live field that carries the stage (`Lead.Status`, `leadStatus`)."""
    values: tuple[str, ...]
    """What the system accepts (its active option values) or holds (distinct values on
    records), in the system's order; compared to the other systems' by exact value, because
    a sync copies a stage value verbatim."""
    source: LifecycleSource = "options"
    """`options` when `values` is the list the system accepts; `records` when it keeps no
    list and `values` is what its records hold (then a missing stage may just be unused)."""
    counts: Mapping[str, int] | None = None
    """Records per value when `source` is `records`."""
    location: str = ""
    """`file:line:col` of the definition that sets these values (the lifecycle, or the field
    standard's stage field), from the compiled resource."""


@dataclass(frozen=True)
class FieldProfiles:
    """Everything one target can say about the fields the definitions map into it."""

    role: SystemRole = "crm"
    """What this system is to the others (decides which side of a lifecycle disagreement is
    the CRM's)."""
    fields: tuple[LiveField, ...] = ()
    unmapped_synced: tuple[SyncedField, ...] = ()
    lifecycle: tuple[LifecycleValues, ...] = ()
    notes: tuple[str, ...] = ()
    """What the provider could not read, in a sentence each (shown with the report so that
    silence is never mistaken for agreement: "held values not read: ...")."""


__all__ = [
    "FieldProfiles",
    "LifecycleSource",
    "LifecycleValues",
    "LiveField",
    "SyncedField",
    "SystemRole",
]
