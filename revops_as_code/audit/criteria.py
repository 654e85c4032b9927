"""The one evaluator of the condition language over records (exit, entry and ICP criteria).

A `Condition` is compiled once into a closure (`compile_condition`) and then called per
record, so evaluating a criterion costs a few Python calls per leaf, not a walk of the model:
the audit evaluates hundreds of thousands of records. A record is seen as a `Subject`: its
own values by field key, the values of its primary associated record of each other object
(`field/company/industry` on a contact), and the derived facts computed for it.

Missing values: a field with no value fails every comparison except the negative ones
(`neq`, `not_in`, `is_not_set`, `not_within_last`), the way a CRM filter treats an empty
property.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from revops_as_code.models.conditions import Condition

Values = Mapping[str, Any]


@dataclass
class Subject:
    """What a criterion is evaluated against: one record and what it is associated with."""

    values: Values
    """The record's values by field key (typed: numbers, bools, aware datetimes, option
    keys; missing or None when not set)."""
    related: Mapping[str, Values] = field(default_factory=dict)
    """Object name -> the values of the record's primary associated record of that object."""
    facts: Mapping[tuple[str, str], float] = field(default_factory=dict)
    """(object, fact key) -> value, for this record (its own object) and its associations."""


Predicate = Callable[[Subject], bool]

_UNIT = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_DURATION = re.compile(r"([1-9][0-9]*)([hdw])")


def duration(text: str) -> timedelta:
    """`30d`, `48h`, `2w` as a timedelta (the condition language's `within_last` values)."""
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a duration: {text!r} (use e.g. 30d, 48h, 2w)")
    return int(match.group(1)) * _UNIT[match.group(2)]


def split_ref(ref: str, prefix: str, subject: str) -> tuple[str, str]:
    """`field/company/industry` or bare `industry` -> (object, key)."""
    if ref.startswith(prefix + "/"):
        _, obj, key = ref.split("/", 2)
        return obj, key
    return subject, ref


def _getter(leaf: Condition, subject: str) -> Callable[[Subject], Any]:
    if leaf.fact is not None:
        obj, key = split_ref(leaf.fact, "fact", subject)
        fact = (obj, key)
        return lambda s: s.facts.get(fact)
    assert leaf.field is not None
    obj, key = split_ref(leaf.field, "field", subject)
    if obj == subject:
        return lambda s: s.values.get(key)

    def related(s: Subject) -> Any:
        values = s.related.get(obj)
        return None if values is None else values.get(key)

    return related


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _comparison(op: str, want: Any, now: datetime) -> Callable[[Any], bool]:
    """A test of one value (never None: the caller handles missing values)."""
    if op in ("within_last", "not_within_last"):
        since = now - duration(str(want))

        def within(v: Any) -> bool:
            return isinstance(v, datetime) and since <= v <= now

        return within if op == "within_last" else (lambda v: not within(v))
    if op in ("in", "not_in", "contains_any", "contains_all"):
        wanted = frozenset(_number(w) for w in (want if isinstance(want, tuple) else (want,)))
        if op == "in":
            return lambda v: _number(v) in wanted
        if op == "not_in":
            return lambda v: _number(v) not in wanted
        if op == "contains_any":
            return lambda v: bool(wanted & set(_members(v)))
        return lambda v: wanted <= set(_members(v))
    target = _number(want)
    tests: dict[str, Callable[[Any], bool]] = {
        "eq": lambda v: _number(v) == target,
        "neq": lambda v: _number(v) != target,
        "gt": lambda v: _ordered(v, target) and v > target,
        "gte": lambda v: _ordered(v, target) and v >= target,
        "lt": lambda v: _ordered(v, target) and v < target,
        "lte": lambda v: _ordered(v, target) and v <= target,
        "contains": lambda v: (target in _members(v)) or (str(target) in str(v)),
    }
    return tests[op]


def _members(value: Any) -> tuple[Any, ...]:
    if isinstance(value, (tuple, list, set, frozenset)):
        return tuple(value)
    if isinstance(value, str):
        return tuple(part for part in value.split(";") if part)
    return (value,)


def _ordered(value: Any, target: Any) -> bool:
    numeric = (int, float)
    if isinstance(value, bool) or isinstance(target, bool):
        return False
    if isinstance(value, numeric) and isinstance(target, numeric):
        return True
    return type(value) is type(target)


_NEGATIVE = frozenset({"neq", "not_in", "is_not_set", "not_within_last"})


def compile_condition(condition: Condition, subject: str, now: datetime) -> Predicate:
    """`condition` (criteria whose bare field keys name fields of `subject`) as a predicate;
    `within_last` windows end at `now`."""
    if condition.is_group:
        parts = [compile_condition(c, subject, now) for c in condition.children]
        if condition.all is not None:
            return lambda s: all(p(s) for p in parts)
        return lambda s: any(p(s) for p in parts)
    get = _getter(condition, subject)
    op = str(condition.op)
    if op == "is_set":
        return lambda s: get(s) not in (None, "")
    if op == "is_not_set":
        return lambda s: get(s) in (None, "")
    test = _comparison(op, condition.value, now)
    when_missing = op in _NEGATIVE

    def leaf(s: Subject) -> bool:
        value = get(s)
        if value is None or value == "":
            return when_missing
        return test(value)

    return leaf


def referenced_fields(condition: Condition, subject: str) -> set[tuple[str, str]]:
    """(object, field key) of every field a condition reads."""
    out: set[tuple[str, str]] = set()
    for leaf in condition.leaves():
        if leaf.field is not None:
            out.add(split_ref(leaf.field, "field", subject))
    return out


def referenced_facts(condition: Condition, subject: str) -> set[tuple[str, str]]:
    """(object, fact key) of every derived fact a condition reads."""
    return {split_ref(leaf.fact, "fact", subject) for leaf in condition.leaves() if leaf.fact}


__all__ = [
    "Predicate",
    "Subject",
    "compile_condition",
    "duration",
    "referenced_facts",
    "referenced_fields",
    "split_ref",
]
