"""The seeded org: Northwind Cloud's real, messy Salesforce org as plain data (`Org`).

`build_org(seed=7, now=None, profile="messy")` is deterministic for a (seed, now, profile);
`now` defaults to today's midnight UTC, so builds on one day agree. Profiles:

- `empty`: what a new org has - users, the standard fields of Lead, Contact, Account,
  Opportunity, Case and User, the standard value sets with Salesforce's defaults; no custom
  fields, validation rules, business processes, record types or records.
- `messy`: the same plus years of hand-made history (seed_custom.py) and records with planted
  violations (seed_records.py). The planted facts, exactly, for every seed:

  - 250 opportunities: Prospecting 20, Qualification 18, Discovery 26, Demo 48, Needs Analysis
    12, Value Proposition 10, Id. Decision Makers 8, Perception Analysis 0 (a stage nobody
    uses; so is the inactive Verbal Commit), Proposal/Price Quote 14, Negotiation/Review 11,
    Closed Won 45, Closed Lost 38;
  - 9 open opportunities past Demo without an Amount, 4 Closed Won without one; 17 open ones
    whose CloseDate has passed; 6 open ones owned by Tom Becker, who left (inactive user);
    3 without an account;
  - lead sources spelled three ways: leads "Paid Search" 37, "PPC" 23, "paid-search" 11;
    contacts 20, 12, 5;
  - ICP tier spelled three ways on accounts: "Tier 1" 14, "Tier1" 6, "T1" 4 (and "Tier 2" 20);
    18 target accounts; 7 contacts without an account; 40 converted leads;
  - the competing probability fields filled on 80 (Close_Probability__c), 40
    (Win_Probability_Pct__c) and 30 (Deal_Likelihood__c) opportunities.

  120 accounts, 300 contacts, 400 leads, 60 cases. No validation rules, business processes or
  record types: opportunities use the Master record type (RecordTypeId null).

`Org.manifest` states all of this with numbers recounted from the records (so a test can hold
the manifest, the planted constants and a SOQL recount against each other), plus the users by
name and which custom fields match, differ from or are superseded by the bundled definitions.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from .org import Org
from .seed_custom import (
    DIFFERING,
    ICP_TIER_SPELLINGS,
    INACTIVE_REP,
    MATCHING,
    ORPHANED,
    PAID_SEARCH_SPELLINGS,
    REPS,
    RETYPED,
    SUPERSEDED,
    VALUE_SET_HISTORY,
    custom_fields,
    messy_value_sets,
    users,
    value_set_meta,
)
from .seed_deals import cases, opportunities
from .seed_records import PAST_DEMO, PLANTED, STAGE_COUNTS, Clock, accounts, contacts, leads
from .seed_standard import default_value_sets, standard_fields

PROFILES = ("messy", "empty")


def build_org(seed: int = 7, now: datetime | None = None, profile: str = "messy") -> Org:
    if profile not in PROFILES:
        raise ValueError(f"unknown seed profile {profile!r}: use one of {', '.join(PROFILES)}")
    moment = now or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    moment = moment.astimezone(UTC)
    people = users()
    by_name = {u["Name"]: u["Id"] for u in people}
    messy = profile == "messy"
    fields = standard_fields()
    value_sets = messy_value_sets() if messy else default_value_sets()
    org = Org(
        users=people,
        fields=fields,
        value_sets=value_sets,
        value_set_meta=value_set_meta(list(value_sets), moment, by_name.__getitem__, messy=messy),
    )
    if messy:
        org.fields += custom_fields(moment, by_name.__getitem__)
        org.records = _records(random.Random(seed), moment, by_name)
    else:
        org.records = {name: [] for name in ("Account", "Contact", "Lead", "Opportunity", "Case")}
    org.manifest = manifest(org, seed=seed, now=moment, profile=profile)
    return org


def _records(
    rng: random.Random, now: datetime, by_name: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Records in dependency order: one generator, so a seed fixes every record."""
    clock = Clock(now, rng)
    reps = [by_name[name] for name in REPS]
    integration = by_name["Integration User"]
    user_id = by_name.__getitem__
    account_rows = accounts(rng, clock, reps, user_id, integration)
    contact_rows = contacts(rng, clock, reps, account_rows, integration)
    return {
        "Account": account_rows,
        "Contact": contact_rows,
        "Lead": leads(rng, clock, reps, account_rows, contact_rows, integration),
        "Opportunity": opportunities(rng, clock, reps, account_rows, user_id, integration),
        "Case": cases(rng, clock, reps, account_rows, contact_rows, integration),
    }


