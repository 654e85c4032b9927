"""Criteria name fields of the right type with operators and values that fit it.

RV301  operator does not fit the field's type (`gte` on a bool, `within_last` on a number).
RV302  value does not fit the operator or type (a list for `in`, none for `is_set`, a
       number for `gte` on a number, a duration like `30d` for `within_last`).
RV303  value is not one of the enum field's declared options (did-you-mean).

Derived facts are counts, so they take the numeric operators. A reference that does not
resolve is left to RV201.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.models import refs
from revops_as_code.models.conditions import DURATION_PATTERN, Condition, Scalar
from revops_as_code.models.fields import Field
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import Leaf, diagnostic, did_you_mean, leaves

OPERATOR = "RV301"
VALUE = "RV302"
OPTION = "RV303"

_PRESENCE = {"is_set", "is_not_set"}
_EQUALITY = {"eq", "neq"} | _PRESENCE
_ORDER = {"gt", "gte", "lt", "lte"}
_LIST_OPS = {"in", "not_in", "contains_any", "contains_all"}
_WINDOW = {"within_last", "not_within_last"}

OPERATORS: dict[str, frozenset[str]] = {
    "number": frozenset(_EQUALITY | _ORDER | {"in", "not_in"}),
    "date": frozenset(_EQUALITY | _ORDER | _WINDOW),
    "string": frozenset(_EQUALITY | {"in", "not_in", "contains"}),
    "bool": frozenset(_EQUALITY),
    "enum": frozenset(_EQUALITY | {"in", "not_in"}),
    "multi_enum": frozenset(_PRESENCE | {"contains_any", "contains_all"}),
    "owner": frozenset(_EQUALITY | {"in", "not_in"}),
}
"""Operator families by type family; see `_family`."""


def _family(field_type: str) -> str:
    return {
        "currency": "number",
        "percent": "number",
        "datetime": "date",
        "text": "string",
    }.get(field_type, field_type)


class Criteria:
    code = OPERATOR

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        defs = ctx.definitions
        for leaf in leaves(defs):
            cond = leaf.condition
            if cond.op is None:
                continue
            if cond.fact is not None:
                ref = refs.parse(cond.fact, subject=leaf.subject, bare="fact")
                if ref is not None and refs.resolve(defs, ref) is not None:
                    yield from _check(leaf, "number", None, f"fact {cond.fact!r}")
            elif cond.field is not None:
                ref = refs.parse(cond.field, subject=leaf.subject)
                target = refs.resolve(defs, ref) if ref is not None else None
                if isinstance(target, Field):
                    yield from _check(
                        leaf, target.type, target, f"{target.type} field {cond.field!r}"
                    )


def _check(leaf: Leaf, field_type: str, field: Field | None, what: str) -> Iterator[Diagnostic]:
    cond = leaf.condition
    op = str(cond.op)
    family = _family(field_type)
    allowed = OPERATORS[family]
    if op not in allowed:
        yield diagnostic(
            leaf.document,
            leaf.pointer + "/op",
            OPERATOR,
            f"operator {op!r} does not fit {what}",
            hint="use one of: " + ", ".join(sorted(allowed)),
        )
        return
    problem = _value_problem(cond, op, family)
    if problem:
        yield diagnostic(
            leaf.document, leaf.pointer + _value_ptr(cond), VALUE, f"{what}: {problem}"
        )
        return
    if field is not None and family in ("enum", "multi_enum") and field.options:
        keys = [o.key for o in field.options]
        values = cond.value if isinstance(cond.value, tuple) else (cond.value,)
        for i, value in enumerate(values):
            if isinstance(value, str) and value not in keys:
                at = leaf.pointer + "/value" + (f"/{i}" if isinstance(cond.value, tuple) else "")
                yield diagnostic(
                    leaf.document,
                    at,
                    OPTION,
                    f"{value!r} is not an option of {field.key}",
                    hint=did_you_mean(value, keys) or "options: " + ", ".join(keys),
                )


def _value_ptr(cond: Condition) -> str:
    return "/value" if "value" in cond.model_fields_set else ""


def _value_problem(cond: Condition, op: str, family: str) -> str | None:
    has_value = "value" in cond.model_fields_set
    value = cond.value
    if op in _PRESENCE:
        return f"{op} takes no value" if has_value else None
    if not has_value:
        return f"{op} needs a value"
    if op in _LIST_OPS:
        if not isinstance(value, tuple) or not value:
            return f"{op} needs a non-empty list"
        bad = next((v for v in value if _scalar_problem(v, family, op)), None)
        return None if bad is None else _scalar_problem(bad, family, op)
    if isinstance(value, tuple):
        return f"{op} compares with one value, not a list"
    if op in _WINDOW:
        if not isinstance(value, str) or not re.match(DURATION_PATTERN, value):
            return f"{op} needs a duration such as 30d, 48h or 2w"
        return None
    assert value is not None
    return _scalar_problem(value, family, op)


def _scalar_problem(value: Scalar, family: str, op: str) -> str | None:
    if family == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f"{op} needs a number, got {value!r}"
    if family == "bool":
        return None if isinstance(value, bool) else f"{op} needs true or false, got {value!r}"
    if family == "date":
        if not isinstance(value, str):
            return f"{op} needs an ISO date (2026-01-31), got {value!r}"
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return f"{op} needs an ISO date (2026-01-31), got {value!r}"
        return None
    return None if isinstance(value, str) else f"{op} needs text, got {value!r}"


RULE = Criteria()
