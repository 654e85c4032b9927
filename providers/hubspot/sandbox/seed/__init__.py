"""The seed: Northwind Cloud's real, messy HubSpot portal, generated and loaded into the sandbox.

`build(profile, seed, now)` makes the whole portal as plain data (`SeedData`); `seed(store,
...)` loads it into a `HubSpotStore` in one transaction and returns the `SeedManifest` listing
what was planted. Modules, in the order a portal is built:

- `catalog.py`: property groups, the default pipelines, owners on teams;
- `standard_props.py`: HubSpot's standard properties; `mess.py`: the portal's customisations;
- `records.py` (companies, contacts), `deals.py`, `tiers.py` (hand-kept tiers): records with
  planted violations; `calendar.py`: the SLA's business calendar;
- `profiles.py`: sizes and the rules violations break; `manifest.py`: the recount.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .audit_counts import audit_counts
from .catalog import (
    JSON,
    PROPERTY_GROUPS,
    default_deal_pipeline,
    default_ticket_pipeline,
    owner_ids_by_role,
    owners,
)
from .deals import make_deals
from .manifest import (
    MANIFEST_META_KEY,
    SeedManifest,
    evaluate,
    listed_ids,
    manifest_path,
)
from .mess import (
    COMPETING_PROBABILITY_FIELDS,
    CUSTOM_PROPERTIES,
    LEAD_SOURCE_CANONICAL,
    ORPHANED_PROPERTIES,
)
from .profiles import (
    ENGAGEMENT_WINDOW_DAYS,
    EXIT_CRITERIA,
    ICP_INDUSTRIES,
    ICP_MIN_EMPLOYEES,
    ICP_MIN_ENGAGED_CONTACTS,
    PROFILES,
    SLA_BUSINESS_DAYS,
    SLA_FIRST_TOUCH_PROPERTY,
    SLA_START_PROPERTY,
    Profile,
    get_profile,
)
from .records import SeedRecords, iso, make_companies, make_contacts
from .standard_props import STANDARD_PROPERTIES
from .tiers import assign_account_tiers

if TYPE_CHECKING:
    from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

DEFAULT_SEED = 42
"""The random seed the demo portal uses."""


@dataclass(frozen=True)
class SeedData:
    """A whole portal as data, ready to load; `manifest` describes it."""

    groups: dict[str, list[JSON]]
    """Object type -> property groups."""
    properties: dict[str, list[JSON]]
    """Object type -> property definitions (standard, then custom)."""
    pipelines: dict[str, list[JSON]]
    """Object type -> pipelines with their stages."""
    owners: list[JSON]
    """Owners on teams."""
    records: SeedRecords
    """Companies, contacts, deals and their associations."""
    manifest: SeedManifest
    """What the portal holds and what was planted, recounted."""


def build(
    profile: str = "small", seed: int = DEFAULT_SEED, now: datetime | None = None
) -> SeedData:
    """Generate the portal for `profile` from `random.Random(seed)`, dated against `now`
    (default: the current time, to the second)."""
    chosen: Profile = get_profile(profile)
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    rng = random.Random(seed)
    people = owners()
    by_role = owner_ids_by_role(people)
    records = SeedRecords()
    records.companies = make_companies(rng, chosen, moment, by_role)
    make_contacts(rng, chosen, moment, by_role, records)
    make_deals(rng, chosen, moment, by_role, records)
    assign_account_tiers(rng, chosen, moment, records)
    _count_associations(records)
    properties = {
        object_type: [
            *STANDARD_PROPERTIES[object_type](),
            *(CUSTOM_PROPERTIES[object_type]() if object_type in CUSTOM_PROPERTIES else ()),
        ]
        for object_type in ("contacts", "companies", "deals", "tickets")
    }
    pipelines = {"deals": [default_deal_pipeline()], "tickets": [default_ticket_pipeline()]}
    violations, details = evaluate(records, moment)
    counts = {
        "property_groups": sum(len(g) for g in PROPERTY_GROUPS.values()),
        "properties": sum(len(p) for p in properties.values()),
        "pipelines": sum(len(p) for p in pipelines.values()),
        "stages": sum(len(p["stages"]) for ps in pipelines.values() for p in ps),
        "owners": len(people),
        "contacts": len(records.contacts),
        "companies": len(records.companies),
        "deals": len(records.deals),
        "tickets": 0,
        "associations": len(records.contact_company)
        + len(records.deal_company)
        + len(records.deal_contact),
    }
    manifest = SeedManifest(
        profile=chosen.name,
        seed=seed,
        reference_time=iso(moment),
        counts=counts,
        violations=violations,
        details=details,
        rules=_rules(),
        mess=_mess(),
        planted_ids=listed_ids(records.planted),
        audit=audit_counts(records, moment),
    )
    return SeedData(
        groups={k: list(v) for k, v in PROPERTY_GROUPS.items()},
        properties=properties,
        pipelines=pipelines,
        owners=people,
        records=records,
        manifest=manifest,
    )


def seed(
    store: HubSpotStore,
    profile: str = "small",
    seed: int = DEFAULT_SEED,
    *,
    now: datetime | None = None,
    write_manifest: bool = True,
) -> SeedManifest:
    """Replace the portal in `store` with a freshly generated one; returns its manifest.

    Everything (reset included) runs in one transaction: a failure leaves the old portal.
    The manifest is also kept in the store's metadata (`seed_manifest`) and, unless
    `write_manifest` is False, written next to the database (`manifest_path`).
    """
    data = build(profile, seed, now)
    records = data.records
    with store.transaction():
        store.reset()
        for object_type, groups in data.groups.items():
            store.insert_property_groups(object_type, groups)
        for object_type, props in data.properties.items():
            store.insert_properties(object_type, props)
        for object_type, pipelines in data.pipelines.items():
            store.insert_pipelines(object_type, pipelines)
        store.insert_owners(data.owners)
        store.insert_objects("companies", records.companies)
        store.insert_objects("contacts", records.contacts)
        store.insert_objects("deals", records.deals)
        store.insert_associations("contacts", "companies", records.contact_company, primary=True)
        store.insert_associations("deals", "companies", records.deal_company, primary=True)
        store.insert_associations("deals", "contacts", records.deal_contact)
        store.set_meta(MANIFEST_META_KEY, data.manifest.to_json())
    if write_manifest:
        data.manifest.write(manifest_path(store.path))
    return data.manifest


def _count_associations(records: SeedRecords) -> None:
    """Fill the association counts HubSpot calculates (`num_associated_*`)."""
    pairs = {
        ("companies", "num_associated_contacts"): [(c, p) for p, c in records.contact_company],
        ("companies", "num_associated_deals"): [(c, d) for d, c in records.deal_company],
        ("contacts", "num_associated_deals"): [(p, d) for d, p in records.deal_contact],
        ("deals", "num_associated_contacts"): list(records.deal_contact),
    }
    kinds = {
        "companies": records.companies,
        "contacts": records.contacts,
        "deals": records.deals,
    }
    for (object_type, prop), links in pairs.items():
        counts = Counter(owner for owner, _ in links)
        for record in kinds[object_type]:
            record["properties"][prop] = counts.get(int(record["id"]), 0)


def stored_manifest(store: HubSpotStore) -> SeedManifest | None:
    """The manifest of the seed that filled `store`, or None if it was never seeded."""
    text = store.get_meta(MANIFEST_META_KEY)
    return SeedManifest.from_json(text) if text else None


def _rules() -> dict[str, object]:
    return {
        "mqa_followup_sla": {
            "start_property": SLA_START_PROPERTY,
            "first_touch_property": SLA_FIRST_TOUCH_PROPERTY,
            "business_days": SLA_BUSINESS_DAYS,
            "timezone": "America/New_York",
            "holidays": "US",
            "due": "same New York wall-clock time N business days later; a start outside "
            "business days counts from 00:00 of the next business day",
        },
        "exit_criteria": [{"stage": stage, "requires": prop} for stage, prop in EXIT_CRITERIA],
        "icp_tier_1": {
            "target_account": True,
            "min_employees": ICP_MIN_EMPLOYEES,
            "industries": list(ICP_INDUSTRIES),
            "min_engaged_contacts": ICP_MIN_ENGAGED_CONTACTS,
            "engagement_property": "last_engagement_date",
            "engagement_window_days": ENGAGEMENT_WINDOW_DAYS,
            "labelled_by": "account_tier",
        },
        "lead_source_canonical": dict(LEAD_SOURCE_CANONICAL),
    }


def _mess() -> dict[str, object]:
    return {
        "competing_probability_fields": list(COMPETING_PROBABILITY_FIELDS),
        "duplicate_lifecycle_field": "lifecycle_stage_2",
        "orphaned_properties": {k: list(v) for k, v in ORPHANED_PROPERTIES.items()},
        "lead_source_spellings": {
            canonical: sorted(v for v, c in LEAD_SOURCE_CANONICAL.items() if c == canonical)
            for canonical in sorted(set(LEAD_SOURCE_CANONICAL.values()))
        },
        "unused_stages": [{"pipeline": "default", "stage": "legacy_verbal"}],
    }


__all__ = [
    "DEFAULT_SEED",
    "PROFILES",
    "SeedData",
    "SeedManifest",
    "build",
    "manifest_path",
    "seed",
    "stored_manifest",
]
