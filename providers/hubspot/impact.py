"""Record impact of risky changes, counted with HubSpot's CRM search API.

A plan that removes an option or a stage says how many records it touches: "412 deals are
in stage 'Demo scheduled'", "37 contacts hold option 'PPC'". Each count is one search call
with `limit: 1` (only `total` is read), made through the client's separate search limiter
(HubSpot allows ~4 searches a second per token), and only for changes at review risk or
above, so a plan of safe creates costs no search at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity

from .client import HubSpotClient
from .normalize import PIPELINE, PROPERTY, STAGE, split_key

MAX_SEARCHES_PER_CHANGE = 10
"""Bound on the searches one change may cost (an enum losing 50 options says "and N more")."""

_NOUNS = {"contacts": "contact", "companies": "company", "deals": "deal", "tickets": "ticket"}


def _count(client: HubSpotClient, obj: str, filters: list[dict[str, Any]]) -> int:
    body = {"filterGroups": [{"filters": filters}], "limit": 1, "properties": ["hs_object_id"]}
    return int(client.search(obj, body).get("total") or 0)


def _records(n: int, obj: str) -> str:
    # HubSpot's object type names are plurals already ("companies"): the singular comes from
    # the table, never from appending an "s" to it ("0 companys").
    if n == 1:
        return f"1 {_NOUNS.get(obj, obj[:-1] if obj.endswith('s') else obj)}"
    return f"{n:,} {obj if obj in _NOUNS or obj.endswith('s') else obj + ' records'}"


def _options(attrs: Any) -> dict[str, str]:
    if not isinstance(attrs, Mapping):
        return {}
    return {str(o["value"]): str(o.get("label") or o["value"]) for o in attrs.get("options") or []}


def _property_impact(client: HubSpotClient, change: Change) -> str | None:
    obj, name = split_key(change.resource_id.key, 2)
    if change.action in (Action.DELETE, Action.REPLACE) or (
        change.action is Action.UPDATE
        and isinstance(change.before, Mapping)
        and isinstance(change.after, Mapping)
        and change.before.get("type") != change.after.get("type")
    ):
        n = _count(client, obj, [{"propertyName": name, "operator": "HAS_PROPERTY"}])
        verb = "has" if n == 1 else "have"
        return f"{_records(n, obj)} {verb} a value in '{name}'"
    if change.action is not Action.UPDATE:
        return None
    removed = {v: label for v, label in _options(change.before).items()}
    for value in _options(change.after):
        removed.pop(value, None)
    if not removed:
        return None
    parts = []
    for value, label in list(removed.items())[:MAX_SEARCHES_PER_CHANGE]:
        n = _count(client, obj, [{"propertyName": name, "operator": "EQ", "value": value}])
        parts.append(f"{_records(n, obj)} {'holds' if n == 1 else 'hold'} option '{label}'")
    if len(removed) > MAX_SEARCHES_PER_CHANGE:
        parts.append(f"and {len(removed) - MAX_SEARCHES_PER_CHANGE} more removed options")
    return "; ".join(parts)


def _stage_impact(client: HubSpotClient, change: Change) -> str | None:
    obj, pipeline_id, stage_id = split_key(change.resource_id.key, 3)
    before = change.before if isinstance(change.before, Mapping) else {}
    label = str(before.get("label") or stage_id)
    stage_property = "dealstage" if obj == "deals" else "hs_pipeline_stage"
    n = _count(
        client,
        obj,
        [
            {"propertyName": "pipeline" if obj == "deals" else "hs_pipeline", "operator": "EQ",
             "value": pipeline_id},
            {"propertyName": stage_property, "operator": "EQ", "value": stage_id},
        ],
    )  # fmt: skip
    return f"{_records(n, obj)} {'is' if n == 1 else 'are'} in stage '{label}'"


def _pipeline_impact(client: HubSpotClient, change: Change) -> str | None:
    if change.action is not Action.DELETE:
        return None
    obj, pipeline_id = split_key(change.resource_id.key, 2)
    prop = "pipeline" if obj == "deals" else "hs_pipeline"
    n = _count(client, obj, [{"propertyName": prop, "operator": "EQ", "value": pipeline_id}])
    return f"{_records(n, obj)} {'is' if n == 1 else 'are'} in this pipeline"


def impact_of(client: HubSpotClient, change: Change) -> str | None:
    """Impact text for a review-or-worse change, or None (no search spent)."""
    if change.risk < Risk.REVIEW:
        return None
    kind = change.resource_id.kind
    if kind == PROPERTY:
        return _property_impact(client, change)
    if kind == STAGE and change.action is not Action.CREATE:
        return _stage_impact(client, change)
    if kind == PIPELINE:
        return _pipeline_impact(client, change)
    return None


RESERVED_PREFIXES = ("hs_", "hubspot_")


def validate_changes(changes: Sequence[Change]) -> list[Diagnostic]:
    """HubSpot-specific findings on a plan: names HubSpot reserves for its own properties."""
    found = []
    for change in changes:
        if change.resource_id.kind == PROPERTY and change.action is Action.CREATE:
            name = change.resource_id.key.split("/", 1)[1]
            if name.startswith(RESERVED_PREFIXES):
                found.append(
                    Diagnostic(
                        Severity.ERROR,
                        "HS101",
                        f"property name {name!r} uses a prefix HubSpot reserves for its own "
                        "properties; the create would be rejected",
                        Location(object=str(change.resource_id)),
                        hint="give the field an api_names.hubspot without hs_/hubspot_",
                    )
                )
    return found


__all__ = ["MAX_SEARCHES_PER_CHANGE", "impact_of", "validate_changes"]
