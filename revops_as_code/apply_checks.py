"""The applier's refusals: what must be true before a plan may touch the live system.

Two checks, both before any write and after `plan.verify` has recomputed the plan's safety
fields: `check_policy` (no flag allows blocking findings or deleting protected objects; the
flags given decide destructive changes and drift overwrites) and `check_live` (every object
the plan touches is, by fingerprint, still what it was when the plan was made). Each refusal
names the objects concerned and says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from revops_as_code.changes import Action, Change
from revops_as_code.errors import PlanError, StalePlanError
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import Scope

if TYPE_CHECKING:
    from revops_as_code.apply import ApplyOptions
    from revops_as_code.targets import BoundTarget


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


def check_live(plan: Plan, targets: Mapping[str, BoundTarget]) -> None:
    """Refuse a plan whose touched objects changed live since it was made (re-read exactly
    them, one scoped read per target)."""
    touched = plan.touched_ids | {a.resource_id for a in plan.adoptions}
    if not touched:
        return
    changed = []
    for name, target in sorted(targets.items()):
        mine = frozenset(r for r in touched if r.target == name)
        if not mine:
            continue
        snapshot = target.read_live(Scope(ids=mine))
        for rid in sorted(mine):
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


__all__ = ["check_live", "check_policy"]
