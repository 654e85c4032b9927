"""`revops import` on Salesforce: live resources -> documents that validate and compile back
to the same resources, and a reason for everything left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.providers.salesforce.decompile import decompile, field_key

from .decompile_helpers import (
    STAGES,
    field,
    fields_of,
    import_notes,
    process,
    round_trip,
    rule,
    same,
    snapshot,
    stage,
    value_set,
    values,
)


def test_custom_fields_round_trip(tmp_path: Path) -> None:
    live = [
        field("Opportunity", "Forecast_Probability__c", "Percent", label="Forecast %",
              description="Rep's call"),
        field("Opportunity", "ARR__c", "Currency", label="ARR", description="Annual"),
        field("Account", "Tier__c", "Picklist", label="Tier", description="ICP tier",
              values=values("Tier 1", ("t2", "Tier 2"), "tier_3")),
        field("Account", "Website_Alt__c", "Url", label="Alt site", description="Other"),
        field("Lead", "Score__c", "Number", label="Score", description="Fit"),
        field("Contact", "Score__c", "Number", label="Score", description="Fit"),
        field("Case", "Escalated__c", "Checkbox", description="Escalated",
              help_text="Tick when escalated"),
        field("Account", "CSM__c", "Lookup", label="CSM", description="Success manager"),
        field("Opportunity", "Next_Call__c", "Date"),  # no description
    ]  # fmt: skip
    snap = snapshot(*live)
    docs = decompile(snap)
    deal, company = fields_of(docs, "deal"), fields_of(docs, "company")
    assert "api_names" not in deal["forecast_probability"]
    assert deal["forecast_probability"]["type"] == "percent"
    assert deal["arr"]["api_names"] == {"salesforce": "ARR__c"}
    assert [o["key"] for o in company["tier"]["options"]] == ["tier_1", "t2", "tier_3"]
    assert company["tier"]["options"][0]["api_names"] == {"salesforce": "Tier 1"}
    assert "api_names" not in company["tier"]["options"][1]
    assert company["website_alt"]["type"] == "string"
    assert company["website_alt"]["api_types"] == {"salesforce": "Url"}
    assert company["csm"]["type"] == "owner"
    assert fields_of(docs, "contact")["score"]["type"] == "number"
    ticket = fields_of(docs, "ticket")["escalated"]
    assert ticket["ignore"] == ["help_text"]
    assert deal["next_call"]["ignore"] == ["description"]  # a placeholder is not Salesforce's
    assert import_notes(snap) == {}
    _, compiled = round_trip(snap, tmp_path)
    same(live, compiled, set())


def test_field_keys_spell_the_name_back() -> None:
    taken: set[str] = set()
    assert field_key("Forecast_Probability__c", taken) == ("forecast_probability", {})
    assert field_key("forecast_probability__c", taken)[1] == {
        "salesforce": "forecast_probability__c"
    }
    assert field_key("Forecast_Probability__c", {"forecast_probability"})[0] == (
        "forecast_probability_2"
    )


def test_a_key_the_definitions_use_gets_another(tmp_path: Path) -> None:
    live = [field("Opportunity", "Amount_Old__c", "Currency", description="x")]
    snap = snapshot(*live, defined=frozenset({"field/deal/amount_old"}))
    (doc,) = decompile(snap)
    (only,) = doc["fields"]  # type: ignore[misc]
    assert only["key"] == "amount_old_2"
    assert only["api_names"] == {"salesforce": "Amount_Old__c"}


def test_what_cannot_be_written_is_reported(tmp_path: Path) -> None:
    lead_only = field("Lead", "Campaign_Code__c", description="code")
    lead_diff = field("Lead", "Region__c", description="region")
    contact_diff = field("Contact", "Region__c", description="the region")
    short = field("Account", "Code__c", length=80, description="code")
    formula = field("Account", "Auto__c", "AutoNumber", description="n")
    lookup = field("Opportunity", "Partner__c", "Lookup", reference_to="Account",
                   description="partner")  # fmt: skip
    defaulted = field("Opportunity", "Kind__c", "Picklist", description="kind",
                      values=[{"value": "A", "label": "A", "default": True}])  # fmt: skip
    other = field("Campaign", "Budget__c", "Currency", description="budget")
    packaged = field("Account", "cpq__Discount__c", "Percent", description="from the package")
    rules = rule("New_Business_Demo_Exit")
    live = [lead_only, lead_diff, contact_diff, short, formula, lookup, defaulted, other, rules,
            packaged]  # fmt: skip
    snap = snapshot(*live)
    notes = import_notes(snap)
    assert set(notes) == {r.id for r in live}
    assert notes[lead_only.id][0] == (
        "exists on Lead only; revops keeps contact fields on both Lead and Contact"
    )
    assert "create Campaign_Code__c on Contact" in notes[lead_only.id][1]
    assert "differs between Lead and Contact (description)" in notes[contact_diff.id][0]
    assert "length is 80" in notes[short.id][0] and "255" in notes[short.id][0]
    assert "AutoNumber" in notes[formula.id][0]
    assert "Lookup to Account" in notes[lookup.id][0]
    assert "default" in notes[defaulted.id][0]
    assert "exit_criteria" in notes[rules.id][1]
    assert "managed package's field (namespace cpq)" in notes[packaged.id][0]
    assert decompile(snap) == []


def test_standard_value_sets_become_standardfields_of(tmp_path: Path) -> None:
    industry = value_set("Industry", values("Software", ("Tech & IT", "Technology")))
    source = value_set("LeadSource", values("Web", "PPC", "pay-per-click"))
    snap = snapshot(industry, source)
    docs = decompile(snap)
    company = fields_of(docs, "company")["industry"]
    assert company["system_defined"] is True
    assert company["api_names"] == {"salesforce": "Industry"}
    assert [o["key"] for o in company["options"]] == ["software", "technology"]
    assert company["options"][1]["api_names"] == {"salesforce": "Tech & IT"}
    contact = fields_of(docs, "contact")["lead_source"]
    assert contact["api_names"] == {"salesforce": "LeadSource"}
    assert [o["key"] for o in contact["options"]] == ["web", "ppc", "pay_per_click"]
    _, compiled = round_trip(snap, tmp_path)
    same([industry, source], compiled, set())


def test_one_pipeline_holds_every_stage(tmp_path: Path) -> None:
    stages = value_set("OpportunityStage", STAGES)
    lone = process("Standard", ["Prospecting"], "Standard")
    snap = snapshot(stages, *lone)
    (pipeline,) = decompile(snap)
    assert pipeline["key"] == "sales"
    got = [(s["key"], s["probability"], s["forecast_category"], s.get("outcome", "open"))
           for s in pipeline["stages"]]  # type: ignore[union-attr, index]  # fmt: skip
    assert got == [
        ("prospecting", 10, "pipeline", "open"),
        ("needs_analysis", 20, "pipeline", "open"),
        ("negotiation", 80, "commit", "open"),
        ("closed_won", 100, "closed", "won"),
        ("closed_lost", 0, "omitted", "lost"),
    ]
    negotiation = pipeline["stages"][2]  # type: ignore[index]
    assert negotiation["api_ids"] == {"salesforce": "Negotiation/Review"}  # type: ignore[index]
    notes = import_notes(snap)
    assert set(notes) == {r.id for r in lone}
    assert "two or more deal pipelines" in notes[lone[0].id][0]
    _, compiled = round_trip(snap, tmp_path)
    same([stages, *lone], compiled, set(notes))


def test_several_sales_processes_are_several_pipelines(tmp_path: Path) -> None:
    # Compile lists the pipelines' stages one pipeline after another: that is the live order.
    prospecting, needs, negotiation, won, lost = STAGES
    stages = value_set("OpportunityStage", [prospecting, negotiation, won, lost, needs])
    new = process("New Business", ["Prospecting", "Negotiation/Review", "Closed Won",
                                   "Closed Lost"], "New_Business")  # fmt: skip
    renewal = process("Renewal", ["Needs Analysis", "Closed Won", "Closed Lost"], "Renewal")
    snap = snapshot(stages, *new, *renewal)
    docs = decompile(snap)
    assert [(d["key"], d["label"]) for d in docs] == [
        ("new_business", "New Business"),
        ("renewal", "Renewal"),
    ]
    assert [s["key"] for s in docs[1]["stages"]] == [  # type: ignore[union-attr, index]
        "needs_analysis", "closed_won", "closed_lost"]  # fmt: skip
    assert import_notes(snap) == {}
    _, compiled = round_trip(snap, tmp_path)
    same([stages, *new, *renewal], compiled, set())
    # In the org's own order (Needs Analysis second) compile could not give it back.
    shuffled = snapshot(value_set("OpportunityStage", STAGES), *new, *renewal)
    assert decompile(shuffled) == []
    assert "order" in import_notes(shuffled)[stages.id][0]


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (stage("Maybe", 50, "MostLikely"), "'MostLikely'"),
        ({**stage("Last", 10, "Pipeline"), "default": True}, "default stage"),
    ],
)
def test_stages_the_definitions_cannot_state(entry: dict[str, Any], reason: str) -> None:
    stages = value_set("OpportunityStage", [*STAGES, entry])
    snap = snapshot(stages)
    assert decompile(snap) == []
    assert reason in import_notes(snap)[stages.id][0]


def test_a_stage_in_no_sales_process_is_reported() -> None:
    stages = value_set("OpportunityStage", STAGES)
    new = process("New Business", ["Prospecting", "Closed Won"], "New_Business")
    renewal = process("Renewal", ["Negotiation/Review", "Closed Lost"], "Renewal")
    snap = snapshot(stages, *new, *renewal)
    assert decompile(snap) == []
    notes = import_notes(snap)
    assert set(notes) == {stages.id, *(r.id for r in (*new, *renewal))}
    assert "'Needs Analysis' is in no sales process" in notes[stages.id][0]


def _status(value: str, label: str = "", *, converted: bool = False, default: bool = False
            ) -> dict[str, Any]:  # fmt: skip
    return {"value": value, "label": label or value, "default": default, "converted": converted}


def test_lead_status_becomes_a_lifecycle(tmp_path: Path) -> None:
    statuses = value_set("LeadStatus", [
        _status("Open - Not Contacted", "New", default=True),
        _status("Working"),
        _status("Closed - Converted", converted=True),
        _status("Closed - Not Converted"),
    ])  # fmt: skip
    snap = snapshot(statuses)
    docs = decompile(snap)
    lifecycle = next(d for d in docs if d["kind"] == "Lifecycle")
    stages: Any = lifecycle["stages"]
    assert [s["key"] for s in stages] == [
        "new", "working", "closed_converted", "closed_not_converted"]  # fmt: skip
    assert stages[0]["api_ids"] == {"salesforce": "Open - Not Contacted"}
    assert [s.get("terminal", False) for s in stages] == [False, False, False, True]
    assert fields_of(docs, "contact")["lead_status"]["api_names"] == {"salesforce": "Status"}
    assert import_notes(snap) == {}
    _, compiled = round_trip(snap, tmp_path)
    same([statuses], compiled, set())


@pytest.mark.parametrize(
    "entries",
    [
        [_status("A", default=True), _status("B", converted=True), _status("C", converted=True)],
        [_status("A", default=True), _status("B")],
        [_status("A"), _status("B", converted=True, default=True)],
    ],
)
def test_lead_statuses_compile_would_not_give_back_are_reported(
    entries: list[dict[str, Any]],
) -> None:
    statuses = value_set("LeadStatus", entries)
    snap = snapshot(statuses)
    assert decompile(snap) == []
    assert "would compile differently" in import_notes(snap)[statuses.id][0]


def test_keys_the_definitions_use_are_not_reused() -> None:
    stages = value_set("OpportunityStage", STAGES)
    (pipeline,) = decompile(snapshot(stages, defined=frozenset({"pipeline/sales"})))
    assert pipeline["key"] == "sales_2"
    statuses = value_set("LeadStatus", [
        _status("New", default=True), _status("Converted", converted=True)])  # fmt: skip
    taken = snapshot(statuses, defined=frozenset({"field/contact/lead_status"}))
    assert decompile(taken) == []
    assert "already use the key lead_status" in import_notes(taken)[statuses.id][0]


def test_a_standard_field_avoids_a_custom_field_key_imported_with_it(tmp_path: Path) -> None:
    live = [field("Account", "Type__c", description="kind of company"),
            value_set("AccountType", values("Customer", "Partner"))]  # fmt: skip
    snap = snapshot(*live)
    docs = decompile(snap)
    keys = sorted(f["key"] for d in docs for f in d["fields"])  # type: ignore[union-attr, index]
    assert keys == ["account_type", "type"]
    _, compiled = round_trip(snap, tmp_path)
    same(live, compiled, set())


def test_yaml_traps_in_values_and_labels_round_trip(tmp_path: Path) -> None:
    traps = ["no", "yes", "1e3", "null", "~", "012", "12:30", "2026-01-01", "- dash", "#hash",
             "key: value", "100%", "é ü 日本", "'", '"']  # fmt: skip
    live = [field("Account", "Odd__c", "Picklist", label="no", description="yes",
                  values=values(*traps))]  # fmt: skip
    snap = snapshot(*live)
    assert import_notes(snap) == {}
    (doc,) = decompile(snap)
    keys = [o["key"] for o in doc["fields"][0]["options"]]  # type: ignore[index]
    assert len(set(keys)) == len(traps)
    _, compiled = round_trip(snap, tmp_path)
    same(live, compiled, set())
