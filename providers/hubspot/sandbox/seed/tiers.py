"""ICP tier 1 as the bundled definitions state it, and the hand-kept tiers that disagree.

Tier 1 = `target_account` AND `numberofemployees` >= 500 AND `industry` in the B2B software
buyers AND at least 3 associated contacts with `last_engagement_date` in the past 30 days.
The portal has no `icp_tier` yet (the plan creates it); what it has is `account_tier`, set by
AEs at account planning, which the seed fills to agree with the tier the bundled ICP computes
(`icp_tier_of`; empty for a company that is not ICP) except on the planted companies, so the
standard's `icp_tier` `supersedes: [account_tier]` lets audit find exactly those.
`meets_tier_1` and `icp_tier_of` are also what the manifest recounts with.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from .profiles import (
    ENGAGEMENT_WINDOW_DAYS,
    ICP_INDUSTRIES,
    ICP_MIN_EMPLOYEES,
    ICP_MIN_ENGAGED_CONTACTS,
    Profile,
)
from .records import JSON, SeedRecords, iso


def engaged_counts(
    contacts: Iterable[Mapping[str, Any]],
    contact_company: Iterable[tuple[int, int]],
    now: datetime,
) -> dict[int, int]:
    """Company id -> associated contacts engaged within the 30 days before `now`."""
    since = iso(now - timedelta(days=ENGAGEMENT_WINDOW_DAYS))
    until = iso(now)
    engaged = {
        int(c["id"])
        for c in contacts
        if since <= str(c["properties"].get("last_engagement_date") or "") <= until
    }
    out: dict[int, int] = {}
    for contact_id, company_id in contact_company:
        if contact_id in engaged:
            out[company_id] = out.get(company_id, 0) + 1
    return out


def failed_criteria(props: Mapping[str, Any], engaged: int) -> list[str]:
    """The tier-1 criteria a company fails (empty: it is tier 1)."""
    failed = []
    if str(props.get("target_account")).lower() != "true":
        failed.append("target_account")
    if int(props.get("numberofemployees") or 0) < ICP_MIN_EMPLOYEES:
        failed.append("numberofemployees")
    if props.get("industry") not in ICP_INDUSTRIES:
        failed.append("industry")
    if engaged < ICP_MIN_ENGAGED_CONTACTS:
        failed.append("engaged_contacts_30d")
    return failed


def meets_tier_1(props: Mapping[str, Any], engaged: int) -> bool:
    """Whether a company's facts make it ICP tier 1."""
    return not failed_criteria(props, engaged)


_TIER_3_INDUSTRIES = ("COMPUTER_SOFTWARE", "INTERNET")


def icp_tier_of(props: Mapping[str, Any], engaged: int) -> str:
    """The bundled ICP's tier of a company (tiers in order, else `not_icp`)."""
    employees = int(props.get("numberofemployees") or 0)
    industry = props.get("industry")
    target = str(props.get("target_account")).lower() == "true"
    if meets_tier_1(props, engaged):
        return "tier_1"
    if target or (employees >= ICP_MIN_EMPLOYEES and industry in ICP_INDUSTRIES):
        return "tier_2"
    if employees >= 100 and industry in _TIER_3_INDUSTRIES:
        return "tier_3"
    return "not_icp"


def assign_account_tiers(
    rng: random.Random, profile: Profile, now: datetime, records: SeedRecords
) -> None:
    """Fill `account_tier` with the computed tier (none for `not_icp`, which the hand-kept
    field has no option for), except on the planted companies."""
    counts = engaged_counts(records.contacts, records.contact_company, now)
    tier1: list[JSON] = []
    # Near misses fail exactly one criterion: the companies an AE would plausibly call tier 1.
    near_miss: list[JSON] = []
    others: list[JSON] = []
    for company in records.companies:
        failed = failed_criteria(company["properties"], counts.get(int(company["id"]), 0))
        if not failed:
            tier1.append(company)
        elif len(failed) == 1:
            near_miss.append(company)
        else:
            others.append(company)
    if len(tier1) < profile.tier1_unlabelled or len(near_miss) < profile.tier1_wrongly_labelled:
        raise ValueError(
            f"profile {profile.name}: {len(tier1)} tier-1 and {len(near_miss)} near-miss "
            "companies, too few to plant mis-tiering"
        )
    unlabelled = rng.sample(tier1, profile.tier1_unlabelled)
    wrongly = rng.sample(near_miss, profile.tier1_wrongly_labelled)
    for company in tier1:
        company["properties"]["account_tier"] = "tier_1"
    for company in near_miss + others:
        # One draw per company as before, so the planted picks below stay the same companies.
        rng.random()
        tier = icp_tier_of(company["properties"], counts.get(int(company["id"]), 0))
        company["properties"]["account_tier"] = None if tier == "not_icp" else tier
    for company in unlabelled:
        company["properties"]["account_tier"] = rng.choice(("tier_2", None))
    for company in wrongly:
        company["properties"]["account_tier"] = "tier_1"
    records.planted["tier1_unlabelled"] = sorted(int(c["id"]) for c in unlabelled)
    records.planted["tier1_wrongly_labelled"] = sorted(int(c["id"]) for c in wrongly)
    # Drop None values now so records match what the store keeps.
    for company in records.companies:
        if company["properties"].get("account_tier") is None:
            company["properties"].pop("account_tier", None)


__all__ = [
    "assign_account_tiers",
    "engaged_counts",
    "failed_criteria",
    "icp_tier_of",
    "meets_tier_1",
]
