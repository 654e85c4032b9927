"""The seeded portal's configuration and records: HubSpot's rules, the demo scenario's names.

These check the generated data (`build`) against what HubSpot itself would accept and hold
(type/fieldType pairs, names, groups, option values, stage metadata) and against the exact
names the bundled definitions and the HubSpot provider are written against.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from revops_as_code.providers.hubspot.sandbox.seed import SeedData, build

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

# Spec notes a.1 ("CRM API | Properties" table); string also takes phonenumber/html in practice.
VALID_FIELD_TYPES = {
    "bool": {"booleancheckbox", "calculation_equation"},
    "enumeration": {"booleancheckbox", "checkbox", "radio", "select", "calculation_equation"},
    "date": {"date"},
    "datetime": {"date"},
    "string": {"file", "text", "textarea", "calculation_equation", "html", "phonenumber"},
    "number": {"number", "calculation_equation"},
}


@pytest.fixture(scope="module")
def portal() -> SeedData:
    return build("small", 42, NOW)


def _props(portal: SeedData, object_type: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in portal.properties[object_type]}


def test_properties_follow_hubspots_rules(portal: SeedData) -> None:
    for object_type, props in portal.properties.items():
        groups = {g["name"] for g in portal.groups[object_type]}
        names = [p["name"] for p in props]
        assert len(names) == len(set(names)), f"duplicate property on {object_type}"
        for prop in props:
            where = f"{object_type}.{prop['name']}"
            assert re.fullmatch(r"[a-z][a-z0-9_]*", prop["name"]), where
            assert prop["fieldType"] in VALID_FIELD_TYPES[prop["type"]], where
            assert prop["groupName"] in groups, where
            assert prop["label"], where
            values = [o["value"] for o in prop["options"]]
            assert len(values) == len(set(values)), where
            if prop["type"] not in ("enumeration", "bool"):
                assert not values, f"{where}: options on a {prop['type']}"
            meta = prop.get("modificationMetadata")
            if prop["hubspotDefined"]:
                assert meta is not None and meta["readOnlyDefinition"] is True, where
                assert meta["archivable"] is False, where
            else:
                assert meta is None, f"{where}: custom properties get the store's defaults"


def test_standard_properties_carry_hubspots_names(portal: SeedData) -> None:
    contacts, companies, deals = (_props(portal, t) for t in ("contacts", "companies", "deals"))
    assert {o["value"] for o in contacts["lifecyclestage"]["options"]} == {
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
        "other",
    }
    assert "IN_PROGRESS" in {o["value"] for o in contacts["hs_lead_status"]["options"]}
    assert companies["numberofemployees"]["type"] == "number"
    assert companies["annualrevenue"]["type"] == "number"
    assert companies["industry"]["type"] == "enumeration"
    assert "COMPUTER_SOFTWARE" in {o["value"] for o in companies["industry"]["options"]}
    assert deals["amount"]["hubspotDefined"] is True
    assert deals["dealstage"]["externalOptions"] is True
    assert contacts["hubspot_owner_id"]["referencedObjectType"] == "OWNER"
    for stage in ("appointmentscheduled", "closedwon", "closedlost", "legacy_verbal"):
        assert deals[f"hs_v2_date_entered_{stage}"]["type"] == "datetime"
    group_names = {t: {g["name"] for g in gs} for t, gs in portal.groups.items()}
    assert {"contactinformation", "companyinformation", "dealinformation"} <= set().union(
        *group_names.values()
    )


def test_the_demo_mess_is_there(portal: SeedData) -> None:
    contacts, companies, deals = (_props(portal, t) for t in ("contacts", "companies", "deals"))
    assert (companies["target_account"]["type"], companies["target_account"]["fieldType"]) == (
        "bool",
        "booleancheckbox",
    )
    sources = {o["value"]: o["label"] for o in contacts["lead_source"]["options"]}
    assert sources["paid_search"] == "Paid Search"
    assert sources["ppc"] == "PPC"
    assert sources["paid-search"] == "paid-search"
    assert {"webinar", "webinars", "web-seminar", "event", "events", "tradeshow"} <= set(sources)
    assert contacts["lifecycle_stage_2"]["type"] == "enumeration"
    for name in ("old_campaign_code", "fax_number_2", "legacy_region"):
        assert contacts[name]["hubspotDefined"] is False
    for name in ("close_probability", "win_probability_pct", "deal_likelihood"):
        assert deals[name]["hubspotDefined"] is False


def test_what_the_standard_creates_is_missing(portal: SeedData) -> None:
    missing = {
        "companies": ("icp_tier", "engaged_contacts_30d"),
        "contacts": ("mqa_date", "sql_date", "sla_first_touch_due_at", "sla_first_touch_breached"),
        "deals": ("forecast_probability", "onboarding_kickoff_date"),
    }
    for object_type, names in missing.items():
        present = _props(portal, object_type)
        for name in names:
            assert name not in present, f"{object_type}.{name} should be left for the plan"
        assert "revops_standard" not in {g["name"] for g in portal.groups[object_type]}
    assert [p["id"] for p in portal.pipelines["deals"]] == ["default"]


def test_default_pipeline_has_the_standard_stages_and_the_unused_one(portal: SeedData) -> None:
    (pipeline,) = portal.pipelines["deals"]
    stages = {s["id"]: s for s in pipeline["stages"]}
    expected = {
        "appointmentscheduled": "0.2",
        "qualifiedtobuy": "0.4",
        "presentationscheduled": "0.6",
        "decisionmakerboughtin": "0.8",
        "contractsent": "0.9",
        "closedwon": "1.0",
        "closedlost": "0.0",
    }
    for stage_id, probability in expected.items():
        assert str(stages[stage_id]["metadata"]["probability"]) == probability
    assert stages["closedwon"]["metadata"]["isClosed"] is True
    assert stages["legacy_verbal"]["label"] == "Legacy – Verbal commit"
    assert stages["legacy_verbal"]["metadata"]["isClosed"] is False
    orders = [s["displayOrder"] for s in pipeline["stages"]]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert not [d for d in portal.records.deals if d["properties"]["dealstage"] == "legacy_verbal"]


def test_owners_sit_on_the_four_teams(portal: SeedData) -> None:
    by_team: dict[str, int] = {}
    for owner in portal.owners:
        assert str(owner["id"]).isdigit()
        primary = [t for t in owner["teams"] if t["primary"]]
        assert len(primary) == 1
        for team in owner["teams"]:
            by_team[team["name"]] = by_team.get(team["name"], 0) + 1
    assert set(by_team) == {"Sales", "Sales Development", "Customer Success", "Marketing"}
    assert all(count >= 2 for count in by_team.values())


def test_records_only_use_defined_properties_and_valid_values(portal: SeedData) -> None:
    owner_ids = {str(o["id"]) for o in portal.owners}
    kinds = {
        "contacts": portal.records.contacts,
        "companies": portal.records.companies,
        "deals": portal.records.deals,
    }
    for object_type, records in kinds.items():
        props = _props(portal, object_type)
        for record in records:
            for name, value in record["properties"].items():
                if value is None:
                    continue
                assert name in props, f"{object_type} record uses undefined {name}"
                definition = props[name]
                if name == "hubspot_owner_id":
                    assert value in owner_ids
                elif definition["type"] == "enumeration" and not definition.get("externalOptions"):
                    assert value in {o["value"] for o in definition["options"]}, (name, value)
                elif definition["type"] == "number":
                    float(value)
                elif definition["type"] == "datetime":
                    datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def test_orphaned_properties_are_never_filled(portal: SeedData) -> None:
    for contact in portal.records.contacts:
        for name in ("old_campaign_code", "fax_number_2", "legacy_region"):
            assert name not in contact["properties"]


def test_deals_carry_ordered_stage_entry_timestamps(portal: SeedData) -> None:
    order = [s["id"] for s in portal.pipelines["deals"][0]["stages"]]
    for deal in portal.records.deals:
        props = deal["properties"]
        assert props["pipeline"] == "default"
        entered = {
            key.removeprefix("hs_v2_date_entered_"): value
            for key, value in props.items()
            if key.startswith("hs_v2_date_entered_")
        }
        assert props["dealstage"] in entered
        stamps = [entered[s] for s in order if s in entered]
        assert stamps == sorted(stamps)
        assert entered[props["dealstage"]] == max(stamps)
        assert min(stamps) == props["createdate"]
        if props["dealstage"] in ("closedwon", "closedlost"):
            assert props["closedate"] == entered[props["dealstage"]]
            assert props["hs_is_closed"] is True


def test_contacts_are_associated_to_their_company(portal: SeedData) -> None:
    companies = {int(c["id"]): c for c in portal.records.companies}
    contacts = {int(c["id"]): c for c in portal.records.contacts}
    linked = dict(portal.records.contact_company)
    assert len(linked) > 0.9 * len(contacts)
    for contact_id, company_id in linked.items():
        props = contacts[contact_id]["properties"]
        assert props["associatedcompanyid"] == company_id
        assert props["company"] == companies[company_id]["properties"]["name"]
        assert props["email"].endswith("@" + companies[company_id]["properties"]["domain"])
    deal_companies = {d for d, _ in portal.records.deal_company}
    assert deal_companies == {int(d["id"]) for d in portal.records.deals}


def test_association_counts_match_the_associations(portal: SeedData) -> None:
    per_company: dict[int, int] = {}
    for _, company_id in portal.records.contact_company:
        per_company[company_id] = per_company.get(company_id, 0) + 1
    for company in portal.records.companies:
        expected = per_company.get(int(company["id"]), 0)
        assert company["properties"]["num_associated_contacts"] == expected
    per_deal: dict[int, int] = {}
    for deal_id, _ in portal.records.deal_contact:
        per_deal[deal_id] = per_deal.get(deal_id, 0) + 1
    assert sum(d["properties"]["num_associated_contacts"] for d in portal.records.deals) == sum(
        per_deal.values()
    )
