"""Build a Plan from its inputs: desired (compiled), live (read), meaning and state.

The one place the pieces meet: the differ produces ordered changes, adoptions and forgets;
the provider's `impact` callback annotates risky ones; the change validators judge them; the
provider's own `validate_changes` adds diagnostics; the providers group the changes
(`group`), and the groups are put in dependency order across targets. Everything else about
the plan is recorded as evidence (live fingerprints, definitions hash, state lineage/serial)
for the applier's checks. Pure given its callbacks: the same inputs give an equal plan,
whatever order live came in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from revops_as_code import __version__
from revops_as_code.changes import Change, Origin, Risk
from revops_as_code.diagnostics import Diagnostic, sort_diagnostics
from revops_as_code.diff.differ import diff
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning, as_meaning
from revops_as_code.plan.groups import order_groups
from revops_as_code.plan.model import Adoption, Plan
from revops_as_code.providers.base import (
    AttributeDisplay,
    Capabilities,
    ChangeGroup,
    CompileResult,
    LiveSnapshot,
)
from revops_as_code.resources import ResourceId
from revops_as_code.validators import ValidatorRegistry, run_validators

ImpactFn = Callable[[Change], "str | None"]
"""`Provider.impact`: record-level impact text for a risky change."""
ValidateChangesFn = Callable[[Sequence[Change]], list[Diagnostic]]
"""`Provider.validate_changes`: the provider's own checks over the planned changes."""
GroupFn = Callable[[Sequence[Change]], list[ChangeGroup]]
"""The providers' `group`, dispatched by target: groups with their `target` set."""


def one_per_change(changes: Sequence[Change]) -> list[ChangeGroup]:
    """The default grouping: every change on its own."""
    return [
        ChangeGroup(str(c.resource_id), (c.resource_id,), target=c.resource_id.target)
        for c in changes
    ]


def build_plan(
    desired: CompileResult,
    live: LiveSnapshot,
    meaning: Meaning | Capabilities,
    state: StateView,
    *,
    environment: str,
    targets: Mapping[str, str] | None = None,
    definitions_hash: str = "",
    impact: ImpactFn | None = None,
    validate_changes: ValidateChangesFn | None = None,
    group: GroupFn | None = None,
    validators: ValidatorRegistry | None = None,
    extra_diagnostics: Sequence[Diagnostic] = (),
    tool_version: str = __version__,
    state_protect: Mapping[ResourceId, bool] | None = None,
    provider: str | None = None,
) -> Plan:
    """The plan that makes `live` match `desired`.

    `impact` is asked only about changes of risk review or higher (it may cost API calls).
    `validators` defaults to the default registry (built-ins plus team rules).
    `state_protect`: the protect flag state holds for each managed object (the plan records
    where the definitions set or lift it). `targets` defaults to the targets the ids name;
    `provider` is the one-system shorthand (one target named after its provider).
    """
    if targets is None and provider is not None:
        targets = {provider: provider}
    meaning = as_meaning(meaning)
    result = diff(desired.resources, live, meaning, state)
    changes = result.changes
    if impact is not None:
        changes = tuple(
            dataclasses.replace(c, impact=impact(c) or None) if c.risk >= Risk.REVIEW else c
            for c in changes
        )
    findings = tuple(run_validators(changes, validators, meaning))
    diagnostics = [*desired.diagnostics, *result.diagnostics, *extra_diagnostics]
    if validate_changes is not None and changes:
        diagnostics.extend(validate_changes(changes))
    groups = order_groups(changes, (group or one_per_change)(changes))
    adoptions = tuple(
        Adoption(
            resource_id=rid,
            remote_id=live.remote_ids.get(rid),
            attributes=dict(live.resources[rid].attributes),
            origin=Origin(desired.resources[rid].origin, desired.resources[rid].source),
            protect=desired.resources[rid].protect,
            depends_on=tuple(sorted(set(desired.resources[rid].depends_on))),
        )
        for rid in result.adopt
    )
    changed = {c.resource_id for c in changes}
    protection = {
        r.id: r.protect
        for r in desired.resources
        if state_protect is not None
        and r.id in state_protect
        and r.id not in changed
        and state_protect[r.id] != r.protect
    }
    display: dict[str, dict[str, dict[str, AttributeDisplay]]] = {}
    for change in changes:
        rid = change.resource_id
        shown = meaning.declaration(rid).display
        if shown:
            display.setdefault(rid.target, {})[rid.kind] = dict(shown)
    if targets is None:
        targets = {r.target: r.target for r in {*desired.resources.ids(), *live.resources.ids()}}
    return Plan(
        environment=environment,
        targets=dict(sorted(targets.items())),
        changes=changes,
        groups=groups,
        adoptions=adoptions,
        forgets=result.forget,
        protection=dict(sorted(protection.items())),
        display=display,
        findings=findings,
        diagnostics=tuple(sort_diagnostics(diagnostics)),
        live_fingerprints={r.id: r.fingerprint() for r in live.resources},
        definitions_hash=definitions_hash,
        state_lineage=state.lineage,
        state_serial=state.serial,
        tool_version=tool_version,
    )


__all__ = ["GroupFn", "ImpactFn", "ValidateChangesFn", "build_plan", "one_per_change"]
