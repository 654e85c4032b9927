"""The customisations that make Northwind Cloud's portal a real, messy one.

What the RevOps literature says every portal grows, with the exact names the bundled
definitions and the HubSpot provider are written against (the demo scenario):

- contacts: `lead_source` with each source spelled three ways, a duplicate lifecycle field
  `lifecycle_stage_2`, orphaned properties nobody fills (`old_campaign_code`, `fax_number_2`,
  `legacy_region`), and `last_engagement_date` fed by an engagement tool;
- companies: `target_account` (the target-account list) and a hand-kept `account_tier`;
- deals: three competing close-probability fields made by three managers
  (`close_probability`, `win_probability_pct`, `deal_likelihood`);
- the unused "Legacy – Verbal commit" stage lives with the pipeline in `catalog.py`.

What the standard creates (`icp_tier`, `engaged_contacts_30d`, `mqa_date`, `sql_date`, the SLA
properties, `forecast_probability`, `onboarding_kickoff_date`, the `revops_standard` groups,
the renewal pipeline) is deliberately absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .catalog import JSON, options

LEAD_SOURCES: tuple[tuple[str, str], ...] = (
    ("Paid Search", "paid_search"),
    ("PPC", "ppc"),
    ("paid-search", "paid-search"),
    ("Webinar", "webinar"),
    ("Webinars", "webinars"),
    ("Web seminar", "web-seminar"),
    ("Event", "event"),
    ("Events", "events"),
    ("Tradeshow", "tradeshow"),
    ("Organic Search", "organic_search"),
    ("Referral", "referral"),
    ("Outbound", "outbound"),
    ("Partner", "partner"),
    ("Content Syndication", "content_syndication"),
)
"""`lead_source` options as they are in the portal: three spellings of three sources."""

LEAD_SOURCE_CANONICAL: dict[str, str] = {
    "paid_search": "paid_search",
    "ppc": "paid_search",
    "paid-search": "paid_search",
    "webinar": "webinar",
    "webinars": "webinar",
    "web-seminar": "webinar",
    "event": "event",
    "events": "event",
    "tradeshow": "event",
    "organic_search": "organic_search",
    "referral": "referral",
    "outbound": "outbound",
    "partner": "partner",
    "content_syndication": "content_syndication",
}
"""Each live `lead_source` value -> the one value the standard keeps for that source."""

LIFECYCLE_STAGE_2: tuple[tuple[str, str], ...] = (
    ("Lead", "Lead"),
    ("MQL", "MQL"),
    ("SQL", "SQL"),
    ("Opportunity", "Opportunity"),
    ("Customer", "Customer"),
)

ACCOUNT_TIERS: tuple[tuple[str, str], ...] = (
    ("Tier 1", "tier_1"),
    ("Tier 2", "tier_2"),
    ("Tier 3", "tier_3"),
)

ORPHANED_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("old_campaign_code", "fax_number_2", "legacy_region"),
}
"""Custom properties that exist and that no record fills."""

COMPETING_PROBABILITY_FIELDS: tuple[str, ...] = (
    "close_probability",
    "win_probability_pct",
    "deal_likelihood",
)
"""Three managers' close-probability fields (the standard's `forecast_probability` supersedes)."""

_BOOL_OPTIONS = (("Yes", "true"), ("No", "false"))


def _custom(
    name: str,
    label: str,
    type_: str,
    field_type: str,
    group: str,
    *,
    created: str,
    user_id: int,
    description: str = "",
    opts: Sequence[tuple[str, str]] = (),
    **extra: Any,
) -> JSON:
    doc: JSON = {
        "name": name,
        "label": label,
        "type": type_,
        "fieldType": field_type,
        "groupName": group,
        "description": description,
        "options": options(opts),
        "hubspotDefined": False,
        "formField": False,
        "createdAt": created,
        "updatedAt": created,
        "createdUserId": str(user_id),
        "updatedUserId": str(user_id),
    }
    doc.update(extra)
    return doc


# userIds of the people who made each mess (see catalog._PEOPLE order: 9_120_000 + index).
_DANA, _MARCUS, _PRIYA, _SOFIA, _BEN = 9_120_000, 9_120_001, 9_120_002, 9_120_012, 9_120_013


def contact_customs() -> list[JSON]:
    """Custom contact properties."""
    g = "contactinformation"
    return [
        _custom(
            "lead_source",
            "Lead Source",
            "enumeration",
            "select",
            g,
            created="2021-06-02T10:11:00.000Z",
            user_id=_SOFIA,
            description="Where the lead came from. Set by forms, imports and reps.",
            opts=LEAD_SOURCES,
            formField=True,
        ),
        _custom(
            "lifecycle_stage_2",
            "Lifecycle Stage (2)",
            "enumeration",
            "select",
            g,
            created="2022-01-19T08:45:00.000Z",
            user_id=_BEN,
            description="Copy of lifecycle stage for the old Marketo sync. Do not use?",
            opts=LIFECYCLE_STAGE_2,
        ),
        _custom(
            "last_engagement_date",
            "Last engagement date",
            "datetime",
            "date",
            g,
            created="2022-04-04T12:00:00.000Z",
            user_id=_SOFIA,
            description="Most recent email reply, meeting or call, synced by the engagement tool.",
        ),
        _custom(
            "old_campaign_code",
            "Old Campaign Code",
            "string",
            "text",
            g,
            created="2021-04-12T09:00:00.000Z",
            user_id=_BEN,
        ),
        _custom(
            "fax_number_2",
            "Fax Number 2",
            "string",
            "text",
            g,
            created="2021-04-12T09:05:00.000Z",
            user_id=_BEN,
        ),
        _custom(
            "legacy_region",
            "Legacy Region",
            "enumeration",
            "select",
            g,
            created="2021-05-20T15:30:00.000Z",
            user_id=_DANA,
            opts=(("NA", "NA"), ("EMEA", "EMEA"), ("APAC", "APAC"), ("LATAM", "LATAM")),
        ),
    ]


def company_customs() -> list[JSON]:
    """Custom company properties."""
    g = "companyinformation"
    return [
        _custom(
            "target_account",
            "Target Account",
            "bool",
            "booleancheckbox",
            g,
            created="2021-09-01T13:00:00.000Z",
            user_id=_DANA,
            description="On the named target-account list agreed by sales and marketing.",
            opts=_BOOL_OPTIONS,
        ),
        _custom(
            "account_tier",
            "Account Tier (manual)",
            "enumeration",
            "select",
            g,
            created="2021-09-01T13:05:00.000Z",
            user_id=_DANA,
            description="Set by AEs at account planning.",
            opts=ACCOUNT_TIERS,
        ),
    ]


def deal_customs() -> list[JSON]:
    """Custom deal properties: the three competing probability fields."""
    g = "dealinformation"
    return [
        _custom(
            "close_probability",
            "Close Probability",
            "number",
            "number",
            g,
            created="2022-03-07T09:00:00.000Z",
            user_id=_DANA,
            description="Rep's estimate, 0-100. For the weekly forecast call.",
        ),
        _custom(
            "win_probability_pct",
            "Win Probability %",
            "number",
            "number",
            g,
            created="2023-01-16T11:20:00.000Z",
            user_id=_MARCUS,
            description="Enterprise team forecast field.",
            numberDisplayHint="percentage",
        ),
        _custom(
            "deal_likelihood",
            "Deal Likelihood",
            "enumeration",
            "select",
            g,
            created="2023-08-28T16:40:00.000Z",
            user_id=_PRIYA,
            opts=(("Low", "low"), ("Medium", "medium"), ("High", "high"), ("Commit", "commit")),
        ),
    ]


CUSTOM_PROPERTIES = {
    "contacts": contact_customs,
    "companies": company_customs,
    "deals": deal_customs,
}
"""Builders of each object type's custom (portal-made) properties."""

__all__ = [
    "ACCOUNT_TIERS",
    "COMPETING_PROBABILITY_FIELDS",
    "CUSTOM_PROPERTIES",
    "LEAD_SOURCES",
    "LEAD_SOURCE_CANONICAL",
    "LIFECYCLE_STAGE_2",
    "ORPHANED_PROPERTIES",
]
