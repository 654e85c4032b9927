"""The sandbox's SOQL: `parse` a query, `execute` it over plain rows, with Salesforce's semantics.

The subset is what the provider and the audit send: field lists with relationship paths
(`LastModifiedBy.Name`), `COUNT()`, `COUNT(f)`, `COUNT_DISTINCT`, `SUM/MIN/MAX/AVG` with
aliases (unaliased ones are `expr0`, `expr1`, ...), WHERE with AND/OR/NOT and parentheses,
comparisons, IN / NOT IN, LIKE, INCLUDES / EXCLUDES, date and datetime literals and the
relative ones (TODAY, YESTERDAY, LAST_N_DAYS:n, NEXT_N_DAYS:n, THIS_MONTH, ...), GROUP BY,
HAVING, ORDER BY (ASC/DESC, NULLS FIRST/LAST), LIMIT, OFFSET.

Salesforce's rules the sandbox keeps: keywords and field names are case-insensitive, results
use the row's own key casing; text compares case-insensitively (`=`, `IN`, `LIKE`, sorting);
`!=` and `NOT IN` match nulls; a 15-character id matches its 18-character form; relationship
fields come back as nested dicts (a null relationship is None); aggregate rows key a
relationship field by its last name (`Account.Name` -> `Name`). Records carry no `attributes`
envelope: the route adds it. Rows are dicts keyed by API name, relationships as nested dicts.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .soql_check import check
from .soql_parse import (
    Aggregate,
    Compare,
    Condition,
    FieldRef,
    Junction,
    Literal,
    Not,
    OrderItem,
    Query,
    SoqlError,
    date_range,
    parse,
)

Row = Mapping[str, Any]
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_ID = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")


@dataclass
class QueryResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    total_size: int = 0
    count_only: bool = False
    """`SELECT COUNT()`: total_size is the answer, records stay empty."""
    aggregate: bool = False
    """Records are AggregateResult rows (the route's `attributes.type`)."""


def execute(
    query: Query,
    rows: Iterable[Row],
    *,
    columns: Callable[[str], bool] | None = None,
    field_type: Callable[[str], str | None] | None = None,
    now: datetime | None = None,
) -> QueryResult:
    """Run `query` over `rows`. `columns(path)` says whether a field path exists on the
    queried object (unknown ones are INVALID_FIELD); `field_type(path)` gives its Metadata type
    (Number, Checkbox, Date, ...) so wrongly typed literals are refused; without it the type is
    read from the rows. `now` anchors TODAY and the other relative date literals."""
    data = list(rows)
    check(query, columns, field_type or _types_from(data))
    moment = now or datetime.now(UTC)
    matched = [r for r in data if query.where is None or _holds(query.where, r, moment)]
    if query.count_only:
        sliced = _slice(query, matched)
        return QueryResult([], len(sliced), count_only=True)
    if query.aggregate:
        records = _aggregate(query, matched, moment)
        return QueryResult(records, len(records), aggregate=True)
    ordered = _sorted(matched, query.order_by, lambda row, expr: _get(row, expr))
    records = [_project(query, row) for row in _slice(query, ordered)]
    return QueryResult(records, len(records))


def _types_from(rows: list[Row]) -> Callable[[str], str | None]:
    """A field's type read off the first row holding a value (when no describe is at hand)."""

    @functools.cache
    def kind(path: str) -> str | None:
        ref = FieldRef(tuple(path.split(".")), 0)
        for row in rows:
            value = _get(row, ref)
            if value is None:
                continue
            if isinstance(value, bool):
                return "Checkbox"
            if isinstance(value, (int, float)):
                return "Number"
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return "Date"
            if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}T", value):
                return "DateTime"
            return "Text" if isinstance(value, str) else None
        return None

    return kind


def _slice(query: Query, rows: list[Any]) -> list[Any]:
    start = query.offset or 0
    end = None if query.limit is None else start + query.limit
    return rows[start:end]


# -- reading values ---------------------------------------------------------------------------
def _key(row: Row, name: str) -> str | None:
    """The row's own spelling of `name` (field names are case-insensitive)."""
    if name in row:
        return name
    lowered = name.lower()
    return next((k for k in row if k.lower() == lowered), None)


