"""The Plan: a frozen value that records what would change and everything needed to trust it.

A plan is built once (`plan.builder.build_plan`), then consumed separately by the renderers
(`render/`), by the applier and by plan files (`plan.io`). It carries everything apply needs,
so apply never recompiles definitions:

- identity: `format_version`, the tool version, environment, its targets (name -> provider),
  the state lineage and serial it was made against, and a hash of the definitions;
- staleness evidence: the fingerprint of every live object read, so an applier can re-read
  the objects the plan touches and refuse if any of them changed;
- the ordered changes (dependencies first, deletes last in reverse dependency order), each
  with its origin, desired attributes and the definition's `protect`/`ignore`; the
  providers' change groups in apply order (with their private data);
- state bookkeeping: objects to adopt (described, already matching live), to forget (no
  longer described, not created by revops), and protect flags to set or lift;
- the change validators' findings, and diagnostics (compile findings and capability gaps).

Safety fields (risk, protected, drift, the summary) are recorded for readers and recomputed
by apply (`plan.verify`), never trusted.

Counting follows Terraform: a replace is one add *and* one destroy, so
`Plan: 1 to add, 0 to change, 1 to destroy.` for a single replace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from revops_as_code.changes import Action, Change, Origin, Risk
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.providers.base import AttributeDisplay, ChangeGroup
from revops_as_code.resources import JsonValue, ResourceId
from revops_as_code.validators.finding import Finding

FORMAT_VERSION = 2
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
    adopt: int = 0
    """Objects already as defined, to be recorded in state (nothing live changes)."""
    forget: int = 0
    """Objects no longer defined that revops did not create: dropped from state, left live."""

    def __str__(self) -> str:
        if not (self.add or self.change or self.destroy or self.adopt or self.forget):
            return "No changes."
        text = f"Plan: {self.add} to add, {self.change} to change, {self.destroy} to destroy"
        extra = [f"{n} to {what}" for n, what in ((self.adopt, "adopt"), (self.forget, "forget"))]
        extra = [e for e in extra if not e.startswith("0 ")]
        return text + "".join(f", {e}" for e in extra) + "."


@dataclass(frozen=True)
class Adoption:
    """A described object that already matches live: apply records it in state."""

    resource_id: ResourceId
    remote_id: str | None
    attributes: Mapping[str, JsonValue]
    """Live attributes (equal to the definition's where it sets them): the last-applied."""
    origin: Origin = field(default_factory=Origin)
    protect: bool = False
    depends_on: tuple[ResourceId, ...] = ()


@dataclass(frozen=True)
class Plan:
    """Everything `revops apply` needs to apply, and a reviewer needs to approve, a change."""

    environment: str
    """Environment name from revops.yaml (`sandbox`, `production`)."""
    targets: Mapping[str, str] = field(default_factory=dict)
    """Target name -> provider name (resource ids start with the target name)."""
    changes: tuple[Change, ...] = ()
    """Ordered: dependencies before dependents; deletes last, dependents deleted first."""
    groups: tuple[ChangeGroup, ...] = ()
    """The providers' change groups, in apply order; every change is in exactly one."""
    adoptions: tuple[Adoption, ...] = ()
    """Described objects already matching live, not yet in state."""
    forgets: tuple[ResourceId, ...] = ()
    """Objects in state, no longer described, not created by revops: forgotten, not deleted."""
    protection: Mapping[ResourceId, bool] = field(default_factory=dict)
    """Protect flags the definitions set or lift on objects already in state."""
    display: Mapping[str, Mapping[str, Mapping[str, AttributeDisplay]]] = field(
        default_factory=dict
    )
    """target -> kind -> attribute -> how to show it (the providers' declarations, kept so a
    saved plan renders the same anywhere). Cosmetic: never used to decide anything."""
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
    def provider(self) -> str:
        """The provider (or providers, comma-separated) the plan's targets use."""
        return ", ".join(sorted(set(self.targets.values())))

    @property
    def has_changes(self) -> bool:
        """Apply would change the live system or what state records."""
        return bool(self.changes or self.adoptions or self.forgets)

    @property
    def has_live_changes(self) -> bool:
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
            adopt=len(self.adoptions),
            forget=len(self.forgets),
        )

    def changes_by_target(self) -> dict[str, tuple[Change, ...]]:
        """Target -> its changes in plan order; targets in name order, empty ones left out."""
        out: dict[str, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.resource_id.target, []).append(change)
        return {t: tuple(out[t]) for t in sorted(out)}

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


__all__ = ["FORMAT_VERSION", "Adoption", "Plan", "PlanSummary"]
