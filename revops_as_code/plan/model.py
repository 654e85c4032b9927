"""The Plan: a frozen value that records what would change and everything needed to trust it.

A plan is built once (`plan.builder.build_plan`), then consumed separately by the renderers
(`render/`), by the applier and by plan files (`plan.io`). It carries:

- identity: `format_version`, the tool version, environment, provider, the state lineage
  and serial it was made against, and a hash of the definitions;
- staleness evidence: the fingerprint of every live object read, so an applier can re-read
  the objects the plan touches and refuse if any of them changed;
- the ordered changes (dependencies first, deletes last in reverse dependency order),
  the change validators' findings, and diagnostics (compile findings and capability gaps).

Counting follows Terraform: a replace is one add *and* one destroy, so
`Plan: 1 to add, 0 to change, 1 to destroy.` for a single replace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from revops_as_code.changes import Action, Change, Risk
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.resources import ResourceId
from revops_as_code.validators.finding import Finding

FORMAT_VERSION = 1
"""Version of the plan JSON; bumped on incompatible change. Newer plan files are refused."""


@dataclass(frozen=True)
class PlanSummary:
    """Terraform-style counts: a replace counts once in `add` and once in `destroy`."""

    add: int
    """Objects created, including the create half of each replace."""
    change: int
    """Objects updated in place."""
    destroy: int
    """Objects deleted, including the delete half of each replace."""

    def __str__(self) -> str:
        if not (self.add or self.change or self.destroy):
            return "No changes."
        return f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy."


@dataclass(frozen=True)
class Plan:
    """Everything `revops apply` needs to apply, and a reviewer needs to approve, a change."""

    environment: str
    """Environment name from revops.yaml (`sandbox`, `production`)."""
    provider: str
    """Provider name the plan is for (its resource ids carry the same name)."""
    changes: tuple[Change, ...] = ()
    """Ordered: dependencies before dependents; deletes last, dependents deleted first."""
    findings: tuple[Finding, ...] = ()
    """Change validators' verdicts; any ERROR blocks apply."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Compile diagnostics, capability gaps ("not enforced in ...") and differ notes."""
    live_fingerprints: Mapping[ResourceId, str] = field(default_factory=dict)
    """`Resource.fingerprint()` of every live object read, in id order."""
    definitions_hash: str = ""
    """Hash of the definitions the plan was compiled from."""
    state_lineage: str | None = None
    """Lineage of the state the plan was made against (None: no state yet)."""
    state_serial: int = 0
    """Serial of that state; an applier refuses a plan made against an older serial."""
    tool_version: str = ""
    """revops version that made the plan."""
    format_version: int = FORMAT_VERSION
    """Plan file format; see `plan.io`."""

    # -- questions every consumer asks -------------------------------------------------

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    @property
    def has_drift(self) -> bool:
        """Some change would overwrite an attribute that was changed outside revops."""
        return any(c.has_drift for c in self.changes)

    @property
    def max_risk(self) -> Risk:
        return max((c.risk for c in self.changes), default=Risk.SAFE)

    @property
    def destructive_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.risk >= Risk.DESTRUCTIVE)

    @property
    def blocking_findings(self) -> tuple[Finding, ...]:
        """Findings that make apply refuse the plan."""
        return tuple(f for f in self.findings if f.blocks_apply)

    @property
    def has_errors(self) -> bool:
        """Blocking findings or error diagnostics: the plan must not be applied."""
        return bool(self.blocking_findings) or any(
            d.severity is Severity.ERROR for d in self.diagnostics
        )

    @property
    def touched_ids(self) -> frozenset[ResourceId]:
        """Objects an applier must re-read to check the plan is not stale."""
        return frozenset(c.resource_id for c in self.changes)

    def counts_by_action(self) -> dict[str, int]:
        """`{create, update, delete, replace}` -> number of changes (zeros included)."""
        counts = {action.value: 0 for action in Action}
        for change in self.changes:
            counts[change.action.value] += 1
        return counts

    def counts_by_kind(self) -> dict[str, dict[str, int]]:
        """kind -> action -> count, for kinds that have at least one change; sorted by kind."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            per_kind = counts.setdefault(
                change.resource_id.kind, {action.value: 0 for action in Action}
            )
            per_kind[change.action.value] += 1
        return dict(sorted(counts.items()))

    def summary(self) -> PlanSummary:
        by_action = self.counts_by_action()
        replace = by_action[Action.REPLACE.value]
        return PlanSummary(
            add=by_action[Action.CREATE.value] + replace,
            change=by_action[Action.UPDATE.value],
            destroy=by_action[Action.DELETE.value] + replace,
        )

    def change_for(self, rid: ResourceId) -> Change | None:
        return self._changes_by_id.get(rid)

    @cached_property
    def _changes_by_id(self) -> dict[ResourceId, Change]:
        # Apply asks once per change and per batch companion: a scan each time is quadratic.
        return {c.resource_id: c for c in self.changes}

    # -- plan files ----------------------------------------------------------------------

    def to_json(self) -> str:
        """The documented plan JSON (docs/plan-json.md): byte-identical for equal plans."""
        from revops_as_code.plan.io import plan_to_json

        return plan_to_json(self)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """Parse a plan file; `PlanError` if it is malformed or of a newer format."""
        from revops_as_code.plan.io import plan_from_json

        return plan_from_json(text)


__all__ = ["FORMAT_VERSION", "Plan", "PlanSummary"]
