"""Verifying a plan before apply: nothing a plan file says about safety is taken on trust.

A saved plan is a file anyone can edit. Before a single write, apply checks that it is this
environment's plan (environment, targets, state lineage and serial) and recomputes, from each
change's action and attributes, the providers' declarations and state:

- the attribute changes (from `before`, `after`, the definition's `ignore` and what state
  last applied: drift included), which must equal the recorded ones;
- risk (`diff.risk.assess_risk`) and protection (state's flag, or the definition's), which
  must equal the recorded ones;
- that `before` is what was read live (its fingerprint), creates are of objects not live,
  deletes and replaces are of objects revops created (never of adopted ones);
- that the change groups cover every change once, belong to the change's target and run in
  dependency order.

A disagreement is a `PlanError` naming the change and field ("tampered"): zero writes.
"""

from __future__ import annotations

from collections.abc import Mapping

from revops_as_code.changes import Action, AttributeChange, Change
from revops_as_code.diff.attributes import create_changes, diff_attributes
from revops_as_code.diff.risk import assess_risk
from revops_as_code.errors import PlanError, StalePlanError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.io import TAMPERED_HINT
from revops_as_code.plan.model import Plan
from revops_as_code.resources import JsonValue, ResourceId, fingerprint
from revops_as_code.state import State


def _tampered(rid: ResourceId | str, what: str) -> PlanError:
    return PlanError(f"plan refused as tampered: {rid}: {what}", hint=TAMPERED_HINT)


def check_identity(plan: Plan, *, environment: str, targets: Mapping[str, str]) -> None:
    """The plan is for this environment and exactly its targets."""
    if plan.environment != environment:
        raise PlanError(
            f"the plan is for environment {plan.environment!r}, not {environment!r}",
            hint=f"pass --env {plan.environment}, or make a plan for {environment!r}",
        )
    if dict(plan.targets) != dict(targets):
        raise PlanError(
            f"the plan is for targets {_targets(plan.targets)}, but environment "
            f"{environment!r} has {_targets(targets)}",
            hint="revops.yaml changed since the plan was made; run `revops plan` again",
        )


def _targets(targets: Mapping[str, str]) -> str:
    return ", ".join(f"{k} ({v})" for k, v in sorted(targets.items())) or "none"


def check_state(plan: Plan, state: State | None) -> None:
    """The plan was made against this state: same lineage, same serial."""
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


def expected_attribute_changes(
    change: Change, meaning: Meaning, last_applied: Mapping[str, JsonValue] | None
) -> list[AttributeChange]:
    """The attribute changes `change`'s action and values imply (what the differ emits)."""
    capability = meaning.capability(change.resource_id)
    if change.action is Action.DELETE:
        return []
    after = change.after if isinstance(change.after, Mapping) else {}
    if change.action is Action.CREATE:
        return create_changes(after, vanished=last_applied is not None)
    before = change.before if isinstance(change.before, Mapping) else {}
    return diff_attributes(
        before, after, capability, ignore=frozenset(change.ignore), last_applied=last_applied
    )


