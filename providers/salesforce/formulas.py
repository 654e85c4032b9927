"""The condition language as Salesforce formula text (what a validation rule's
`errorConditionFormula` is built from).

`condition_formula(condition, resolve)` is TRUE exactly when the condition holds, with the
audit's meaning of a missing value (revops_as_code/audit/criteria.py): an empty field fails
every comparison except the negative ones (`neq`, `not_in`, `is_not_set`,
`not_within_last`), which it passes. Salesforce does not promise what `Amount >= 50000` is
when Amount is blank (it depends on blank-field handling), so every number and date
comparison says it explicitly: `AND(NOT(ISBLANK(Amount)), Amount >= 50000)`. Text compares
with `=` (a blank text is `""` in a formula), picklists only through `ISPICKVAL` and
multi-select picklists only through `INCLUDES`, as Salesforce requires.

A checkbox is never blank in Salesforce (unchecked is FALSE, not null), and the audit counts
an unchecked box as a value too: `is_set` on a checkbox is always TRUE, `is_not_set` always
FALSE, and a required checkbox is always filled (`blank_formula` returns None for it).

`within_last 30d` on a datetime is `f >= NOW() - 30` (and not in the future: `f <= NOW()`),
hours as fractions of a day (`NOW() - 5/24`); on a date `f >= TODAY() - 30`, hours rounded up
to whole days. What cannot be written as a formula (derived facts, an owner compared with a
person, a record Salesforce cannot reach from the subject) raises `Unsupported` with the
reason: the caller drops the whole rule rather than emit one that means something else.

Output is deterministic and readable: one space after each comma, groups of one collapse to
their member, double negations cancel.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.models.conditions import Condition

NUMERIC = frozenset({"number", "currency", "percent"})
TEMPORAL = frozenset({"date", "datetime"})
TEXT = frozenset({"string", "text"})


class Unsupported(Exception):
    """A condition Salesforce formulas cannot express; `str()` is the reason, for a person."""


@dataclass(frozen=True)
class FieldRef:
    """A field as a formula names it, and what the definitions say about its values."""

    path: str
    """The formula reference: `Amount`, `Next_Step__c`, `Account.ICP_Tier__c`."""
    type: str
    """The definition type (`string`, `number`, `enum`, ...): decides the functions used."""
    values: Mapping[str, str] = field(default_factory=dict)
    """Picklist option key -> the value Salesforce stores (an option's `api_names.salesforce`,
    a stage's value); a condition value not listed is used as written."""


Resolve = Callable[[Condition], FieldRef]
"""Turns a leaf's field into a `FieldRef`; raises `Unsupported` when it cannot."""


def quote(text: str) -> str:
    """A formula string literal: `"Demo"`, with backslashes and double quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: Any) -> str:
    """A formula number literal: `50000`, `0.5` (never `50000.0` or an exponent)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Unsupported(f"{value!r} is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Unsupported(f"{value!r} is not a finite number")
        if value.is_integer():
            return str(int(value))
        text = f"{value:.10f}".rstrip("0").rstrip(".")
        return text
    return str(value)


def all_of(parts: Sequence[str]) -> str:
    """`AND(a, b)`; one part is itself; none is TRUE."""
    return _group("AND", parts, "TRUE", "FALSE")


def any_of(parts: Sequence[str]) -> str:
    """`OR(a, b)`; one part is itself; none is FALSE."""
    return _group("OR", parts, "FALSE", "TRUE")


def _group(function: str, parts: Sequence[str], neutral: str, absorbing: str) -> str:
    # `OR(a, OR(b, c))` is `OR(a, b, c)`: nested groups of the same function are spliced in,
    # so an `in` inside an `any` reads as one list. Constants fold away (`OR(x, FALSE)` is x,
    # `AND(x, FALSE)` is FALSE), so a checkbox's always-true `is_set` leaves no trace.
    flat: list[str] = []
    for part in parts:
        inner = _arguments(part, function)
        flat.extend(inner if inner is not None else [part])
    if absorbing in flat:
        return absorbing
    flat = [p for p in flat if p != neutral]
    if not flat:
        return neutral
    if len(flat) == 1:
        return flat[0]
    return f"{function}({', '.join(flat)})"


def _arguments(formula: str, function: str) -> list[str] | None:
    """The top-level arguments of `formula` if it is one call of `function`, else None."""
    head = function + "("
    if not formula.startswith(head) or not _closes_at_end(formula, len(function)):
        return None
    out: list[str] = []
    depth = 0
    quoted = escaped = False
    start = len(head)
    for index in range(start, len(formula) - 1):
        char = formula[index]
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            out.append(formula[start:index].strip())
            start = index + 1
    out.append(formula[start : len(formula) - 1].strip())
    return out


def negate(formula: str) -> str:
    """`NOT(x)`, cancelling a double negation and the constants."""
    if formula == "TRUE":
        return "FALSE"
    if formula == "FALSE":
        return "TRUE"
    if formula.startswith("NOT(") and _closes_at_end(formula, 3):
        return formula[4:-1]
    return f"NOT({formula})"


def _closes_at_end(formula: str, open_at: int) -> bool:
    """Whether the parenthesis at `open_at` closes at the last character (string literals
    skipped), so `NOT(a)` is one call and `NOT(a) && NOT(b)` is not."""
    depth = 0
    quoted = False
    escaped = False
    for index in range(open_at, len(formula)):
        char = formula[index]
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index == len(formula) - 1
    return False


def is_picklist_value(path: str, value: str) -> str:
    return f"ISPICKVAL({path}, {quote(value)})"


def blank_formula(ref: FieldRef) -> str | None:
    """TRUE when the field has no value; None for a checkbox, which always has one."""
    if ref.type == "bool":
        return None
    if ref.type == "enum":
        # ISBLANK is not allowed on a picklist; ISPICKVAL with "" is Salesforce's idiom.
        return is_picklist_value(ref.path, "")
    return f"ISBLANK({ref.path})"


def condition_formula(condition: Condition, resolve: Resolve) -> str:
    """The formula that is TRUE exactly when `condition` holds (see the module docstring)."""
    if condition.all is not None:
        return all_of([condition_formula(c, resolve) for c in condition.all])
    if condition.any is not None:
        return any_of([condition_formula(c, resolve) for c in condition.any])
    if condition.fact is not None:
        raise Unsupported(
            f"derived fact {condition.fact!r} is an aggregate over related records, which a "
            "formula cannot compute"
        )
    ref = resolve(condition)
    return leaf_formula(ref, str(condition.op), condition.value)


def leaf_formula(ref: FieldRef, op: str, value: Any) -> str:
    """One comparison of a resolved field (the `op`s the criteria rule allows for its type)."""
    builder = _BUILDERS.get(_family(ref.type))
    if builder is None:
        raise Unsupported(f"{ref.path} ({ref.type}) cannot be compared in a formula")
    if op == "is_set":
        blank = blank_formula(ref)
        return "TRUE" if blank is None else negate(blank)
    if op == "is_not_set":
        blank = blank_formula(ref)
        return "FALSE" if blank is None else blank
    return builder(ref, op, value)


def _family(field_type: str) -> str:
    if field_type in NUMERIC:
        return "number"
    if field_type in TEXT:
        return "text"
    return field_type


def _values(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _unsupported(ref: FieldRef, op: str) -> Unsupported:
    return Unsupported(f"operator {op!r} on {ref.type} field {ref.path}")


def _guarded(ref: FieldRef, op: str, test: str) -> str:
    """A comparison with the audit's missing-value meaning made explicit: positive
    comparisons fail on a blank field, negative ones pass."""
    blank = f"ISBLANK({ref.path})"
    if op in ("neq", "not_in", "not_within_last"):
        return any_of([blank, test])
    return all_of([negate(blank), test])


_ORDER = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _number(ref: FieldRef, op: str, value: Any) -> str:
    if op in _ORDER:
        return _guarded(ref, op, f"{ref.path} {_ORDER[op]} {number(value)}")
    if op == "eq":
        return _guarded(ref, op, f"{ref.path} = {number(value)}")
    if op == "neq":
        return _guarded(ref, op, f"{ref.path} <> {number(value)}")
    if op in ("in", "not_in"):
        test = any_of([f"{ref.path} = {number(v)}" for v in _values(value)])
        return _guarded(ref, op, test if op == "in" else negate(test))
    raise _unsupported(ref, op)


def _text(ref: FieldRef, op: str, value: Any) -> str:
    # A blank text field is "" in a formula: `= "x"` is FALSE and `<> "x"` TRUE for it,
    # which is already the missing-value meaning.
    if op == "eq":
        return f"{ref.path} = {quote(_string(value))}"
    if op == "neq":
        return f"{ref.path} <> {quote(_string(value))}"
    if op in ("in", "not_in"):
        test = any_of([f"{ref.path} = {quote(_string(v))}" for v in _values(value)])
        return test if op == "in" else negate(test)
    if op == "contains":
        return f"CONTAINS({ref.path}, {quote(_string(value))})"
    raise _unsupported(ref, op)


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)


def _bool(ref: FieldRef, op: str, value: Any) -> str:
    if op not in ("eq", "neq") or not isinstance(value, bool):
        raise _unsupported(ref, op)
    checked = value if op == "eq" else not value
    return ref.path if checked else f"NOT({ref.path})"


def _picklist(ref: FieldRef, op: str, value: Any) -> str:
    stored = [ref.values.get(str(v), str(v)) for v in _values(value)]
    if op in ("eq", "in"):
        return any_of([is_picklist_value(ref.path, v) for v in stored])
    if op in ("neq", "not_in"):
        # ISPICKVAL is FALSE on a blank picklist, so NOT(...) passes it, as the audit does.
        return negate(any_of([is_picklist_value(ref.path, v) for v in stored]))
    raise _unsupported(ref, op)


def _multi_picklist(ref: FieldRef, op: str, value: Any) -> str:
    stored = [ref.values.get(str(v), str(v)) for v in _values(value)]
    includes = [f"INCLUDES({ref.path}, {quote(v)})" for v in stored]
    if op == "contains_any":
        return any_of(includes)
    if op == "contains_all":
        return all_of(includes)
    raise _unsupported(ref, op)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)Z?")
_DURATION = re.compile(r"([1-9][0-9]*)([hdw])")


def _date_literal(ref: FieldRef, value: Any) -> str:
    text = str(value)
    if ref.type == "date":
        if _ISO_DATE.fullmatch(text) is None:
            raise Unsupported(f"{text!r} is not a date (YYYY-MM-DD) to compare {ref.path} with")
        return f"DATEVALUE({quote(text)})"
    match = _ISO_DATETIME.fullmatch(text)
    if match is None:
        if _ISO_DATE.fullmatch(text):
            return f"DATETIMEVALUE({quote(text + ' 00:00:00')})"
        raise Unsupported(f"{text!r} is not a date-time to compare {ref.path} with")
    clock = match.group(2) if match.group(2).count(":") == 2 else match.group(2) + ":00"
    return f"DATETIMEVALUE({quote(match.group(1) + ' ' + clock)})"


def _window(ref: FieldRef, value: Any) -> tuple[str, str]:
    """(`now`, `now - duration`) in the field's terms."""
    match = _DURATION.fullmatch(str(value).strip())
    if match is None:
        raise Unsupported(f"{value!r} is not a duration (e.g. 30d, 48h, 2w)")
    amount, unit = int(match.group(1)), match.group(2)
    hours = amount * {"h": 1, "d": 24, "w": 24 * 7}[unit]
    if ref.type == "date":
        return "TODAY()", f"TODAY() - {math.ceil(hours / 24)}"
    if hours % 24 == 0:
        return "NOW()", f"NOW() - {hours // 24}"
    return "NOW()", f"NOW() - {hours}/24"


def _temporal(ref: FieldRef, op: str, value: Any) -> str:
    if op in ("within_last", "not_within_last"):
        now, since = _window(ref, value)
        test = all_of([f"{ref.path} >= {since}", f"{ref.path} <= {now}"])
        return _guarded(ref, op, test if op == "within_last" else negate(test))
    if op in _ORDER:
        return _guarded(ref, op, f"{ref.path} {_ORDER[op]} {_date_literal(ref, value)}")
    if op == "eq":
        return _guarded(ref, op, f"{ref.path} = {_date_literal(ref, value)}")
    if op == "neq":
        return _guarded(ref, op, f"{ref.path} <> {_date_literal(ref, value)}")
    raise _unsupported(ref, op)


def _owner(ref: FieldRef, op: str, value: Any) -> str:
    raise Unsupported(
        f"{ref.path} holds a user id: comparing it with {value!r} needs the user's Salesforce "
        "id, which the definitions do not know"
    )


_BUILDERS: dict[str, Callable[[FieldRef, str, Any], str]] = {
    "number": _number,
    "text": _text,
    "bool": _bool,
    "enum": _picklist,
    "multi_enum": _multi_picklist,
    "date": _temporal,
    "datetime": _temporal,
    "owner": _owner,
}


__all__ = [
    "FieldRef",
    "Resolve",
    "Unsupported",
    "all_of",
    "any_of",
    "blank_formula",
    "condition_formula",
    "leaf_formula",
    "negate",
    "number",
    "quote",
]