def manifest(org: Org, *, seed: int, now: datetime, profile: str) -> dict[str, Any]:
    """What the org holds, counted from it (JSON-ready)."""
    records = org.records
    opps = records.get("Opportunity", [])
    by_name = {u["Name"]: u["Id"] for u in org.users}
    stages = Counter(o["StageName"] for o in opps)
    today = now.date().isoformat()
    is_open = [o for o in opps if not o["IsClosed"]]

    def spellings(obj: str, column: str, values: tuple[str, ...]) -> dict[str, int]:
        held = Counter(r.get(column) for r in records.get(obj, []))
        return {v: held[v] for v in values}

    out: dict[str, Any] = {
        "seed": seed,
        "profile": profile,
        "now": now.isoformat(),
        "users": by_name,
        "integration_user": by_name["Integration User"],
        "admins": [by_name["Dana Admin"], by_name["Priya Shah"]],
        "inactive_users": [u["Id"] for u in org.users if not u["IsActive"]],
        "counts": {obj: len(rows) for obj, rows in records.items()},
        "custom_fields": sorted(f"{f.object}.{f.name}" for f in org.fields if f.custom),
        "value_sets": {
            name: [v["valueName"] for v in values if v["isActive"]]
            for name, values in org.value_sets.items()
        },
        "validation_rules": len(org.validation_rules),
        "business_processes": len(org.business_processes),
        "record_types": len(org.record_types),
    }
    if profile != "messy":
        return out
    out.update(
        {
            "stages": {
                s["valueName"]: stages[s["valueName"]] for s in org.value_sets["OpportunityStage"]
            },
            "unused_stages": [
                s["valueName"]
                for s in org.value_sets["OpportunityStage"]
                if stages[s["valueName"]] == 0
            ],
            "inactive_stages": [
                s["valueName"] for s in org.value_sets["OpportunityStage"] if not s["isActive"]
            ],
            "opportunities_in_demo": stages["Demo"],
            "past_demo_without_amount": sum(
                1 for o in opps if o["StageName"] in PAST_DEMO and o["Amount"] is None
            ),
            "closed_won_without_amount": sum(
                1 for o in opps if o["StageName"] == "Closed Won" and o["Amount"] is None
            ),
            "open_with_past_close_date": sum(1 for o in is_open if o["CloseDate"] < today),
            "open_owned_by_inactive_rep": sum(
                1 for o in is_open if o["OwnerId"] == by_name[INACTIVE_REP]
            ),
            "opportunities_without_account": sum(1 for o in opps if o["AccountId"] is None),
            "lead_sources": {
                obj: spellings(obj, "LeadSource", PAID_SEARCH_SPELLINGS)
                for obj in ("Lead", "Contact")
            },
            "icp_tiers": spellings("Account", "ICP_Tier__c", (*ICP_TIER_SPELLINGS, "Tier 2")),
            "target_accounts": sum(1 for a in records["Account"] if a["Target_Account__c"]),
            "competing_probability_filled": {
                name: sum(1 for o in opps if o[name] is not None)
                for name in PLANTED["competing_probability_filled"]
            },
            "all_three_probabilities_filled": sum(
                1
                for o in opps
                if all(o[n] is not None for n in PLANTED["competing_probability_filled"])
            ),
            "contacts_without_account": sum(
                1 for c in records["Contact"] if c["AccountId"] is None
            ),
            "converted_leads": sum(1 for lead in records["Lead"] if lead["IsConverted"]),
            "fields": {
                "matching_definitions": list(MATCHING),
                "differing": list(DIFFERING),
                "retyped": list(RETYPED),
                "superseded": list(SUPERSEDED),
                "orphaned": list(ORPHANED),
                "lead_only": ["Lead.Sql_Date__c", "Lead.Lead_Score_Legacy__c"],
                "changed_by_priya_recently": sorted(
                    f"{f.object}.{f.name}"
                    for f in org.fields
                    if f.last_modified_by == by_name["Priya Shah"]
                    and f.last_modified_date is not None
                    and f.last_modified_date[:10] >= _days_ago(now, 14)
                ),
            },
            "value_set_history": {
                name: {"last_modified_by": who, "days_ago": days}
                for name, (who, days) in VALUE_SET_HISTORY.items()
            },
            "record_type": "Master (RecordTypeId null on every opportunity)",
        }
    )
    assert {k: out[k] for k in PLANTED} == PLANTED, "the records must hold what was planted"
    assert dict(stages) == {k: v for k, v in STAGE_COUNTS.items() if v}
    return out


def _days_ago(now: datetime, days: int) -> str:
    return (now - timedelta(days=days)).date().isoformat()


__all__ = ["PLANTED", "PROFILES", "build_org", "manifest"]
