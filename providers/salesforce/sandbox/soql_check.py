"""What Salesforce refuses about a parsed query before it runs: unknown columns
(INVALID_FIELD), duplicate selects, fields neither grouped nor aggregated, operators and
literals of the wrong type for the field. Messages are Salesforce's, located like its parser's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .soql_parse import Aggregate, Compare, Condition, FieldRef, Junction, Not, Query, malformed

_NO_COLUMN = (
    "No such column '{field}' on entity '{entity}'. If you are attempting to use a custom "
    "field, be sure to append the '__c' after the custom field name. Please reference your "
    "WSDL or the describe call for the appropriate names."
)
_NO_RELATIONSHIP = (
    "Didn't understand relationship '{name}' in field path. If you are attempting to use a "
    "custom relationship, be sure to append the '__r' after the custom relationship name. "
    "Please reference your WSDL or the describe call for the appropriate names."
)
_SOAP_TYPES = {
    "Number": "double",
    "Currency": "double",
    "Percent": "double",
    "Double": "double",
    "Int": "double",
    "Integer": "double",
    "Checkbox": "boolean",
    "Boolean": "boolean",
    "Date": "date",
    "DateTime": "dateTime",
}
_ALLOWED = {
    "double": {"number"},
    "boolean": {"boolean"},
    "date": {"date", "range"},
    "dateTime": {"datetime", "range"},
    "string": {"string"},
}
_NUMERIC = {"double"}
OFFSET_LIMIT = 2000


def check(
    query: Query,
    columns: Callable[[str], bool] | None,
    field_type: Callable[[str], str | None],
) -> None:
    if columns is not None:
        for ref in _refs(query):
            if not columns(ref.text):
                raise _unknown(query, ref)
    _check_select(query)
    if query.offset is not None and query.offset > OFFSET_LIMIT:
        raise _error(
            query,
            "NUMBER_OUTSIDE_VALID_RANGE",
            None,
            f"Maximum SOQL offset allowed is {OFFSET_LIMIT}",
        )
    for cond in (query.where, query.having):
        for compare in _compares(cond):
            _check_compare(query, compare, field_type)
    for item in query.select:
        if not isinstance(item, Aggregate) or item.func not in ("SUM", "AVG") or not item.arg:
            continue
        if _soap_type(field_type, item.arg) not in _NUMERIC | {None}:
            detail = f"field {item.arg.text} does not support aggregate operator {item.func}"
            raise _error(query, "MALFORMED_QUERY", item.arg, detail)


def _refs(query: Query) -> Iterator[FieldRef]:
    exprs = [*query.select, *query.group_by, *(o.expr for o in query.order_by)]
    exprs += [c.left for c in (*_compares(query.where), *_compares(query.having))]
    for expr in exprs:
        if isinstance(expr, FieldRef):
            yield expr
        elif expr.arg is not None:
            yield expr.arg


def _compares(cond: Condition | None) -> Iterator[Compare]:
    if cond is None:
        return
    if isinstance(cond, Junction):
        for part in cond.parts:
            yield from _compares(part)
    elif isinstance(cond, Not):
        yield from _compares(cond.inner)
    else:
        yield cond


def _unknown(query: Query, ref: FieldRef) -> Exception:
    if len(ref.path) > 1:
        return _error(query, "INVALID_FIELD", ref, _NO_RELATIONSHIP.format(name=ref.path[0]))
    return _error(
        query, "INVALID_FIELD", ref, _NO_COLUMN.format(field=ref.text, entity=query.sobject)
    )


def _error(query: Query, code: str, ref: FieldRef | None, detail: str) -> Exception:
    return malformed(query.text, ref.pos if ref else 0, detail, code)


def _check_select(query: Query) -> None:
    seen: set[str] = set()
    names: set[str] = set()
    unnamed = 0
    for item in query.select:
        if isinstance(item, FieldRef):
            text = item.text.lower()
            if text in seen:
                raise _error(
                    query, "MALFORMED_QUERY", item, f"duplicate field selected: {item.text}"
                )
            seen.add(text)
            continue
        if query.count_only:
            continue
        name = item.alias
        if name is None:
            name, unnamed = f"expr{unnamed}", unnamed + 1
        if name.lower() in names:
            raise _error(query, "MALFORMED_QUERY", item.arg, f"duplicate alias: {name}")
        names.add(name.lower())
    if not query.aggregate:
        return
    grouped = {ref.text.lower() for ref in query.group_by}
    for item in query.select:
        if isinstance(item, FieldRef) and item.text.lower() not in grouped:
            raise _error(
                query, "MALFORMED_QUERY", item, f"Field must be grouped or aggregated: {item.text}"
            )
    for order in query.order_by:
        expr = order.expr
        if isinstance(expr, FieldRef) and expr.text.lower() not in grouped:
            raise _error(
                query,
                "MALFORMED_QUERY",
                expr,
                f"Ordered field must be grouped or aggregated: {expr.text}",
            )


def _soap_type(field_type: Callable[[str], str | None], ref: FieldRef) -> str | None:
    kind = field_type(ref.text)
    if kind is None:
        return None
    return _SOAP_TYPES.get(kind, "string")


def _check_compare(query: Query, compare: Compare, field_type: Callable[[str], str | None]) -> None:
    if isinstance(compare.left, Aggregate):
        return
    ref = compare.left
    metadata_type = field_type(ref.text)
    if compare.op in ("INCLUDES", "EXCLUDES"):
        if metadata_type is not None and metadata_type != "MultiselectPicklist":
            raise _error(
                query,
                "INVALID_FIELD",
                ref,
                "includes or excludes operator only valid on multipicklist field",
            )
        return
    soap = _soap_type(field_type, ref)
    if soap is None:
        return
    if compare.op == "LIKE" and soap != "string":
        raise _error(query, "INVALID_FIELD", ref, f"invalid operator on {soap} field: LIKE")
    for lit in compare.right:
        if lit.kind == "null" or lit.kind in _ALLOWED[soap]:
            continue
        quoted = (
            "should be enclosed in quotes"
            if soap == "string"
            else ("should not be enclosed in quotes")
        )
        raise _error(
            query,
            "INVALID_FIELD",
            ref,
            f"value of filter criterion for field '{ref.text}' must be of type {soap} and {quoted}",
        )


__all__ = ["OFFSET_LIMIT", "check"]
