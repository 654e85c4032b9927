"""Reading live HubSpot configuration with the fewest calls the API allows.

Properties, property groups and pipelines are unpaged list endpoints (specs/hubspot.md
§a.1, §a.2): one call per object type per kind of configuration, whatever the number of
properties — never one GET per object. Owners are paged (100 per page). The calls are
independent, so they run on a small thread pool; the client's limiter keeps the pool within
HubSpot's ten-secondly budget.

A plan's read costs 3 (properties) + 3 (groups) + 1 (deal pipelines) + ⌈owners/100⌉ calls;
a read scoped to some objects (the applier's re-read, drift) only lists the object types
those objects belong to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.errors import AuthenticationError, NotFoundError
from revops_as_code.providers.base import LiveObjectMeta, LiveSnapshot, Scope
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from .aliases import rekey
from .client import HubSpotClient
from .normalize import (
    GROUP,
    KINDS,
    OBJECT_TYPES,
    PIPELINE,
    PIPELINE_OBJECT_TYPES,
    PROPERTY,
    STAGE,
    group_from_api,
    pipeline_from_api,
    property_from_api,
)


@dataclass(frozen=True)
class Owner:
    """A HubSpot owner (read-only API): who may own records and receive escalations."""

    id: str
    email: str
    name: str
    user_id: str | None
    teams: tuple[str, ...] = ()


@dataclass
class LiveConfig:
    """Everything one read returned, before it is cut down to a `LiveSnapshot`."""

    resources: list[Resource] = field(default_factory=list)
    remote_ids: dict[ResourceId, str] = field(default_factory=dict)
    meta: dict[ResourceId, LiveObjectMeta] = field(default_factory=dict)
    owners: list[Owner] = field(default_factory=list)


def _wanted(scope: Scope, kind: str) -> bool:
    if scope.ids:
        return any(i.kind == kind for i in scope.ids)
    return not scope.kinds or kind in scope.kinds


def _objects(scope: Scope, kinds: Iterable[str], universe: Iterable[str]) -> list[str]:
    """Object types worth a call: all of them, or only those the scoped ids name."""
    if not scope.ids:
        return list(universe)
    named = {i.key.split("/", 1)[0] for i in scope.ids if i.kind in kinds}
    return [o for o in universe if o in named]


def read_config(
    client: HubSpotClient, scope: Scope | None = None, *, workers: int = 4
) -> LiveConfig:
    """Read properties, groups, pipelines and owners, in parallel, as far as `scope` needs."""
    scope = scope or Scope()
    calls: list[Callable[[], LiveConfig]] = []
    if _wanted(scope, PROPERTY):
        for obj in _objects(scope, {PROPERTY}, OBJECT_TYPES):
            calls.append(lambda obj=obj: _properties(client, obj))  # type: ignore[misc]
    if _wanted(scope, GROUP):
        for obj in _objects(scope, {GROUP}, OBJECT_TYPES):
            calls.append(lambda obj=obj: _groups(client, obj))  # type: ignore[misc]
    if _wanted(scope, PIPELINE) or _wanted(scope, STAGE):
        for obj in _objects(scope, {PIPELINE, STAGE}, PIPELINE_OBJECT_TYPES):
            calls.append(lambda obj=obj: _pipelines(client, obj))  # type: ignore[misc]
    if calls and not scope.kinds:
        # Owners name who changed what (drift); one page for most portals.
        calls.append(lambda: LiveConfig(owners=read_owners(client)))

    result = LiveConfig()
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for part in pool.map(lambda call: call(), calls):
            result.resources.extend(part.resources)
            result.remote_ids.update(part.remote_ids)
            result.meta.update(part.meta)
            result.owners.extend(part.owners)
    if scope.ids:
        result.resources = [r for r in result.resources if r.id in scope.ids]
    elif scope.kinds:
        result.resources = [r for r in result.resources if r.id.kind in scope.kinds]
    return result


def rekey_config(config: LiveConfig, known: Mapping[str, str]) -> LiveConfig:
    """`config` with pipelines and stages keyed as state knows them (see `aliases.py`)."""
    if not known:
        return config
    resources = rekey(config.resources, known)
    moved = {old.id: new.id for old, new in zip(config.resources, resources, strict=True)}
    return dataclasses.replace(
        config,
        resources=resources,
        remote_ids={moved.get(k, k): v for k, v in config.remote_ids.items()},
        meta={moved.get(k, k): v for k, v in config.meta.items()},
    )


def to_snapshot(config: LiveConfig, owners: Iterable[Owner], request_count: int) -> LiveSnapshot:
    """The engine's view; `updated_by` names the owner behind HubSpot's user id."""
    by_user = {o.user_id: o.email for o in owners if o.user_id}
    meta = {
        rid: LiveObjectMeta(m.updated_at, by_user.get(m.updated_by or "", m.updated_by))
        for rid, m in config.meta.items()
    }
    ids = {r.id for r in config.resources}
    return LiveSnapshot(
        resources=ResourceSet.of(config.resources),
        remote_ids={k: v for k, v in config.remote_ids.items() if k in ids},
        meta={k: v for k, v in meta.items() if k in ids},
        request_count=request_count,
    )


def _meta(data: Mapping[str, Any]) -> LiveObjectMeta:
    user = data.get("updatedUserId")
    updated = data.get("updatedAt")
    return LiveObjectMeta(
        updated_at=str(updated) if updated not in (None, 0, "") else None,
        updated_by=str(user) if user not in (None, "") else None,
    )


def _properties(client: HubSpotClient, obj: str) -> LiveConfig:
    out = LiveConfig()
    for data in (client.get(f"/crm/v3/properties/{obj}") or {}).get("results", []):
        resource = property_from_api(obj, data)
        out.resources.append(resource)
        out.remote_ids[resource.id] = str(data["name"])
        out.meta[resource.id] = _meta(data)
    return out


def _groups(client: HubSpotClient, obj: str) -> LiveConfig:
    out = LiveConfig()
    for data in (client.get(f"/crm/v3/properties/{obj}/groups") or {}).get("results", []):
        if data.get("archived"):
            continue
        resource = group_from_api(obj, data)
        out.resources.append(resource)
        out.remote_ids[resource.id] = str(data["name"])
    return out


def _pipelines(client: HubSpotClient, obj: str) -> LiveConfig:
    out = LiveConfig()
    try:
        listed = (client.get(f"/crm/v3/pipelines/{obj}") or {}).get("results", [])
    except (NotFoundError, AuthenticationError):
        if obj == "deals":
            raise
        # Ticket pipelines are only read to be reported by import: a token without the
        # tickets scope (or a portal without tickets) must not fail every plan.
        return out
    for data in listed:
        if data.get("archived"):
            continue
        resources = pipeline_from_api(obj, data)
        out.resources.extend(resources)
        out.remote_ids[resources[0].id] = str(data["id"])
        out.meta[resources[0].id] = _meta(data)
        stages = {str(s["id"]): s for s in data.get("stages") or []}
        for stage in resources[1:]:
            stage_id = stage.id.key.rsplit("/", 1)[1]
            out.remote_ids[stage.id] = stage_id
            out.meta[stage.id] = _meta(stages[stage_id])
    return out


def read_owners(client: HubSpotClient) -> list[Owner]:
    owners = []
    for data in client.paginate("/crm/v3/owners", {"archived": "false"}):
        name = " ".join(p for p in (data.get("firstName"), data.get("lastName")) if p)
        owners.append(
            Owner(
                id=str(data["id"]),
                email=str(data.get("email") or ""),
                name=name,
                user_id=str(data["userId"]) if data.get("userId") is not None else None,
                teams=tuple(str(t.get("name")) for t in data.get("teams") or []),
            )
        )
    return owners


__all__ = ["KINDS", "LiveConfig", "Owner", "read_config", "read_owners", "to_snapshot"]
