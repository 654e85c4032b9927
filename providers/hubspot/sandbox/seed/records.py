"""Companies and contacts of the seeded portal, with realistic distributions and planted mess.

Everything is drawn from one `random.Random(seed)` in a fixed order, relative to a reference
time `now`, so a seed and a reference time give the same portal. Records are dicts in the
shape `HubSpotStore.insert_objects` takes, with explicit ids so associations can be built
before anything is written. Deals are in `deals.py`; which records break which rule is decided
here and in `deals.py` on purpose, and recounted independently by `manifest.evaluate`.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from .calendar import (
    TIMEZONE,
    add_business_days,
    is_business_day,
    previous_business_day,
    weekday_holidays_before,
)
from .mess import LEAD_SOURCE_CANONICAL, LIFECYCLE_STAGE_2
from .profiles import (
    ICP_INDUSTRIES,
    ICP_MIN_EMPLOYEES,
    OLD_ENGAGEMENT_DAYS,
    RECENT_ENGAGEMENT_DAYS,
    SLA_BUSINESS_DAYS,
    SLA_FIRST_TOUCH_PROPERTY,
    SLA_START_PROPERTY,
    Profile,
)
from .standard_props import INDUSTRIES

JSON = dict[str, Any]

COMPANY_ID_BASE = 20_000_000_000
CONTACT_ID_BASE = 30_000_000_000
DEAL_ID_BASE = 40_000_000_000
"""Record ids are explicit (HubSpot ids are large numbers) so associations need no lookup."""


def iso(moment: datetime) -> str:
    """HubSpot's timestamp format: UTC, milliseconds, `Z`."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class SeedRecords:
    """The generated records and associations, plus which ids were planted as violations."""

    companies: list[JSON] = field(default_factory=list)
    """Company records (`{"id", "properties", "createdAt", "updatedAt"}`)."""
    contacts: list[JSON] = field(default_factory=list)
    """Contact records."""
    deals: list[JSON] = field(default_factory=list)
    """Deal records."""
    contact_company: list[tuple[int, int]] = field(default_factory=list)
    """(contact id, company id): each contact's primary company."""
    deal_company: list[tuple[int, int]] = field(default_factory=list)
    """(deal id, company id): each deal's primary company."""
    deal_contact: list[tuple[int, int]] = field(default_factory=list)
    """(deal id, contact id)."""
    planted: dict[str, list[int]] = field(default_factory=dict)
    """Violation kind -> ids of the records planted to break it."""


_NAME_A = (
    "Blue", "North", "Bright", "Iron", "Silver", "Cedar", "Summit", "Harbor", "Granite", "Pine",
    "Vector", "Nimbus", "Quantum", "Atlas", "Lumen", "Beacon", "Apex", "Delta", "Orbit", "Keystone",
)  # fmt: skip
_NAME_B = (
    "peak", "field", "stone", "wave", "bridge", "forge", "line", "path", "point", "works",
    "gate", "labs", "logic", "cloud", "scale", "data", "flow", "grid", "sphere", "mark",
)  # fmt: skip
_NAME_C = ("Inc.", "LLC", "Group", "Systems", "Technologies", "Partners", "Corp.", "Software")
_FIRST = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Carlos", "Mei", "Arjun", "Fatima", "Lukas", "Yuki", "Olivia", "Ethan", "Amara", "Diego",
)  # fmt: skip
_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Moore", "Chen", "Patel",
    "Nguyen", "Kowalski", "Müller", "Okafor", "Silva", "Tanaka", "Novak", "Haddad",
)  # fmt: skip
_TITLES = (
    "VP of Sales", "Director of Marketing", "RevOps Manager", "CFO", "CTO", "Head of IT",
    "Sales Operations Analyst", "Account Executive", "Marketing Manager", "CEO", "COO",
    "Demand Generation Manager", "Procurement Lead", "Data Engineer",
)  # fmt: skip
_PLACES = (
    ("Boston", "MA"), ("New York", "NY"), ("Austin", "TX"), ("Chicago", "IL"), ("Denver", "CO"),
    ("Seattle", "WA"), ("Atlanta", "GA"), ("San Francisco", "CA"), ("Raleigh", "NC"),
    ("Toronto", "ON"), ("London", ""), ("Berlin", ""),
)  # fmt: skip
_LIFECYCLE_WEIGHTS = (
    ("subscriber", 10), ("lead", 44), ("marketingqualifiedlead", 10),
    ("salesqualifiedlead", 8), ("opportunity", 8), ("customer", 18),
    ("evangelist", 1), ("other", 1),
)  # fmt: skip
_SOURCE_WEIGHTS = (
    ("paid_search", 22), ("webinar", 16), ("event", 12), ("organic_search", 20),
    ("referral", 10), ("outbound", 12), ("partner", 5), ("content_syndication", 3),
)  # fmt: skip
_STAGE_2 = {"lead": "Lead", "marketingqualifiedlead": "MQL", "salesqualifiedlead": "SQL"}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _employees(rng: random.Random) -> int:
    # Long tail: most companies are small, a few are very large (log-normal, median ~150).
    return max(2, min(250_000, int(rng.lognormvariate(5.0, 1.4))))


