"""The one evaluator of the condition language: every operator, groups, missing values,
fields of associated records and derived facts; and its throughput is benchmarked elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from revops_as_code.audit.criteria import (
    Subject,
    compile_condition,
    duration,
    referenced_facts,
    referenced_fields,
)
from revops_as_code.models.conditions import Condition

NOW = datetime(2026, 11, 20, 15, tzinfo=UTC)


def holds(spec: dict[str, Any], values: dict[str, Any], **kw: Any) -> bool:
    return compile_condition(Condition.model_validate(spec), "company", NOW)(Subject(values, **kw))


@pytest.mark.parametrize(
    ("spec", "values", "expected"),
    [
        ({"field": "n", "op": "eq", "value": 3}, {"n": 3.0}, True),
        ({"field": "n", "op": "neq", "value": 3}, {"n": 4.0}, True),
        ({"field": "n", "op": "gt", "value": 3}, {"n": 3.0}, False),
        ({"field": "n", "op": "gte", "value": 3}, {"n": 3.0}, True),
        ({"field": "n", "op": "lt", "value": 3}, {"n": 2.5}, True),
        ({"field": "n", "op": "lte", "value": 3}, {"n": 3.5}, False),
        ({"field": "n", "op": "gte", "value": 3}, {"n": "many"}, False),  # no str/number order
        ({"field": "b", "op": "eq", "value": True}, {"b": True}, True),
        ({"field": "b", "op": "eq", "value": True}, {"b": False}, False),
        ({"field": "e", "op": "in", "value": ["a", "b"]}, {"e": "b"}, True),
        ({"field": "e", "op": "not_in", "value": ["a", "b"]}, {"e": "c"}, True),
        ({"field": "m", "op": "contains", "value": "x"}, {"m": ("x", "y")}, True),
        ({"field": "m", "op": "contains_any", "value": ["z", "y"]}, {"m": ("x", "y")}, True),
        ({"field": "m", "op": "contains_all", "value": ["x", "z"]}, {"m": ("x", "y")}, False),
        ({"field": "s", "op": "is_set"}, {"s": "v"}, True),
        ({"field": "s", "op": "is_set"}, {"s": ""}, False),
        ({"field": "s", "op": "is_not_set"}, {}, True),
        (
            {"field": "t", "op": "within_last", "value": "30d"},
            {"t": NOW - timedelta(days=29)},
            True,
        ),
        (
            {"field": "t", "op": "within_last", "value": "30d"},
            {"t": NOW - timedelta(days=31)},
            False,
        ),
        ({"field": "t", "op": "within_last", "value": "2w"}, {"t": NOW + timedelta(days=1)}, False),
        (
            {"field": "t", "op": "not_within_last", "value": "48h"},
            {"t": NOW - timedelta(days=3)},
            True,
        ),
        # Missing values fail comparisons, except the negative ones.
        ({"field": "n", "op": "gte", "value": 3}, {}, False),
        ({"field": "n", "op": "neq", "value": 3}, {}, True),
        ({"field": "e", "op": "not_in", "value": ["a"]}, {"e": None}, True),
        ({"field": "t", "op": "not_within_last", "value": "30d"}, {}, True),
    ],
)
def test_operators(spec: dict[str, Any], values: dict[str, Any], expected: bool) -> None:
    assert holds(spec, values) is expected


def test_groups_nest() -> None:
    spec = {"all": [
        {"field": "target_account", "op": "eq", "value": True},
        {"any": [{"field": "employee_count", "op": "gte", "value": 500},
                 {"field": "industry", "op": "in", "value": ["INTERNET"]}]},
    ]}  # fmt: skip
    assert holds(spec, {"target_account": True, "industry": "INTERNET"})
    assert not holds(spec, {"target_account": True, "industry": "RETAIL"})
    assert not holds(spec, {"target_account": False, "employee_count": 900.0})


def test_fields_of_associated_records_and_facts() -> None:
    spec = {"all": [
        {"field": "field/deal/amount", "op": "gte", "value": 10},
        {"fact": "engaged_contacts_30d", "op": "gte", "value": 3},
        {"fact": "fact/deal/open_deals", "op": "eq", "value": 0},
    ]}  # fmt: skip
    facts = {("company", "engaged_contacts_30d"): 3.0, ("deal", "open_deals"): 0.0}
    assert holds(spec, {}, related={"deal": {"amount": 12.0}}, facts=facts)
    assert not holds(spec, {}, related={}, facts=facts)
    condition = Condition.model_validate(spec)
    assert referenced_fields(condition, "company") == {("deal", "amount")}
    assert referenced_facts(condition, "company") == {
        ("company", "engaged_contacts_30d"), ("deal", "open_deals"),
    }  # fmt: skip


def test_durations() -> None:
    assert duration("30d") == timedelta(days=30)
    assert duration("48h") == timedelta(hours=48)
    assert duration("2w") == timedelta(weeks=2)
    with pytest.raises(ValueError, match="not a duration"):
        duration("soon")
