"""The sandbox's SOQL subset: COUNT(), aggregates and GROUP BY, ORDER BY/LIMIT/OFFSET, and
properties checked against a plain Python evaluation of generated queries."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.providers.salesforce.sandbox.soql import (
    execute,
    parse,
)

from .soql_rows import names, refused, run


# -- COUNT, aggregates, GROUP BY --------------------------------------------------------------
def test_count_only_answers_total_size_and_no_records() -> None:
    result = run("SELECT COUNT() FROM Opportunity WHERE StageName = 'Demo'")
    assert (result.count_only, result.total_size, result.records) == (True, 2, [])
    assert run("SELECT COUNT() FROM Opportunity WHERE StageName = 'Nope'").total_size == 0


def test_unaliased_aggregates_are_numbered_and_skip_nulls() -> None:
    result = run(
        "SELECT COUNT(Id), COUNT(Amount), SUM(Amount) total, MAX(CloseDate), "
        "MIN(Amount), COUNT_DISTINCT(StageName) FROM Opportunity"
    )
    assert result.aggregate
    assert result.records == [
        {"expr0": 4, "expr1": 3, "total": 125000.5, "expr2": "2026-04-02", "expr3": 0, "expr4": 3}
    ]


def test_aggregates_over_no_rows() -> None:
    result = run("SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Name = 'none'")
    assert result.records == [{"expr0": 0, "expr1": None}]


def test_group_by_with_having_and_order_by_aggregate() -> None:
    result = run(
        "SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY StageName "
        "ORDER BY COUNT(Id) DESC, StageName"
    )
    assert result.records == [
        {"StageName": "Demo", "n": 2},
        {"StageName": "Closed Won", "n": 1},
        {"StageName": "Prospecting", "n": 1},
    ]
    having = run(
        "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1"
    )
    assert having.records == [{"StageName": "Demo", "expr0": 2}]
    assert having.total_size == 1


def test_group_by_relationship_field_keys_by_last_name_case_insensitively() -> None:
    result = run(
        "SELECT Account.Name, COUNT(Id) FROM Opportunity GROUP BY Account.Name "
        "ORDER BY Account.Name NULLS LAST"
    )
    assert result.records == [
        {"Name": "Acme", "expr0": 2},
        {"Name": "Gamma", "expr0": 1},
        {"Name": None, "expr0": 1},
    ]


def test_ungrouped_fields_are_refused() -> None:
    error = refused("SELECT Name, COUNT(Id) FROM Opportunity")
    assert error.message.endswith("Field must be grouped or aggregated: Name")
    order = refused("SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName ORDER BY Name")
    assert order.message.endswith("Ordered field must be grouped or aggregated: Name")
    assert refused("SELECT SUM(Name) FROM Opportunity").message.endswith(
        "field Name does not support aggregate operator SUM"
    )


# -- ORDER BY, LIMIT, OFFSET ------------------------------------------------------------------
def test_order_by_nulls_default_first_ascending_last_descending() -> None:
    assert names("SELECT Name FROM Opportunity ORDER BY Amount") == [
        "beta expansion",
        "delta_new",
        "Acme renewal",
        "Gamma 100% deal",
    ]
    assert names("SELECT Name FROM Opportunity ORDER BY Amount DESC") == [
        "Gamma 100% deal",
        "Acme renewal",
        "delta_new",
        "beta expansion",
    ]
    assert names("SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST")[-1] == (
        "beta expansion"
    )
    assert names("SELECT Name FROM Opportunity ORDER BY Amount DESC NULLS FIRST")[0] == (
        "beta expansion"
    )


def test_order_by_text_is_case_insensitive_and_multi_key() -> None:
    assert names("SELECT Name FROM Opportunity ORDER BY Name") == [
        "Acme renewal",
        "beta expansion",
        "delta_new",
        "Gamma 100% deal",
    ]
    assert names("SELECT Name FROM Opportunity ORDER BY StageName DESC, Name DESC") == [
        "delta_new",
        "beta expansion",
        "Acme renewal",
        "Gamma 100% deal",
    ]


def test_limit_offset_and_the_offset_cap() -> None:
    result = run("SELECT Name FROM Opportunity ORDER BY Name LIMIT 2 OFFSET 1")
    assert [r["Name"] for r in result.records] == ["beta expansion", "delta_new"]
    assert result.total_size == 2
    assert run("SELECT COUNT() FROM Opportunity LIMIT 3").total_size == 3
    error = refused("SELECT Name FROM Opportunity OFFSET 2001")
    assert error.error_code == "NUMBER_OUTSIDE_VALID_RANGE"


# -- properties ------------------------------------------------------------------------------
_VALUES = st.one_of(st.none(), st.integers(-3, 3))
_ROWS = st.lists(
    st.fixed_dictionaries(
        {"A": _VALUES, "B": _VALUES, "Name": st.sampled_from(["x", "X", "y", None])}
    ),
    max_size=12,
)
_OPS = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> tuple[str, Any]:
    """A WHERE tree as (SOQL text, Python predicate over a row) with SOQL's null rules."""
    if depth >= 2 or draw(st.booleans()):
        field = draw(st.sampled_from(["A", "B"]))
        op = draw(st.sampled_from(list(_OPS)))
        if draw(st.integers(0, 5)) == 0:
            op = draw(st.sampled_from(["=", "!="]))
            return f"{field} {op} null", (lambda r: (r[field] is None) == (op == "="))
        value = draw(st.integers(-3, 3))

        def leaf(r: dict[str, Any]) -> bool:
            if r[field] is None:
                return op == "!="
            return bool(_OPS[op](r[field], value))

        return f"{field} {op} {value}", leaf
    kind = draw(st.sampled_from(["AND", "OR", "NOT"]))
    if kind == "NOT":
        text, pred = draw(conditions(depth + 1))
        return f"NOT ({text})", (lambda r: not pred(r))
    parts = draw(st.lists(conditions(depth + 1), min_size=2, max_size=3))
    text = f" {kind} ".join(f"({t})" for t, _ in parts)
    combine = all if kind == "AND" else any
    return text, (lambda r: combine(p(r) for _, p in parts))


