"""Grouping a plan's Salesforce changes into `ChangeGroup`s: which changes go out together.

`group_changes` runs once when the plan is made; its groups are recorded in the plan, so
apply needs no memory of an earlier read. Creates, updates and deletes of custom fields,
validation rules, sales processes and record types go out `BATCH_SIZE` at a time through one
Tooling `composite` call (`allOrNone: false`: an outcome per change). A standard value set
update (OpportunityStage, LeadStatus, ...) is a group of its own: one PATCH of its whole
value list. The `REQUEST` key of a group's `private` data names the request; `write.py`
dispatches on it.

Groups follow the plan's apply order (which follows `Resource.depends_on`: a process after
the value set, a record type after its process, a rule after the fields, values and record
types it names). A batch is cut where a change depends on a member of the batch being
built, or where a change of another group depends on it, so no group waits on a later one.
"""

from __future__ import annotations

from collections.abc import Sequence

from revops_as_code.changes import Change
from revops_as_code.providers.base import ChangeGroup
from revops_as_code.resources import ResourceId

from .model import BUSINESS_PROCESS, CUSTOM_FIELD, RECORD_TYPE, VALIDATION_RULE, VALUE_SET

BATCH_SIZE = 25
"""Subrequests per Tooling `composite` call (Salesforce's limit)."""

REQUEST = "request"
"""`ChangeGroup.private` key: which request the group is."""
TOOLING_BATCH = "tooling_composite"
VALUE_SET_PATCH = "value_set_patch"

BATCHED_KINDS = frozenset({CUSTOM_FIELD, VALIDATION_RULE, BUSINESS_PROCESS, RECORD_TYPE})


def group_changes(changes: Sequence[Change]) -> list[ChangeGroup]:
    """Salesforce's change groups for `changes` (in apply order), in apply order."""
    groups: list[ChangeGroup] = []
    batch: list[Change] = []
    count = 0

    def close() -> None:
        nonlocal count
        if batch:
            count += 1
            groups.append(
                ChangeGroup(
                    f"tooling batch {count}",
                    tuple(c.resource_id for c in batch),
                    private={REQUEST: TOOLING_BATCH},
                )
            )
            batch.clear()

    for change in changes:
        rid = change.resource_id
        members: set[ResourceId] = {c.resource_id for c in batch}
        if any(d in members for d in change.depends_on):
            close()
        if rid.kind in BATCHED_KINDS:
            if len(batch) >= BATCH_SIZE:
                close()
            batch.append(change)
            continue
        close()  # a value set change runs between the batches before and after it
        request = {REQUEST: VALUE_SET_PATCH} if rid.kind == VALUE_SET else {}
        groups.append(ChangeGroup(f"{change.action.value} {rid.kind} {rid.key}", (rid,), request))
    close()
    return groups


__all__ = [
    "BATCHED_KINDS",
    "BATCH_SIZE",
    "REQUEST",
    "TOOLING_BATCH",
    "VALUE_SET_PATCH",
    "group_changes",
]