def make_companies(
    rng: random.Random, profile: Profile, now: datetime, owners: dict[str, list[str]]
) -> list[JSON]:
    """Companies with names, domains, industries, sizes, revenue and target-list membership."""
    icp = set(ICP_INDUSTRIES)
    industries = [value for _, value in INDUSTRIES]
    other_industries = [v for v in industries if v not in icp]
    seen: set[str] = set()
    out: list[JSON] = []
    for i in range(profile.companies):
        name = f"{rng.choice(_NAME_A)}{rng.choice(_NAME_B)} {rng.choice(_NAME_C)}"
        stem = name.split()[0].lower()
        if stem in seen:
            stem = f"{stem}{i}"
        seen.add(stem)
        industry = (
            rng.choice(ICP_INDUSTRIES) if rng.random() < 0.45 else rng.choice(other_industries)
        )
        employees = _employees(rng)
        fits = industry in icp and employees >= ICP_MIN_EMPLOYEES
        target = rng.random() < (0.6 if fits else 0.08)
        city, state = rng.choice(_PLACES)
        created = now - timedelta(days=rng.uniform(30, 1500), minutes=rng.randrange(1440))
        props: JSON = {
            "name": name,
            "domain": f"{stem}.example.com",
            "website": f"https://www.{stem}.example.com",
            "industry": industry,
            "numberofemployees": employees,
            "annualrevenue": employees * rng.randrange(80_000, 260_000, 1000),
            "city": city,
            "state": state,
            "country": "United States" if state and len(state) == 2 else "Other",
            "type": "PROSPECT",
            "lifecyclestage": "lead",
            "hubspot_owner_id": rng.choice(owners["ae"]),
            "founded_year": str(rng.randrange(1975, 2022)),
            "target_account": target if rng.random() < 0.9 or target else None,
        }
        out.append(
            {
                "id": COMPANY_ID_BASE + i + 1,
                "properties": props,
                "createdAt": iso(created),
                "updatedAt": iso(created + (now - created) * rng.random()),
            }
        )
    return out


def _mqa_moment(rng: random.Random, now: datetime, min_days: float, max_days: float) -> datetime:
    """A New York business-hours moment between `min_days` and `max_days` before `now`."""
    moment = now - timedelta(days=rng.uniform(min_days, max_days))
    local = moment.astimezone(TIMEZONE)
    return local.replace(hour=rng.randrange(8, 18), minute=rng.randrange(60), second=0)


