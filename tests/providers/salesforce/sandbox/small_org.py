"""A small hand-built org for the emulator's route tests (no seed needed): an Account, five
Opportunities, standard Opportunity fields, the OpportunityStage and LeadStatus value sets, a
custom picklist with values records hold, and a sales process with a record type."""

from __future__ import annotations

from typing import Any

from revops_as_code.providers.salesforce.sandbox.org import Org, OrgField, sf_id

ADMIN = sf_id("005", 1)
ACCOUNT = sf_id("001", 1)
STAMP = "2026-01-05T10:00:00.000+0000"


def opportunity_id(n: int) -> str:
    return sf_id("006", n)


def _f(obj: str, name: str, label: str, type_: str, custom: bool = False, **extra: Any) -> OrgField:
    return OrgField(obj, name, label, type_, custom, **extra)


def _stage(
    name: str, probability: int, category: str, closed: bool = False, won: bool = False
) -> dict[str, Any]:
    return {
        "valueName": name,
        "label": name,
        "default": False,
        "isActive": True,
        "probability": probability,
        "forecastCategory": category,
        "closed": closed,
        "won": won,
    }


def build(opportunities: int = 5) -> Org:
    fields = [
        _f("Account", "Name", "Account Name", "Text", length=255),
        _f("Account", "Industry", "Industry", "Picklist"),
        _f("Account", "Description", "Description", "LongTextArea", length=32000, visible_lines=6),
        _f(
            "Account",
            "ICP_Tier__c",
            "ICP tier",
            "Picklist",
            True,
            id=sf_id("00N", 2),
            values=[
                {"value": "A", "label": "A", "default": False, "active": True},
                {"value": "B", "label": "B", "default": False, "active": True},
            ],
            restricted=True,
            created_by=ADMIN,
            last_modified_by=ADMIN,
            last_modified_date=STAMP,
        ),
        _f("Opportunity", "Name", "Name", "Text", length=120),
        _f("Opportunity", "StageName", "Stage", "Picklist"),
        _f("Opportunity", "CloseDate", "Close Date", "Date"),
        _f("Opportunity", "Amount", "Amount", "Currency", precision=18, scale=2),
        _f(
            "Opportunity",
            "AccountId",
            "Account ID",
            "Lookup",
            reference_to="Account",
            relationship_name="Account",
        ),
        _f("Opportunity", "RecordTypeId", "Record Type ID", "Lookup", reference_to="RecordType"),
        _f(
            "Opportunity",
            "OwnerId",
            "Owner ID",
            "Lookup",
            reference_to="User",
            relationship_name="Owner",
        ),
        _f(
            "Opportunity",
            "Budget__c",
            "Budget",
            "Currency",
            True,
            precision=18,
            scale=2,
            id=sf_id("00N", 1),
            help_text="Confirmed budget",
            created_by=ADMIN,
            last_modified_by=ADMIN,
            last_modified_date=STAMP,
        ),
        _f(
            "Opportunity",
            "Segment__c",
            "Segment",
            "Picklist",
            True,
            id=sf_id("00N", 3),
            values=[
                {"value": "SMB", "label": "SMB", "default": True, "active": True},
                {"value": "Enterprise", "label": "Enterprise", "default": False, "active": True},
            ],
            created_by=ADMIN,
            last_modified_by=ADMIN,
            last_modified_date=STAMP,
        ),
        _f("Lead", "LastName", "Last Name", "Text", length=80),
        _f("Lead", "Company", "Company", "Text", length=255),
        _f("Lead", "Status", "Lead Status", "Picklist"),
    ]
    stages = [
        _stage("Prospecting", 10, "Pipeline"),
        _stage("Negotiation", 70, "Forecast"),
        _stage("Closed Won", 100, "Closed", closed=True, won=True),
        _stage("Closed Lost", 0, "Omitted", closed=True),
    ]
    statuses = [
        {
            "valueName": "Open",
            "label": "Open",
            "default": True,
            "isActive": True,
            "converted": False,
        },
        {
            "valueName": "Qualified",
            "label": "Qualified",
            "default": False,
            "isActive": True,
            "converted": True,
        },
    ]
    opps = [
        {
            "Id": opportunity_id(n),
            "Name": f"Deal {n}",
            "StageName": "Prospecting",
            "CloseDate": "2026-03-01",
            "Amount": 1000.0 * n,
            "AccountId": ACCOUNT,
            "OwnerId": ADMIN,
            "Segment__c": "Enterprise" if n == 1 else None,
            "CreatedDate": STAMP,
            "LastModifiedDate": STAMP,
            "IsDeleted": False,
        }
        for n in range(1, opportunities + 1)
    ]
    return Org(
        users=[
            {
                "Id": ADMIN,
                "Name": "Ada Admin",
                "Username": "ada@example.com",
                "Email": "ada@example.com",
                "IsActive": True,
            }
        ],
        fields=fields,
        value_sets={
            "OpportunityStage": stages,
            "LeadStatus": statuses,
            "Industry": [
                {"valueName": "Software", "label": "Software", "default": False, "isActive": True}
            ],
        },
        value_set_meta={
            "OpportunityStage": {
                "Id": sf_id("0Ct", 1),
                "last_modified_by": ADMIN,
                "last_modified_date": STAMP,
            },
            "LeadStatus": {"Id": sf_id("0Ct", 2)},
            "Industry": {"Id": sf_id("0Ct", 3)},
        },
        business_processes=[
            {
                "Id": sf_id("019", 1),
                "object": "Opportunity",
                "name": "New Business",
                "description": "",
                "active": True,
                "values": [
                    {"fullName": "Prospecting", "default": True},
                    {"fullName": "Closed Won", "default": False},
                    {"fullName": "Closed Lost", "default": False},
                ],
            },
        ],
        record_types=[
            {
                "Id": sf_id("012", 1),
                "object": "Opportunity",
                "name": "New_Business",
                "label": "New Business",
                "description": "",
                "active": True,
                "business_process": "New Business",
            },
        ],
        records={
            "Account": [{"Id": ACCOUNT, "Name": "Acme", "ICP_Tier__c": "A"}],
            "Opportunity": opps,
        },
        manifest={"opportunities": opportunities},
    )
