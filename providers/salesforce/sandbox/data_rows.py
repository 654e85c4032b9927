"""Records as the SOQL executor and the formula evaluator read them: each row keyed by API
name, with every lookup's related row nested under its relationship name (`Account`,
`Owner`, `RecordType`, `LastModifiedBy`, `Foo__r`), one level deep."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .org import KEY_PREFIXES
from .store import SalesforceStore
from .types import relationship_name
from .view import OrgView

_BY_PREFIX = {
    KEY_PREFIXES[name]: name for name in ("Account", "Contact", "Lead", "Opportunity", "Case")
}

RECORD_TYPE_COLUMNS = ("Id", "DeveloperName", "Name", "SobjectType", "IsActive", "Description")


def related_index(
    view: OrgView, store: SalesforceStore
) -> Callable[[str | None], dict[str, Any] | None]:
    """id -> the related row (users, record types, records), loaded on first need."""
    cache: dict[str, dict[str, Any]] = {}
    loaded: set[str] = set()
    for user in view.org.users:
        cache[user["Id"]] = user
    for rt in view.org.record_types:
        cache[rt["Id"]] = {
            "Id": rt["Id"],
            "DeveloperName": rt["name"],
            "Name": rt.get("label") or rt["name"],
            "SobjectType": rt["object"],
            "IsActive": bool(rt.get("active", True)),
            "Description": rt.get("description"),
        }

    def find(record_id: str | None) -> dict[str, Any] | None:
        if not record_id or not isinstance(record_id, str):
            return None
        if record_id in cache:
            return cache[record_id]
        sobject = _BY_PREFIX.get(record_id[:3])
        if sobject is not None and sobject not in loaded:
            loaded.add(sobject)
            for row in store.records(sobject):
                cache[row["Id"]] = row
        return cache.get(record_id)

    return find


def with_relationships(
    view: OrgView,
    sobject: str,
    row: dict[str, Any],
    find: Callable[[str | None], dict[str, Any] | None],
) -> dict[str, Any]:
    out = dict(row)
    for f in view.fields(sobject):
        rel = relationship_name(f)
        if rel is None or f.name not in row:
            continue
        out[rel] = find(row.get(f.name))
    return out


def record_rows(
    view: OrgView, store: SalesforceStore, sobject: str, *, deleted: bool = False
) -> list[dict[str, Any]]:
    find = related_index(view, store)
    return [
        with_relationships(view, sobject, r, find) for r in store.records(sobject, deleted=deleted)
    ]


def path_type(view: OrgView, sobject: str, path: str) -> str | None:
    """The Metadata type a path from `sobject` ends in (`Account.ICP_Tier__c` -> `Picklist`,
    `RecordType.DeveloperName` -> `Text`), or None when no such field exists."""
    parts = path.split(".")
    current = sobject
    for rel in parts[:-1]:
        if current == "RecordType":
            return None
        target = None
        for f in view.fields(current):
            name = relationship_name(f)
            if name is not None and name.lower() == rel.lower():
                target = "RecordType" if f.name == "RecordTypeId" else (f.reference_to or "User")
                break
        if target is None:
            return None
        current = target
    if current == "RecordType":
        known = {c.lower(): c for c in RECORD_TYPE_COLUMNS}
        if parts[-1].lower() not in known:
            return None
        return "Checkbox" if parts[-1].lower() == "isactive" else "Text"
    found = view.field(current, parts[-1])
    return found.type if found else None


def record_columns(view: OrgView, sobject: str) -> Callable[[str], bool]:
    """Whether a SOQL path names a column of `sobject` (through one or more lookups)."""
    return lambda path: path_type(view, sobject, path) is not None