def make_contacts(
    rng: random.Random,
    profile: Profile,
    now: datetime,
    owners: dict[str, list[str]],
    records: SeedRecords,
) -> None:
    """Contacts with companies, lifecycle stages and dates, owners, sources and engagement;
    plants the late MQA follow-ups and the non-standard `lead_source` spellings."""
    companies = records.companies
    # Bigger companies have more contacts in the CRM.
    cumulative = list(
        itertools.accumulate(len(str(c["properties"]["numberofemployees"])) ** 2 for c in companies)
    )
    company_ids = [int(c["id"]) for c in companies]
    names = {int(c["id"]): c["properties"]["name"] for c in companies}
    domains = {int(c["id"]): c["properties"]["domain"] for c in companies}
    for i in range(profile.contacts):
        contact_id = CONTACT_ID_BASE + i + 1
        company_id = (
            rng.choices(company_ids, cum_weights=cumulative)[0] if rng.random() > 0.04 else None
        )
        stage = _pick(rng, _LIFECYCLE_WEIGHTS)
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        domain = domains[company_id] if company_id else "mail.example.net"
        city, state = rng.choice(_PLACES)
        props: JSON = {
            "firstname": first,
            "lastname": last,
            "email": f"{first}.{last}.{i}@{domain}".lower(),
            "jobtitle": rng.choice(_TITLES),
            "phone": f"+1 617 555 {rng.randrange(10_000):04d}",
            "city": city,
            "state": state,
            "lifecyclestage": stage,
            "lead_source": _pick(rng, _SOURCE_WEIGHTS) if rng.random() < 0.9 else None,
            "hs_analytics_source": rng.choice(("ORGANIC_SEARCH", "PAID_SEARCH", "DIRECT_TRAFFIC")),
        }
        if company_id:
            props["company"] = names[company_id]
            props["associatedcompanyid"] = company_id
            records.contact_company.append((contact_id, company_id))
        created = _lifecycle(rng, now, stage, props)
        _owner_and_status(rng, stage, props, owners)
        recent = rng.random()
        if recent < 0.35:
            engaged = now - timedelta(days=rng.uniform(*RECENT_ENGAGEMENT_DAYS))
        elif recent < 0.75:
            engaged = now - timedelta(days=rng.uniform(*OLD_ENGAGEMENT_DAYS))
        else:
            engaged = None
        if engaged is not None:
            created = min(created, engaged - timedelta(days=1))
            props["last_engagement_date"] = iso(engaged)
            props["notes_last_updated"] = iso(engaged)
        if rng.random() < 0.12:
            props["lifecycle_stage_2"] = _STAGE_2.get(stage, rng.choice(LIFECYCLE_STAGE_2)[1])
        props["createdate"] = iso(created)
        records.contacts.append(
            {
                "id": contact_id,
                "properties": props,
                "createdAt": iso(created),
                "updatedAt": iso(max(created, now - timedelta(days=rng.uniform(0, 30)))),
            }
        )
    _plant_mqa_followups(rng, profile, now, records)
    _plant_lead_sources(rng, profile, records)


def _lifecycle(rng: random.Random, now: datetime, stage: str, props: JSON) -> datetime:
    """Lifecycle dates up to `stage`; every MQA-or-later contact gets an on-time first touch
    (planting may replace it). Returns the creation time."""
    order = ("marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer")
    if stage not in order and stage != "evangelist":
        created = now - timedelta(days=rng.uniform(2, 900))
        props[f"hs_lifecyclestage_{'subscriber' if stage == 'subscriber' else 'lead'}_date"] = iso(
            created
        )
        return created
    reached = order[: order.index(stage) + 1] if stage in order else order
    spans = [rng.uniform(3, 40) for _ in reached[1:]]
    oldest = 70.0 if stage == "marketingqualifiedlead" else 700.0
    mqa = _mqa_moment(rng, now, sum(spans) + 2, sum(spans) + oldest)
    created = mqa - timedelta(days=rng.uniform(0, 200))
    props["hs_lifecyclestage_lead_date"] = iso(created)
    props[SLA_START_PROPERTY] = iso(mqa)
    touch = mqa + timedelta(hours=rng.uniform(0.5, 20))
    props[SLA_FIRST_TOUCH_PROPERTY] = iso(touch)
    props["notes_last_contacted"] = iso(touch)
    moment = mqa
    for name, span in zip(reached[1:], spans, strict=True):
        moment = max(moment + timedelta(days=span), touch + timedelta(hours=1))
        props[f"hs_lifecyclestage_{name}_date"] = iso(moment)
    if stage == "evangelist":
        props["hs_lifecyclestage_evangelist_date"] = iso(moment + timedelta(days=1))
    return created


def _owner_and_status(
    rng: random.Random, stage: str, props: JSON, owners: dict[str, list[str]]
) -> None:
    if stage in ("subscriber", "lead"):
        if rng.random() < 0.7:
            props["hubspot_owner_id"] = rng.choice(owners["sdr"])
        props["hs_lead_status"] = rng.choice(("NEW", "OPEN", "ATTEMPTED_TO_CONTACT", "UNQUALIFIED"))
    elif stage == "marketingqualifiedlead":
        props["hubspot_owner_id"] = rng.choice(owners["sdr"])
        props["hs_lead_status"] = rng.choice(("ATTEMPTED_TO_CONTACT", "CONNECTED"))
    elif stage in ("salesqualifiedlead", "opportunity"):
        props["hubspot_owner_id"] = rng.choice(owners["ae"])
        props["hs_lead_status"] = rng.choice(("CONNECTED", "OPEN_DEAL"))
    elif stage in ("customer", "evangelist"):
        props["hubspot_owner_id"] = rng.choice(owners["csm"])


