"""Applying one change to HubSpot: a dispatch table `(kind, action) -> handler`.

Each handler sends the fewest requests the change needs and returns the attributes now
live, in canonical form, so the engine can persist state after each success. Creates are
never retried blindly: when a create fails ambiguously (timeout, reset, 5xx after sending)
or reports a conflict, the handler re-reads the object by name (properties, groups) or by id
and label (pipelines, stages) and *adopts* it when it matches what was asked, or fails.

Property creates are batched (`POST .../batch/create`, up to 100 per call) when the writer
knows which creates the plan holds: the applier re-reads exactly the objects a plan touches
before it writes (`note_read`), and a touched, desired property that is not live is a
pending create. The first create change of an object type sends the next chunk of pending
creates in one call; the create changes that follow adopt what the batch made. A batch that
fails ambiguously is resolved by one re-read of that object type's properties. Without that
knowledge (a bare `apply(change)`), each create is one request.

Updates send only the attributes that changed (so a HubSpot-defined property, whose
definition is read-only, is sent its options and nothing else). A pipeline is created with
its stages in one call (HubSpot requires at least one); the stage creates that follow for
that pipeline then adopt what the pipeline create made, without another request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, NotFoundError, ProviderError
from revops_as_code.providers.base import ApplyResult
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .client import HubSpotClient
from .errors import PROVIDER, AmbiguousWriteError
from .normalize import (
    GROUP,
    PIPELINE,
    PROPERTY,
    STAGE,
    canonical_group,
    canonical_pipeline,
    canonical_property,
    canonical_stage,
    group_from_api,
    group_to_api,
    pipeline_from_api,
    property_from_api,
    property_to_api,
    rid,
    split_key,
    stage_from_api,
    stage_to_api,
)

Handler = Callable[["Writer", Change], ApplyResult]


class Writer:
    """Applies changes through one client; remembers desired stages for pipeline creates."""

    def __init__(self, client: HubSpotClient) -> None:
        self.client = client
        self.desired: dict[ResourceId, Resource] = {}
        """Desired resources from the last compile (a pipeline create needs its stages)."""
        self._created_stages: dict[ResourceId, Mapping[str, JsonValue]] = {}

        self.pending: set[ResourceId] = set()
        """Touched by the plan, desired, not live: the creates this apply will make."""
        self._created_properties: dict[ResourceId, Mapping[str, JsonValue]] = {}

    def remember(self, resources: Mapping[ResourceId, Resource]) -> None:
        self.desired = dict(resources)

    def note_read(self, scope_ids: frozenset[ResourceId], live_ids: frozenset[ResourceId]) -> None:
        """A scoped read (the applier's pre-apply re-read): learn the plan's creates."""
        self.pending = {r for r in scope_ids - live_ids if r in self.desired}

    def apply(self, change: Change) -> ApplyResult:
        handler = HANDLERS.get((change.resource_id.kind, change.action))
        if handler is None:
            raise ProviderError(
                f"HubSpot cannot {change.action.value} a {change.resource_id.kind}",
                provider=PROVIDER,
            )
        result = handler(self, change)
        self.pending.discard(change.resource_id)
        return result


def _after(change: Change) -> Mapping[str, Any]:
    if not isinstance(change.after, Mapping):
        raise ProviderError(f"{change.resource_id}: change has no desired attributes")
    return change.after


def _changed_paths(change: Change) -> set[str]:
    """Top-level attributes an update touches (all of them when the differ gave none)."""
    paths = {ac.path.split(".", 1)[0].split("[", 1)[0] for ac in change.attribute_changes}
    return paths or set(_after(change))


def _adopt_or_fail(
    change: Change, live: Resource | None, remote_id: str, canonical: dict[str, JsonValue]
) -> ApplyResult:
    """After an ambiguous create: the object exists as asked -> adopt; otherwise fail."""
    if live is None:
        raise ProviderError(
            f"{change.resource_id}: the create failed and the object does not exist",
            hint="nothing was created; re-run apply",
            provider=PROVIDER,
        )
    if dict(live.attributes) != canonical:
        raise ConflictError(
            f"{change.resource_id} exists in HubSpot but differs from the definition "
            "(created by someone else, or a half-applied create)",
            hint="run `revops plan` again: it shows the difference as an update",
            provider=PROVIDER,
        )
    return ApplyResult(remote_id=remote_id, attributes=dict(live.attributes))


# -- property groups ----------------------------------------------------------------------


def _group_read(writer: Writer, obj: str, name: str) -> Resource | None:
    try:
        data = writer.client.get(f"/crm/v3/properties/{obj}/groups/{name}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else group_from_api(obj, data)


def create_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_group(_after(change))
    body = {**group_to_api(name, attrs, create=True), "displayOrder": -1}
    try:
        data = writer.client.request("POST", f"/crm/v3/properties/{obj}/groups", json=body)
    except (AmbiguousWriteError, ConflictError):
        return _adopt_or_fail(change, _group_read(writer, obj, name), name, attrs)
    return ApplyResult(remote_id=name, attributes=dict(group_from_api(obj, data).attributes))


def update_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    body = group_to_api(name, canonical_group(_after(change)), create=False)
    data = writer.client.request("PATCH", f"/crm/v3/properties/{obj}/groups/{name}", json=body)
    return ApplyResult(remote_id=name, attributes=dict(group_from_api(obj, data).attributes))


def delete_group(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    writer.client.request("DELETE", f"/crm/v3/properties/{obj}/groups/{name}")
    return ApplyResult(remote_id=None, attributes=None)


# -- properties ---------------------------------------------------------------------------


def _property_read(writer: Writer, obj: str, name: str) -> Resource | None:
    try:
        data = writer.client.get(f"/crm/v3/properties/{obj}/{name}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else property_from_api(obj, data)


BATCH_SIZE = 100
"""Inputs per HubSpot batch call (the documented limit of most batch endpoints)."""


def _batch_create_properties(writer: Writer, first: ResourceId) -> list[ResourceId]:
    """Create `first` and the next pending property creates of its object type in one call.

    Returns the chunk sent; what the batch made is in `writer._created_properties`."""
    obj = first.key.split("/", 1)[0]
    # A property whose group is still to be created must wait for that create.
    ready = sorted(
        r
        for r in writer.pending
        if r.kind == PROPERTY
        and r.key.split("/", 1)[0] == obj
        and r != first
        and not any(d in writer.pending for d in writer.desired[r].depends_on)
    )
    chunk = [first, *ready[: BATCH_SIZE - 1]]
    writer.pending.difference_update(chunk)  # sent: a later batch must not send them again
    inputs = [
        property_to_api(
            r.key.split("/", 1)[1], canonical_property(writer.desired[r].attributes), create=True
        )
        for r in chunk
    ]
    path = f"/crm/v3/properties/{obj}/batch/create"
    try:
        data = writer.client.request("POST", path, json={"inputs": inputs}) or {}
        made = data.get("results") or []
    except AmbiguousWriteError:
        # One list call tells which of the chunk exist now; the rest are created singly.
        wanted = {r.key.split("/", 1)[1] for r in chunk}
        listed = (writer.client.get(f"/crm/v3/properties/{obj}") or {}).get("results", [])
        made = [p for p in listed if p.get("name") in wanted]
    for item in made:
        live = property_from_api(obj, item)
        writer._created_properties[live.id] = live.attributes
    return chunk


def _companions(writer: Writer, chunk: list[ResourceId]) -> dict[ResourceId, ApplyResult]:
    """The chunk's other creates that the batch made exactly as desired.

    A made object that differs from its definition is left for its own change, which then
    fails through `_adopt_or_fail` with the usual message."""
    companions = {}
    for other in chunk:
        made = writer._created_properties.get(other)
        if made is not None and made == canonical_property(writer.desired[other].attributes):
            companions[other] = ApplyResult(remote_id=split_key(other.key, 2)[1], attributes=made)
    return companions


def create_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_property(_after(change))
    companions: dict[ResourceId, ApplyResult] = {}
    if change.resource_id not in writer._created_properties and (
        change.resource_id in writer.pending and change.resource_id in writer.desired
    ):
        chunk = _batch_create_properties(writer, change.resource_id)
        companions = _companions(writer, [r for r in chunk if r != change.resource_id])
    made = writer._created_properties.pop(change.resource_id, None)
    if made is not None:
        adopted = _adopt_or_fail(change, Resource(change.resource_id, made), name, attrs)
        # Companions stay remembered too: a caller that applies their changes anyway (not the
        # engine, which skips them) adopts them without another request.
        return ApplyResult(adopted.remote_id, adopted.attributes, companions)
    body = property_to_api(name, attrs, create=True)
    try:
        data = writer.client.request("POST", f"/crm/v3/properties/{obj}", json=body)
    except (AmbiguousWriteError, ConflictError):
        # Names are unique per object: a 409 or a lost response both mean "look first".
        return _adopt_or_fail(change, _property_read(writer, obj, name), name, attrs)
    return ApplyResult(remote_id=name, attributes=dict(property_from_api(obj, data).attributes))


_PROPERTY_WIRE = {
    "label": "label",
    "type": "type",
    "field_type": "fieldType",
    "group": "groupName",
    "description": "description",
    "hidden": "hidden",
    "options": "options",
}


def update_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_property(_after(change))
    full = property_to_api(name, attrs, create=False)
    wanted = {_PROPERTY_WIRE[p] for p in _changed_paths(change) if p in _PROPERTY_WIRE}
    if "type" in wanted or "fieldType" in wanted:
        wanted |= {"type", "fieldType"}  # HubSpot validates the pair together
    body = {k: v for k, v in full.items() if k in wanted}
    data = writer.client.request("PATCH", f"/crm/v3/properties/{obj}/{name}", json=body)
    return ApplyResult(remote_id=name, attributes=dict(property_from_api(obj, data).attributes))


def delete_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    writer.client.request("DELETE", f"/crm/v3/properties/{obj}/{name}")
    return ApplyResult(remote_id=None, attributes=None)


# -- pipelines ----------------------------------------------------------------------------


def _pipeline_read(writer: Writer, obj: str, pipeline_id: str) -> dict[str, Any] | None:
    try:
        data = writer.client.get(f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else dict(data)


def _pipeline_by_label(writer: Writer, obj: str, label: str) -> dict[str, Any] | None:
    for data in (writer.client.get(f"/crm/v3/pipelines/{obj}") or {}).get("results", []):
        if not data.get("archived") and str(data.get("label", "")).strip() == label:
            return dict(data)
    return None


def _desired_stages(writer: Writer, pipeline: ResourceId) -> list[tuple[str, dict[str, Any]]]:
    prefix = pipeline.key + "/"
    stages = [
        (r.id.key[len(prefix) :], canonical_stage(r.attributes))
        for r in writer.desired.values()
        if r.id.kind == STAGE and r.id.key.startswith(prefix)
    ]
    return sorted(stages, key=lambda s: (s[1]["display_order"], s[0]))


PLACEHOLDER = "revops_setup"
"""Stage id of the placeholder a pipeline is created with when its stages are not known
(HubSpot needs at least one stage); the first real stage create removes it."""


def create_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(change.resource_id.key, 2)
    attrs = canonical_pipeline(_after(change))
    stages = _desired_stages(writer, change.resource_id)
    if stages:
        inputs = [stage_to_api(sid, s, create=True) for sid, s in stages]
    else:
        # Applying a saved plan without definitions: the stage creates follow this change.
        placeholder = {"label": "Setting up (revops)", "display_order": 999,
                       "probability": 0.0, "is_closed": False}  # fmt: skip
        inputs = [stage_to_api(f"{PLACEHOLDER}_{pipeline_id}", placeholder, create=True)]
    body = {
        "pipelineId": pipeline_id,
        "label": attrs["label"],
        "displayOrder": 0,
        "stages": inputs,
    }
    try:
        data = writer.client.request("POST", f"/crm/v3/pipelines/{obj}", json=body)
    except (AmbiguousWriteError, ConflictError):
        # Pipeline creates mint ids and are not idempotent: look for it by label.
        found = _pipeline_by_label(writer, obj, str(attrs["label"]))
        if found is None:
            return _adopt_or_fail(change, None, pipeline_id, attrs)
        data = found
    resources = pipeline_from_api(obj, data)
    for stage in resources[1:]:
        writer._created_stages[stage.id] = stage.attributes
    return ApplyResult(remote_id=str(data["id"]), attributes=dict(resources[0].attributes))


def _drop_placeholder(writer: Writer, obj: str, pipeline_id: str) -> None:
    stage_id = f"{PLACEHOLDER}_{pipeline_id}"
    placeholder = rid(STAGE, f"{obj}/{pipeline_id}/{stage_id}")
    if writer._created_stages.pop(placeholder, None) is not None:
        path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}"
        writer.client.request("DELETE", path)


def update_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(change.resource_id.key, 2)
    body = {"label": canonical_pipeline(_after(change))["label"]}
    data = writer.client.request("PATCH", f"/crm/v3/pipelines/{obj}/{pipeline_id}", json=body)
    return ApplyResult(remote_id=pipeline_id, attributes=canonical_pipeline(data))


def delete_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(change.resource_id.key, 2)
    writer.client.request("DELETE", f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    return ApplyResult(remote_id=None, attributes=None)


# -- stages -------------------------------------------------------------------------------


def create_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(change.resource_id.key, 3)
    attrs = canonical_stage(_after(change))
    made = writer._created_stages.pop(change.resource_id, None)
    if made is not None:
        # Created together with its pipeline a moment ago.
        return _adopt_or_fail(change, Resource(change.resource_id, made), stage_id, attrs)
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages"
    try:
        data = writer.client.request("POST", path, json=stage_to_api(stage_id, attrs, create=True))
    except (AmbiguousWriteError, ConflictError):
        pipeline = _pipeline_read(writer, obj, pipeline_id) or {}
        for stage in pipeline.get("stages") or []:
            if str(stage["id"]) == stage_id or str(stage.get("label")).strip() == attrs["label"]:
                live = stage_from_api(obj, pipeline_id, stage)
                return _adopt_or_fail(change, live, str(stage["id"]), attrs)
        return _adopt_or_fail(change, None, stage_id, attrs)
    live = stage_from_api(obj, pipeline_id, data)
    _drop_placeholder(writer, obj, pipeline_id)
    return ApplyResult(remote_id=str(data["id"]), attributes=dict(live.attributes))


def update_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(change.resource_id.key, 3)
    attrs = canonical_stage(_after(change))
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}"
    # HubSpot's stage PATCH requires metadata; send the whole (small) stage.
    data = writer.client.request("PATCH", path, json=stage_to_api(stage_id, attrs, create=False))
    live = stage_from_api(obj, pipeline_id, data)
    return ApplyResult(remote_id=stage_id, attributes=dict(live.attributes))


def delete_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(change.resource_id.key, 3)
    writer.client.request("DELETE", f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}")
    return ApplyResult(remote_id=None, attributes=None)


def _replace(create: Handler, delete: Handler) -> Handler:
    def handler(writer: Writer, change: Change) -> ApplyResult:
        delete(writer, change)
        return create(writer, change)

    return handler


HANDLERS: dict[tuple[str, Action], Handler] = {
    (GROUP, Action.CREATE): create_group,
    (GROUP, Action.UPDATE): update_group,
    (GROUP, Action.DELETE): delete_group,
    (PROPERTY, Action.CREATE): create_property,
    (PROPERTY, Action.UPDATE): update_property,
    (PROPERTY, Action.DELETE): delete_property,
    (PROPERTY, Action.REPLACE): _replace(create_property, delete_property),
    (PIPELINE, Action.CREATE): create_pipeline,
    (PIPELINE, Action.UPDATE): update_pipeline,
    (PIPELINE, Action.DELETE): delete_pipeline,
    (STAGE, Action.CREATE): create_stage,
    (STAGE, Action.UPDATE): update_stage,
    (STAGE, Action.DELETE): delete_stage,
}
"""Every change HubSpot can take; anything else is refused with a clear message."""


__all__ = ["BATCH_SIZE", "HANDLERS", "Writer"]
