"""Order changes so that an applier can run them front to back.

Creates, updates and replaces come first, dependencies before dependents (a pipeline before
its stages, a property group before its properties). Deletes come last, in reverse: a
dependent is deleted before what it depends on. Dependencies on objects the plan does not
change are already satisfied and ignored. Ties are broken by resource id, so the order is a
function of the changes alone, never of the order they were found in.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping

from revops_as_code.changes import Action, Change
from revops_as_code.errors import PlanError
from revops_as_code.resources import ResourceId


def _topological(
    nodes: Iterable[ResourceId], edges: Mapping[ResourceId, Iterable[ResourceId]]
) -> list[ResourceId]:
    """Kahn's algorithm; `edges[n]` are the nodes that must come before `n`."""
    pending = set(nodes)
    before = {n: {d for d in edges.get(n, ()) if d in pending and d != n} for n in pending}
    after: dict[ResourceId, list[ResourceId]] = {n: [] for n in pending}
    for n, deps in before.items():
        for d in deps:
            after[d].append(n)
    ready = [n for n, deps in before.items() if not deps]
    heapq.heapify(ready)
    out: list[ResourceId] = []
    while ready:
        n = heapq.heappop(ready)
        out.append(n)
        for m in after[n]:
            before[m].discard(n)
            if not before[m]:
                heapq.heappush(ready, m)
    if len(out) != len(pending):
        stuck = sorted(str(n) for n in pending - set(out))
        raise PlanError(
            "dependency cycle between " + ", ".join(stuck),
            hint="a provider declared depends_on both ways; this is a bug in the provider",
        )
    return out


def order_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    by_id = {c.resource_id: c for c in changes}
    upserts = {rid: c for rid, c in by_id.items() if c.action is not Action.DELETE}
    deletes = {rid: c for rid, c in by_id.items() if c.action is Action.DELETE}
    first = _topological(upserts, {rid: c.depends_on for rid, c in upserts.items()})
    # Reverse edges: everything that depends on X must be deleted before X.
    dependents: dict[ResourceId, list[ResourceId]] = {rid: [] for rid in deletes}
    for rid, change in deletes.items():
        for dep in change.depends_on:
            if dep in dependents:
                dependents[dep].append(rid)
    last = _topological(deletes, dependents)
    return tuple(by_id[rid] for rid in [*first, *last])


__all__ = ["order_changes"]
