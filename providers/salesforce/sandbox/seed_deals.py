"""Northwind Cloud's opportunities and cases (see `seed_records.py` for how counts are placed).

Opportunities take their stage from `STAGE_COUNTS` and carry the planted deal violations:
past-Demo deals without an Amount, Closed Won ones without one, open deals whose CloseDate
has passed, open deals owned by the rep who left, deals without an account, and the three
competing probability fields each filled on an exact number of deals.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from .org import sf_id
from .seed_custom import INACTIVE_REP, MESSY_STAGES
from .seed_records import OTHER_SOURCES, PAST_DEMO, PLANTED, SIZES, STAGE_COUNTS, Clock, spread
from .seed_standard import FORECAST_LABELS


def opportunities(
    rng: random.Random,
    clock: Clock,
    reps: list[str],
    accounts: list[dict[str, Any]],
    user_id: Callable[[str], str],
    integration: str,
) -> list[dict[str, Any]]:
    stages = {s["valueName"]: s for s in MESSY_STAGES}
    column = spread(rng, SIZES["Opportunity"], STAGE_COUNTS, ())
    n = len(column)
    idx = {name: [i for i, s in enumerate(column) if s == name] for name in STAGE_COUNTS}
    past_demo = [i for name in PAST_DEMO for i in idx[name]]
    open_ = [i for i, s in enumerate(column) if not stages[s]["closed"]]
    no_amount = set(rng.sample(past_demo, PLANTED["past_demo_without_amount"]))
    no_amount |= set(rng.sample(idx["Closed Won"], PLANTED["closed_won_without_amount"]))
    stale = set(rng.sample(open_, PLANTED["open_with_past_close_date"]))
    inactive = set(rng.sample(open_, PLANTED["open_owned_by_inactive_rep"]))
    orphan = set(rng.sample(range(n), PLANTED["opportunities_without_account"]))
    filled = {
        f: set(rng.sample(range(n), k)) for f, k in PLANTED["competing_probability_filled"].items()
    }
    out = []
    for i, name in enumerate(column):
        meta = stages[name]
        account = accounts[(i * 13) % len(accounts)]
        closed = bool(meta["closed"])
        if closed:
            close = clock.now.date() - timedelta(days=rng.randint(1, 500))
        elif i in stale:
            close = clock.now.date() - timedelta(days=rng.randint(3, 120))
        else:
            close = clock.now.date() + timedelta(days=rng.randint(0, 180))
        owner = (
            user_id(INACTIVE_REP)
            if i in inactive
            else (account["OwnerId"] if account["OwnerId"] in reps else rng.choice(reps))
        )
        amount = None
        if i not in no_amount and (closed or name in PAST_DEMO or rng.random() < 0.8):
            amount = float(rng.choice((8, 12, 18, 24, 36, 48, 60, 90, 120)) * 1000)
        early = name in ("Prospecting", "Qualification", "Discovery")
        out.append(
            {
                "Id": sf_id("006", i + 1),
                "Name": f"{account['Name']} - {rng.choice(('New Business', 'Expansion', 'Renewal'))}",
                "AccountId": None if i in orphan else account["Id"],
                "Amount": amount,
                "CloseDate": close.isoformat(),
                "StageName": name,
                "Probability": meta["probability"],
                "ForecastCategoryName": FORECAST_LABELS[meta["forecastCategory"]],
                "Type": rng.choice(
                    (
                        "New Customer",
                        "Existing Customer - Upgrade",
                        "Existing Customer - Replacement",
                        None,
                    )
                ),
                "NextStep": None
                if early or rng.random() < 0.25
                else rng.choice(
                    ("Send proposal", "Security review", "Pricing call Tue", "Intro to CFO")
                ),
                "LeadSource": rng.choice(OTHER_SOURCES),
                "OwnerId": owner,
                "RecordTypeId": None,
                "IsClosed": closed,
                "IsWon": bool(meta["won"]),
                "Description": None,
                "Onboarding_Kickoff_Date__c": _kickoff(rng, close) if meta["won"] else None,
                "Close_Probability__c": meta["probability"]
                if i in filled["Close_Probability__c"]
                else None,
                "Win_Probability_Pct__c": (
                    rng.choice((15.0, 35.5, 62.5, 80.0))
                    if i in filled["Win_Probability_Pct__c"]
                    else None
                ),
                "Deal_Likelihood__c": (
                    rng.choice(("High", "Medium", "Low"))
                    if i in filled["Deal_Likelihood__c"]
                    else None
                ),
                "Competitor__c": rng.choice((None, None, None, "Globex", "Initech")),
                **clock.audit(owner, rng.choice([*reps, integration]), 1, 500),
            }
        )
    return out


def _kickoff(rng: random.Random, close: date) -> str | None:
    return None if rng.random() < 0.3 else (close + timedelta(days=rng.randint(2, 12))).isoformat()


def cases(
    rng: random.Random,
    clock: Clock,
    reps: list[str],
    accounts: list[dict[str, Any]],
    contacts: list[dict[str, Any]],
    integration: str,
) -> list[dict[str, Any]]:
    out = []
    with_account = [c for c in contacts if c["AccountId"]]
    for i in range(SIZES["Case"]):
        contact = with_account[(i * 11) % len(with_account)]
        status = rng.choice(("New", "Working", "Escalated", "Closed", "Closed"))
        audit = clock.audit(integration, rng.choice([*reps, integration]), 1, 365)
        out.append(
            {
                "Id": sf_id("500", i + 1),
                "CaseNumber": f"{1001 + i:08d}",
                "Subject": rng.choice(
                    (
                        "Login fails",
                        "Invoice question",
                        "API rate limit",
                        "Export broken",
                        "Feature request",
                    )
                ),
                "Status": status,
                "Priority": rng.choice(("High", "Medium", "Medium", "Low")),
                "Origin": rng.choice(("Phone", "Email", "Web")),
                "Type": None,
                "AccountId": contact["AccountId"],
                "ContactId": contact["Id"],
                "OwnerId": rng.choice(reps),
                "IsClosed": status == "Closed",
                "ClosedDate": audit["LastModifiedDate"] if status == "Closed" else None,
                "Description": None,
                **audit,
            }
        )
    return out


__all__ = ["cases", "opportunities"]
