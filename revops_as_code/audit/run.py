"""Run an audit: every definition measured over one provider's records, into one report;
and the record-level plan (`SyncPlan`) of derived values `--sync` writes back.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revops_as_code.models import Definitions
from revops_as_code.models.fields import Field
from revops_as_code.providers.base import Provider, RecordUpdate

from .accounts import measure_icp, measure_lifecycle
from .context import AuditContext, Progress
from .facts import facts_section
from .pipelines import measure_pipeline
from .report import AuditReport
from .slas import measure_sla, sla_updates
from .standards import measure_standard


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
) -> tuple[AuditReport, SyncPlan]:
    """Measure `definitions` over `provider`'s records as of `now`, SLAs from `since`; and
    the derived values that disagree with the records (what `--sync` writes)."""
    planning = AuditContext(definitions, provider, now, since, planning=True)
    _measure(planning, AuditReport(environment, now, since), SyncPlan())
    ctx = AuditContext(definitions, provider, now, since, progress)
    ctx.plan(planning.requested)
    report = AuditReport(environment, now, since, fail_under=fail_under)
    plan = SyncPlan()
    _measure(ctx, report, plan)
    report.requests = ctx.requests
    report.records_read = ctx.records_read
    report.reads = [(r.object, n, calls, f, r.related) for r, n, calls, f in ctx.reads]
    return report, plan


def _measure(ctx: AuditContext, report: AuditReport, plan: SyncPlan) -> None:
    definitions = ctx.definitions
    for sla in definitions.handoff_slas:
        section, outcomes = measure_sla(ctx, sla)
        report.sections.append(section)
        if outcomes:
            _describe(ctx, plan, f"SLA {sla.key}", sla_updates(ctx, sla, outcomes))
    for pipeline in definitions.pipelines:
        report.sections.append(measure_pipeline(ctx, pipeline))
    for icp in definitions.icps:
        section, updates = measure_icp(ctx, icp)
        report.sections.append(section)
        _describe(ctx, plan, f"ICP {icp.key}", updates)
    for lifecycle in definitions.lifecycles:
        report.sections.append(measure_lifecycle(ctx, lifecycle))
    for standard in definitions.field_standards:
        section, updates = measure_standard(ctx, standard)
        report.sections.append(section)
        _describe(ctx, plan, f"field standard {standard.object}", updates, values=True)
    report.sections.append(facts_section(ctx))


def _describe(
    ctx: AuditContext,
    plan: SyncPlan,
    rule: str,
    updates: list[RecordUpdate],
    *,
    values: bool = False,
) -> None:
    """Add `updates` to the plan with one line per field (per value change with `values`,
    or for an enum field like a tier: "tier_2 -> tier_1 on 7 companies")."""
    if not updates:
        return
    plan.updates.extend(updates)
    obj = updates[0].object
    for key in sorted({k for u in updates for k in u.values}):
        fdef = ctx.field(obj, key)
        if fdef is not None and fdef not in plan.fields:
            plan.fields.append(fdef)
        if fdef is not None and fdef.type == "enum":
            moves: Counter[tuple[str, str]] = Counter()
            for u in updates:
                if key in u.values:
                    before = ctx.stored(obj, u.id, key)
                    moves[(str(before or "no value"), str(u.values[key]))] += 1
            for (before, after), count in sorted(moves.items()):
                plan.lines.append(
                    (f"{rule}: {key} {before} -> {after} on {count} {_noun(obj, count)}", count)
                )
            continue
        count = sum(key in u.values for u in updates)
        plan.lines.append((f"{rule}: {key} set on {count} {_noun(obj, count)}", count))


def _noun(obj: str, count: int) -> str:
    if count == 1:
        return obj
    return "companies" if obj == "company" else f"{obj}s"


__all__ = ["SyncPlan", "audit"]