@settings(max_examples=150, deadline=None)
@given(rows=_ROWS, cond=conditions())
def test_generated_where_trees_match_a_python_evaluation(
    rows: list[dict[str, Any]], cond: tuple[str, Any]
) -> None:
    text, predicate = cond
    result = execute(parse(f"SELECT A, B FROM Thing WHERE {text}"), rows)
    assert result.records == [{"A": r["A"], "B": r["B"]} for r in rows if predicate(r)]
    assert execute(parse(f"SELECT COUNT() FROM Thing WHERE {text}"), rows).total_size == len(
        result.records
    )


@settings(max_examples=100, deadline=None)
@given(
    rows=_ROWS,
    descending=st.booleans(),
    nulls=st.sampled_from(["", " NULLS FIRST", " NULLS LAST"]),
    limit=st.integers(0, 15),
    offset=st.integers(0, 15),
)
def test_order_limit_offset_invariants(
    rows: list[dict[str, Any]], descending: bool, nulls: str, limit: int, offset: int
) -> None:
    direction = " DESC" if descending else ""
    text = f"SELECT A, Name FROM Thing ORDER BY A{direction}{nulls}"
    everything = execute(parse(text), rows).records
    values = [r["A"] for r in everything]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=descending)
    nulls_first = nulls == " NULLS FIRST" or (nulls == "" and not descending)
    null_count = values.count(None)
    nulls_at = values[:null_count] if nulls_first else values[len(values) - null_count :]
    assert nulls_at == [None] * null_count
    page = execute(parse(f"{text} LIMIT {limit} OFFSET {offset}"), rows)
    assert [r["A"] for r in page.records] == values[offset : offset + limit]
    assert page.total_size == len(page.records) <= limit
    grouped = execute(parse("SELECT Name, COUNT(Id) FROM Thing GROUP BY Name"), rows)
    assert sum(r["expr0"] for r in grouped.records) == 0  # no Id column: COUNT(Id) skips nulls
    counted = execute(parse("SELECT Name, COUNT(A) FROM Thing GROUP BY Name"), rows)
    assert sum(r["expr0"] for r in counted.records) == len(present)
    assert len(counted.records) == len(
        {(r["Name"] or "").lower() if r["Name"] else None for r in rows}
    )
