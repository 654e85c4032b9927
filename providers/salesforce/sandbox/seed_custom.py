"""Northwind Cloud's customisations, with their history: the users who made them, the custom
fields three managers and two admins added over the years, and the standard value sets as
people changed them.

Against the bundled definitions (`definitions/`, compiled by `providers/salesforce/compile.py`):

- match exactly once compiled: Account.Target_Account__c (Checkbox),
  Opportunity.Onboarding_Kickoff_Date__c (Date), Lead.Sql_Date__c (DateTime; on Lead only,
  the definitions also want it on Contact);
- retyped: Contact.Last_Engagement_Date__c and Lead.Last_Engagement_Date__c were created as
  Date by the engagement tool's installer; the standard (and Marketo's lastEngagementDate)
  say datetime, so the plan changes their type (Date -> DateTime keeps the values);
- differ: Account.ICP_Tier__c (the definitions' `icp_tier`; Salesforce's API names ignore
  case, so `Icp_Tier__c` would be this same field) with label "ICP Tier", help text and the values
  "Tier 1", "Tier1", "T1", "Tier 2" (one tier spelled three ways); Account.Engaged_Contacts_30d__c
  (label "Engaged Contacts (30d)", Number(18, 0), help text); Lead.Mqa_Date__c (label "MQA Date",
  help text naming the old sync), changed by hand by Priya Shah in the last two weeks;
- superseded by the definitions (`supersedes`): Opportunity.Close_Probability__c (Percent),
  Win_Probability_Pct__c (Number), Deal_Likelihood__c (Picklist High/Medium/Low) - three
  managers' competing close probabilities - Account.Account_Tier__c, Contact.Lifecycle_Stage_2__c;
- nobody's: Opportunity.Competitor__c, Lead.Lead_Score_Legacy__c (Lead only).

Value sets: OpportunityStage is Salesforce's default list with "Discovery" and "Demo" added by
Dana Admin (after Qualification) and "Verbal Commit" added and later deactivated; LeadSource
holds paid search three ways ("Paid Search", "PPC", and "paid-search", which Priya Shah typed
in by hand six days ago). No validation rules, business processes or record types: every
Opportunity uses the Master record type (RecordTypeId null), so the definitions' plan creates
them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from .org import OrgField, sf_id
from .seed_standard import default_value_sets, stage

USERS: tuple[tuple[str, str, str, bool], ...] = (
    ("Integration", "User", "API Integration", True),
    ("Dana", "Admin", "Salesforce Administrator", True),
    ("Priya", "Shah", "RevOps Manager", True),
    ("Marcus", "Reed", "Sales Manager", True),
    ("Sofia", "Alvarez", "Account Executive", True),
    ("Jamal", "Carter", "Account Executive", True),
    ("Mei", "Tanaka", "Sales Development Rep", True),
    ("Tom", "Becker", "Account Executive", False),
)
"""(first, last, title, active). Tom Becker left; his records still name him as owner."""

DOMAIN = "northwindcloud.example"
REPS = ("Marcus Reed", "Sofia Alvarez", "Jamal Carter", "Mei Tanaka")
INACTIVE_REP = "Tom Becker"


def users() -> list[dict[str, Any]]:
    out = []
    for n, (first, last, title, active) in enumerate(USERS, start=1):
        handle = "integration" if first == "Integration" else f"{first}.{last}".lower()
        out.append(
            {
                "Id": sf_id("005", n),
                "Name": f"{first} {last}",
                "FirstName": first,
                "LastName": last,
                "Username": f"{handle}@{DOMAIN}",
                "Email": f"{handle}@{DOMAIN}",
                "Title": title,
                "IsActive": active,
            }
        )
    return out


def stamp(moment: datetime) -> str:
    """A datetime the way Salesforce writes one: `2026-01-31T10:00:00.000+0000`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def _options(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": v, "default": False, "active": True} for v in values]


# (object, name, label, type, extras, created by, modified by, days since modified)
_CustomSpec = tuple[str, str, str, str, dict[str, Any], str, str, int]

CUSTOM_FIELDS: tuple[_CustomSpec, ...] = (
    (
        "Account",
        "Target_Account__c",
        "Target account",
        "Checkbox",
        {
            "description": "On the named target-account list that sales leadership and marketing "
            "agree each quarter. Only RevOps changes it, from the signed-off list."
        },
        "Dana Admin",
        "Dana Admin",
        410,
    ),
    (
        "Opportunity",
        "Onboarding_Kickoff_Date__c",
        "Onboarding kickoff date",
        "Date",
        {
            "description": "The date customer success held the onboarding kickoff with the customer; "
            "measured against the five-business-day onboarding SLA."
        },
        "Dana Admin",
        "Dana Admin",
        300,
    ),
    (
        "Contact",
        "Last_Engagement_Date__c",
        "Last engagement date",
        "Date",
        {"description": "Most recent email reply, meeting or call, synced by the engagement tool."},
        "Integration User",
        "Integration User",
        520,
    ),
    (
        "Lead",
        "Last_Engagement_Date__c",
        "Last engagement date",
        "Date",
        {"description": "Most recent email reply, meeting or call, synced by the engagement tool."},
        "Integration User",
        "Integration User",
        520,
    ),
    (
        "Lead",
        "Sql_Date__c",
        "SQL date",
        "DateTime",
        {"description": "When sales accepted the contact as a sales-qualified lead."},
        "Dana Admin",
        "Dana Admin",
        260,
    ),
    (
        "Account",
        "ICP_Tier__c",
        "ICP Tier",
        "Picklist",
        {
            "help_text": "Marketing sets this from the scoring sheet.",
            "values": _options("Tier 1", "Tier1", "T1", "Tier 2"),
        },
        "Dana Admin",
        "Priya Shah",
        3,
    ),
    (
        "Account",
        "Engaged_Contacts_30d__c",
        "Engaged Contacts (30d)",
        "Number",
        {"precision": 18, "scale": 0, "help_text": "Filled by the engagement tool nightly."},
        "Integration User",
        "Integration User",
        90,
    ),
    (
        "Lead",
        "Mqa_Date__c",
        "MQA Date",
        "DateTime",
        {"help_text": "Set by the old marketing sync; ask Priya before editing."},
        "Dana Admin",
        "Priya Shah",
        11,
    ),
    (
        "Opportunity",
        "Close_Probability__c",
        "Close Probability",
        "Percent",
        {
            "precision": 3,
            "scale": 0,
            "description": "Marcus's team's number for the forecast call.",
        },
        "Marcus Reed",
        "Marcus Reed",
        700,
    ),
    (
        "Opportunity",
        "Win_Probability_Pct__c",
        "Win Probability %",
        "Number",
        {"precision": 5, "scale": 2},
        "Dana Admin",
        "Dana Admin",
        480,
    ),
    (
        "Opportunity",
        "Deal_Likelihood__c",
        "Deal Likelihood",
        "Picklist",
        {"values": _options("High", "Medium", "Low")},
        "Priya Shah",
        "Priya Shah",
        150,
    ),
    (
        "Account",
        "Account_Tier__c",
        "Account Tier",
        "Picklist",
        {"values": _options("Gold", "Silver", "Bronze")},
        "Marcus Reed",
        "Marcus Reed",
        640,
    ),
    (
        "Contact",
        "Lifecycle_Stage_2__c",
        "Lifecycle Stage 2",
        "Picklist",
        {"values": _options("Lead", "MQL", "SQL", "Opportunity", "Customer")},
        "Dana Admin",
        "Dana Admin",
        560,
    ),
    (
        "Opportunity",
        "Competitor__c",
        "Competitor",
        "Text",
        {"length": 100},
        "Sofia Alvarez",
        "Sofia Alvarez",
        830,
    ),
    (
        "Lead",
        "Lead_Score_Legacy__c",
        "Lead Score (legacy)",
        "Number",
        {"precision": 3, "scale": 0, "description": "From the marketing tool we left in 2024."},
        "Integration User",
        "Dana Admin",
        380,
    ),
)

MATCHING = (
    "Account.Target_Account__c",
    "Opportunity.Onboarding_Kickoff_Date__c",
    "Lead.Sql_Date__c",
)
RETYPED = ("Contact.Last_Engagement_Date__c", "Lead.Last_Engagement_Date__c")
"""Equal to the compiled definitions but for their type (Date where the standard says
datetime)."""
DIFFERING = ("Account.ICP_Tier__c", "Account.Engaged_Contacts_30d__c", "Lead.Mqa_Date__c")
SUPERSEDED = (
    "Opportunity.Close_Probability__c",
    "Opportunity.Win_Probability_Pct__c",
    "Opportunity.Deal_Likelihood__c",
    "Account.Account_Tier__c",
    "Contact.Lifecycle_Stage_2__c",
)
ORPHANED = ("Opportunity.Competitor__c", "Lead.Lead_Score_Legacy__c")
ICP_TIER_SPELLINGS = ("Tier 1", "Tier1", "T1")
PAID_SEARCH_SPELLINGS = ("Paid Search", "PPC", "paid-search")


def custom_fields(now: datetime, user_id: Callable[[str], str]) -> list[OrgField]:
    fields = []
    for n, (obj, name, label, kind, extra, creator, modifier, days) in enumerate(
        CUSTOM_FIELDS, start=1
    ):
        moment = (now - timedelta(days=days)).replace(hour=9 + n % 8, minute=n * 7 % 60)
        fields.append(
            OrgField(
                obj,
                name,
                label,
                kind,
                custom=True,
                id=sf_id("00N", n),
                created_by=user_id(creator),
                last_modified_by=user_id(modifier),
                last_modified_date=stamp(moment),
                **extra,
            )
        )
    return fields


MESSY_STAGES: tuple[dict[str, Any], ...] = (
    stage("Prospecting", 10, "Pipeline"),
    stage("Qualification", 10, "Pipeline"),
    stage("Discovery", 10, "Pipeline"),
    stage("Demo", 30, "Pipeline"),
    stage("Needs Analysis", 20, "Pipeline"),
    stage("Value Proposition", 50, "Pipeline"),
    stage("Id. Decision Makers", 60, "Pipeline"),
    stage("Perception Analysis", 70, "Pipeline"),
    stage("Proposal/Price Quote", 75, "Pipeline"),
    stage("Negotiation/Review", 90, "Pipeline"),
    stage("Closed Won", 100, "Closed", closed=True, won=True),
    stage("Closed Lost", 0, "Omitted", closed=True),
    stage("Verbal Commit", 90, "Forecast", active=False),
)
"""The org's OpportunityStage values in order (inactive last, as Setup lists them)."""


def messy_value_sets() -> dict[str, list[dict[str, Any]]]:
    sets = default_value_sets()
    sets["OpportunityStage"] = [dict(s) for s in MESSY_STAGES]
    extra = ("Paid Search", "PPC", "Webinar", "Trade Show", "paid-search")
    sets["LeadSource"] += [
        {"valueName": v, "label": v, "default": False, "isActive": True} for v in extra
    ]
    return sets


VALUE_SET_HISTORY: dict[str, tuple[str, int]] = {
    "OpportunityStage": ("Dana Admin", 200),
    "LeadSource": ("Priya Shah", 6),
}
"""Value sets someone changed: (who, days ago). The others are as Salesforce made them."""


def value_set_meta(
    names: list[str], now: datetime, user_id: Callable[[str], str], *, messy: bool
) -> dict[str, dict[str, Any]]:
    meta = {}
    born = now - timedelta(days=1200)
    for n, name in enumerate(sorted(names), start=1):
        who, days = VALUE_SET_HISTORY.get(name, ("", 0)) if messy else ("", 0)
        changed = who != ""
        moment = now - timedelta(days=days) if changed else born
        meta[name] = {
            "Id": sf_id("0Ct", n),
            "last_modified_by": user_id(who if changed else "Integration User"),
            "last_modified_date": stamp(moment.replace(hour=14, minute=5)),
        }
    return meta


__all__ = [
    "CUSTOM_FIELDS",
    "DIFFERING",
    "DOMAIN",
    "ICP_TIER_SPELLINGS",
    "INACTIVE_REP",
    "MATCHING",
    "MESSY_STAGES",
    "ORPHANED",
    "PAID_SEARCH_SPELLINGS",
    "REPS",
    "RETYPED",
    "SUPERSEDED",
    "USERS",
    "custom_fields",
    "messy_value_sets",
    "stamp",
    "users",
    "value_set_meta",
]
