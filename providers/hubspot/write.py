"""Writing to HubSpot: the `Writer`, which applies a plan's change groups
(`Writer.apply_group`, dispatching on the request `write_groups.group_changes` recorded for
each group), and the dispatch table `(kind, action) -> handler` with the handlers of changes
that go out alone (`update property deals/amount`). The two grouped requests live beside it:
property batch creates in `write_batches.py`, a pipeline created with its stages in
`write_pipelines.py`; adopt-or-fail after an ambiguous create, shared by all of them, in
`write_common.py`. Updates send only the attributes that changed (so a HubSpot-defined
property, whose definition is read-only, is sent its options and nothing else). Every name
the split moved out is re-exported here, so `from .write import ...` keeps working.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, NotFoundError, ProviderError
from revops_as_code.providers.base import ApplyResult, ChangeGroup, GroupResult, apply_each
from revops_as_code.resources import Resource

from .aliases import live_key
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
    property_from_api,
    property_to_api,
    split_key,
    stage_from_api,
    stage_to_api,
)
from .write_batches import _batch_errors as _batch_errors
from .write_batches import _properties_by_list as _properties_by_list
from .write_batches import batch_create_properties
from .write_common import NO_STAGES, _adopt_or_fail, _after, _archived_hint
from .write_common import GroupWriter as GroupWriter
from .write_common import _adoption as _adoption
from .write_common import _foreign as _foreign
from .write_groups import (
    BATCH_CREATE_PROPERTIES,
    BATCH_SIZE,
    CREATE_PIPELINE,
    REQUEST,
    group_changes,
)
from .write_groups import _object_type as _object_type
from .write_groups import _pipeline_key as _pipeline_key
from .write_groups import _property_batches as _property_batches
from .write_groups import _stage_order as _stage_order
from .write_pipelines import _pipeline_by_list as _pipeline_by_list
from .write_pipelines import _pipeline_outcomes as _pipeline_outcomes
from .write_pipelines import create_pipeline_with_stages

Handler = Callable[["Writer", Change], ApplyResult]


class Writer:
    """Applies change groups (and single changes) through one client. Holds no plan state:
    everything a group needs is in its changes and its `private` data."""

    def __init__(self, client: HubSpotClient) -> None:
        self.client = client
        self.aliases: dict[str, str] = {}
        """Resource key -> HubSpot key where HubSpot chose its own ids (`aliases.py`);
        filled by the provider's reads."""

    def apply(self, change: Change) -> ApplyResult:
        handler = HANDLERS.get((change.resource_id.kind, change.action))
        if handler is None:
            raise ProviderError(
                f"HubSpot cannot {change.action.value} a {change.resource_id.kind}",
                provider=PROVIDER,
            )
        return handler(self, change)

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        """Apply one group; `changes` are its members to apply, in order (the engine may
        leave out members whose dependencies failed)."""
        request = group.private.get(REQUEST)
        if not changes:
            return GroupResult()
        if request == BATCH_CREATE_PROPERTIES:
            return batch_create_properties(self, group, changes)
        if request == CREATE_PIPELINE:
            return create_pipeline_with_stages(self, group, changes)
        if request is not None:
            raise ProviderError(
                f"change group {group.key!r} names a request this provider does not make "
                f"({request!r}); the plan was made by another version or edited",
                hint="run `revops plan` again",
                provider=PROVIDER,
            )
        return self.each(changes)

    def each(self, changes: Sequence[Change]) -> GroupResult:
        """Each change through its handler; one whose dependency failed is not attempted."""
        return apply_each(changes, self.apply)


def _changed_paths(change: Change) -> set[str]:
    """Top-level attributes an update touches (all of them when the differ gave none)."""
    paths = {ac.path.split(".", 1)[0].split("[", 1)[0] for ac in change.attribute_changes}
    return paths or set(_after(change))


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


