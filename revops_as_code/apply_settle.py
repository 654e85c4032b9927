"""State bookkeeping at the end of an apply: what no change group records by itself.

After the groups ran, `settle_ambiguous` re-reads the objects whose create may or may not
have happened (a failed create, a `pending` entry) and records what exists; `bookkeeping`
adopts the objects the plan found already matching their definitions, forgets those no
longer defined that revops did not create, drops entries of objects that are gone and
untouched, and sets or lifts protect flags as the definitions say. Both are pure functions
of the plan and state (plus one scoped re-read per target), so the applier writes their
result in one state write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from revops_as_code.apply_report import ChangeResult, Outcome
from revops_as_code.changes import Action, Change
from revops_as_code.errors import RevopsError
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import Scope
from revops_as_code.resources import ResourceId
from revops_as_code.state import ResourceState, State
from revops_as_code.targets import BoundTarget


def bookkeeping(plan: Plan, state: State) -> tuple[State, int, int]:
    """`state` with the plan's adoptions, forgets and protect flags applied, and entries of
    objects neither live when the plan was made nor touched by it dropped; returns it with
    the numbers adopted and forgotten."""
    adopt = {
        a.resource_id: ResourceState(
            remote_id=a.remote_id,
            attributes=dict(a.attributes),
            protect=a.protect,
            depends_on=tuple(str(d) for d in a.depends_on),
            ownership="adopted",
            origin=a.origin.address,
        )
        for a in plan.adoptions
        if state.get(a.resource_id) is None
    }
    if adopt:
        state = state.with_resources(adopt)
    forget = [r for r in plan.forgets if state.get(r) is not None]
    gone = [
        rid
        for rid, entry in state.resources_by_id().items()
        if rid not in plan.live_fingerprints and plan.change_for(rid) is None and not entry.pending
    ]
    if forget or gone:
        state = state.without([*forget, *gone])
    for rid, wanted in plan.protection.items():
        current = state.get(rid)
        if current is not None and current.protect != wanted:
            state = state.with_resource(rid, current.model_copy(update={"protect": wanted}))
    return state, len(adopt), len(forget)


def settle_ambiguous(
    plan: Plan,
    targets: Mapping[str, BoundTarget],
    state: State,
    results: Sequence[ChangeResult],
) -> State:
    """Settle objects whose create may have happened: failed creates, pending entries.

    A create that 'failed' after the write (a timeout) leaves an object we made but do not
    own: it would never be deleted when its definition goes, and drift would not see it. So
    re-read them: what exists is recorded with its live attributes; if the re-read itself
    fails, they are recorded as `pending` (owned, no last-applied attributes).
    """
    unsure: dict[ResourceId, Change | None] = {
        r.change.resource_id: r.change
        for r in results
        if r.outcome is Outcome.FAILED and r.change.action is Action.CREATE
    }
    for rid in state.pending():
        if plan.change_for(rid) is None:
            unsure.setdefault(rid, None)
    for name, target in sorted(targets.items()):
        mine = {rid: c for rid, c in unsure.items() if rid.target == name}
        if mine:
            state = _settle_target(state, target, mine)
    return state


def _settle_target(
    state: State, target: BoundTarget, unsure: dict[ResourceId, Change | None]
) -> State:
    try:
        snapshot = target.read_live(Scope(ids=frozenset(unsure)))
    except RevopsError:
        for rid, change in unsure.items():
            if change is not None and state.get(rid) is None:
                state = state.with_resource(rid, pending_entry(change, pending=True))
        return state
    for rid, change in unsure.items():
        resource = snapshot.resources.get(rid)
        if resource is None:
            current = state.get(rid)
            if change is None or (current is not None and current.pending):
                state = state.without([rid])  # it was never made
            continue
        previous = state.get(rid)
        entry = pending_entry(change) if change else previous
        assert entry is not None
        state = state.with_resource(
            rid,
            entry.model_copy(
                update={
                    "attributes": dict(resource.attributes),
                    "remote_id": snapshot.remote_ids.get(rid),
                    "pending": False,
                }
            ),
        )
    return state


def pending_entry(change: Change, *, pending: bool = False) -> ResourceState:
    """A state entry for a create whose outcome was ambiguous (revops made it, if anyone)."""
    return ResourceState(
        attributes=dict(change.after or {}),
        protect=change.desired_protect,
        depends_on=tuple(str(d) for d in change.depends_on),
        pending=pending,
        ownership="created",
        origin=change.origin.address,
    )


__all__ = ["bookkeeping", "pending_entry", "settle_ambiguous"]
