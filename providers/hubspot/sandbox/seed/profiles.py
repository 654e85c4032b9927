"""Seed profiles (how big the portal is) and the audit rules the planted violations break.

A profile fixes the record volumes and exactly how many violations of each kind are planted;
`SeedManifest` reports the same numbers, recomputed from the generated records. The rules
below are the seed's reading of the bundled definitions (demo scenario): the audit that
consumes the portal should use the same fields, and the manifest repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass

from revops_as_code.errors import UsageError


@dataclass(frozen=True)
class Profile:
    """Volumes and planted-violation counts for one seed size."""

    name: str
    """`small` or `large`."""
    companies: int
    """Company records."""
    contacts: int
    """Contact records (about 4% have no company)."""
    deals: int
    """Deal records, all in the `default` pipeline."""
    mqa_late: int
    """MQAs first touched after the 2-business-day window."""
    mqa_never_touched: int
    """MQAs never touched although their window has passed."""
    mqa_pending: int
    """MQAs untouched whose window is still open at seed time (breaches later)."""
    mqa_holiday_edge: int
    """MQAs touched on time only because a US holiday fell inside the window."""
    deals_missing: tuple[int, int, int]
    """Deals past each exit-criteria stage of `EXIT_CRITERIA` (in order) lacking its field."""
    tier1_unlabelled: int
    """Companies meeting tier 1 whose hand-kept `account_tier` is not tier_1."""
    tier1_wrongly_labelled: int
    """Companies labelled tier_1 in `account_tier` that fail a tier-1 criterion."""
    non_standard_lead_sources: int
    """Contacts whose `lead_source` holds a spelling the standard drops."""


PROFILES: dict[str, Profile] = {
    "small": Profile(
        name="small",
        companies=300,
        contacts=2_000,
        deals=400,
        mqa_late=12,
        mqa_never_touched=7,
        mqa_pending=3,
        mqa_holiday_edge=3,
        deals_missing=(6, 5, 4),
        tier1_unlabelled=3,
        tier1_wrongly_labelled=4,
        non_standard_lead_sources=260,
    ),
    "large": Profile(
        name="large",
        companies=15_000,
        contacts=100_000,
        deals=20_000,
        mqa_late=600,
        mqa_never_touched=350,
        mqa_pending=40,
        mqa_holiday_edge=60,
        deals_missing=(300, 250, 200),
        tier1_unlabelled=60,
        tier1_wrongly_labelled=80,
        non_standard_lead_sources=13_000,
    ),
}
"""The seed sizes `revops sandbox seed --profile` accepts."""


def get_profile(name: str) -> Profile:
    """The named profile, or a `UsageError` listing the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(
            f"unknown seed profile {name!r}", hint=f"one of: {', '.join(PROFILES)}"
        ) from None


# -- the rules the violations break ----------------------------------------------------------

SLA_START_PROPERTY = "hs_lifecyclestage_marketingqualifiedlead_date"
"""When a contact became an MQA (HubSpot's lifecycle date; `mqa_date` does not exist yet)."""
SLA_FIRST_TOUCH_PROPERTY = "hs_sa_first_engagement_date"
"""When sales first engaged the contact."""
SLA_BUSINESS_DAYS = 2
"""The MQA follow-up window, in business days (America/New_York, US holidays)."""

EXIT_CRITERIA: tuple[tuple[str, str], ...] = (
    ("appointmentscheduled", "amount"),
    ("qualifiedtobuy", "hs_next_step"),
    ("decisionmakerboughtin", "dealtype"),
)
"""`(stage id, required deal property)`: a deal past the stage (a later open stage or
closed won) must have the property. Closed-lost deals are never planted as violations."""

ICP_INDUSTRIES: tuple[str, ...] = (
    "COMPUTER_SOFTWARE",
    "INFORMATION_TECHNOLOGY_AND_SERVICES",
    "INTERNET",
    "COMPUTER_NETWORK_SECURITY",
)
"""`industry` values counted as B2B software buyers for tier 1."""
ICP_MIN_EMPLOYEES = 500
"""Tier 1 needs at least this many employees (`numberofemployees`)."""
ICP_MIN_ENGAGED_CONTACTS = 3
"""Tier 1 needs at least this many associated contacts engaged in the last 30 days."""
ENGAGEMENT_WINDOW_DAYS = 30
"""The window of the `engaged_contacts_30d` fact (over `last_engagement_date`)."""
RECENT_ENGAGEMENT_DAYS = (1, 20)
"""Recent engagements are planted this many days before the reference time..."""
OLD_ENGAGEMENT_DAYS = (45, 400)
"""...and old ones this many, so the 30-day count holds for ~10 days after seeding."""

AUDIT_WINDOW_DAYS = 30
"""`revops audit`'s default SLA window (`--since 30d`), which the manifest's counts use."""
STAGE_KEYS: dict[str, str] = {
    "appointmentscheduled": "discovery",
    "qualifiedtobuy": "demo",
    "presentationscheduled": "evaluation",
    "decisionmakerboughtin": "decision",
    "contractsent": "contract_sent",
    "closedwon": "closed_won",
    "closedlost": "closed_lost",
}
"""The `default` pipeline's stage ids -> the bundled `new_business` definition's keys."""
DEFINITION_EXIT_CRITERIA: tuple[tuple[str, tuple[str, ...] | None], ...] = (
    ("appointmentscheduled", ("amount", "closedate")),
    ("qualifiedtobuy", ("hs_next_step",)),
    ("presentationscheduled", None),
    ("decisionmakerboughtin", ("dealtype",)),
)
"""The bundled pipeline's exit criteria: required deal properties per stage; `None` is the
evaluation stage's condition (company tier 1 or 2, or `amount` >= `EVALUATION_MIN_AMOUNT`)."""
EVALUATION_MIN_AMOUNT = 50_000
STAGE_MAX_DAYS: dict[str, int] = {
    "appointmentscheduled": 21,
    "qualifiedtobuy": 30,
    "presentationscheduled": 45,
    "decisionmakerboughtin": 30,
    "contractsent": 21,
}
"""The bundled pipeline's `max_days_in_stage` per stage id; deals in a stage longer than
this (at the reference time) are overdue. Days in the current stage are drawn from 0.5 to
40, so every stage but evaluation has overdue deals."""

__all__ = [
    "AUDIT_WINDOW_DAYS",
    "DEFINITION_EXIT_CRITERIA",
    "ENGAGEMENT_WINDOW_DAYS",
    "EVALUATION_MIN_AMOUNT",
    "EXIT_CRITERIA",
    "ICP_INDUSTRIES",
    "ICP_MIN_EMPLOYEES",
    "ICP_MIN_ENGAGED_CONTACTS",
    "OLD_ENGAGEMENT_DAYS",
    "PROFILES",
    "RECENT_ENGAGEMENT_DAYS",
    "SLA_BUSINESS_DAYS",
    "SLA_FIRST_TOUCH_PROPERTY",
    "SLA_START_PROPERTY",
    "STAGE_KEYS",
    "STAGE_MAX_DAYS",
    "Profile",
    "get_profile",
]
