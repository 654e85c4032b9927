"""Run an audit: every definition measured over one provider's records, into one report;
and the record-level plan (`SyncPlan`) of derived values `--sync` writes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revops_as_code.models import Definitions
from revops_as_code.models.fields import Field
from revops_as_code.providers.base import Provider, RecordUpdate

from .context import AuditContext, Progress
from .pipelines import measure_pipeline
from .report import AuditReport
from .slas import measure_sla, sla_updates


@dataclass
class SyncPlan:
    """Derived values to write: one line per (object, field, change) with its records."""

    updates: list[RecordUpdate] = field(default_factory=list)
    lines: list[tuple[str, int]] = field(default_factory=list)
    """(what changes, on how many records), for people."""
    fields: list[Field] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.updates

    def merged(self) -> list[RecordUpdate]:
        """One update per record (values of several rules written in one input)."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for u in self.updates:
            out.setdefault((u.object, u.id), {}).update(u.values)
        return [RecordUpdate(obj, rid, values) for (obj, rid), values in sorted(out.items())]

    def to_json(self) -> dict[str, Any]:
        return {
            "records": len(self.merged()),
            "changes": [{"change": what, "records": n} for what, n in self.lines],
        }


def audit(
    definitions: Definitions,
    provider: Provider,
    *,
    now: datetime,
    since: datetime,
    environment: str = "",
    fail_under: float | None = None,
    progress: Progress | None = None,
    sync: bool = False,
) -> tuple[AuditReport, SyncPlan]:
    """Measure `definitions` over `provider`'s records as of `now`, SLAs from `since`."""
    ctx = AuditContext(definitions, provider, now, since, progress)
    report = AuditReport(environment, now, since, fail_under=fail_under)
    plan = SyncPlan()
    for sla in definitions.handoff_slas:
        section, outcomes = measure_sla(ctx, sla)
        report.sections.append(section)
        if sync and outcomes:
            updates = sla_updates(ctx, sla, outcomes)
            _describe_sla(ctx, plan, sla, updates)
    for pipeline in definitions.pipelines:
        report.sections.append(measure_pipeline(ctx, pipeline))
    report.requests = ctx.requests
    report.records_read = ctx.records_read
    return report, plan


def _describe_sla(ctx: AuditContext, plan: SyncPlan, sla: Any, updates: list[RecordUpdate]) -> None:
    if not updates:
        return
    plan.updates.extend(updates)
    obj = updates[0].object
    for key in sorted({k for u in updates for k in u.values}):
        fdef = ctx.field(obj, key)
        if fdef is not None and fdef not in plan.fields:
            plan.fields.append(fdef)
        count = sum(key in u.values for u in updates)
        plural = "s" if count != 1 else ""
        plan.lines.append((f"SLA {sla.key}: {key} set on {count} {obj}{plural}", count))


__all__ = ["SyncPlan", "audit"]
