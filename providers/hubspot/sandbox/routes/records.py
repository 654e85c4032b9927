"""Shared by the object, search and association routes: record projection and checking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request

from ..errors import JSON, ApiError, not_found
from ..objecttypes import DEFAULT_PROPERTIES, PIPELINE_TYPES, system_properties
from ..store import ASSOCIATION_TYPES, HubSpotStore
from ..validation import RecordChecker
from .common import store

_SINGULAR = {"contacts": "contact", "companies": "company", "deals": "deal", "tickets": "ticket"}


def project(doc: JSON, object_type: str, wanted: Sequence[str]) -> JSON:
    """A record as the API returns it: only the requested properties (or the defaults),
    requested-but-empty ones as null, and always the system ones."""
    names = list(wanted) or list(DEFAULT_PROPERTIES[object_type])
    props = doc["properties"]
    shown = {name: props.get(name) for name in names}
    for name in system_properties(object_type):
        shown[name] = props.get(name)
    return {**doc, "properties": shown}


def checker(st: HubSpotStore, object_type: str) -> RecordChecker:
    """A value checker for `object_type` built from the portal's live definitions."""
    pipelines: dict[str, set[str]] = {}
    if object_type in PIPELINE_TYPES:
        for pipeline in st.list_pipelines(object_type):
            pipelines[pipeline["id"]] = {s["id"] for s in pipeline["stages"] if not s["archived"]}
    owners = {o["id"] for o in st.list_owners(archived=False, after=-1, limit=1_000_000)}
    return RecordChecker(object_type, st.property_map(object_type), pipelines, owners)


def type_name(from_type: str, to_type: str, type_id: int) -> str:
    """The v3 association type name (`contact_to_company`, `..._unlabeled`)."""
    unlabeled, primary = ASSOCIATION_TYPES.get((from_type, to_type), (type_id, None))
    base = f"{_SINGULAR[from_type]}_to_{_SINGULAR[to_type]}"
    return base + "_unlabeled" if primary is not None and type_id == unlabeled else base


def attach_associations(
    request: Request, object_type: str, docs: list[JSON], to_types: Sequence[str]
) -> None:
    """Add v3 `associations` ({toType: {results: [{id, type}]}}) to each record in place."""
    from ..objecttypes import resolve

    ids = [int(d["id"]) for d in docs]
    for raw in to_types:
        to_type = resolve(raw)
        if to_type is None:
            continue
        found = store(request).associations_of(object_type, ids, to_type)
        for doc in docs:
            targets = found.get(int(doc["id"]), {})
            results = [
                {"id": str(to_id), "type": type_name(object_type, to_type, t["typeId"])}
                for to_id, types in targets.items()
                for t in types
            ]
            if results:
                doc.setdefault("associations", {})[raw] = {"results": results}


def find_by(st: HubSpotStore, object_type: str, id_property: str | None, value: Any) -> int | None:
    """The id of the live record whose `id_property` equals `value` (None = by id)."""
    if not id_property or id_property == "hs_object_id":
        try:
            return int(str(value))
        except ValueError:
            return None
    rows = st.query(
        "SELECT id FROM objects WHERE object_type = ? AND archived = 0 "
        "AND json_extract(props, '$.' || ?) = ? LIMIT 1",
        (object_type, id_property, str(value)),
    )
    return int(rows[0]["id"]) if rows else None


def check_unique_email(st: HubSpotStore, values: JSON, own_id: int | None = None) -> None:
    """Contacts are unique by email: a clash is 409 naming the existing id, as HubSpot does."""
    email = values.get("email")
    if not email:
        return
    existing = find_by(st, "contacts", "email", email)
    if existing is not None and existing != own_id:
        raise ApiError(
            409,
            f"Contact already exists. Existing ID: {existing}",
            category="CONFLICT",
            context={"id": [str(existing)]},
        )


def missing(object_type: str, object_id: Any) -> ApiError:
    """The 404 for a record that does not exist (or is archived)."""
    return not_found(f"Object {object_type}/{object_id} not found", id=[str(object_id)])