def create_property(writer: Writer, change: Change) -> ApplyResult:
    obj, name = split_key(change.resource_id.key, 2)
    attrs = canonical_property(_after(change))
    body = property_to_api(name, attrs, create=True)
    try:
        data = writer.client.request("POST", f"/crm/v3/properties/{obj}", json=body)
    except (AmbiguousWriteError, ConflictError) as exc:
        # Names are unique per object: a 409 or a lost response both mean "look first".
        why = _archived_hint(obj, name, exc.message) if isinstance(exc, ConflictError) else ""
        return _adopt_or_fail(change, _property_read(writer, obj, name), name, attrs, why=why)
    return ApplyResult(remote_id=name, attributes=dict(property_from_api(obj, data).attributes))


_PROPERTY_WIRE = {
    "label": "label",
    "type": "type",
    "field_type": "fieldType",
    "group": "groupName",
    "description": "description",
    "hidden": "hidden",
    "options": "options",
    "calculation_formula": "calculationFormula",
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


def _addr(writer: Writer, change: Change) -> str:
    """The HubSpot key to address: HubSpot's ids where it did not take the ones asked for."""
    return live_key(change.resource_id.key, writer.aliases)


def _pipeline_read(writer: Writer, obj: str, pipeline_id: str) -> dict[str, Any] | None:
    try:
        data = writer.client.get(f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    except NotFoundError:
        return None
    return None if not data or data.get("archived") else dict(data)


def create_pipeline(writer: Writer, change: Change) -> ApplyResult:
    # HubSpot needs the stages in the same request; only the pipeline's change group has them.
    raise ProviderError(
        f"{change.resource_id}: {NO_STAGES}",
        hint="apply the pipeline create in the change group `group()` makes for it",
        provider=PROVIDER,
    )


def update_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(_addr(writer, change), 2)
    body = {"label": canonical_pipeline(_after(change))["label"]}
    data = writer.client.request("PATCH", f"/crm/v3/pipelines/{obj}/{pipeline_id}", json=body)
    return ApplyResult(remote_id=pipeline_id, attributes=canonical_pipeline(data))


def delete_pipeline(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id = split_key(_addr(writer, change), 2)
    writer.client.request("DELETE", f"/crm/v3/pipelines/{obj}/{pipeline_id}")
    return ApplyResult(remote_id=None, attributes=None)


# -- stages -------------------------------------------------------------------------------


def create_stage(writer: Writer, change: Change) -> ApplyResult:
    """A stage added to a pipeline that exists (a new pipeline brings its stages along)."""
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
    attrs = canonical_stage(_after(change))
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages"
    try:
        data = writer.client.request(
            "POST", path, json=stage_to_api(stage_id, attrs, create=True, object_type=obj)
        )
    except (AmbiguousWriteError, ConflictError):
        pipeline = _pipeline_read(writer, obj, pipeline_id) or {}
        for stage in pipeline.get("stages") or []:
            if str(stage["id"]) == stage_id or str(stage.get("label")) == attrs["label"]:
                live = stage_from_api(obj, pipeline_id, stage)
                return _adopt_or_fail(change, live, str(stage["id"]), attrs)
        return _adopt_or_fail(change, None, stage_id, attrs)
    live = stage_from_api(obj, pipeline_id, data)
    return ApplyResult(remote_id=str(data["id"]), attributes=dict(live.attributes))


def update_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
    attrs = canonical_stage(_after(change))
    path = f"/crm/v3/pipelines/{obj}/{pipeline_id}/stages/{stage_id}"
    # HubSpot's stage PATCH requires metadata; send the whole (small) stage.
    data = writer.client.request(
        "PATCH", path, json=stage_to_api(stage_id, attrs, create=False, object_type=obj)
    )
    live = stage_from_api(obj, pipeline_id, data)
    return ApplyResult(remote_id=stage_id, attributes=dict(live.attributes))


def delete_stage(writer: Writer, change: Change) -> ApplyResult:
    obj, pipeline_id, stage_id = split_key(_addr(writer, change), 3)
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
"""Every change HubSpot can take; anything else is refused with a clear message. A pipeline
create is applied with its stages by `Writer.apply_group`; alone it is refused."""


__all__ = [
    "BATCH_CREATE_PROPERTIES",
    "BATCH_SIZE",
    "CREATE_PIPELINE",
    "HANDLERS",
    "REQUEST",
    "Writer",
    "group_changes",
]
