"""Ordering change groups for apply: dependencies first, across targets.

Each provider groups its own target's changes (a batch, a composite request, a deployment).
The plan then needs one order over every target's groups: a group runs after every group
holding a change it depends on (for creates and updates) and after every group holding a
dependent of one of its deletes (dependents are deleted first). Ties keep plan order (the
differ's, which is already dependency-sorted), so one-per-change groups come out in exactly
the changes' order. A provider that groups against its dependencies is a bug, said plainly.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from revops_as_code.changes import Action, Change
from revops_as_code.errors import PlanError
from revops_as_code.providers.base import ChangeGroup
from revops_as_code.resources import ResourceId


def order_groups(
    changes: Sequence[Change], groups: Sequence[ChangeGroup]
) -> tuple[ChangeGroup, ...]:
    """`groups` in apply order; `PlanError` if they do not cover `changes` exactly once."""
    position = {c.resource_id: i for i, c in enumerate(changes)}
    owner: dict[ResourceId, int] = {}
    for index, group in enumerate(groups):
        for member in group.members:
            if member in owner or member not in position:
                raise PlanError(
                    f"provider grouped {member} {'twice' if member in owner else 'but it is not a change'}",
                    hint="this is a bug in the provider's group()",
                )
            owner[member] = index
    missing = [str(c.resource_id) for c in changes if c.resource_id not in owner]
    if missing:
        raise PlanError(
            f"provider left {missing[0]} out of every change group",
            hint="this is a bug in the provider's group()",
        )
    after: dict[int, set[int]] = {i: set() for i in range(len(groups))}
    for change in changes:
        here = owner[change.resource_id]
        for dep in change.depends_on:
            if dep not in owner or owner[dep] == here:
                continue
            other = changes[position[dep]]
            if change.action is Action.DELETE and other.action is Action.DELETE:
                after[owner[dep]].add(here)  # the dependent goes first
            elif change.action is not Action.DELETE and other.action is not Action.DELETE:
                after[here].add(owner[dep])
    first = {i: min(position[m] for m in g.members) for i, g in enumerate(groups)}
    waiting = {i: set(deps) for i, deps in after.items()}
    dependents: dict[int, list[int]] = {i: [] for i in waiting}
    for i, deps in waiting.items():
        for d in deps:
            dependents[d].append(i)
    ready = [(first[i], i) for i, deps in waiting.items() if not deps]
    heapq.heapify(ready)
    out: list[ChangeGroup] = []
    while ready:
        _, i = heapq.heappop(ready)
        out.append(groups[i])
        for j in dependents[i]:
            waiting[j].discard(i)
            if not waiting[j]:
                heapq.heappush(ready, (first[j], j))
    if len(out) != len(groups):
        stuck = sorted(groups[i].key for i, deps in waiting.items() if deps)
        raise PlanError(
            "change groups depend on each other in a cycle: " + ", ".join(stuck),
            hint="this is a bug in the provider's group()",
        )
    return tuple(out)


__all__ = ["order_groups"]
