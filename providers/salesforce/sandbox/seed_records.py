"""Northwind Cloud's records: accounts, contacts and leads here, opportunities and cases in
`seed_deals.py`, with the
violations the audit and the plan's record impact are meant to find planted in exact numbers
(`PLANTED`). Every count is placed, not sampled: `spread` lays out a column with exact
multiplicities and shuffles it with the seed's generator, so a seed gives the same org and any
seed gives the same counts.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from .org import sf_id
from .seed_custom import INACTIVE_REP, stamp
from .seed_standard import INDUSTRIES

SIZES = {"Account": 120, "Contact": 300, "Lead": 400, "Opportunity": 250, "Case": 60}

STAGE_COUNTS: dict[str, int] = {
    "Prospecting": 20,
    "Qualification": 18,
    "Discovery": 26,
    "Demo": 48,
    "Needs Analysis": 12,
    "Value Proposition": 10,
    "Id. Decision Makers": 8,
    "Perception Analysis": 0,
    "Proposal/Price Quote": 14,
    "Negotiation/Review": 11,
    "Closed Won": 45,
    "Closed Lost": 38,
}
"""Opportunities per stage (250 in all); nobody uses Perception Analysis or Verbal Commit."""

PAST_DEMO = (
    "Needs Analysis",
    "Value Proposition",
    "Id. Decision Makers",
    "Perception Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
)
"""Open stages after Demo in the org's stage order."""

PLANTED: dict[str, Any] = {
    "opportunities_in_demo": 48,
    "past_demo_without_amount": 9,
    "closed_won_without_amount": 4,
    "open_with_past_close_date": 17,
    "open_owned_by_inactive_rep": 6,
    "opportunities_without_account": 3,
    "lead_sources": {
        "Lead": {"Paid Search": 37, "PPC": 23, "paid-search": 11},
        "Contact": {"Paid Search": 20, "PPC": 12, "paid-search": 5},
    },
    "icp_tiers": {"Tier 1": 14, "Tier1": 6, "T1": 4, "Tier 2": 20},
    "target_accounts": 18,
    "competing_probability_filled": {
        "Close_Probability__c": 80,
        "Win_Probability_Pct__c": 40,
        "Deal_Likelihood__c": 30,
    },
    "contacts_without_account": 7,
    "converted_leads": 40,
}
"""The exact facts planted in the messy org (the manifest repeats them, recounted)."""

_FIRST = (
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kara",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Xin",
    "Yara",
    "Zoe",
)
_LAST = (
    "Abbott",
    "Brennan",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Gupta",
    "Hansen",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rossi",
    "Sato",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zhou",
)
_COMPANY_A = (
    "Acme",
    "Blue",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Keystone",
    "Lumen",
    "Maple",
    "Nimbus",
    "Orbit",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Summit",
    "Tidal",
)
_COMPANY_B = (
    "Analytics",
    "Bank",
    "Logistics",
    "Health",
    "Software",
    "Energy",
    "Foods",
    "Robotics",
    "Media",
    "Systems",
)
_TITLES = (
    "VP Sales",
    "Head of RevOps",
    "CFO",
    "Marketing Manager",
    "IT Director",
    "CEO",
    "Procurement Lead",
    "Sales Ops Analyst",
    None,
)
OTHER_SOURCES = (
    "Web",
    "Phone Inquiry",
    "Partner Referral",
    "Purchased List",
    "Other",
    "Webinar",
    "Trade Show",
    None,
)
_COUNTRIES = ("United States", "USA", "US", "Germany", "United Kingdom", "France", "Canada")


def spread(rng: random.Random, n: int, counts: dict[Any, int], rest: Sequence[Any]) -> list[Any]:
    """`n` values holding each of `counts` exactly that often, the others drawn from `rest`
    (which never repeats a counted value), in a shuffled order."""
    column: list[Any] = [v for v, k in counts.items() for _ in range(k)]
    column += [rng.choice(rest) for _ in range(n - len(column))]
    rng.shuffle(column)
    return column


