"""compile: what lifecycles, ICPs and SLAs add (LeadStatus, tier values, entry-date fields)."""

from __future__ import annotations

from typing import Any

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.salesforce import model

from .compile_helpers import compiled, fld, pipeline, resource, rid, stage, standard

CONTACTS = standard(
    "contact",
    fld("lifecyclestage", "enum", "Lifecycle stage", system_defined=True),
    fld("mqa_date", "datetime", "MQA date"),
    fld("score", "number", "Score"),
)


def lifecycle(*stages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": "Lifecycle", "key": "journey", "label": "Journey",
            "field": "lifecyclestage", "stages": list(stages), **extra}  # fmt: skip


def test_without_deal_criteria_the_last_forward_stage_is_converted() -> None:
    result = compiled(CONTACTS, lifecycle(
        {"key": "lead", "label": "Lead", "api_ids": {"salesforce": "Open - Not Contacted"}},
        {"key": "mql", "label": "MQL"},
        {"key": "junk", "label": "Junk", "terminal": True},
    ))  # fmt: skip
    values = resource(result, model.VALUE_SET, "LeadStatus").attributes["values"]
    assert values == [
        {"value": "Open - Not Contacted", "label": "Lead", "default": True, "converted": False},
        {"value": "MQL", "label": "MQL", "default": False, "converted": True},
        {"value": "Junk", "label": "Junk", "default": False, "converted": False},
    ]  # fmt: skip


def test_an_undeclared_entry_date_field_is_created_and_a_declared_one_reused() -> None:
    result = compiled(CONTACTS, lifecycle(
        {"key": "mqa", "label": "MQA", "entered_at_field": "mqa_date"},
        {"key": "sql", "label": "SQL", "entered_at_field": "sql_entered_at"},
        {"key": "won", "label": "Won", "entered_at_field": "score"},
    ))  # fmt: skip
    for obj in ("Lead", "Contact"):
        created = resource(result, model.CUSTOM_FIELD, f"{obj}.Sql_Entered_At__c")
        assert created.attributes["type"] == "DateTime"
        assert created.attributes["label"] == "SQL date"
        assert created.origin == "lifecycle/journey/stage/sql"
    names = [r.id.key for r in result.resources if r.id.kind == model.CUSTOM_FIELD]
    assert names.count("Lead.Mqa_Date__c") == 1
    wrong = [d for d in result.diagnostics if d.code == "SF206"]
    assert len(wrong) == 1 and "Score__c" in wrong[0].message
    assert wrong[0].severity is Severity.WARNING


def test_a_lifecycle_of_companies_sets_no_lead_status() -> None:
    companies = standard("company", fld("stage", "enum", "Stage"))
    result = compiled(companies, lifecycle({"key": "a", "label": "A"}, object="company",
                                           field="stage"))  # fmt: skip
    assert rid(model.VALUE_SET, "LeadStatus") not in result.resources
    values = resource(result, model.CUSTOM_FIELD, "Account.Stage__c").attributes["values"]
    assert values == [{"value": "A", "label": "A", "default": False}]


def test_a_lifecycle_field_nobody_declares_is_a_warning() -> None:
    result = compiled(lifecycle({"key": "a", "label": "A"}))
    assert any(d.code == "SF208" and d.severity is Severity.WARNING for d in result.diagnostics)
    assert resource(result, model.VALUE_SET, "LeadStatus").origin == "lifecycle/journey"


def test_the_icp_default_tier_takes_its_label_from_the_field_or_its_key() -> None:
    companies = standard("company", fld("tier", "enum", "Tier"), fld("size", "number", "Size"))
    icp = {"kind": "ICP", "key": "icp", "label": "ICP", "field": "tier", "default_tier": "not_icp",
           "tiers": [{"key": "t1", "label": "Tier 1",
                      "criteria": {"field": "size", "op": "gte", "value": 10}}]}  # fmt: skip
    result = compiled(companies, icp)
    values = resource(result, model.CUSTOM_FIELD, "Account.Tier__c").attributes["values"]
    assert [(v["value"], v["label"]) for v in values] == [("t1", "Tier 1"), ("not_icp", "Not ICP")]
    gap = next(d for d in result.diagnostics if "criteria of ICP tier 't1'" in d.message)
    assert gap.severity is Severity.INFO


def test_a_rule_longer_than_salesforce_saves_is_left_out_with_a_warning() -> None:
    deals = standard("deal", fld("amount", "currency", "Amount"))
    first = stage("first", "First", 1, "pipeline", exit_criteria={"required_fields": ["amount"]})
    rest = [stage(f"s{i}", f"A stage with a rather long label number {i}", 2, "pipeline")
            for i in range(120)]  # fmt: skip
    result = compiled(deals, pipeline("p", "P", first, *rest))
    assert not [r for r in result.resources if r.id.kind == model.VALIDATION_RULE]
    warning = next(d for d in result.diagnostics if "at most 5,000" in d.message)
    assert warning.severity is Severity.WARNING and warning.hint


def test_two_contact_lifecycles_cannot_both_be_lead_status() -> None:
    other = {**lifecycle({"key": "b", "label": "B"}), "key": "other"}
    result = compiled(CONTACTS, lifecycle({"key": "a", "label": "A"}), other)
    found = [d for d in result.diagnostics if "both define Lead Status" in d.message]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    values = resource(result, model.VALUE_SET, "LeadStatus").attributes["values"]
    assert [v["value"] for v in values] == ["B"]


def test_a_required_company_field_is_named_as_the_companys() -> None:
    companies = standard("company", fld("industry", "enum", "Industry", system_defined=True,
                                        api_names={"salesforce": "Industry"}))  # fmt: skip
    deals = standard("deal", fld("amount", "currency", "Amount"))
    first = stage("first", "First", 10, "pipeline",
                  exit_criteria={"required_fields": ["field/company/industry", "amount"]})  # fmt: skip
    won = stage("won", "Won", 100, "closed", "won")
    result = compiled(companies, deals, pipeline("p", "P", first, won))
    rule = resource(result, model.VALIDATION_RULE, "Opportunity.P_First_Exit").attributes
    assert rule["formula"] == (
        'AND(ISPICKVAL(StageName, "Won"), OR(ISPICKVAL(Account.Industry, ""), ISBLANK(Amount__c)))'
    )
    assert (
        rule["message"] == "To move a deal past First, fill in the company's Industry and Amount."
    )