def check_changes(plan: Plan, state: State | None, meaning: Meaning) -> None:
    """Every change's recorded safety fields equal what its content implies."""
    last_applied = state.last_applied() if state is not None else {}
    protected = state.protected() if state is not None else frozenset()
    seen: set[ResourceId] = set()
    for change in plan.changes:
        rid = change.resource_id
        if rid in seen:
            raise _tampered(rid, "appears twice")
        seen.add(rid)
        if rid.target not in plan.targets:
            raise _tampered(rid, f"target {rid.target!r} is not one of the plan's targets")
        _check_shape(plan, change)
        expected = expected_attribute_changes(change, meaning, last_applied.get(rid))
        if list(change.attribute_changes) != expected:
            raise _tampered(rid, "its attribute changes do not follow from before/after")
        risk = assess_risk(change.action, expected, meaning.declaration(rid))
        if change.risk is not risk:
            raise _tampered(
                rid,
                f"recorded risk {change.risk.label!r}, but this {change.action.value} is "
                f"{risk.label!r}",
            )
        is_protected = rid in protected or change.desired_protect
        if change.protected != is_protected:
            raise _tampered(
                rid,
                f"recorded protected={str(change.protected).lower()}, but it is "
                f"{'protected' if is_protected else 'not protected'}",
            )
        if change.action in (Action.DELETE, Action.REPLACE):
            _check_may_delete(change, state)
    for adoption in plan.adoptions:
        rid = adoption.resource_id
        if rid.target not in plan.targets:
            raise _tampered(rid, f"target {rid.target!r} is not one of the plan's targets")
        if plan.live_fingerprints.get(rid) != fingerprint(dict(adoption.attributes)):
            raise _tampered(rid, "the attributes to adopt are not what was read live")


def _check_shape(plan: Plan, change: Change) -> None:
    rid = change.resource_id
    live = plan.live_fingerprints.get(rid)
    has_before = isinstance(change.before, Mapping)
    has_after = isinstance(change.after, Mapping)
    if change.action is Action.CREATE:
        if has_before or not has_after or live is not None:
            raise _tampered(rid, "a create must be of an object that was not live")
        return
    if live is None or not has_before:
        raise _tampered(rid, f"a {change.action.value} must be of an object that was live")
    if fingerprint(dict(change.before)) != live:
        raise _tampered(rid, "its 'before' is not what was read live")
    if (change.action is Action.DELETE) == has_after:
        raise _tampered(
            rid, f"a {change.action.value} with{'out' if not has_after else ''} desired attributes"
        )


def _check_may_delete(change: Change, state: State | None) -> None:
    entry = state.get(change.resource_id) if state is not None else None
    if entry is None or entry.ownership != "created":
        raise PlanError(
            f"refusing to {change.action.value} {change.resource_id}: revops did not create it "
            f"({'it is not in state' if entry is None else 'it was adopted'}), so it never "
            "deletes it",
            hint="remove it in the live system by hand if it really must go; removing its "
            "definition makes revops forget it",
        )


def check_groups(plan: Plan) -> None:
    """Groups cover every change once, match its target, and respect dependencies."""
    index: dict[ResourceId, int] = {}
    for position, group in enumerate(plan.groups):
        for member in group.members:
            if member in index:
                raise _tampered(member, "is in two change groups")
            if member.target != group.target:
                raise _tampered(member, f"is in a group of target {group.target!r}")
            index[member] = position
    changes = {c.resource_id: c for c in plan.changes}
    missing = sorted(set(changes) - set(index))
    extra = sorted(set(index) - set(changes))
    if missing:
        raise _tampered(missing[0], "is in no change group")
    if extra:
        raise _tampered(extra[0], "is in a change group but is not a change of the plan")
    for rid, change in changes.items():
        for dep in change.depends_on:
            if dep not in index:
                continue
            other = changes[dep]
            upsert = change.action is not Action.DELETE and other.action is not Action.DELETE
            if upsert and index[dep] > index[rid]:
                raise _tampered(rid, f"is applied before {dep}, which it depends on")
            both_deletes = change.action is Action.DELETE and other.action is Action.DELETE
            if both_deletes and index[rid] > index[dep]:
                raise _tampered(rid, f"would be deleted after {dep}, which it depends on")


def verify_plan(
    plan: Plan,
    *,
    environment: str,
    targets: Mapping[str, str],
    state: State | None,
    meaning: Meaning,
) -> None:
    """All of the above; raises before any write."""
    check_identity(plan, environment=environment, targets=targets)
    check_state(plan, state)
    check_groups(plan)
    check_changes(plan, state, meaning)


__all__ = [
    "check_changes",
    "check_groups",
    "check_identity",
    "check_state",
    "expected_attribute_changes",
    "verify_plan",
]
