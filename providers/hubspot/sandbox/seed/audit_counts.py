"""What `revops audit` must report on the seeded portal, recounted from the generated records.

The manifest's `audit` section: the findings of every kind the audit measures with the
bundled definitions, at the seed's reference time, counted here from the records with the
seed's own reading of the rules (`profiles.py`), independently of the audit's code, so a
test comparing the two checks both. Counts are for the portal as seeded: before `apply`
creates the standard's fields (`icp_tier`, `mqa_date`, the SLA fields) and before
`audit --sync` fills them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from .calendar import add_business_days
from .deals import PATH_ORDER, stage_rank
from .manifest import mqa_timing
from .mess import LEAD_SOURCE_CANONICAL
from .profiles import (
    AUDIT_WINDOW_DAYS,
    DEFINITION_EXIT_CRITERIA,
    EVALUATION_MIN_AMOUNT,
    STAGE_KEYS,
    STAGE_MAX_DAYS,
)
from .records import SeedRecords
from .tiers import engaged_counts, icp_tier_of, meets_tier_1

LIFECYCLE_KEYS = {
    "subscriber": "subscriber", "lead": "lead", "marketingqualifiedlead": "mqa",
    "salesqualifiedlead": "sql", "opportunity": "opportunity", "customer": "customer",
    "evangelist": "evangelist", "other": "other",
}  # fmt: skip
"""HubSpot's lifecycle values -> the bundled lifecycle's stage keys."""
_FROM_MQA = ("marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
             "evangelist")  # fmt: skip
_FROM_DEMO = ("qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent",
              "closedwon")  # fmt: skip


def _accounts(records: SeedRecords, now: datetime) -> dict[str, Any]:
    """ICP tiers computed, lifecycle entry criteria, field standards."""
    engaged = engaged_counts(records.contacts, records.contact_company, now)
    companies = {int(c["id"]): c["properties"] for c in records.companies}
    computed = {i: icp_tier_of(p, engaged.get(i, 0)) for i, p in companies.items()}
    tiers = Counter(computed.values())
    # The hand-kept tier `icp_tier` supersedes: an empty value agrees only with `not_icp`.
    hand_kept = {i: p.get("account_tier") or "not_icp" for i, p in companies.items()}
    company_of = dict(records.contact_company)
    stage_of = {int(d["id"]): d["properties"]["dealstage"] for d in records.deals}
    deals: Counter[int] = Counter()
    won: Counter[int] = Counter()
    for deal_id, contact_id in records.deal_contact:
        deals[contact_id] += 1
        won[contact_id] += stage_of[deal_id] == "closedwon"
    failing: Counter[str] = Counter({k: 0 for k in LIFECYCLE_KEYS.values()})
    funnel: Counter[str] = Counter({k: 0 for k in LIFECYCLE_KEYS.values()})
    lead_source_missing = 0
    for contact in records.contacts:
        cid = int(contact["id"])
        props = contact["properties"]
        stage = str(props["lifecyclestage"])
        funnel[LIFECYCLE_KEYS[stage]] += 1
        source = props.get("lead_source")
        company = company_of.get(cid)
        ok = {
            "lead": not _empty(props.get("email")) and not _empty(source),
            "marketingqualifiedlead": company is not None
            and meets_tier_1(companies[company], engaged.get(company, 0)),
            "salesqualifiedlead": not _empty(props.get("hubspot_owner_id"))
            and not _empty(props.get("hs_sa_first_engagement_date")),
            "opportunity": deals[cid] >= 1,
            "customer": won[cid] >= 1,
            "evangelist": won[cid] >= 1 and source == "referral",
        }.get(stage, True)
        failing[LIFECYCLE_KEYS[stage]] += not ok
        lead_source_missing += stage in _FROM_MQA and _empty(source)
    invalid = sum(
        1
        for c in records.contacts
        if not _empty(c["properties"].get("lead_source"))
        and LEAD_SOURCE_CANONICAL.get(str(c["properties"]["lead_source"]))
        != c["properties"]["lead_source"]
    )
    superseded_deals = sum(
        not _empty(d["properties"].get(name))
        for d in records.deals
        for name in ("close_probability", "win_probability_pct", "deal_likelihood")
    )
    amount_missing = sum(
        d["properties"]["dealstage"] in _FROM_DEMO and _empty(d["properties"].get("amount"))
        for d in records.deals
    )
    return {
        "icp_northwind": {
            "companies": len(companies),
            "computed_tiers": {
                k: tiers.get(k, 0) for k in ("tier_1", "tier_2", "tier_3", "not_icp")
            },
            "tier_field_live": False,
            "superseded_tier_mismatches": {
                "account_tier": sum(hand_kept[i] != t for i, t in computed.items())
            },
        },
        "lifecycle_buyer_journey": {
            "funnel": dict(funnel),
            "missing_entry_criteria_by_stage": dict(failing),
            "missing_entry_criteria": sum(failing.values()),
        },
        "field_standard_contact": {
            "values_outside_options": invalid,
            "superseded_values": sum(
                not _empty(c["properties"].get("lifecycle_stage_2")) for c in records.contacts
            ),
            "required_missing": lead_source_missing,
        },
        "field_standard_deal": {
            "values_outside_options": 0,
            "superseded_values": superseded_deals,
            "required_missing": amount_missing,
        },
        "field_standard_company": {
            "values_outside_options": 0,
            "superseded_values": sum(
                not _empty(c["properties"].get("account_tier")) for c in records.companies
            ),
            "required_missing": 0,
        },
    }


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _empty(value: Any) -> bool:
    return value in (None, "")


def _exit_failures(props: dict[str, Any]) -> list[str]:
    """The definition stages (keys) a deal has left without their exit criteria."""
    rank = stage_rank(str(props["dealstage"]))
    failed = []
    for stage_id, required in DEFINITION_EXIT_CRITERIA:
        if rank <= stage_rank(stage_id):
            continue
        if required is None:
            # Evaluation: company icp_tier in (tier_1, tier_2) or amount >= 50,000. The
            # portal has no icp_tier until apply creates it, so only the amount counts.
            amount = props.get("amount")
            if amount is None or amount == "" or float(amount) < EVALUATION_MIN_AMOUNT:
                failed.append(STAGE_KEYS[stage_id])
        elif any(_empty(props.get(p)) for p in required):
            failed.append(STAGE_KEYS[stage_id])
    return failed


def audit_counts(records: SeedRecords, now: datetime) -> dict[str, Any]:
    """The `audit` section of the manifest."""
    since = now - timedelta(days=AUDIT_WINDOW_DAYS)
    exit_by_stage: Counter[str] = Counter({STAGE_KEYS[s]: 0 for s, _ in DEFINITION_EXIT_CRITERIA})
    overdue: Counter[str] = Counter({STAGE_KEYS[s]: 0 for s in STAGE_MAX_DAYS})
    violating = checked = 0
    won_all = won_window = kickoff_overdue = 0
    for deal in records.deals:
        props = deal["properties"]
        stage = str(props["dealstage"])
        failures = _exit_failures(props)
        exit_by_stage.update(failures)
        violating += bool(failures)
        checked += stage_rank(stage) > stage_rank(DEFINITION_EXIT_CRITERIA[0][0])
        if stage in STAGE_MAX_DAYS:
            entered = _parse(props[f"hs_v2_date_entered_{stage}"])
            if (now - entered) / timedelta(days=1) > STAGE_MAX_DAYS[stage]:
                overdue[STAGE_KEYS[stage]] += 1
        if stage == "closedwon":
            won_all += 1
            won_at = _parse(props["hs_v2_date_entered_closedwon"])
            won_window += won_at >= since
            # The seed's reading of "5 business days" (same New York wall-clock time, US
            # holidays skipped); no seeded deal falls where another reading would differ.
            kickoff_overdue += won_at >= since and add_business_days(won_at, 5) < now
    return {
        **_accounts(records, now),
        "window_days": AUDIT_WINDOW_DAYS,
        "sla_mqa_first_touch": {
            "all_time": mqa_timing(records, now),
            "window": mqa_timing(records, now, since=since),
        },
        "sla_onboarding_kickoff": {
            # Measured from onboarding_kickoff_date, which `apply` creates: nobody has
            # entered a kickoff yet, so each closed-won deal is breached once due, else pending.
            "measurable": "after apply",
            "closed_won_all_time": won_all,
            "closed_won_window": won_window,
            "window_after_apply": {
                "breached_no_action": kickoff_overdue,
                "pending": won_window - kickoff_overdue,
            },
        },
        "pipeline_new_business": {
            "deals": len(records.deals),
            "checked_for_exit_criteria": checked,
            "deals_missing_exit_criteria": violating,
            "exit_criteria_by_stage": dict(exit_by_stage),
            "overdue_by_stage": dict(overdue),
            "overdue": sum(overdue.values()),
        },
    }


__all__ = ["LIFECYCLE_KEYS", "PATH_ORDER", "audit_counts"]
