"""A small hand-made portal for the sandbox API tests (independent of the seed)."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

DEAL_STAGES = [
    ("appointmentscheduled", "Appointment scheduled", "0.2", "false"),
    ("qualifiedtobuy", "Qualified to buy", "0.4", "false"),
    ("closedwon", "Closed won", "1.0", "true"),
    ("closedlost", "Closed lost", "0.0", "true"),
]


def build(path: Path) -> Path:
    """Create a portal at `path`: groups, a few properties per object, pipelines, owners."""
    store = HubSpotStore(path)
    try:
        for ot, group in (
            ("contacts", "contactinformation"),
            ("companies", "companyinformation"),
            ("deals", "dealinformation"),
            ("tickets", "ticketinformation"),
        ):
            store.insert_property_groups(ot, [{"name": group, "label": group.title()}])
        std = {"hubspotDefined": True}
        store.insert_properties(
            "contacts",
            [
                {"name": "email", "label": "Email", "type": "string", "fieldType": "text",
                 "groupName": "contactinformation", **std},
                {"name": "firstname", "label": "First name", "type": "string",
                 "fieldType": "text", "groupName": "contactinformation", **std},
                {"name": "lastname", "label": "Last name", "type": "string", "fieldType": "text",
                 "groupName": "contactinformation", **std},
                {"name": "lifecyclestage", "label": "Lifecycle stage", "type": "enumeration",
                 "fieldType": "radio", "groupName": "contactinformation", **std,
                 "modificationMetadata": {"readOnlyOptions": False},
                 "options": [{"label": "Lead", "value": "lead"},
                             {"label": "Customer", "value": "customer"}]},
                {"name": "hubspot_owner_id", "label": "Contact owner", "type": "enumeration",
                 "fieldType": "select", "groupName": "contactinformation", **std,
                 "externalOptions": True, "referencedObjectType": "OWNER"},
                {"name": "num_employees", "label": "Employees", "type": "number",
                 "fieldType": "number", "groupName": "contactinformation"},
                {"name": "is_vip", "label": "VIP", "type": "bool", "fieldType": "booleancheckbox",
                 "groupName": "contactinformation"},
                {"name": "last_touch", "label": "Last touch", "type": "datetime",
                 "fieldType": "date", "groupName": "contactinformation"},
                {"name": "birthday", "label": "Birthday", "type": "date", "fieldType": "date",
                 "groupName": "contactinformation"},
                {"name": "interests", "label": "Interests", "type": "enumeration",
                 "fieldType": "checkbox", "groupName": "contactinformation",
                 "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]},
            ],
        )  # fmt: skip
        store.insert_properties(
            "companies",
            [
                {"name": "name", "label": "Name", "type": "string", "fieldType": "text",
                 "groupName": "companyinformation", **std},
                {"name": "domain", "label": "Domain", "type": "string", "fieldType": "text",
                 "groupName": "companyinformation", **std},
            ],
        )  # fmt: skip
        store.insert_properties(
            "deals",
            [
                {"name": "dealname", "label": "Deal name", "type": "string", "fieldType": "text",
                 "groupName": "dealinformation", **std},
                {"name": "amount", "label": "Amount", "type": "number", "fieldType": "number",
                 "groupName": "dealinformation", **std},
                {"name": "pipeline", "label": "Pipeline", "type": "enumeration",
                 "fieldType": "select", "groupName": "dealinformation", **std,
                 "externalOptions": True},
                {"name": "dealstage", "label": "Deal stage", "type": "enumeration",
                 "fieldType": "radio", "groupName": "dealinformation", **std,
                 "externalOptions": True},
                {"name": "closedate", "label": "Close date", "type": "datetime",
                 "fieldType": "date", "groupName": "dealinformation", **std},
            ],
        )  # fmt: skip
        store.insert_properties(
            "tickets",
            [
                {"name": "subject", "label": "Subject", "type": "string", "fieldType": "text",
                 "groupName": "ticketinformation", **std},
                {"name": "hs_pipeline", "label": "Pipeline", "type": "enumeration",
                 "fieldType": "select", "groupName": "ticketinformation", **std},
                {"name": "hs_pipeline_stage", "label": "Status", "type": "enumeration",
                 "fieldType": "select", "groupName": "ticketinformation", **std},
            ],
        )  # fmt: skip
        store.insert_pipelines(
            "deals",
            [
                {"id": "default", "label": "Sales Pipeline", "displayOrder": 0,
                 "createdAt": "1970-01-01T00:00:00Z",
                 "stages": [{"id": sid, "label": label, "displayOrder": i,
                             "metadata": {"probability": p, "isClosed": closed}}
                            for i, (sid, label, p, closed) in enumerate(DEAL_STAGES)]},
            ],
        )  # fmt: skip
        store.insert_pipelines(
            "tickets",
            [
                {"id": "0", "label": "Support Pipeline", "displayOrder": 0,
                 "stages": [{"id": "1", "label": "New", "displayOrder": 0,
                             "metadata": {"ticketState": "OPEN"}},
                            {"id": "4", "label": "Closed", "displayOrder": 1,
                             "metadata": {"ticketState": "CLOSED"}}]},
            ],
        )  # fmt: skip
        store.insert_owners(
            {"id": 100 + i, "email": f"owner{i}@example.com", "firstName": f"Owner{i}",
             "lastName": "Test", "userId": 9000 + i,
             "teams": [{"id": "1", "name": "Sales", "primary": True}]}
            for i in range(7)
        )  # fmt: skip
    finally:
        store.close()
    return path