class Clock:
    def __init__(self, now: datetime, rng: random.Random) -> None:
        self.now, self.rng = now, rng

    def past(self, low: int, high: int) -> datetime:
        minutes = self.rng.randint(low * 1440, high * 1440)
        return (self.now - timedelta(minutes=minutes)).replace(second=0, microsecond=0)

    def audit(self, creator: str, modifier: str, low: int = 1, high: int = 720) -> dict[str, Any]:
        created = self.past(low, high)
        modified = min(self.now, created + timedelta(minutes=self.rng.randint(0, 60 * 24 * 90)))
        return {
            "CreatedDate": stamp(created),
            "CreatedById": creator,
            "LastModifiedDate": stamp(modified),
            "LastModifiedById": modifier,
            "SystemModstamp": stamp(modified),
            "IsDeleted": False,
        }


def _person(rng: random.Random, n: int) -> tuple[str, str]:
    return _FIRST[n % len(_FIRST)], _LAST[(n * 7 + rng.randint(0, 3)) % len(_LAST)]


def accounts(
    rng: random.Random,
    clock: Clock,
    reps: list[str],
    user_id: Callable[[str], str],
    integration: str,
) -> list[dict[str, Any]]:
    n = SIZES["Account"]
    tiers = spread(rng, n, PLANTED["icp_tiers"], [None])
    targets = spread(rng, n, {True: PLANTED["target_accounts"]}, [False])
    old_tiers = spread(rng, n, {}, ["Gold", "Silver", "Bronze", None, None])
    industries = (
        "Technology",
        "Technology",
        "Finance",
        "Healthcare",
        "Manufacturing",
        "Retail",
        "Banking",
        "Media",
        *INDUSTRIES[:6],
        None,
    )
    out = []
    for i in range(n):
        name = f"{_COMPANY_A[i % 20]} {_COMPANY_B[(i // 20 + i) % 10]}"
        if i >= 100:
            name += " Group" if i % 2 else " Inc."
        owner = rng.choice(reps) if i % 15 else user_id(INACTIVE_REP)
        employees = rng.choice((None, 8, 25, 60, 140, 320, 800, 2400, 12000))
        out.append(
            {
                "Id": sf_id("001", i + 1),
                "Name": name,
                "Type": rng.choice(("Prospect", "Customer - Direct", "Customer - Channel", None)),
                "Industry": rng.choice(industries),
                "NumberOfEmployees": employees,
                "AnnualRevenue": None
                if employees is None
                else employees * rng.choice((90_000, 150_000)),
                "Rating": rng.choice(("Hot", "Warm", "Cold", None)),
                "Website": f"https://www.{name.split()[0].lower()}{i}.example",
                "Phone": None,
                "BillingCountry": rng.choice(_COUNTRIES),
                "ParentId": None,
                "OwnerId": owner,
                "Description": None,
                "Target_Account__c": targets[i],
                "ICP_Tier__c": tiers[i],
                "Account_Tier__c": old_tiers[i],
                "Engaged_Contacts_30d__c": rng.choice((None, 0, 1, 2, 3, 5, 8)),
                **clock.audit(integration, rng.choice([*reps, integration])),
            }
        )
    for i in range(110, 120):  # subsidiaries of the first ten
        out[i]["ParentId"] = out[i - 110]["Id"]
    return out


