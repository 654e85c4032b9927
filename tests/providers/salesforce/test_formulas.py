"""formulas: every operator on every type as formula text, checked against the sandbox's
formula checker and, for meaning, against the audit's evaluator of the same condition."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revops_as_code.audit.criteria import Subject, compile_condition
from revops_as_code.models.conditions import Condition
from revops_as_code.providers.salesforce.formulas import (
    FieldRef,
    Unsupported,
    all_of,
    any_of,
    blank_formula,
    condition_formula,
    leaf_formula,
    negate,
    number,
    quote,
)

FIELDS: dict[str, tuple[FieldRef, str]] = {
    "amount": (FieldRef("Amount", "currency"), "Currency"),
    "count": (FieldRef("Count__c", "number"), "Number"),
    "share": (FieldRef("Share__c", "percent"), "Percent"),
    "name": (FieldRef("Name__c", "string"), "Text"),
    "notes": (FieldRef("Notes__c", "text"), "LongTextArea"),
    "done": (FieldRef("Done__c", "bool"), "Checkbox"),
    "tier": (FieldRef("Tier__c", "enum", {"a": "A", "b": "B"}), "Picklist"),
    "tags": (FieldRef("Tags__c", "multi_enum"), "MultiselectPicklist"),
    "seen": (FieldRef("Seen__c", "datetime"), "DateTime"),
    "due": (FieldRef("Due__c", "date"), "Date"),
    "owner": (FieldRef("OwnerId", "owner"), "Lookup"),
}
TYPES = {ref.path: sf_type for ref, sf_type in FIELDS.values()}


def resolve(condition: Condition) -> FieldRef:
    assert condition.field is not None
    return FIELDS[condition.field][0]


def formula(**leaf: Any) -> str:
    return condition_formula(Condition.model_validate(leaf), resolve)


def test_literals_are_quoted_and_numbers_plain() -> None:
    assert quote('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'
    assert [number(50000), number(50000.0), number(0.5), number(-2)] == ["50000", "50000", "0.5",
                                                                         "-2"]  # fmt: skip
    with pytest.raises(Unsupported):
        number(True)


def test_groups_collapse_flatten_and_negations_cancel() -> None:
    assert all_of([]) == "TRUE" and any_of([]) == "FALSE"
    assert all_of(["A"]) == "A"
    assert any_of(["a", "OR(b, c)", "AND(d, e)"]) == "OR(a, b, c, AND(d, e))"
    assert any_of(['OR(ISPICKVAL(X, "a,b"), c)', "d"]) == 'OR(ISPICKVAL(X, "a,b"), c, d)'
    assert negate("NOT(a)") == "a"
    assert negate("NOT(a) && NOT(b)") == "NOT(NOT(a) && NOT(b))"
    assert negate("TRUE") == "FALSE"


def test_blank_checks_by_type() -> None:
    assert blank_formula(FIELDS["amount"][0]) == "ISBLANK(Amount)"
    assert blank_formula(FIELDS["tier"][0]) == 'ISPICKVAL(Tier__c, "")'
    assert blank_formula(FIELDS["tags"][0]) == "ISBLANK(Tags__c)"
    assert blank_formula(FIELDS["done"][0]) is None  # a checkbox is never blank


@pytest.mark.parametrize(
    ("leaf", "expected"),
    [
        ({"field": "amount", "op": "gte", "value": 50000},
         "AND(NOT(ISBLANK(Amount)), Amount >= 50000)"),
        ({"field": "count", "op": "gt", "value": 3}, "AND(NOT(ISBLANK(Count__c)), Count__c > 3)"),
        ({"field": "count", "op": "lt", "value": 3}, "AND(NOT(ISBLANK(Count__c)), Count__c < 3)"),
        ({"field": "share", "op": "lte", "value": 12.5},
         "AND(NOT(ISBLANK(Share__c)), Share__c <= 12.5)"),
        ({"field": "count", "op": "eq", "value": 3}, "AND(NOT(ISBLANK(Count__c)), Count__c = 3)"),
        ({"field": "count", "op": "neq", "value": 3}, "OR(ISBLANK(Count__c), Count__c <> 3)"),
        ({"field": "count", "op": "in", "value": [1, 2]},
         "AND(NOT(ISBLANK(Count__c)), OR(Count__c = 1, Count__c = 2))"),
        ({"field": "count", "op": "not_in", "value": [1, 2]},
         "OR(ISBLANK(Count__c), NOT(OR(Count__c = 1, Count__c = 2)))"),
        ({"field": "count", "op": "is_set"}, "NOT(ISBLANK(Count__c))"),
        ({"field": "count", "op": "is_not_set"}, "ISBLANK(Count__c)"),
        ({"field": "name", "op": "eq", "value": "Acme"}, 'Name__c = "Acme"'),
        ({"field": "name", "op": "neq", "value": "Acme"}, 'Name__c <> "Acme"'),
        ({"field": "name", "op": "in", "value": ["a", "b"]}, 'OR(Name__c = "a", Name__c = "b")'),
        ({"field": "name", "op": "not_in", "value": ["a", "b"]},
         'NOT(OR(Name__c = "a", Name__c = "b"))'),
        ({"field": "notes", "op": "contains", "value": "urgent"}, 'CONTAINS(Notes__c, "urgent")'),
        ({"field": "name", "op": "is_set"}, "NOT(ISBLANK(Name__c))"),
        ({"field": "done", "op": "eq", "value": True}, "Done__c"),
        ({"field": "done", "op": "eq", "value": False}, "NOT(Done__c)"),
        ({"field": "done", "op": "neq", "value": True}, "NOT(Done__c)"),
        ({"field": "done", "op": "is_set"}, "TRUE"),
        ({"field": "done", "op": "is_not_set"}, "FALSE"),
        ({"field": "tier", "op": "eq", "value": "a"}, 'ISPICKVAL(Tier__c, "A")'),
        ({"field": "tier", "op": "neq", "value": "a"}, 'NOT(ISPICKVAL(Tier__c, "A"))'),
        ({"field": "tier", "op": "in", "value": ["a", "zz"]},
         'OR(ISPICKVAL(Tier__c, "A"), ISPICKVAL(Tier__c, "zz"))'),
        ({"field": "tier", "op": "not_in", "value": ["a", "b"]},
         'NOT(OR(ISPICKVAL(Tier__c, "A"), ISPICKVAL(Tier__c, "B")))'),
        ({"field": "tier", "op": "is_set"}, 'NOT(ISPICKVAL(Tier__c, ""))'),
        ({"field": "tier", "op": "is_not_set"}, 'ISPICKVAL(Tier__c, "")'),
        ({"field": "tags", "op": "contains_any", "value": ["x", "y"]},
         'OR(INCLUDES(Tags__c, "x"), INCLUDES(Tags__c, "y"))'),
        ({"field": "tags", "op": "contains_all", "value": ["x", "y"]},
         'AND(INCLUDES(Tags__c, "x"), INCLUDES(Tags__c, "y"))'),
        ({"field": "tags", "op": "is_not_set"}, "ISBLANK(Tags__c)"),
        ({"field": "seen", "op": "within_last", "value": "30d"},
         "AND(NOT(ISBLANK(Seen__c)), Seen__c >= NOW() - 30, Seen__c <= NOW())"),
        ({"field": "seen", "op": "within_last", "value": "2w"},
         "AND(NOT(ISBLANK(Seen__c)), Seen__c >= NOW() - 14, Seen__c <= NOW())"),
        ({"field": "seen", "op": "within_last", "value": "5h"},
         "AND(NOT(ISBLANK(Seen__c)), Seen__c >= NOW() - 5/24, Seen__c <= NOW())"),
        ({"field": "seen", "op": "not_within_last", "value": "48h"},
         "OR(ISBLANK(Seen__c), NOT(AND(Seen__c >= NOW() - 2, Seen__c <= NOW())))"),
        ({"field": "due", "op": "within_last", "value": "36h"},
         "AND(NOT(ISBLANK(Due__c)), Due__c >= TODAY() - 2, Due__c <= TODAY())"),
        ({"field": "due", "op": "gt", "value": "2026-01-31"},
         'AND(NOT(ISBLANK(Due__c)), Due__c > DATEVALUE("2026-01-31"))'),
        ({"field": "seen", "op": "lt", "value": "2026-01-31T08:30"},
         'AND(NOT(ISBLANK(Seen__c)), Seen__c < DATETIMEVALUE("2026-01-31 08:30:00"))'),
        ({"field": "due", "op": "is_set"}, "NOT(ISBLANK(Due__c))"),
        ({"field": "owner", "op": "is_set"}, "NOT(ISBLANK(OwnerId))"),
    ],
)  # fmt: skip
def test_every_operator_on_every_type(leaf: dict[str, Any], expected: str) -> None:
    assert formula(**leaf) == expected


def test_nested_groups() -> None:
    text = formula(all=[{"field": "name", "op": "is_set"},
                        {"any": [{"field": "tier", "op": "eq", "value": "a"},
                                 {"field": "done", "op": "eq", "value": True}]}])  # fmt: skip
    assert text == 'AND(NOT(ISBLANK(Name__c)), OR(ISPICKVAL(Tier__c, "A"), Done__c))'


@pytest.mark.parametrize(
    ("leaf", "reason"),
    [
        ({"fact": "engaged", "op": "gte", "value": 3}, "derived fact 'engaged'"),
        ({"field": "owner", "op": "eq", "value": "ana@example.com"}, "user id"),
        ({"field": "due", "op": "gt", "value": "next week"}, "not a date"),
        ({"field": "tags", "op": "eq", "value": "x"}, "operator 'eq'"),
    ],
)
def test_what_a_formula_cannot_say_is_refused_with_a_reason(leaf: dict[str, Any],
                                                            reason: str) -> None:  # fmt: skip
    with pytest.raises(Unsupported, match=reason):
        formula(**leaf)


def test_leaf_formula_refuses_an_unknown_type() -> None:
    with pytest.raises(Unsupported):
        leaf_formula(FieldRef("Geo__c", "location"), "eq", 1)


# -- against the sandbox ----------------------------------------------------------------------

OPS: dict[str, list[str]] = {
    "number": ["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "is_set", "is_not_set"],
    "string": ["eq", "neq", "in", "not_in", "contains", "is_set", "is_not_set"],
    "bool": ["eq", "neq", "is_set", "is_not_set"],
    "enum": ["eq", "neq", "in", "not_in", "is_set", "is_not_set"],
    "multi_enum": ["contains_any", "contains_all", "is_set", "is_not_set"],
    "datetime": ["within_last", "not_within_last", "is_set", "is_not_set"],
}
"""The operators the criteria rule allows per type (dates compared with literals are left to
the unit tests above: the audit compares them with strings, so their meaning is not shared)."""
KEYS = {"number": ["amount", "count"], "string": ["name"], "bool": ["done"], "enum": ["tier"],
        "multi_enum": ["tags"], "datetime": ["seen"]}  # fmt: skip
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "number": st.integers(-5, 5),
    "string": st.sampled_from(["a", "b", "ab"]),
    "bool": st.booleans(),
    "enum": st.sampled_from(["a", "b", "c"]),
    "multi_enum": st.sampled_from(["x", "y", "z"]),
    "datetime": st.sampled_from(["1d", "30d", "48h", "2w"]),
}
LIST_OPS = {"in", "not_in", "contains_any", "contains_all"}


@st.composite
def leaves(draw: st.DrawFn) -> dict[str, Any]:
    family = draw(st.sampled_from(sorted(OPS)))
    key = draw(st.sampled_from(KEYS[family]))
    op = draw(st.sampled_from(OPS[family]))
    leaf: dict[str, Any] = {"field": key, "op": op}
    if op in LIST_OPS:
        leaf["value"] = draw(st.lists(VALUES[family], min_size=1, max_size=3))
    elif op not in ("is_set", "is_not_set"):
        leaf["value"] = draw(VALUES[family])
    return leaf


conditions = st.recursive(
    leaves(),
    lambda children: st.one_of(
        st.builds(lambda c: {"all": c}, st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda c: {"any": c}, st.lists(children, min_size=1, max_size=3)),
    ),
    max_leaves=6,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
RECORD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "amount": st.none() | st.integers(-6, 6),
    "count": st.none() | st.integers(-6, 6),
    "name": st.sampled_from([None, "", "a", "b", "ab", "xab"]),
    "done": st.booleans(),
    "tier": st.sampled_from([None, "a", "b", "c"]),
    "tags": st.sampled_from([None, "x", "x;y", "y;z", "x;y;z"]),
    "seen": st.none() | st.integers(-24 * 40, 24 * 3).map(lambda h: NOW + timedelta(hours=h)),
}


def _sandbox() -> Any:
    try:
        return importlib.import_module("revops_as_code.providers.salesforce.sandbox.formula")
    except ImportError:  # pragma: no cover - sf-pure's module lands separately
        pytest.skip("providers/salesforce/sandbox/formula.py (the sandbox's formula checker) "
                    "is not there yet")  # fmt: skip


def _resolve_identity(condition: Condition) -> FieldRef:
    # Stored picklist values equal the option keys here, so records read the same both ways.
    assert condition.field is not None
    ref = FIELDS[condition.field][0]
    return FieldRef(ref.path, ref.type)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions)
def test_every_generated_formula_passes_the_sandbox_checker(doc: dict[str, Any]) -> None:
    sandbox = _sandbox()
    text = condition_formula(Condition.model_validate(doc), resolve)
    sandbox.check(text, TYPES.get)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, st.fixed_dictionaries(RECORD_VALUES))
def test_a_formula_holds_exactly_when_the_audit_says_the_condition_holds(
    doc: dict[str, Any], record: dict[str, Any]
) -> None:
    sandbox = _sandbox()
    condition = Condition.model_validate(doc)
    text = condition_formula(condition, _resolve_identity)
    paths = {FIELDS[k][0].path: v for k, v in record.items()}
    holds = compile_condition(condition, "deal", NOW)(Subject(record))
    # A rule refuses a save when NOT(criteria) is TRUE, so the negation must be exact too (a
    # blank that makes a comparison null would slip through NOT()).
    for formula_text, want in ((text, holds), (negate(text), not holds)):
        result = sandbox.evaluate(formula_text, paths.get, prior=None, is_new=True,
                                  field_type=TYPES.get, now=NOW)  # fmt: skip
        assert (result is True) == want, formula_text


def test_constants_fold_away() -> None:
    assert any_of(["FALSE", "a"]) == "a" and any_of(["a", "TRUE"]) == "TRUE"
    assert all_of(["TRUE", "a"]) == "a" and all_of(["a", "FALSE"]) == "FALSE"
    always = formula(all=[{"field": "done", "op": "is_set"}, {"field": "name", "op": "is_set"}])
    assert always == "NOT(ISBLANK(Name__c))"
