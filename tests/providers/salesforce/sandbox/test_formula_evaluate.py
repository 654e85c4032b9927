"""The sandbox's validation-rule formulas: what a rule says about a record save (blank
semantics, ISCHANGED/PRIORVALUE/ISNEW, dates), the provider's generated rules, and properties."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.providers.salesforce.sandbox.formula import (
    FormulaError,
    blocks,
    check,
    evaluate,
)

from .formula_types import NOW, field_type, run

# -- what a rule says about a save ----------------------------------------------------------
DEMO_EXIT = 'AND(ISPICKVAL(StageName, "Demo"), OR(ISBLANK(Amount), ISBLANK(CloseDate)))'


def test_an_exit_criteria_rule_blocks_only_when_true() -> None:
    assert blocks(run(DEMO_EXIT, {"StageName": "Demo", "Amount": None, "CloseDate": "2026-04-01"}))
    assert blocks(run(DEMO_EXIT, {"StageName": "Demo", "Amount": 10, "CloseDate": None}))
    assert not blocks(
        run(DEMO_EXIT, {"StageName": "Demo", "Amount": 10, "CloseDate": "2026-04-01"})
    )
    assert not blocks(run(DEMO_EXIT, {"StageName": "demo", "Amount": None}))  # ISPICKVAL: exact


def test_blank_handling() -> None:
    assert run("ISBLANK(Name)", {"Name": ""}) is True
    assert run("ISBLANK(Name)", {"Name": None}) is True
    assert run("ISBLANK(Name)", {"Name": " x"}) is False
    assert run("ISBLANK(Amount)", {"Amount": 0}) is False  # zero is a value
    assert run("ISBLANK(Amount)", {}) is True
    assert run("ISNULL(Name)", {"Name": ""}) is False  # text is never null in Salesforce
    assert run("ISNULL(Amount)", {}) is True
    assert run("ISBLANK(IsClosed)", {}) is False  # a checkbox is never blank
    assert run("Amount > 100", {}) is None  # blank stays blank: the rule does not fire
    assert not blocks(run("Amount > 100", {}))
    assert run("Amount + 1 = 1", {}) is False
    assert run("BLANKVALUE(Amount, 7) = 7", {}) is True
    assert run("BLANKVALUE(Amount, 7) = 7", {"Amount": 3}) is False
    assert run('Name = ""', {"Name": None}) is True
    assert run('NextStep & "!" = "!"', {}) is True
    assert run("NOT(IsClosed)", {"IsClosed": None}) is True


def test_checkbox_and_number_semantics() -> None:
    assert run("Target_Account__c", {"Target_Account__c": True}) is True
    assert run("Target_Account__c = FALSE", {"Target_Account__c": "false"}) is True
    assert run("Probability * 2 = 1.5", {"Probability": 75}) is True  # percents are fractions
    assert run("Probability > 0.5", {"Probability": 60}) is True
    assert run("Amount / 4 = 2.5", {"Amount": "10"}) is True
    assert run("-Amount < 0 && Amount ^ 2 = 9", {"Amount": 3}) is True
    with pytest.raises(FormulaError, match="Division by zero"):
        run("Amount / 0 > 1", {"Amount": 3})


def test_ischanged_priorvalue_and_isnew() -> None:
    moved = 'AND(ISCHANGED(StageName), ISPICKVAL(PRIORVALUE(StageName), "Demo"))'
    assert run(moved, {"StageName": "Negotiation/Review"}, prior={"StageName": "Demo"}) is True
    assert run(moved, {"StageName": "Demo"}, prior={"StageName": "Demo"}) is False
    # on create ISCHANGED is FALSE and PRIORVALUE is the value being saved
    assert run("ISCHANGED(StageName)", {"StageName": "Demo"}, is_new=True) is False
    assert run('ISPICKVAL(PRIORVALUE(StageName), "Demo")', {"StageName": "Demo"}, is_new=True)
    assert run("ISNEW()", {}, is_new=True) is True
    assert run("ISNEW()", {}, prior={}) is False
    assert run("ISCHANGED(Amount)", {"Amount": 5}, prior={"Amount": None}) is True
    assert run("ISCHANGED(Name)", {"Name": ""}, prior={"Name": None}) is False


def test_case_text_and_strings() -> None:
    score = 'CASE(StageName, "Demo", 1, "Closed Won", 2, 0)'
    assert run(f"{score} = 2", {"StageName": "Closed Won"}) is True
    assert run(f"{score} = 0", {"StageName": "Other"}) is True
    assert run('TEXT(StageName) = "Demo"', {"StageName": "Demo"}) is True
    assert run('TEXT(Amount) = "5000"', {"Amount": 5000.0}) is True
    assert run('TEXT(CloseDate) = "2026-03-01"', {"CloseDate": "2026-03-01"}) is True
    assert run('CONTAINS(Name, "Acme")', {"Name": "The Acme deal"}) is True
    assert run('CONTAINS(Name, "acme")', {"Name": "The Acme deal"}) is False  # case-sensitive
    assert run('BEGINS(Name, "The")', {"Name": "The Acme deal"}) is True
    assert run("LEN(Name) = 3", {"Name": "abc"}) is True
    assert run('Name = "say \\"hi\\""', {"Name": 'say "hi"'}) is True
    assert run("INCLUDES(Segments__c, 'EMEA')", {"Segments__c": "SMB;EMEA"}) is True
    assert run("INCLUDES(Segments__c, 'EME')", {"Segments__c": "SMB;EMEA"}) is False
    with pytest.raises(FormulaError, match="VALUE"):
        run("VALUE(NextStep) > 1", {"NextStep": "soon"})


def test_dates_against_now() -> None:
    assert run("CloseDate < TODAY()", {"CloseDate": "2026-03-14"}) is True
    assert run("CloseDate < TODAY()", {"CloseDate": "2026-03-15"}) is False
    assert run("CloseDate = TODAY() + 1", {"CloseDate": "2026-03-16"}) is True
    assert run("TODAY() - CloseDate = 14", {"CloseDate": date(2026, 3, 1)}) is True
    recent = "LastModifiedDate >= NOW() - 5/24"
    assert run(recent, {"LastModifiedDate": "2026-03-15T08:00:00.000+0000"}) is True
    assert run(recent, {"LastModifiedDate": "2026-03-15T06:59:00.000+0000"}) is False
    assert (
        run("DATEVALUE(LastModifiedDate) = TODAY()", {"LastModifiedDate": "2026-03-15T23:00:00Z"})
        is True
    )
    assert (
        run(
            'LastModifiedDate < DATETIMEVALUE("2026-03-15 00:00:00")',
            {"LastModifiedDate": "2026-03-14T23:59:59Z"},
        )
        is True
    )
    assert run("CloseDate > DATE(2026, 2, 28)", {"CloseDate": "2026-03-01"}) is True
    with pytest.raises(FormulaError, match="not a valid date"):
        run("CloseDate > DATE(2026, 2, 30)", {"CloseDate": "2026-03-01"})


def test_field_names_and_functions_are_case_insensitive() -> None:
    assert run('and(ispickval(stagename, "Demo"), isblank(AMOUNT))', {"StageName": "Demo"}) is True
    assert run("true && NOT(false) && null = null", {}) is True


def test_evaluate_refuses_what_check_refuses() -> None:
    with pytest.raises(FormulaError, match="picklist field"):
        run('StageName = "Demo"', {"StageName": "Demo"})


# -- the provider's generated rules ----------------------------------------------------------
def _org_types(obj: str) -> Any:
    """field_type over the seeded org plus what the bundled definitions create."""
    from revops_as_code.providers.salesforce.sandbox.seed import build_org

    from ..compile_helpers import bundled

    known = {f"{f.object}.{f.name}".lower(): f.type for f in build_org(7, NOW).fields}
    for resource in bundled().resources:
        if str(resource.id).split("/")[1] == "custom_field":
            attrs = resource.attributes
            known[f"{attrs['object']}.{attrs['name']}".lower()] = attrs["type"]
    walks = {"account": "Account", "owner": "User", "lastmodifiedby": "User"}

    def lookup(path: str) -> str | None:
        parts = path.split(".")
        if len(parts) == 1:
            return known.get(f"{obj}.{path}".lower())
        rel, name = parts[0].lower(), parts[-1]
        if rel == "recordtype":
            return "Text" if name.lower() in ("developername", "name") else None
        return known.get(f"{walks[rel]}.{name}".lower()) if rel in walks else None

    return lookup


def test_the_providers_generated_rules_check_and_refuse_saves() -> None:
    from ..compile_helpers import bundled

    rules = {
        str(r.id).split("/", 2)[2]: r.attributes
        for r in bundled().resources
        if str(r.id).split("/")[1] == "validation_rule"
    }
    assert rules
    for attrs in rules.values():
        check(attrs["formula"], _org_types(attrs["object"]))
    rule = rules["Opportunity.New_Business_Discovery_Exit"]["formula"]
    deal = {
        "RecordType": {"DeveloperName": "New_Business"},
        "StageName": "Demo",
        "Amount": None,
        "CloseDate": "2026-04-01",
    }

    def value(record: dict[str, Any]) -> Any:
        def get(path: str) -> Any:
            here: Any = record
            for part in path.split("."):
                here = here.get(part) if isinstance(here, dict) else None
            return here

        return get

    def save(record: dict[str, Any]) -> bool:
        return blocks(
            evaluate(
                rule,
                value(record),
                prior=value({"StageName": "Discovery"}),
                is_new=False,
                field_type=_org_types("Opportunity"),
                now=NOW,
            )
        )

    assert save(deal)
    assert not save({**deal, "Amount": 20000})
    assert not save({**deal, "StageName": "Discovery"})
    assert not save({**deal, "RecordType": {"DeveloperName": "Renewal"}})


# -- properties ------------------------------------------------------------------------------
_OPS = {
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
}


@st.composite
def guarded(draw: st.DrawFn, depth: int = 0) -> tuple[str, Any]:
    """A formula over Amount/Quantity__c as the provider writes it (each comparison guarded
    by NOT(ISBLANK(...))) and the Python predicate it means."""
    if depth >= 2 or draw(st.booleans()):
        name = draw(st.sampled_from(["Amount", "Quantity__c"]))
        op = draw(st.sampled_from(list(_OPS)))
        k = draw(st.integers(-2, 2))
        text = f"AND(NOT(ISBLANK({name})), {name} {op} {k})"
        return text, lambda r: r[name] is not None and bool(_OPS[op](r[name], k))
    kind = draw(st.sampled_from(["AND", "OR", "NOT"]))
    if kind == "NOT":
        inner, pred = draw(guarded(depth + 1))
        return f"NOT({inner})", lambda r: not pred(r)
    parts = draw(st.lists(guarded(depth + 1), min_size=2, max_size=3))
    combine = all if kind == "AND" else any
    return (f"{kind}({', '.join(t for t, _ in parts)})", lambda r: combine(p(r) for _, p in parts))


@settings(max_examples=150, deadline=None)
@given(
    formula=guarded(),
    amount=st.one_of(st.none(), st.integers(-3, 3)),
    quantity=st.one_of(st.none(), st.integers(-3, 3)),
)
def test_generated_guarded_formulas_match_a_python_evaluation(
    formula: tuple[str, Any], amount: int | None, quantity: int | None
) -> None:
    text, predicate = formula
    record = {"Amount": amount, "Quantity__c": quantity}
    check(text, field_type)
    assert run(text, record) is predicate(record)