def _plant_mqa_followups(
    rng: random.Random, profile: Profile, now: datetime, records: SeedRecords
) -> None:
    """Rewrite the timings of some current MQAs so they break (or only just keep) the SLA."""
    mqas = [
        c for c in records.contacts if c["properties"]["lifecyclestage"] == "marketingqualifiedlead"
    ]
    wanted = (
        profile.mqa_late
        + profile.mqa_never_touched
        + profile.mqa_pending
        + profile.mqa_holiday_edge
    )
    if len(mqas) < wanted:
        raise ValueError(f"profile {profile.name}: {len(mqas)} MQAs, cannot plant {wanted}")
    chosen = rng.sample(mqas, wanted)
    late = chosen[: profile.mqa_late]
    never = chosen[profile.mqa_late : profile.mqa_late + profile.mqa_never_touched]
    rest = chosen[profile.mqa_late + profile.mqa_never_touched :]
    pending, edge = rest[: profile.mqa_pending], rest[profile.mqa_pending :]
    for contact in late:
        props = contact["properties"]
        mqa = _mqa_moment(rng, now, 16, 60)
        due = add_business_days(mqa, SLA_BUSINESS_DAYS)
        # On a business day after the deadline's day, in a New York working hour, so late by
        # any reading of the deadline; at most ~12 days after the MQA, so in the past.
        day = (due + timedelta(days=rng.uniform(0, 5))).date() + timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
        touch = datetime.combine(day, time(rng.randrange(9, 17), rng.randrange(60)), TIMEZONE)
        _set_mqa(props, mqa, touch)
    for contact in never:
        _set_mqa(contact["properties"], _mqa_moment(rng, now, 8, 60), None)
    for contact in pending:
        _set_mqa(contact["properties"], now - timedelta(hours=rng.uniform(1, 3)), None)
    holidays = weekday_holidays_before((now - timedelta(days=10)).date(), len(edge))
    for contact, holiday in zip(edge, holidays, strict=True):
        start = previous_business_day(holiday)
        mqa = datetime(start.year, start.month, start.day, 10, 0, tzinfo=TIMEZONE)
        # One hour before the holiday-aware deadline: late if the holiday were a workday.
        _set_mqa(
            contact["properties"],
            mqa,
            add_business_days(mqa, SLA_BUSINESS_DAYS) - timedelta(hours=1),
        )
    for contact in chosen:
        contact["createdAt"] = min(
            contact["createdAt"], contact["properties"]["hs_lifecyclestage_lead_date"]
        )
        contact["properties"]["createdate"] = contact["createdAt"]
    records.planted["mqa_late"] = [int(c["id"]) for c in late]
    records.planted["mqa_never_touched"] = [int(c["id"]) for c in never]
    records.planted["mqa_pending"] = [int(c["id"]) for c in pending]
    records.planted["mqa_holiday_edge"] = [int(c["id"]) for c in edge]


def _set_mqa(props: JSON, mqa: datetime, touch: datetime | None) -> None:
    props[SLA_START_PROPERTY] = iso(mqa)
    props["hs_lifecyclestage_lead_date"] = iso(mqa - timedelta(days=3))
    for name in (SLA_FIRST_TOUCH_PROPERTY, "notes_last_contacted"):
        if touch is None:
            props.pop(name, None)
        else:
            props[name] = iso(touch)
    props["hs_lead_status"] = "NEW" if touch is None else "ATTEMPTED_TO_CONTACT"


def _plant_lead_sources(rng: random.Random, profile: Profile, records: SeedRecords) -> None:
    """Respell the lead source of exactly `non_standard_lead_sources` contacts."""
    variants: dict[str, list[str]] = {}
    for value, canonical in LEAD_SOURCE_CANONICAL.items():
        if value != canonical:
            variants.setdefault(canonical, []).append(value)
    candidates = [c for c in records.contacts if c["properties"].get("lead_source") in variants]
    chosen = rng.sample(candidates, profile.non_standard_lead_sources)
    for contact in chosen:
        props = contact["properties"]
        props["lead_source"] = rng.choice(variants[props["lead_source"]])
    records.planted["non_standard_lead_sources"] = sorted(int(c["id"]) for c in chosen)


__all__ = [
    "COMPANY_ID_BASE",
    "CONTACT_ID_BASE",
    "DEAL_ID_BASE",
    "SeedRecords",
    "iso",
    "make_companies",
    "make_contacts",
]
