"""The applier's refusals: what must be true before a plan may touch the live system.

Two checks, both before any write: `check_policy` (no flag allows blocking findings or
deleting protected objects; the flags given decide destructive changes and drift
overwrites) and `check_fresh` (the plan was made against this state, and every object it
touches is, by fingerprint, still what it was when the plan was made). Each refusal names
the objects concerned and says what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from revops_as_code.changes import Action, Change
from revops_as_code.errors import PlanError, StalePlanError
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import Provider, Scope
from revops_as_code.state import State

if TYPE_CHECKING:
    from revops_as_code.apply import ApplyOptions


def check_policy(plan: Plan, options: ApplyOptions) -> None:
    """Refuse what no flag allows (blocking findings) and what the flags given do not."""
    if plan.has_errors:
        names = sorted({str(f.resource_id) for f in plan.blocking_findings if f.resource_id})
        raise PlanError(
            "the plan has errors and cannot be applied"
            + (f": {', '.join(names)}" if names else ""),
            hint="fix the findings shown by `revops plan`",
        )
    protected = [
        c for c in plan.changes if c.protected and c.action in (Action.DELETE, Action.REPLACE)
    ]
    if protected:
        raise PlanError(
            f"refusing to delete protected objects: {_names(protected)}",
            hint="if it really must go: put its definition back with `protect: false`, apply, "
            "then remove the definition",
        )
    destructive = plan.destructive_changes
    if destructive and not options.allow_destructive:
        raise PlanError(
            f"the plan has {len(destructive)} destructive change(s): {_names(destructive)}",
            hint="review them, then re-run with --allow-destructive",
        )
    drifted = [c for c in plan.changes if c.has_drift]
    if drifted and not options.overwrite_drift:
        raise PlanError(
            f"the plan would overwrite changes made outside revops: {_names(drifted)}",
            hint="adopt them in the definitions, or re-run with --overwrite-drift",
        )


def check_fresh(plan: Plan, state: State | None, provider: Provider) -> None:
    """Refuse a plan made against other state, or whose touched objects changed live."""
    lineage = state.lineage if state is not None and state.serial > 0 else None
    serial = state.serial if state is not None else 0
    if plan.state_lineage is not None and lineage is not None and plan.state_lineage != lineage:
        raise StalePlanError(
            f"the plan was made against state lineage {plan.state_lineage}, not {lineage}",
            hint="check --env; run `revops plan` again",
        )
    if serial != plan.state_serial:
        raise StalePlanError(
            f"state changed since the plan was made (serial {plan.state_serial} -> {serial})",
            hint="run `revops plan` again and review the new plan",
        )
    touched = plan.touched_ids
    if not touched:
        return
    snapshot = provider.read_live(Scope(ids=touched))
    changed = []
    for rid in sorted(touched):
        live = snapshot.resources.get(rid)
        now = live.fingerprint() if live is not None else None
        if now != plan.live_fingerprints.get(rid):
            changed.append(str(rid))
    if changed:
        raise StalePlanError(
            f"live objects changed since the plan was made: {', '.join(changed)}",
            hint="run `revops plan` again and review the new plan",
        )


def _names(changes: tuple[Change, ...] | list[Change]) -> str:
    return ", ".join(str(c.resource_id) for c in changes)


__all__ = ["check_fresh", "check_policy"]
