"""Record impact of risky changes, counted with SOQL `COUNT()` queries.

A plan that deactivates a stage or a picklist value, deletes a field or changes its type
says how many records it touches: "412 opportunities are in stage 'Demo': they keep it; it
becomes inactive and can no longer be chosen", "37 leads hold 'PPC' in LeadSource". Only
changes at review risk or above are counted, so a plan of safe creates costs no query. One
count is one `query` request; several counts for one change go in one `composite` request
(the client chunks them, at most 5 queries a call).

Salesforce never deletes a picklist value records hold: revops deactivates removed values
(`model.py`), so the text says records keep the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import quote

from revops_as_code.changes import Action, Change, Risk

from .composite import SubRequest, SubResponse
from .model import (
    CUSTOM_FIELD,
    RECORD_TYPE,
    STAGE_SET,
    STANDARD_PICKLISTS,
    VALUE_SET,
)

MAX_COUNTS_PER_CHANGE = 10
"""Bound on the counts one change may cost (a picklist losing 50 values says "and N more")."""

PLURALS = {
    "Opportunity": "opportunities",
    "Lead": "leads",
    "Contact": "contacts",
    "Account": "accounts",
    "Case": "cases",
}
SINGULARS = {
    "Opportunity": "opportunity",
    "Lead": "lead",
    "Contact": "contact",
    "Account": "account",
    "Case": "case",
}
UNFILTERABLE = frozenset({"LongTextArea", "Html", "EncryptedText"})
"""Types SOQL cannot filter on (Salesforce refuses them in WHERE): their records are not
counted, and the text says so."""


class Counter(Protocol):
    """What impact needs of `SalesforceClient`."""

    def count(self, soql: str, *, tooling: bool = False) -> int: ...

    def composite(
        self, requests: Sequence[SubRequest], *, tooling: bool = False, all_or_none: bool = False
    ) -> list[SubResponse]: ...


def literal(value: str) -> str:
    """A SOQL string literal (backslash and quote escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def records(n: int, sobject: str) -> str:
    """`1 opportunity`, `1,204 opportunities`."""
    if n == 1:
        return f"1 {SINGULARS.get(sobject, sobject + ' record')}"
    return f"{n:,} {PLURALS.get(sobject, sobject + ' records')}"


def counts(client: Counter, queries: Sequence[str]) -> list[int]:
    """COUNT() of each SOQL query: one request for one, one composite for several."""
    if len(queries) == 1:
        return [client.count(queries[0])]
    requests = [
        SubRequest("GET", f"query?q={quote(soql, safe='')}", f"count{index}")
        for index, soql in enumerate(queries)
    ]
    out = []
    for response in client.composite(requests):
        error = response.error()
        if error is not None:
            raise error
        body = response.body if isinstance(response.body, Mapping) else {}
        out.append(int(body.get("totalSize") or 0))
    return out


def _values(attrs: Any) -> dict[str, str]:
    if not isinstance(attrs, Mapping):
        return {}
    return {
        str(v["value"]): str(v.get("label") or v["value"])
        for v in attrs.get("values") or []
        if isinstance(v, Mapping) and "value" in v
    }


def _removed(change: Change) -> list[str]:
    if change.action is Action.DELETE:
        return list(_values(change.before))
    after = _values(change.after)
    return [v for v in _values(change.before) if v not in after]


def _limited(items: list[str]) -> tuple[list[str], str]:
    extra = len(items) - MAX_COUNTS_PER_CHANGE
    rest = f"; and {extra} more removed values" if extra > 0 else ""
    return items[:MAX_COUNTS_PER_CHANGE], rest


def _value_set_impact(client: Counter, change: Change) -> str | None:
    name = change.resource_id.key
    removed, rest = _limited(_removed(change))
    if not removed:
        return None
    if name == STAGE_SET:
        labels = _values(change.before)
        queries = [
            f"SELECT COUNT() FROM Opportunity WHERE StageName = {literal(v)}" for v in removed
        ]
        parts = [
            f"{records(n, 'Opportunity')} {'is' if n == 1 else 'are'} in stage "
            f"'{labels.get(v, v)}': they keep it; it becomes inactive and can no longer be chosen"
            for v, n in zip(removed, counts(client, queries), strict=True)
        ]
        return "; ".join(parts) + rest
    fields = [k.split(".", 1) for k, v in STANDARD_PICKLISTS.items() if v == name]
    pairs = [(sobject, field, value) for value in removed for sobject, field in fields]
    if not pairs:
        return None
    pairs = pairs[:MAX_COUNTS_PER_CHANGE]
    queries = [f"SELECT COUNT() FROM {o} WHERE {f} = {literal(v)}" for o, f, v in pairs]
    parts = [
        f"{records(n, o)} {'holds' if n == 1 else 'hold'} '{v}' in {f}"
        for (o, f, v), n in zip(pairs, counts(client, queries), strict=True)
    ]
    return "; ".join(parts) + "; records keep the value, which can no longer be chosen" + rest


def _field_impact(client: Counter, change: Change) -> str | None:
    sobject, name = change.resource_id.key.split(".", 1)
    before = change.before if isinstance(change.before, Mapping) else {}
    after = change.after if isinstance(change.after, Mapping) else {}
    sf_type = str(before.get("type", ""))
    retyped = change.action is Action.UPDATE and after.get("type") != sf_type
    if change.action in (Action.DELETE, Action.REPLACE) or retyped:
        if sf_type in UNFILTERABLE:
            return (
                f"{PLURALS.get(sobject, sobject)} holding a value in {name} cannot be counted "
                f"(Salesforce cannot filter {sf_type} fields); assume every record may"
            )
        has = f"{name} = true" if sf_type == "Checkbox" else f"{name} != null"
        (n,) = counts(client, [f"SELECT COUNT() FROM {sobject} WHERE {has}"])
        return f"{records(n, sobject)} {'holds' if n == 1 else 'hold'} a value in {name}"
    if change.action is not Action.UPDATE:
        return None
    removed, rest = _limited(_removed(change))
    if not removed:
        return None
    labels = _values(before)
    op = "INCLUDES ({})" if sf_type == "MultiselectPicklist" else "= {}"
    queries = [
        f"SELECT COUNT() FROM {sobject} WHERE {name} {op.format(literal(v))}" for v in removed
    ]
    parts = [
        f"{records(n, sobject)} {'holds' if n == 1 else 'hold'} '{labels.get(v, v)}' in {name}"
        for v, n in zip(removed, counts(client, queries), strict=True)
    ]
    return "; ".join(parts) + "; records keep the value, which can no longer be chosen" + rest


def _record_type_impact(client: Counter, change: Change) -> str | None:
    if change.action not in (Action.DELETE, Action.REPLACE):
        return None
    sobject, name = change.resource_id.key.split(".", 1)
    soql = f"SELECT COUNT() FROM {sobject} WHERE RecordType.DeveloperName = {literal(name)}"
    (n,) = counts(client, [soql])
    return f"{records(n, sobject)} {'has' if n == 1 else 'have'} record type {name}"


def impact(client: Counter, change: Change) -> str | None:
    """Impact text for a review-or-worse change, or None (no query spent)."""
    if change.risk < Risk.REVIEW or change.action is Action.CREATE:
        return None
    kind = change.resource_id.kind
    if kind == VALUE_SET:
        return _value_set_impact(client, change)
    if kind == CUSTOM_FIELD:
        return _field_impact(client, change)
    if kind == RECORD_TYPE:
        return _record_type_impact(client, change)
    return None


__all__ = ["MAX_COUNTS_PER_CHANGE", "PLURALS", "Counter", "counts", "impact", "literal", "records"]
