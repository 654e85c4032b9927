"""Grouping a plan's HubSpot changes into `ChangeGroup`s: which changes go out in one request.
`group_changes` runs once when the plan is made and its groups are recorded in the plan, so
apply needs no memory of an earlier compile or read. Property creates of one object type go
out `BATCH_SIZE` at a time through one `batch/create` call; a pipeline create takes its stage
creates along (HubSpot refuses a pipeline without a stage); every other change is a group of
its own. The `REQUEST` key of a group's `private` data names the request, and is what
`Writer.apply_group` (`write.py`) dispatches on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from revops_as_code.changes import Action, Change
from revops_as_code.providers.base import ChangeGroup
from revops_as_code.resources import ResourceId

from .normalize import PIPELINE, PROPERTY, STAGE, canonical_stage

BATCH_SIZE = 100
"""Inputs per `batch/create` call: HubSpot's limit for its CRM batch endpoints."""

REQUEST = "request"
"""`ChangeGroup.private` key: which request the group is (absent: each change alone)."""
BATCH_CREATE_PROPERTIES = "batch_create_properties"
CREATE_PIPELINE = "create_pipeline"


def _object_type(rid: ResourceId) -> str:
    return rid.key.split("/", 1)[0]


def _pipeline_key(stage: ResourceId) -> str:
    return stage.key.rsplit("/", 1)[0]


def _stage_order(change: Change) -> tuple[int, str]:
    after = change.after if isinstance(change.after, Mapping) else {}
    return (canonical_stage(after)["display_order"], change.resource_id.key)


def group_changes(changes: Sequence[Change]) -> list[ChangeGroup]:
    """HubSpot's change groups for `changes` (in apply order), themselves in apply order."""
    position = {c.resource_id: i for i, c in enumerate(changes)}
    pipelines = {
        c.resource_id.key: c
        for c in changes
        if c.resource_id.kind == PIPELINE and c.action is Action.CREATE
    }
    stages: dict[str, list[Change]] = defaultdict(list)
    properties: dict[str, list[Change]] = defaultdict(list)
    groups: list[ChangeGroup] = []
    for change in changes:
        rid, action = change.resource_id, change.action
        if rid.kind == PROPERTY and action is Action.CREATE:
            properties[_object_type(rid)].append(change)
        elif rid.kind == STAGE and action is Action.CREATE and _pipeline_key(rid) in pipelines:
            stages[_pipeline_key(rid)].append(change)
        elif not (rid.kind == PIPELINE and action is Action.CREATE):
            groups.append(ChangeGroup(f"{action.value} {rid.kind} {rid.key}", (rid,)))
    for obj, creates in properties.items():
        groups.extend(_property_batches(obj, creates))
    for key, pipeline in pipelines.items():
        members = [pipeline, *sorted(stages[key], key=_stage_order)]
        groups.append(
            ChangeGroup(
                f"create pipeline {key}",
                tuple(c.resource_id for c in members),
                private={REQUEST: CREATE_PIPELINE},
            )
        )
    # A group runs once its last member's turn comes: every dependency of a member comes
    # earlier in apply order, so the group never waits on a later one.
    return sorted(groups, key=lambda g: max(position[m] for m in g.members))


def _property_batches(obj: str, creates: list[Change]) -> list[ChangeGroup]:
    """Chunks of at most `BATCH_SIZE`; a create never shares a batch with what it needs."""
    chunks: list[list[Change]] = [[]]
    for change in creates:
        chunk = chunks[-1]
        members = {c.resource_id for c in chunk}
        if len(chunk) >= BATCH_SIZE or any(d in members for d in change.depends_on):
            chunks.append([])
        chunks[-1].append(change)
    return [
        ChangeGroup(
            f"create {obj} properties {n}",
            tuple(c.resource_id for c in chunk),
            private={REQUEST: BATCH_CREATE_PROPERTIES, "object_type": obj},
        )
        for n, chunk in enumerate(chunks, 1)
    ]


__all__ = [
    "BATCH_CREATE_PROPERTIES",
    "BATCH_SIZE",
    "CREATE_PIPELINE",
    "REQUEST",
    "group_changes",
]
