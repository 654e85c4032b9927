"""The demo instance: Marketo's standard lead fields, a few custom ones, and leads with
values, disagreeing with the bundled definitions (definitions/) and the seeded CRM in known
ways. Every planted disagreement is counted in the manifest (`Manifest.planted`), written
beside the instance file and into its meta table, so tests assert exact numbers.

Planted (each against the bundled `contact` field standard and lifecycle):

- (no type disagreement: Marketo's API cannot change a field's type, so a planted one could
  never be fixed by apply; the seeded Salesforce org holds the type mismatch instead, and
  the manual-step tests plant one here with `MarketoStore.admin_change_type`);
- `sqlDate` is missing (the standard's `sql_date`);
- `legacyLeadScore` is a CRM-managed (synced) custom field the standard does not define;
- leads hold `leadSource` values "PPC", "paid-search" and "Tradeshow", which no standard
  option key is (the standard's `replaces` lists "ppc", "paid-search", "tradeshow": only
  "paid-search" matches exactly, the other two differ in case);
- `leadStatus` (the field the lifecycle maps to) holds "Recycled", which is no lifecycle
  stage.

Values otherwise follow the standard: lead sources are its option keys, and lead statuses
are the lifecycle's stages as the CRM stores them (their labels: Salesforce's Lead Status
values, which Marketo's sync copies verbatim), so exactly the planted values disagree.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .store import MarketoStore

DEFAULT_SEED = 14
LEADS = 120

STANDARD: tuple[tuple[str, str, str], ...] = (
    # (API name, display name, data type): Marketo's standard lead fields (the common ones).
    ("email", "Email Address", "email"),
    ("firstName", "First Name", "string"),
    ("lastName", "Last Name", "string"),
    ("company", "Company Name", "string"),
    ("title", "Job Title", "string"),
    ("phone", "Phone Number", "phone"),
    ("mobilePhone", "Mobile Phone Number", "phone"),
    ("website", "Website", "url"),
    ("industry", "Industry", "string"),
    ("numberOfEmployees", "Num Employees", "integer"),
    ("annualRevenue", "Annual Revenue", "currency"),
    ("leadSource", "Lead Source", "string"),
    ("leadStatus", "Lead Status", "string"),
    ("leadScore", "Lead Score", "score"),
    ("rating", "Lead Rating", "string"),
    ("city", "City", "string"),
    ("state", "State", "string"),
    ("country", "Country", "string"),
    ("postalCode", "Postal Code", "string"),
    ("unsubscribed", "Unsubscribed", "boolean"),
    ("doNotCall", "Do Not Call", "boolean"),
)
READ_ONLY: tuple[tuple[str, str, str], ...] = (
    ("id", "Id", "integer"),
    ("createdAt", "Created At", "datetime"),
    ("updatedAt", "Updated At", "datetime"),
)
CUSTOM: tuple[tuple[str, str, str, str], ...] = (
    # (API name, display name, data type, description)
    ("lastEngagementDate", "Last Engagement Date", "datetime", "Synced from the engagement tool."),
    ("mqaDate", "MQA Date", "datetime", "When the lead's account became an MQA."),
    ("firstSalesTouchAt", "First Sales Touch", "datetime", "First logged sales touch."),
    ("slaFirstTouchDueAt", "First-touch SLA Due At", "datetime", ""),
    ("slaFirstTouchBreached", "First-touch SLA Breached", "boolean", ""),
)
CRM_MANAGED: tuple[tuple[str, str, str], ...] = (
    ("legacyLeadScore", "Legacy Lead Score", "integer"),
)

SOURCES = ("paid_search", "webinar", "event", "organic_search", "referral", "outbound", "partner")
PLANTED_SOURCES = {"PPC": 7, "paid-search": 5, "Tradeshow": 4}
STATUSES = (
    "Subscriber",
    "Lead",
    "Marketing qualified account",
    "Sales qualified lead",
    "Opportunity",
    "Customer",
)
"""The bundled lifecycle's stages as the CRM's Lead Status holds them (their labels)."""
PLANTED_STATUSES = {"Recycled": 6}
FIRST = ("Ada", "Ben", "Chloe", "Dev", "Eva", "Finn", "Grace", "Hugo", "Iris", "Jon", "Kai")
LAST = ("Ng", "Okafor", "Patel", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Weber")
COMPANIES = ("Acme Analytics", "Brightline", "Cobalt Systems", "Dunmore Health", "Elevate AI")


@dataclass
class Manifest:
    """What the seed wrote and every disagreement it planted, with exact counts."""

    seed: int
    counts: dict[str, int]
    planted: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        p = self.planted
        sources = ", ".join(f"{v}x {k!r}" for k, v in p["lead_source_values"].items())
        statuses = ", ".join(f"{v}x {k!r}" for k, v in p["lead_status_values"].items())
        return (
            "  planted: sqlDate missing; "
            f"legacyLeadScore CRM-managed, not in the standard;\n           leadSource {sources}; "
            f"leadStatus {statuses}"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def manifest_path(db: Path) -> Path:
    return db.with_name(db.name + ".manifest.json")


def _field(name: str, display: str, kind: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": name,
        "displayName": display,
        "description": "",
        "dataType": kind,
        "length": 255 if kind in ("string", "email", "phone", "url") else None,
        "isHidden": False,
        "isHtmlEncodingInEmail": True,
        "isSensitive": False,
        "isCustom": False,
        "isApiCreated": False,
        "crmManaged": False,
    }
    return {**base, **extra}


def schema() -> list[dict[str, Any]]:
    out = [_field(n, d, k, readOnly=True) for n, d, k in READ_ONLY]
    out += [_field(n, d, k) for n, d, k in STANDARD]
    out += [_field(n, d, k, description=desc, isCustom=True) for n, d, k, desc in CUSTOM]
    out += [_field(n, d, k, isCustom=True, crmManaged=True) for n, d, k in CRM_MANAGED]
    return out


def _values(
    picks: dict[str, int], ordinary: tuple[str, ...], total: int, rng: random.Random
) -> list[str]:
    values = [v for v, n in picks.items() for _ in range(n)]
    values += [ordinary[i % len(ordinary)] for i in range(total - len(values))]
    rng.shuffle(values)
    return values


def seed(store: MarketoStore, seed_value: int = DEFAULT_SEED, db: Path | None = None) -> Manifest:
    """Replace the instance in `store` with the demo instance; returns (and stores) the
    manifest, also written beside `db` when given."""
    rng = random.Random(seed_value)
    sources = _values(PLANTED_SOURCES, SOURCES, LEADS, rng)
    statuses = _values(PLANTED_STATUSES, STATUSES, LEADS, rng)
    with store.transaction():
        store.reset()
        for item in schema():
            store.put_field(item)
        for i in range(LEADS):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            day = 1 + i % 28
            store.insert_lead(
                {
                    "email": f"{first.lower()}.{last.lower()}.{i}@example.com",
                    "firstName": first,
                    "lastName": last,
                    "company": rng.choice(COMPANIES),
                    "leadSource": sources[i],
                    "leadStatus": statuses[i],
                    "lastEngagementDate": f"2026-11-{day:02d}",
                    "legacyLeadScore": rng.randint(0, 100),
                },
                at=f"2026-10-{day:02d}T09:00:00Z",
            )
        manifest = Manifest(
            seed=seed_value,
            counts=store.counts(),
            planted={
                "type_mismatches": {},
                "missing_fields": ["sqlDate"],
                "fields_not_in_standard": {"legacyLeadScore": {"crmManaged": True}},
                "lead_source_values": dict(PLANTED_SOURCES),
                "lead_source_leads_off_standard": sum(PLANTED_SOURCES.values()),
                "lead_status_values": dict(PLANTED_STATUSES),
                "lead_status_leads_off_lifecycle": sum(PLANTED_STATUSES.values()),
            },
        )
        store.set_meta("manifest", manifest.to_dict())
    if db is not None:
        manifest_path(db).write_text(json.dumps(manifest.to_dict(), indent=2, sort_keys=True))
    return manifest


def stored_manifest(store: MarketoStore) -> Manifest | None:
    data = store.get_meta("manifest")
    return None if data is None else Manifest(**data)
