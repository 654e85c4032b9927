"""CRM search: a `PublicObjectSearchRequest` compiled to one SQL query over the store.

Semantics per [HS-spec] objects.json and the spec notes (a.4): `filterGroups` are OR'ed,
the filters inside a group AND'ed; operators EQ NEQ LT LTE GT GTE BETWEEN IN NOT_IN
HAS_PROPERTY NOT_HAS_PROPERTY CONTAINS_TOKEN NOT_CONTAINS_TOKEN; at most 5 groups, 10
filters per group and 25 in all (changelog "Expanded Filtering Capabilities", 2024-08-26);
`limit` ≤ 200; `query` ≤ 3,000 characters; paging by offset (`after`), and no page beyond
the first 10,000 results. Choices where HubSpot documents nothing: string EQ/IN/tokens
compare case-insensitively; NEQ/NOT_IN do not match records without a value; one sort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .errors import JSON, ApiError, invalid
from .objecttypes import system_properties

MAX_GROUPS = 5
MAX_FILTERS_PER_GROUP = 10
MAX_FILTERS = 25
MAX_LIMIT = 200
MAX_RESULTS = 10_000
MAX_QUERY_LENGTH = 3_000
MAX_SORTS = 1

OPERATORS = frozenset(
    {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY",
     "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}
)  # fmt: skip

QUERY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("firstname", "lastname", "email", "phone", "company"),
    "companies": ("name", "domain", "website", "phone"),
    "deals": ("dealname",),
    "tickets": ("subject", "content"),
}
"""Properties the free-text `query` searches (HubSpot's default searchable properties)."""


@dataclass(frozen=True)
class SearchPlan:
    """A compiled search: an SQL condition with its parameters, ordering and the page."""

    where: str
    params: list[Any]
    order_by: str
    offset: int
    limit: int
    properties: list[str]


def _caps(request: JSON) -> tuple[list[Any], int, int]:
    groups = request.get("filterGroups") or []
    if not isinstance(groups, list):
        raise invalid("filterGroups must be a list", field="filterGroups")
    if len(groups) > MAX_GROUPS:
        raise _cap(f"Too many filterGroups: {len(groups)} (maximum {MAX_GROUPS})")
    total = 0
    for group in groups:
        filters = group.get("filters") if isinstance(group, dict) else None
        if not isinstance(filters, list):
            raise invalid("each filterGroup needs a filters list", field="filterGroups")
        if len(filters) > MAX_FILTERS_PER_GROUP:
            raise _cap(
                f"Too many filters in a group: {len(filters)} (maximum {MAX_FILTERS_PER_GROUP})"
            )
        total += len(filters)
    if total > MAX_FILTERS:
        raise _cap(f"Too many filters: {total} (maximum {MAX_FILTERS})")
    limit = request.get("limit", 10)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 <= limit <= MAX_LIMIT:
        raise _cap(f"limit must be between 0 and {MAX_LIMIT}, got {limit!r}")
    after = request.get("after") or 0
    try:
        offset = int(str(after))
    except ValueError as exc:
        raise invalid(f"Invalid paging cursor after={after!r}", field="after") from exc
    if offset < 0 or offset >= MAX_RESULTS:
        raise _cap(
            f"Search results are limited to {MAX_RESULTS} records; after={offset} is beyond them"
        )
    query = request.get("query")
    if query is not None and (not isinstance(query, str) or len(query) > MAX_QUERY_LENGTH):
        raise _cap(f"query must be a string of at most {MAX_QUERY_LENGTH} characters")
    # A page never reaches past the ceiling (HubSpot's exact behaviour there is unverified).
    return groups, offset, min(limit, MAX_RESULTS - offset)


def compile_search(object_type: str, request: JSON, properties: Mapping[str, JSON]) -> SearchPlan:
    """Compile a search body against the live property definitions of `object_type`."""
    groups, offset, limit = _caps(request)
    known = dict(properties)
    for name in system_properties(object_type):
        known.setdefault(
            name, {"name": name, "type": "datetime" if name != "hs_object_id" else "number"}
        )
    clauses: list[str] = []
    params: list[Any] = []
    for group in groups:
        parts = []
        for spec in group["filters"]:
            sql, values = _filter(spec, known)
            parts.append(sql)
            params.extend(values)
        if parts:
            clauses.append("(" + " AND ".join(parts) + ")")
    where = " OR ".join(clauses) if clauses else "1"
    query = request.get("query")
    if query:
        fields = [f for f in QUERY_PROPERTIES[object_type] if f in known] or ["hs_object_id"]
        like = " OR ".join(f"lower({_value(f)}) LIKE ?" for f in fields)
        where = f"({where}) AND ({like})"
        params.extend([f"%{query.lower()}%"] * len(fields))
    order_by = _order(request.get("sorts") or [], known)
    wanted = [str(p) for p in request.get("properties") or []]
    return SearchPlan(where, params, order_by, offset, limit, wanted)


def _filter(spec: Any, known: Mapping[str, JSON]) -> tuple[str, list[Any]]:
    if not isinstance(spec, dict) or not spec.get("propertyName") or not spec.get("operator"):
        raise invalid(
            "each filter needs propertyName and operator", code="REQUIRED", field="filters"
        )
    name, operator = str(spec["propertyName"]), str(spec["operator"])
    if operator not in OPERATORS:
        raise invalid(
            f"Unknown operator {operator!r}; valid: {sorted(OPERATORS)}", field="operator"
        )
    prop = known.get(name)
    if prop is None:
        raise invalid(
            f"There was a problem with the request: property {name!r} does not exist",
            field="propertyName",
        )
    column = _value(name)
    if operator == "HAS_PROPERTY":
        return f"{column} IS NOT NULL", []
    if operator == "NOT_HAS_PROPERTY":
        return f"{column} IS NULL", []
    kind = prop.get("type", "string")
    if operator in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
        token = str(spec.get("value", "")).lower().replace("*", "%")
        pattern = token if "%" in token else f"%{token}%"
        negate = "NOT " if operator == "NOT_CONTAINS_TOKEN" else ""
        return f"{column} IS NOT NULL AND {negate}lower({column}) LIKE ?", [pattern]
    expr, convert = _typed(column, kind)
    if operator in ("IN", "NOT_IN"):
        values = spec.get("values")
        if not isinstance(values, list) or not values:
            raise invalid(f"{operator} needs a non-empty values list", field="values")
        marks = ",".join("?" * len(values))
        negate = "NOT " if operator == "NOT_IN" else ""
        return f"{expr} IS NOT NULL AND {expr} {negate}IN ({marks})", [convert(v) for v in values]
    if "value" not in spec:
        raise invalid(f"{operator} needs a value", code="REQUIRED", field="value")
    if operator == "BETWEEN":
        if "highValue" not in spec:
            raise invalid("BETWEEN needs highValue", code="REQUIRED", field="highValue")
        return f"{expr} BETWEEN ? AND ?", [convert(spec["value"]), convert(spec["highValue"])]
    symbol = {"EQ": "=", "NEQ": "!=", "LT": "<", "LTE": "<=", "GT": ">", "GTE": ">="}[operator]
    return f"{expr} {symbol} ?", [convert(spec["value"])]


def _value(name: str) -> str:
    # Names reach SQL only after they matched a known property; quote for the JSON path anyway.
    return f"json_extract(props, '$.\"{name.replace(chr(34), '')}\"')"


def _typed(column: str, kind: str) -> tuple[str, Any]:
    if kind == "number":
        return f"CAST({column} AS REAL)", _number
    if kind in ("date", "datetime"):
        as_ms = (
            f"(CASE WHEN {column} NOT LIKE '%-%' THEN CAST({column} AS INTEGER) "
            f"ELSE CAST(ROUND((julianday({column}) - 2440587.5) * 86400000) AS INTEGER) END)"
        )
        return as_ms, _epoch_ms
    if kind == "bool":
        return f"lower({column})", lambda v: str(v).lower()
    return f"lower({column})", lambda v: str(v).lower()


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise invalid(f"{value!r} is not a number", field="value") from exc


def _epoch_ms(value: Any) -> int:
    text = str(value)
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise invalid(
            f"{value!r} is not a date (epoch milliseconds or ISO 8601)", field="value"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def _order(sorts: Any, known: Mapping[str, JSON]) -> str:
    if not isinstance(sorts, list) or len(sorts) > MAX_SORTS:
        raise _cap(f"At most {MAX_SORTS} sort is supported")
    parts = []
    for sort in sorts:
        if isinstance(sort, str):  # HubSpot also accepts "createdate" / "-createdate"
            name, descending = sort.lstrip("-"), sort.startswith("-")
        elif isinstance(sort, dict) and sort.get("propertyName"):
            name = str(sort["propertyName"])
            descending = str(sort.get("direction", "ASCENDING")).upper() == "DESCENDING"
        else:
            raise invalid("each sort needs propertyName and direction", field="sorts")
        prop = known.get(name)
        if prop is None:
            raise invalid(f"Cannot sort by unknown property {name!r}", field="sorts")
        expr, _ = _typed(_value(name), prop.get("type", "string"))
        parts.append(f"{expr} {'DESC' if descending else 'ASC'}")
    return ", ".join([*parts, "id ASC"])


def _cap(message: str) -> ApiError:
    return ApiError(400, message, errors=[{"message": message, "code": "VALIDATION_ERROR"}])
