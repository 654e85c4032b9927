"""What every Salesforce org has before anyone customises it: the standard fields of Lead,
Contact, Account, Opportunity, Case and User with Salesforce's API names, types and sizes, and
the standard value sets with Salesforce's default values (OpportunityStage with probability,
forecast category, closed and won; LeadStatus with converted).

The audit fields every sObject has (Id, CreatedDate, CreatedById, LastModifiedDate, ...) come
from `types.SYSTEM_FIELDS`; this module states the business fields.
"""

from __future__ import annotations

from typing import Any

from .org import OrgField

# (name, label, type, {size and flags})
_Spec = tuple[str, str, str, dict[str, Any]]

_PERSON: tuple[_Spec, ...] = (
    ("FirstName", "First Name", "Text", {"length": 40}),
    ("LastName", "Last Name", "Text", {"length": 80, "required": True}),
    ("Name", "Full Name", "Text", {"length": 121}),
    ("Email", "Email", "Email", {}),
    ("Phone", "Phone", "Phone", {}),
    ("Title", "Title", "Text", {"length": 128}),
    ("LeadSource", "Lead Source", "Picklist", {}),
    ("OwnerId", "Owner ID", "Lookup", {"reference_to": "User"}),
)

STANDARD_FIELDS: dict[str, tuple[_Spec, ...]] = {
    "Lead": (
        *_PERSON,
        ("Company", "Company", "Text", {"length": 255, "required": True}),
        ("Status", "Lead Status", "Picklist", {"required": True}),
        ("Industry", "Industry", "Picklist", {}),
        ("NumberOfEmployees", "Employees", "Number", {"precision": 8, "scale": 0}),
        ("AnnualRevenue", "Annual Revenue", "Currency", {"precision": 18, "scale": 0}),
        ("Rating", "Rating", "Picklist", {}),
        ("Website", "Website", "Url", {}),
        ("Country", "Country", "Text", {"length": 80}),
        ("IsConverted", "Converted", "Checkbox", {}),
        ("ConvertedDate", "Converted Date", "Date", {}),
        ("ConvertedAccountId", "Converted Account ID", "Lookup", {"reference_to": "Account"}),
        ("ConvertedContactId", "Converted Contact ID", "Lookup", {"reference_to": "Contact"}),
        (
            "ConvertedOpportunityId",
            "Converted Opportunity ID",
            "Lookup",
            {"reference_to": "Opportunity"},
        ),
        ("Description", "Description", "LongTextArea", {"length": 32000, "visible_lines": 3}),
    ),
    "Contact": (
        *_PERSON,
        ("AccountId", "Account ID", "Lookup", {"reference_to": "Account"}),
        ("Department", "Department", "Text", {"length": 80}),
        ("MailingCountry", "Mailing Country", "Text", {"length": 80}),
        (
            "Description",
            "Contact Description",
            "LongTextArea",
            {"length": 32000, "visible_lines": 3},
        ),
    ),
    "Account": (
        ("Name", "Account Name", "Text", {"length": 255, "required": True}),
        ("Type", "Account Type", "Picklist", {}),
        ("Industry", "Industry", "Picklist", {}),
        ("NumberOfEmployees", "Employees", "Number", {"precision": 8, "scale": 0}),
        ("AnnualRevenue", "Annual Revenue", "Currency", {"precision": 18, "scale": 0}),
        ("Rating", "Account Rating", "Picklist", {}),
        ("Website", "Website", "Url", {}),
        ("Phone", "Account Phone", "Phone", {}),
        ("BillingCountry", "Billing Country", "Text", {"length": 80}),
        ("ParentId", "Parent Account ID", "Lookup", {"reference_to": "Account"}),
        ("OwnerId", "Owner ID", "Lookup", {"reference_to": "User"}),
        (
            "Description",
            "Account Description",
            "LongTextArea",
            {"length": 32000, "visible_lines": 3},
        ),
    ),
    "Opportunity": (
        ("Name", "Name", "Text", {"length": 120, "required": True}),
        ("AccountId", "Account ID", "Lookup", {"reference_to": "Account"}),
        ("Amount", "Amount", "Currency", {"precision": 18, "scale": 2}),
        ("CloseDate", "Close Date", "Date", {"required": True}),
        ("StageName", "Stage", "Picklist", {"required": True}),
        ("Probability", "Probability (%)", "Percent", {"precision": 3, "scale": 0}),
        ("ForecastCategoryName", "Forecast Category", "Picklist", {}),
        ("Type", "Opportunity Type", "Picklist", {}),
        ("NextStep", "Next Step", "Text", {"length": 255}),
        ("LeadSource", "Lead Source", "Picklist", {}),
        ("OwnerId", "Owner ID", "Lookup", {"reference_to": "User"}),
        ("RecordTypeId", "Record Type ID", "Lookup", {"reference_to": "RecordType"}),
        ("IsClosed", "Closed", "Checkbox", {}),
        ("IsWon", "Won", "Checkbox", {}),
        ("Description", "Description", "LongTextArea", {"length": 32000, "visible_lines": 3}),
    ),
    "Case": (
        ("CaseNumber", "Case Number", "AutoNumber", {"length": 30}),
        ("Subject", "Subject", "Text", {"length": 255}),
        ("Status", "Status", "Picklist", {"required": True}),
        ("Priority", "Priority", "Picklist", {}),
        ("Origin", "Case Origin", "Picklist", {}),
        ("Type", "Case Type", "Picklist", {}),
        ("AccountId", "Account ID", "Lookup", {"reference_to": "Account"}),
        ("ContactId", "Contact ID", "Lookup", {"reference_to": "Contact"}),
        ("OwnerId", "Owner ID", "Lookup", {"reference_to": "User"}),
        ("IsClosed", "Closed", "Checkbox", {}),
        ("ClosedDate", "Closed Date", "DateTime", {}),
        ("Description", "Description", "LongTextArea", {"length": 32000, "visible_lines": 3}),
    ),
    "User": (
        ("Username", "Username", "Text", {"length": 80, "required": True}),
        ("FirstName", "First Name", "Text", {"length": 40}),
        ("LastName", "Last Name", "Text", {"length": 80, "required": True}),
        ("Name", "Full Name", "Text", {"length": 121}),
        ("Email", "Email", "Email", {"required": True}),
        ("Title", "Title", "Text", {"length": 80}),
        ("IsActive", "Active", "Checkbox", {}),
    ),
}

