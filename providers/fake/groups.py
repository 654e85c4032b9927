"""How the fake provider groups changes and declares what its attributes mean.

Grouping is configurable so the engine's group handling is tested against the same code a
real batching provider would exercise: `group_size: N` puts up to N consecutive creates of
one kind in one group (a batch endpoint); `async_groups: true` makes every group an
asynchronous job (`FakeJob`) that applies one member per poll and honours cancellation,
like a metadata deployment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from revops_as_code.changes import Action, Change
from revops_as_code.providers.base import (
    AttributeDisplay,
    ChangeGroup,
    ChangeOutcome,
    Declarations,
    GroupHandle,
    GroupProgress,
    GroupResult,
    KindDeclaration,
)
from revops_as_code.resources import ResourceId

DECLARATIONS = Declarations(
    kinds={
        "field_standard": KindDeclaration(
            noun="field standard",
            identity=("object",),
            review=frozenset({"type"}),
            field_type=frozenset({"type"}),
            option_lists={"options": "key"},
        ),
        "pipeline": KindDeclaration(
            noun="pipeline",
            identity=("key",),
            # Same meaning as HubSpot's: moving a stage between open and won/lost, or its
            # probability, changes what every deal in it means for the forecast.
            review=frozenset({"probability", "outcome"}),
            stage_lists={"stages": "key"},
            display={"probability": AttributeDisplay("probability", unit="%")},
        ),
        "lifecycle": KindDeclaration(
            noun="lifecycle", identity=("key",), stage_lists={"stages": "key"}
        ),
        "icp": KindDeclaration(noun="ICP", identity=("key",)),
        "handoff_sla": KindDeclaration(noun="handoff SLA", identity=("key",)),
        "item": KindDeclaration(
            noun="item",
            review=frozenset({"type"}),
            field_type=frozenset({"type"}),
            option_lists={"options": "value"},
        ),
    }
)


def group_changes(changes: Sequence[Change], group_size: int) -> list[ChangeGroup]:
    """One group per change, or consecutive creates of a kind in groups of `group_size`."""
    groups: list[ChangeGroup] = []
    batch: list[ResourceId] = []

    def flush() -> None:
        if batch:
            groups.append(ChangeGroup(f"create {batch[0].kind} {len(groups) + 1}", tuple(batch)))
            batch.clear()

    for change in changes:
        rid = change.resource_id
        batchable = group_size > 1 and change.action is Action.CREATE
        if batchable and batch and (batch[0].kind != rid.kind or len(batch) >= group_size):
            flush()
        if batchable and not any(d in batch for d in change.depends_on):
            batch.append(rid)
            continue
        flush()
        groups.append(ChangeGroup(str(rid), (rid,)))
    flush()
    return groups


class FakeJob(GroupHandle):
    """An asynchronous group: each poll applies one more member; cancel stops before the
    next one, and the result says what was applied."""

    poll_interval = 0.0

    def __init__(self, changes: Sequence[Change], apply_one: Callable[[Change], ChangeOutcome]):
        self.changes = list(changes)
        self.apply_one = apply_one
        self.outcomes: dict[ResourceId, ChangeOutcome] = {}
        self.cancelled = False
        self.polls = 0

    def poll(self) -> GroupProgress | GroupResult:
        self.polls += 1
        pending = [c for c in self.changes if c.resource_id not in self.outcomes]
        if self.cancelled or not pending:
            return GroupResult(dict(self.outcomes))
        self.outcomes[pending[0].resource_id] = self.apply_one(pending[0])
        return GroupProgress(len(self.outcomes), len(self.changes), "deploying")

    def cancel(self) -> None:
        self.cancelled = True


__all__ = ["DECLARATIONS", "FakeJob", "group_changes"]
