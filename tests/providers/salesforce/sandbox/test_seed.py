"""The seeded org: deterministic, internally consistent, Salesforce's standard names and
defaults, custom fields that match or differ from the bundled definitions as documented, and a
manifest whose numbers equal the planted constants and a SOQL recount of the records."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from revops_as_code.providers.salesforce import model
from revops_as_code.providers.salesforce.sandbox.org import KEY_PREFIXES, Org, OrgField
from revops_as_code.providers.salesforce.sandbox.seed import PLANTED, build_org
from revops_as_code.providers.salesforce.sandbox.seed_custom import (
    DIFFERING,
    MATCHING,
    RETYPED,
    SUPERSEDED,
    stamp,
)
from revops_as_code.providers.salesforce.sandbox.seed_records import PAST_DEMO, STAGE_COUNTS
from revops_as_code.providers.salesforce.sandbox.seed_standard import CASE_PICKLISTS
from revops_as_code.providers.salesforce.sandbox.soql import execute, parse
from revops_as_code.providers.salesforce.sandbox.types import SYSTEM_FIELDS

from ..compile_helpers import bundled

NOW = datetime(2026, 12, 1, tzinfo=UTC)
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+0000$")


@pytest.fixture(scope="module")
def org() -> Org:
    return build_org(7, NOW)


def count(org: Org, soql: str) -> int:
    query = parse(soql)
    return execute(query, org.records[query.sobject], now=NOW).total_size


def grouped(org: Org, soql: str) -> dict[Any, int]:
    query = parse(soql)
    rows = execute(query, org.records[query.sobject], now=NOW).records
    return {next(iter(r.values())): r["expr0"] for r in rows}


def fields_of(org: Org, obj: str) -> dict[str, OrgField]:
    return {f.name: f for f in org.fields if f.object == obj}


# -- determinism and speed -------------------------------------------------------------------
def test_a_seed_and_a_clock_give_the_same_org(org: Org) -> None:
    assert build_org(7, NOW) == org
    other = build_org(8, NOW)
    assert other.records != org.records
    assert other.fields == org.fields  # configuration is history, not chance


def test_now_defaults_to_todays_midnight_utc() -> None:
    built = build_org()
    assert built.manifest["now"].endswith("T00:00:00+00:00")
    assert built.manifest["now"][:10] == datetime.now(UTC).date().isoformat()


@pytest.mark.parametrize("seed", [1, 7, 42, 2026])
def test_every_seed_plants_the_same_facts(seed: int) -> None:
    manifest = build_org(seed, NOW).manifest
    assert {key: manifest[key] for key in PLANTED} == PLANTED
    assert manifest["stages"] == {**STAGE_COUNTS, "Verbal Commit": 0}


def test_building_is_fast() -> None:
    started = time.perf_counter()
    build_org(3, NOW)
    assert time.perf_counter() - started < 1.5  # about 0.03 s on an idle machine


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown seed profile 'tidy'"):
        build_org(profile="tidy")


# -- the manifest against a SOQL recount ----------------------------------------------------
def test_manifest_is_json_and_names_the_people(org: Org) -> None:
    manifest = json.loads(json.dumps(org.manifest))
    assert manifest["counts"] == {
        "Account": 120,
        "Contact": 300,
        "Lead": 400,
        "Opportunity": 250,
        "Case": 60,
    }
    users = {u["Name"]: u for u in org.users}
    assert manifest["integration_user"] == users["Integration User"]["Id"]
    assert manifest["admins"] == [users["Dana Admin"]["Id"], users["Priya Shah"]["Id"]]
    assert manifest["inactive_users"] == [users["Tom Becker"]["Id"]]
    assert manifest["record_types"] == manifest["validation_rules"] == 0
    assert manifest["business_processes"] == 0


def test_stage_counts_recount(org: Org) -> None:
    by_stage = grouped(org, "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName")
    assert by_stage == {s: n for s, n in org.manifest["stages"].items() if n}
    assert count(org, "SELECT COUNT() FROM Opportunity WHERE StageName = 'Demo'") == 48
    assert (
        count(org, "SELECT COUNT() FROM Opportunity WHERE StageName = 'Perception Analysis'") == 0
    )
    assert org.manifest["unused_stages"] == ["Perception Analysis", "Verbal Commit"]


def test_planted_deal_violations_recount(org: Org) -> None:
    past_demo = ", ".join(f"'{s}'" for s in PAST_DEMO)
    manifest = org.manifest
    assert (
        count(
            org,
            f"SELECT COUNT() FROM Opportunity WHERE StageName IN ({past_demo}) AND Amount = null",
        )
        == manifest["past_demo_without_amount"]
        == 9
    )
    assert (
        count(
            org, "SELECT COUNT() FROM Opportunity WHERE StageName = 'Closed Won' AND Amount = null"
        )
        == manifest["closed_won_without_amount"]
        == 4
    )
    assert (
        count(org, "SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND CloseDate < TODAY")
        == manifest["open_with_past_close_date"]
        == 17
    )
    tom = manifest["users"]["Tom Becker"]
    assert (
        count(org, f"SELECT COUNT() FROM Opportunity WHERE IsClosed = false AND OwnerId = '{tom}'")
        == manifest["open_owned_by_inactive_rep"]
        == 6
    )
    assert count(org, "SELECT COUNT() FROM Opportunity WHERE AccountId = null") == 3


def test_spellings_recount(org: Org) -> None:
    variants = "('Paid Search', 'PPC', 'paid-search')"
    for obj in ("Lead", "Contact"):
        found = grouped(
            org,
            f"SELECT LeadSource, COUNT(Id) FROM {obj} WHERE LeadSource IN "
            f"{variants} GROUP BY LeadSource",
        )
        assert found == org.manifest["lead_sources"][obj] == PLANTED["lead_sources"][obj]
    tiers = grouped(
        org,
        "SELECT ICP_Tier__c, COUNT(Id) FROM Account WHERE ICP_Tier__c != null GROUP BY ICP_Tier__c",
    )
    assert tiers == {"Tier 1": 14, "Tier1": 6, "T1": 4, "Tier 2": 20}
    assert count(org, "SELECT COUNT() FROM Account WHERE Target_Account__c = true") == 18


def test_competing_probability_fields_recount(org: Org) -> None:
    for name, filled in PLANTED["competing_probability_filled"].items():
        assert count(org, f"SELECT COUNT() FROM Opportunity WHERE {name} != null") == filled
    assert (
        count(
            org,
            "SELECT COUNT() FROM Opportunity WHERE Close_Probability__c != null AND "
            "Win_Probability_Pct__c != null AND Deal_Likelihood__c != null",
        )
        == (org.manifest["all_three_probabilities_filled"])
    )


def test_people_recount(org: Org) -> None:
    assert count(org, "SELECT COUNT() FROM Contact WHERE AccountId = null") == 7
    assert (
        count(
            org,
            "SELECT COUNT() FROM Lead WHERE IsConverted = true AND Status = 'Closed - Converted'",
        )
        == 40
    )
    assert count(org, "SELECT COUNT() FROM Lead WHERE IsConverted = true") == 40


# -- consistency ---------------------------------------------------------------------------
def test_ids_are_unique_eighteen_characters_with_the_right_prefix(org: Org) -> None:
    ids = [u["Id"] for u in org.users] + [f.id for f in org.fields if f.id]
    ids += [m["Id"] for m in org.value_set_meta.values()]
    for obj, rows in org.records.items():
        assert {r["Id"][:3] for r in rows} == {KEY_PREFIXES[obj]}
        ids += [r["Id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(len(i) == 18 for i in ids)
    assert {f.id[:3] for f in org.fields if f.custom and f.id} == {"00N"}


def test_lookups_point_at_records_that_exist(org: Org) -> None:
    known = {r["Id"]: obj for obj, rows in org.records.items() for r in rows}
    known |= {u["Id"]: "User" for u in org.users}
    lookups = [f for f in org.fields if f.type == "Lookup" and f.reference_to != "RecordType"]
    for f in lookups:
        for row in org.records.get(f.object, []):
            value = row.get(f.name)
            assert value is None or known.get(value) == f.reference_to, (f.object, f.name, value)
    for rows in org.records.values():
        for row in rows:
            assert known[row["CreatedById"]] == known[row["LastModifiedById"]] == "User"
            assert row["CreatedDate"] <= row["LastModifiedDate"] <= stamp(NOW)
            assert STAMP.match(row["CreatedDate"])


def test_records_hold_only_fields_their_object_has(org: Org) -> None:
    system = {name for name, *_ in SYSTEM_FIELDS}
    for obj, rows in org.records.items():
        names = set(fields_of(org, obj)) | system
        for row in rows:
            assert set(row) <= names, set(row) - names


def test_picklist_values_are_active_values_of_their_set(org: Org) -> None:
    sets = {**model.STANDARD_PICKLISTS, **CASE_PICKLISTS}
    for key, set_name in sets.items():
        obj, name = key.split(".")
        active = {v["valueName"] for v in org.value_sets[set_name] if v["isActive"]}
        held = {r.get(name) for r in org.records.get(obj, [])} - {None}
        assert held <= active, (key, held - active)
    for f in org.fields:
        if f.custom and f.type == "Picklist":
            allowed = {v["value"] for v in f.values if v["active"]}
            held = {r.get(f.name) for r in org.records[f.object]} - {None}
            assert held <= allowed, (f.name, held - allowed)


def test_opportunities_follow_their_stage(org: Org) -> None:
    stages = {v["valueName"]: v for v in org.value_sets["OpportunityStage"]}
    labels = {"Pipeline": "Pipeline", "Closed": "Closed", "Omitted": "Omitted"}
    for opp in org.records["Opportunity"]:
        stage = stages[opp["StageName"]]
        assert opp["IsClosed"] is stage["closed"] and opp["IsWon"] is stage["won"]
        assert opp["Probability"] == stage["probability"]
        assert opp["ForecastCategoryName"] == labels[stage["forecastCategory"]]
        assert opp["RecordTypeId"] is None  # the Master record type
        if opp["IsClosed"]:
            assert opp["CloseDate"] < NOW.date().isoformat()


# -- Salesforce's standard org -------------------------------------------------------------
def test_standard_fields_carry_salesforces_names_and_types(org: Org) -> None:
    account, opp, lead = (fields_of(org, o) for o in ("Account", "Opportunity", "Lead"))
    employees = account["NumberOfEmployees"]
    assert (employees.type, employees.precision, employees.scale) == ("Number", 8, 0)
    assert account["AnnualRevenue"].type == "Currency"
    assert opp["StageName"].type == "Picklist" and opp["StageName"].required
    assert opp["CloseDate"].type == "Date" and opp["Probability"].type == "Percent"
    assert opp["AccountId"].reference_to == "Account" and opp["OwnerId"].reference_to == "User"
    assert lead["IsConverted"].type == "Checkbox" and lead["Email"].type == "Email"
    assert {"Company", "Status", "LeadSource", "Industry", "Rating"} <= set(lead)
    assert {"AccountId", "Email", "LeadSource"} <= set(fields_of(org, "Contact"))
    assert {"Subject", "Status", "Priority", "Origin"} <= set(fields_of(org, "Case"))
    assert {"Username", "Email", "IsActive"} <= set(fields_of(org, "User"))
    assert not any(f.custom for f in org.fields if not f.name.endswith("__c"))


def test_an_empty_org_has_salesforces_defaults_and_nothing_else() -> None:
    empty = build_org(7, NOW, profile="empty")
    assert not any(f.custom for f in empty.fields)
    assert all(rows == [] for rows in empty.records.values())
    assert (empty.validation_rules, empty.business_processes, empty.record_types) == ([], [], [])
    stages = [
        (v["valueName"], v["probability"], v["forecastCategory"], v["closed"], v["won"])
        for v in empty.value_sets["OpportunityStage"]
    ]
    assert stages == [
        ("Prospecting", 10, "Pipeline", False, False),
        ("Qualification", 10, "Pipeline", False, False),
        ("Needs Analysis", 20, "Pipeline", False, False),
        ("Value Proposition", 50, "Pipeline", False, False),
        ("Id. Decision Makers", 60, "Pipeline", False, False),
        ("Perception Analysis", 70, "Pipeline", False, False),
        ("Proposal/Price Quote", 75, "Pipeline", False, False),
        ("Negotiation/Review", 90, "Pipeline", False, False),
        ("Closed Won", 100, "Closed", True, True),
        ("Closed Lost", 0, "Omitted", True, False),
    ]
    status = {
        v["valueName"]: (v["default"], v["converted"]) for v in empty.value_sets["LeadStatus"]
    }
    assert status == {
        "Open - Not Contacted": (True, False),
        "Working - Contacted": (False, False),
        "Closed - Converted": (False, True),
        "Closed - Not Converted": (False, False),
    }
    assert [v["valueName"] for v in empty.value_sets["OpportunityType"]] == [
        "Existing Customer - Upgrade",
        "Existing Customer - Replacement",
        "Existing Customer - Downgrade",
        "New Customer",
    ]
    assert "Paid Search" not in {v["valueName"] for v in empty.value_sets["LeadSource"]}
    assert len(empty.value_sets["Industry"]) == 32
    assert empty.manifest["counts"]["Opportunity"] == 0


def test_the_messy_history_of_value_sets(org: Org) -> None:
    stages = [v["valueName"] for v in org.value_sets["OpportunityStage"]]
    assert stages[:4] == ["Prospecting", "Qualification", "Discovery", "Demo"]
    assert [v["valueName"] for v in org.value_sets["OpportunityStage"] if not v["isActive"]] == [
        "Verbal Commit"
    ]
    sources = [v["valueName"] for v in org.value_sets["LeadSource"]]
    assert {"Paid Search", "PPC", "paid-search"} <= set(sources)
    users = org.manifest["users"]
    assert org.value_set_meta["OpportunityStage"]["last_modified_by"] == users["Dana Admin"]
    assert org.value_set_meta["LeadSource"]["last_modified_by"] == users["Priya Shah"]
    changed = org.value_set_meta["LeadSource"]["last_modified_date"]
    assert STAMP.match(changed) and changed[:10] == (NOW - timedelta(days=6)).date().isoformat()
    assert org.value_set_meta["Industry"]["last_modified_by"] == users["Integration User"]


# -- the custom fields against the bundled definitions -------------------------------------
def _compiled() -> dict[str, dict[str, Any]]:
    return {
        str(r.id).split("/", 2)[2].lower(): dict(r.attributes)
        for r in bundled().resources
        if str(r.id).split("/")[1] == model.CUSTOM_FIELD
    }


def _as_compiled(f: OrgField) -> dict[str, Any]:
    return {
        "object": f.object,
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "length": f.length,
        "precision": f.precision,
        "scale": f.scale,
        "visible_lines": f.visible_lines,
        "description": f.description,
        "help_text": f.help_text,
        "reference_to": f.reference_to,
        "values": [
            {"value": v["value"], "label": v["label"], "default": v["default"]}
            for v in f.values
            if v["active"]
        ],
    }


def test_matching_fields_equal_the_compiled_definitions(org: Org) -> None:
    compiled = _compiled()
    seeded = {f"{f.object}.{f.name}": f for f in org.fields if f.custom}
    for key in MATCHING:
        assert _as_compiled(seeded[key]) == compiled[key.lower()], key


def test_retyped_fields_differ_from_the_definitions_only_in_their_type(org: Org) -> None:
    compiled = _compiled()
    seeded = {f"{f.object}.{f.name}": f for f in org.fields if f.custom}
    for key in RETYPED:
        have, want = _as_compiled(seeded[key]), compiled[key.lower()]
        assert (have["type"], want["type"]) == ("Date", "DateTime"), key
        assert {**have, "type": want["type"]} == want, key


def test_differing_fields_exist_in_the_definitions_under_another_spelling_or_shape(
    org: Org,
) -> None:
    compiled = _compiled()
    seeded = {f"{f.object}.{f.name}": f for f in org.fields if f.custom}
    for key in DIFFERING:
        want = compiled[key.lower()]  # API names are case-insensitive: ICP_Tier__c is Icp_Tier__c
        have = _as_compiled(seeded[key])
        assert have != want and have["type"] == want["type"], key
    tier = seeded["Account.ICP_Tier__c"]
    assert [v["value"] for v in tier.values] == ["Tier 1", "Tier1", "T1", "Tier 2"]
    assert compiled["account.icp_tier__c"]["name"].lower() == "icp_tier__c"


def test_superseded_and_absent_fields(org: Org) -> None:
    compiled = _compiled()
    assert not {key.lower() for key in SUPERSEDED} & set(compiled)
    seeded = {f"{f.object}.{f.name}".lower() for f in org.fields if f.custom}
    assert "opportunity.forecast_probability__c" in compiled
    assert "opportunity.forecast_probability__c" not in seeded  # the plan creates it
    assert "contact.sql_date__c" in compiled and "contact.sql_date__c" not in seeded


def test_custom_fields_carry_who_changed_them_and_when(org: Org) -> None:
    users = org.manifest["users"]
    ids = set(users.values())
    for f in org.fields:
        if f.custom:
            assert f.created_by in ids and f.last_modified_by in ids
            assert f.last_modified_date is not None and STAMP.match(f.last_modified_date)
    recent = org.manifest["fields"]["changed_by_priya_recently"]
    assert recent == ["Account.ICP_Tier__c", "Lead.Mqa_Date__c"]
    by_key = {f"{f.object}.{f.name}": f for f in org.fields}
    for key in recent:
        assert by_key[key].last_modified_by == users["Priya Shah"]