FORECAST_LABELS = {
    "Omitted": "Omitted",
    "Pipeline": "Pipeline",
    "BestCase": "Best Case",
    "Forecast": "Commit",
    "Closed": "Closed",
}
"""OpportunityStage `forecastCategory` -> the ForecastCategoryName an Opportunity shows."""


def standard_fields() -> list[OrgField]:
    fields = [
        OrgField(obj, name, label, kind, custom=False, **extra)
        for obj, specs in STANDARD_FIELDS.items()
        for name, label, kind, extra in specs
    ]
    for f in fields:
        if f.object == "Opportunity" and f.name == "ForecastCategoryName":
            # no StandardValueSet holds these: the field carries them itself
            f.values = [
                {"value": label, "label": label, "default": False, "active": True}
                for label in FORECAST_LABELS.values()
            ]
    return fields


def _values(*names: str, default: str | None = None) -> list[dict[str, Any]]:
    return [{"valueName": n, "label": n, "default": n == default, "isActive": True} for n in names]


def stage(
    name: str,
    probability: int,
    forecast: str,
    *,
    closed: bool = False,
    won: bool = False,
    active: bool = True,
) -> dict[str, Any]:
    return {
        "valueName": name,
        "label": name,
        "default": False,
        "isActive": active,
        "probability": probability,
        "forecastCategory": forecast,
        "closed": closed,
        "won": won,
    }


DEFAULT_STAGES: tuple[dict[str, Any], ...] = (
    stage("Prospecting", 10, "Pipeline"),
    stage("Qualification", 10, "Pipeline"),
    stage("Needs Analysis", 20, "Pipeline"),
    stage("Value Proposition", 50, "Pipeline"),
    stage("Id. Decision Makers", 60, "Pipeline"),
    stage("Perception Analysis", 70, "Pipeline"),
    stage("Proposal/Price Quote", 75, "Pipeline"),
    stage("Negotiation/Review", 90, "Pipeline"),
    stage("Closed Won", 100, "Closed", closed=True, won=True),
    stage("Closed Lost", 0, "Omitted", closed=True),
)
"""Salesforce's default OpportunityStage values, in order."""

INDUSTRIES = (
    "Agriculture",
    "Apparel",
    "Banking",
    "Biotechnology",
    "Chemicals",
    "Communications",
    "Construction",
    "Consulting",
    "Education",
    "Electronics",
    "Energy",
    "Engineering",
    "Entertainment",
    "Environmental",
    "Finance",
    "Food & Beverage",
    "Government",
    "Healthcare",
    "Hospitality",
    "Insurance",
    "Machinery",
    "Manufacturing",
    "Media",
    "Not For Profit",
    "Recreation",
    "Retail",
    "Shipping",
    "Technology",
    "Telecommunications",
    "Transportation",
    "Utilities",
    "Other",
)
DEFAULT_LEAD_SOURCES = ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")


def default_value_sets() -> dict[str, list[dict[str, Any]]]:
    """Every standard value set the seeded objects use, as a new org has it."""
    lead_status = _values(
        "Open - Not Contacted",
        "Working - Contacted",
        "Closed - Converted",
        "Closed - Not Converted",
        default="Open - Not Contacted",
    )
    for value in lead_status:
        value["converted"] = value["valueName"] == "Closed - Converted"
    case_status = _values("New", "Working", "Escalated", "Closed", default="New")
    for value in case_status:
        value["closed"] = value["valueName"] == "Closed"
    return {
        "OpportunityStage": [dict(s) for s in DEFAULT_STAGES],
        "LeadStatus": lead_status,
        "LeadSource": _values(*DEFAULT_LEAD_SOURCES),
        "Industry": _values(*INDUSTRIES),
        "OpportunityType": _values(
            "Existing Customer - Upgrade",
            "Existing Customer - Replacement",
            "Existing Customer - Downgrade",
            "New Customer",
        ),
        "AccountType": _values(
            "Prospect",
            "Customer - Direct",
            "Customer - Channel",
            "Channel Partner / Reseller",
            "Installation Partner",
            "Technology Partner",
            "Other",
        ),
        "AccountRating": _values("Hot", "Warm", "Cold"),
        "CaseStatus": case_status,
        "CasePriority": _values("High", "Medium", "Low", default="Medium"),
        "CaseOrigin": _values("Phone", "Email", "Web"),
        "CaseType": _values("Mechanical", "Electrical", "Electronic", "Structural", "Other"),
    }


CASE_PICKLISTS = {
    "Case.Status": "CaseStatus",
    "Case.Priority": "CasePriority",
    "Case.Origin": "CaseOrigin",
    "Case.Type": "CaseType",
}
"""Case's standard picklists and their value sets (model.STANDARD_PICKLISTS has the rest)."""

__all__ = [
    "CASE_PICKLISTS",
    "DEFAULT_LEAD_SOURCES",
    "DEFAULT_STAGES",
    "FORECAST_LABELS",
    "INDUSTRIES",
    "STANDARD_FIELDS",
    "default_value_sets",
    "stage",
    "standard_fields",
]
