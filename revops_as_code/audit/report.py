"""`AuditReport`: what `revops audit` measured, as a value the renderers consume.

One `Section` per definition measured (an SLA, a pipeline, ...) with its figures, its
target where the definition declares one, and the findings (one row per record that breaks
a rule: a breach, a deal missing exit criteria, ...). The JSON form is versioned
(`format_version`) and documented in docs/audit-json.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One record breaking one rule."""

    kind: str
    """`sla_breach`, `exit_criteria`, `overdue_stage`, ..."""
    definition: str
    """The rule's address: `sla/mqa_first_touch`, `pipeline/new_business/stage/demo`."""
    object: str
    record_id: str
    detail: str
    """What is wrong, in words."""
    owner: str | None = None
    """The record's owner, when it has one."""
    amount: float | None = None
    """How far off: hours or days late, days over the maximum (unit in `detail`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "definition": self.definition,
            "object": self.object,
            "record_id": self.record_id,
            "detail": self.detail,
            "owner": self.owner,
            "amount": None if self.amount is None else round(self.amount, 2),
        }


@dataclass
class Section:
    """What was measured for one definition."""

    kind: str
    """`sla`, `pipeline`, `icp`, `lifecycle`, `field_standard`."""
    definition: str
    label: str
    figures: dict[str, Any] = field(default_factory=dict)
    """Named figures (counts, percentages, medians), JSON-ready."""
    counts: dict[str, int] = field(default_factory=dict)
    """Finding kind -> how many findings of it this section has."""
    score: float | None = None
    """The section's compliance in percent (what `--fail-under` compares), if measured."""
    target: float | None = None
    """The target percent the definition declares."""
    notes: list[str] = field(default_factory=list)
    """What could not be measured, and why."""
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Small named tables (per-stage figures, the funnel)."""

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.counts[finding.kind] = self.counts.get(finding.kind, 0) + 1

    @property
    def target_met(self) -> bool | None:
        if self.target is None or self.score is None:
            return None
        return self.score >= self.target

    def missed(self, fail_under: float | None) -> bool:
        if self.target_met is False:
            return True
        return fail_under is not None and self.score is not None and self.score < fail_under

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "definition": self.definition,
            "label": self.label,
            "figures": self.figures,
            "counts": dict(sorted(self.counts.items())),
            "score": None if self.score is None else round(self.score, 2),
            "target": self.target,
            "target_met": self.target_met,
            "notes": list(self.notes),
            "tables": self.tables,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class AuditReport:
    """Everything one `revops audit` run measured."""

    environment: str
    now: datetime
    since: datetime
    sections: list[Section] = field(default_factory=list)
    requests: int = 0
    """API requests the reads cost."""
    records_read: int = 0
    fail_under: float | None = None
    reads: list[tuple[str, int, int, bool, tuple[str, ...]]] = field(default_factory=list)
    """Each read: (object, records, API requests, filtered on the server, associations)."""

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.sections for f in s.findings]

    @property
    def missed(self) -> bool:
        """Whether a target is missed (or a score is below `fail_under`): exit 2."""
        return any(s.missed(self.fail_under) for s in self.sections)

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "environment": self.environment,
            "now": self.now.isoformat(),
            "since": self.since.isoformat(),
            "fail_under": self.fail_under,
            "missed": self.missed,
            "requests": self.requests,
            "records_read": self.records_read,
            "totals": self.totals(),
            "sections": [s.to_json() for s in self.sections],
        }

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for section in self.sections:
            for kind, count in section.counts.items():
                out[kind] = out.get(kind, 0) + count
        return dict(sorted(out.items()))


__all__ = ["FORMAT_VERSION", "AuditReport", "Finding", "Section"]
