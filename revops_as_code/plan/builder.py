"""Build a Plan from its inputs: desired (compiled), live (read), capabilities and state.

The one place the pieces meet: the differ produces ordered changes, the provider's `impact`
callback annotates risky ones, the change validators judge them, and the provider's own
`validate_changes` adds diagnostics. Everything else about the plan is recorded as evidence
(live fingerprints, definitions hash, state lineage/serial) for the applier's staleness check.
Pure given its callbacks: the same inputs give an equal plan, whatever order live came in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from revops_as_code import __version__
from revops_as_code.changes import Change, Risk
from revops_as_code.diagnostics import Diagnostic, sort_diagnostics
from revops_as_code.diff.differ import diff
from revops_as_code.diff.state_view import StateView
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import Capabilities, CompileResult, LiveSnapshot
from revops_as_code.validators import ValidatorRegistry, run_validators

ImpactFn = Callable[[Change], "str | None"]
"""`Provider.impact`: record-level impact text for a risky change."""
ValidateChangesFn = Callable[[Sequence[Change]], list[Diagnostic]]
"""`Provider.validate_changes`: the provider's own checks over the planned changes."""


def build_plan(
    desired: CompileResult,
    live: LiveSnapshot,
    capabilities: Capabilities,
    state: StateView,
    *,
    environment: str,
    provider: str,
    definitions_hash: str = "",
    impact: ImpactFn | None = None,
    validate_changes: ValidateChangesFn | None = None,
    validators: ValidatorRegistry | None = None,
    extra_diagnostics: Sequence[Diagnostic] = (),
    tool_version: str = __version__,
) -> Plan:
    """The plan that makes `live` match `desired`.

    `impact` is asked only about changes of risk review or higher (it may cost API calls).
    `validators` defaults to the default registry (built-ins plus team rules).
    """
    result = diff(desired.resources, live, capabilities, state)
    changes = result.changes
    if impact is not None:
        changes = tuple(
            dataclasses.replace(c, impact=impact(c) or None) if c.risk >= Risk.REVIEW else c
            for c in changes
        )
    findings = tuple(run_validators(changes, validators))
    diagnostics = [*desired.diagnostics, *result.diagnostics, *extra_diagnostics]
    if validate_changes is not None and changes:
        diagnostics.extend(validate_changes(changes))
    return Plan(
        environment=environment,
        provider=provider,
        changes=changes,
        findings=findings,
        diagnostics=tuple(sort_diagnostics(diagnostics)),
        live_fingerprints={r.id: r.fingerprint() for r in live.resources},
        definitions_hash=definitions_hash,
        state_lineage=state.lineage,
        state_serial=state.serial,
        tool_version=tool_version,
    )


__all__ = ["ImpactFn", "ValidateChangesFn", "build_plan"]