def contacts(
    rng: random.Random,
    clock: Clock,
    reps: list[str],
    accounts: list[dict[str, Any]],
    integration: str,
) -> list[dict[str, Any]]:
    n = SIZES["Contact"]
    sources = spread(rng, n, PLANTED["lead_sources"]["Contact"], OTHER_SOURCES)
    orphans = set(rng.sample(range(n), PLANTED["contacts_without_account"]))
    out = []
    for i in range(n):
        first, last = _person(rng, i)
        account = accounts[rng.randrange(len(accounts))]
        engaged = clock.past(0, 200) if rng.random() < 0.6 else None
        out.append(
            {
                "Id": sf_id("003", i + 1),
                "FirstName": first,
                "LastName": last,
                "Name": f"{first} {last}",
                "Email": f"{first}.{last}{i}@example.com".lower(),
                "Phone": None,
                "Title": rng.choice(_TITLES),
                "LeadSource": sources[i],
                "OwnerId": account["OwnerId"] if i not in orphans else rng.choice(reps),
                "AccountId": None if i in orphans else account["Id"],
                "Department": None,
                "MailingCountry": rng.choice(_COUNTRIES),
                "Description": None,
                "Last_Engagement_Date__c": engaged.date().isoformat() if engaged else None,
                "Lifecycle_Stage_2__c": rng.choice(("Lead", "MQL", "SQL", "Customer", None, None)),
                **clock.audit(integration, rng.choice([*reps, integration])),
            }
        )
    return out


def leads(
    rng: random.Random,
    clock: Clock,
    reps: list[str],
    accounts: list[dict[str, Any]],
    contacts: list[dict[str, Any]],
    integration: str,
) -> list[dict[str, Any]]:
    n = SIZES["Lead"]
    sources = spread(rng, n, PLANTED["lead_sources"]["Lead"], OTHER_SOURCES)
    converted = PLANTED["converted_leads"]
    statuses = spread(
        rng,
        n,
        {"Closed - Converted": converted},
        (
            "Open - Not Contacted",
            "Open - Not Contacted",
            "Working - Contacted",
            "Closed - Not Converted",
        ),
    )
    out = []
    for i in range(n):
        first, last = _person(rng, i + 5)
        status = statuses[i]
        is_converted = status == "Closed - Converted"
        contact = contacts[i % len(contacts)] if is_converted else None
        mqa = clock.past(1, 300) if rng.random() < 0.35 else None
        sql = (mqa + timedelta(days=rng.randint(1, 20))) if mqa and rng.random() < 0.5 else None
        out.append(
            {
                "Id": sf_id("00Q", i + 1),
                "FirstName": first,
                "LastName": last,
                "Name": f"{first} {last}",
                "Company": f"{_COMPANY_A[(i * 3) % 20]} {_COMPANY_B[i % 10]}",
                "Email": f"{first[0]}{last}{i}@example.org".lower(),
                "Phone": None,
                "Title": rng.choice(_TITLES),
                "Status": status,
                "LeadSource": sources[i],
                "Industry": rng.choice(("Technology", "Finance", "Retail", "Healthcare", None)),
                "NumberOfEmployees": rng.choice((None, 10, 50, 200, 1000)),
                "AnnualRevenue": None,
                "Rating": rng.choice(("Hot", "Warm", "Cold", None)),
                "Website": None,
                "Country": rng.choice(_COUNTRIES),
                "OwnerId": rng.choice(reps),
                "IsConverted": is_converted,
                "ConvertedDate": clock.past(1, 400).date().isoformat() if is_converted else None,
                "ConvertedAccountId": contact["AccountId"] if contact else None,
                "ConvertedContactId": contact["Id"] if contact else None,
                "ConvertedOpportunityId": None,
                "Description": None,
                "Last_Engagement_Date__c": mqa.date().isoformat() if mqa else None,
                "Mqa_Date__c": stamp(mqa) if mqa else None,
                "Sql_Date__c": stamp(sql) if sql and sql <= clock.now else None,
                "Lead_Score_Legacy__c": rng.choice((None, None, 12, 40, 75, 99)),
                **clock.audit(integration, rng.choice([*reps, integration])),
            }
        )
    return out


__all__ = [
    "OTHER_SOURCES",
    "PAST_DEMO",
    "PLANTED",
    "SIZES",
    "STAGE_COUNTS",
    "Clock",
    "accounts",
    "contacts",
    "leads",
    "spread",
]