def _get(row: Row, expr: FieldRef | Aggregate) -> Any:
    assert isinstance(expr, FieldRef)
    value: Any = row
    for name in expr.path:
        if not isinstance(value, Mapping):
            return None
        key = _key(value, name)
        value = None if key is None else value[key]
    return None if value == "" else value


def _project(query: Query, row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in query.select:
        assert isinstance(item, FieldRef)
        target, source = out, row
        for depth, name in enumerate(item.path):
            key = (_key(source, name) if isinstance(source, Mapping) else None) or name
            value = source.get(key) if isinstance(source, Mapping) else None
            if depth == len(item.path) - 1:
                target[key] = value
            elif value is None:
                target.setdefault(key, None)
                break
            else:
                child = target.get(key)
                if not isinstance(child, dict):
                    child = target[key] = {}
                target, source = child, value
    return out


# -- WHERE / HAVING ---------------------------------------------------------------------------
def _holds(cond: Condition, row: Row, now: datetime, group: list[Row] | None = None) -> bool:
    if isinstance(cond, Junction):
        results = (_holds(part, row, now, group) for part in cond.parts)
        return all(results) if cond.op == "AND" else any(results)
    if isinstance(cond, Not):
        return not _holds(cond.inner, row, now, group)
    if isinstance(cond.left, Aggregate):
        value = _aggregate_value(cond.left, group or [])
    else:
        value = _get(row, cond.left)
    return _compare(value, cond, now)


def _compare(value: Any, cond: Compare, now: datetime) -> bool:
    op = cond.op
    if op in ("IN", "NOT IN"):
        hit = value is not None and any(_equal(value, lit, now) for lit in cond.right)
        return hit if op == "IN" else not hit
    if op in ("INCLUDES", "EXCLUDES"):
        chosen = {v.strip().casefold() for v in str(value or "").split(";") if v.strip()}
        hit = any(
            all(v.strip().casefold() in chosen for v in str(lit.value).split(";"))
            for lit in cond.right
        )
        return hit if op == "INCLUDES" else not hit
    lit = cond.right[0]
    if op == "LIKE":
        return isinstance(value, str) and _like(lit.raw).fullmatch(value) is not None
    if lit.kind == "null" or value is None:
        both_null = lit.kind == "null" and value is None
        return both_null if op == "=" else (not both_null if op == "!=" else False)
    if op == "=":
        return _equal(value, lit, now)
    if op == "!=":
        return not _equal(value, lit, now)
    return _order(value, op, lit, now)


def _equal(value: Any, lit: Literal, now: datetime) -> bool:
    if lit.kind == "null":
        return value is None
    if lit.kind == "range":
        start, end = date_range(lit.value[0], lit.value[1], now)
        moment = _as_datetime(value)
        return moment is not None and start <= moment < end
    if lit.kind == "string" and isinstance(value, str):
        text = str(lit.value)
        if _ID.match(value) and _ID.match(text) and len(value) != len(text):
            return value[:15] == text[:15]  # a 15-character id is its 18-character form's head
        return value.casefold() == text.casefold()
    left, right = _comparable(value, lit)
    return left is not None and left == right


def _order(value: Any, op: str, lit: Literal, now: datetime) -> bool:
    if lit.kind == "range":
        start, end = date_range(lit.value[0], lit.value[1], now)
        moment = _as_datetime(value)
        if moment is None:
            return False
        # a point against a day-aligned interval: below it, inside it, above it
        if op in ("<", ">="):
            return (moment < start) == (op == "<")
        return (moment < end) == (op == "<=")
    left, right = _comparable(value, lit)
    if left is None or right is None:
        return False
    try:
        return bool(_OPERATORS[op](left, right))
    except TypeError:
        return False


def _comparable(value: Any, lit: Literal) -> tuple[Any, Any]:
    """Both sides in one Python type, or (None, None) when they cannot meet."""
    if lit.kind == "number":
        number = _as_number(value)
        return (number, lit.value) if number is not None else (None, None)
    if lit.kind == "boolean":
        if isinstance(value, str):
            value = value.lower() == "true"
        return bool(value), lit.value
    if lit.kind == "date":
        moment = _as_datetime(value)
        return (moment.date(), lit.value) if moment is not None else (None, None)
    if lit.kind == "datetime":
        moment = _as_datetime(value)
        return (moment, lit.value) if moment is not None else (None, None)
    return str(value).casefold(), str(lit.value).casefold()


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _as_datetime(value: Any) -> datetime | None:
    """A Date or DateTime value as a UTC datetime (a date is its midnight)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        return None
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


@functools.cache
def _like(raw: str) -> re.Pattern[str]:
    """A LIKE pattern: `%` any run, `_` one character, `\\%` and `\\_` themselves."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            decoded = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(nxt, nxt)
            out.append(re.escape(decoded))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


# -- GROUP BY and aggregates ------------------------------------------------------------------
def _group_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _aggregate(query: Query, rows: list[Row], now: datetime) -> list[dict[str, Any]]:
    groups: dict[tuple[Any, ...], list[Row]] = {}
    if query.group_by:
        for row in rows:
            key = tuple(_group_key(_get(row, ref)) for ref in query.group_by)
            groups.setdefault(key, []).append(row)
    else:
        groups[()] = rows  # one group, even over no rows: COUNT(Id) is 0
    kept = [
        members
        for members in groups.values()
        if query.having is None or _holds(query.having, members[0] if members else {}, now, members)
    ]

    def value_of(members: list[Row], expr: FieldRef | Aggregate) -> Any:
        if isinstance(expr, Aggregate):
            return _aggregate_value(expr, members)
        return _get(members[0], expr) if members else None

    ordered = _sorted(kept, query.order_by, value_of)
    records = []
    for members in _slice(query, ordered):
        record: dict[str, Any] = {}
        unnamed = 0
        for item in query.select:
            if isinstance(item, Aggregate):
                name = item.alias
                if name is None:
                    name, unnamed = f"expr{unnamed}", unnamed + 1
                record[name] = _aggregate_value(item, members)
            else:
                last = item.path[-1]
                owner = _owner(members[0], item) if members else None
                record[(_key(owner, last) if owner else None) or last] = value_of(members, item)
        records.append(record)
    return records


def _owner(row: Row, ref: FieldRef) -> Mapping[str, Any] | None:
    value: Any = row
    for name in ref.path[:-1]:
        key = _key(value, name) if isinstance(value, Mapping) else None
        value = value[key] if key is not None else None
    return value if isinstance(value, Mapping) else None


def _aggregate_value(agg: Aggregate, rows: list[Row]) -> Any:
    if agg.arg is None:
        return len(rows)
    arg = agg.arg
    values = [v for v in (_get(row, arg) for row in rows) if v is not None]
    if agg.func == "COUNT":
        return len(values)
    if agg.func == "COUNT_DISTINCT":
        return len({_group_key(v) for v in values})
    if not values:
        return None
    if agg.func in ("SUM", "AVG"):
        numbers = [n for n in (_as_number(v) for v in values) if n is not None]
        total = sum(numbers)
        if agg.func == "AVG":
            return total / len(numbers)
        return int(total) if all(isinstance(v, int) for v in values) else total
    return max(values) if agg.func == "MAX" else min(values)


# -- ORDER BY ---------------------------------------------------------------------------------
def _sort_value(value: Any) -> Any:
    if isinstance(value, str):
        moment = _as_datetime(value) if re.match(r"\d{4}-\d{2}-\d{2}", value) else None
        return moment if moment is not None else value.casefold()
    if isinstance(value, bool):
        return int(value)
    return value


def _sorted(
    items: list[Any],
    order_by: tuple[OrderItem, ...],
    value_of: Callable[[Any, FieldRef | Aggregate], Any],
) -> list[Any]:
    if not order_by:
        return items

    def compare(a: Any, b: Any) -> int:
        for item in order_by:
            left, right = _sort_value(value_of(a, item.expr)), _sort_value(value_of(b, item.expr))
            if left is None or right is None:
                if left is None and right is None:
                    continue
                return (-1 if left is None else 1) * (1 if item.nulls_first else -1)
            try:
                result = int(left > right) - int(left < right)
            except TypeError:
                result = int(str(left) > str(right)) - int(str(left) < str(right))
            if result:
                return -result if item.descending else result
        return 0

    return sorted(items, key=functools.cmp_to_key(compare))


__all__ = ["Query", "QueryResult", "SoqlError", "execute", "parse"]
