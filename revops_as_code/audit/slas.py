"""Handoff SLAs measured over records: who triggered the clock in the window, who was served
in time (business time, in the SLA's calendar), who was not, who is still within it.

A record triggered the SLA when it entered the trigger stage at or after `since`. The action's
time is the one the CRM records for it, or, with `completed_at_field`, the time that field
holds (a date: the start of that day in the SLA's zone). It is *met*
when the action happened within the allowance, *breached* when the action came late or the
deadline passed without it, and *pending* when it is still before its deadline with no
action: pending is never a failure. Compliance = met / (met + breached).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from revops_as_code.models import refs
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.models.pipeline import Pipeline
from revops_as_code.models.sla import HandoffSLA
from revops_as_code.providers.base import RecordRequest, RecordUpdate

from .business_time import Calendar, due_at, elapsed
from .context import AuditContext
from .report import Finding, Section

_UNIT_WORDS = {"business_hours": "business hours", "business_days": "business days",
               "calendar_hours": "hours"}  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    """Where an SLA's clock starts: a stage of a lifecycle or pipeline, on one object."""

    obj: str
    stages: Lifecycle | Pipeline
    stage: str


def trigger_of(ctx: AuditContext, sla: HandoffSLA) -> Trigger | None:
    ref = refs.parse(str(sla.trigger))
    if ref is None:
        return None
    if ref.type == "pipeline_stage":
        found = refs.resolve_pipeline_stage(ctx.definitions, ref)
        if found:
            return Trigger(found[0].object, found[0], found[1].key)
        return None
    lifecycle = refs.resolve_lifecycle_stage(ctx.definitions, ref)
    if lifecycle:
        return Trigger(lifecycle[0].object, lifecycle[0], lifecycle[1].key)
    return None


def _bare(ref: str | None) -> str | None:
    return None if ref is None else str(ref).rsplit("/", 1)[-1]


@dataclass
class SlaOutcome:
    """One triggered record's standing against the SLA."""

    record_id: str
    owner: str | None
    started: datetime
    due: datetime
    acted: datetime | None
    status: str
    """`met`, `breached` or `pending`."""
    late: float
    """How late, in the SLA's unit (0 unless breached)."""
    taken: float | None
    """Time to action in the SLA's unit (None when no action yet)."""
    stored: dict[str, Any]
    live: frozenset[str] = frozenset()
    """The SLA's due-at and breached fields that exist in the CRM (only those are written)."""


def measure_sla(ctx: AuditContext, sla: HandoffSLA) -> tuple[Section, list[SlaOutcome]]:
    """The SLA's section of the report, and each triggered record's outcome (for --sync)."""
    address = f"sla/{sla.key}"
    section = Section("sla", address, sla.label, target=sla.target_percent)
    trigger = trigger_of(ctx, sla)
    if trigger is None:
        section.notes.append(f"trigger {sla.trigger} names no stage of the definitions")
        return section, []
    until = _bare(sla.until_stage) if sla.action == "stage_change" else None
    completed = _bare(sla.completed_at_field)
    owner = ctx.owner_field(trigger.obj)
    wanted = {k for k in (_bare(sla.due_at_field), _bare(sla.breached_field)) if k}
    if owner is not None:
        wanted.add(owner.key)
    request = RecordRequest(
        object=trigger.obj,
        fields=ctx.fields(trigger.obj, wanted | ({completed} if completed else set())),
        stages=trigger.stages,
        actions=() if until or completed else (sla.action,),
        entered_since=(trigger.stage, ctx.since),
    )
    read = ctx.read(request)
    live = frozenset(wanted - set(read.missing_fields))
    missing = sorted(k for k in wanted if k in read.missing_fields)
    if missing:
        section.notes.append(
            "fields not in the CRM yet (`revops apply` creates them; until then --sync "
            "cannot write them): " + ", ".join(missing)
        )
    if completed is not None and completed in read.missing_fields:
        section.notes.append(
            f"not measured: {completed} (the SLA's completed_at_field) is not in the CRM yet "
            "(`revops apply` creates it)"
        )
        section.figures["triggered"] = len(read.records)
        return section, []
    if sla.action in read.unsupported_actions:
        section.notes.append(
            f"not measured: this CRM records no time for {sla.action.replace('_', ' ')} on "
            f"a {trigger.obj}"
        )
        section.figures["triggered"] = len(read.records)
        return section, []
    calendar = Calendar.of(sla.calendar) if sla.calendar else None
    done_field = ctx.field(trigger.obj, completed) if completed else None
    as_date = done_field is not None and done_field.type == "date"
    unit = sla.within.unit
    outcomes: list[SlaOutcome] = []
    for record in read.records:
        started = record.entered.get(trigger.stage)
        if started is None or started < ctx.since or started > ctx.now:
            continue
        due = due_at(calendar, started, sla.within.amount, unit)
        if completed is not None:
            acted = _completed_at(record.values.get(completed), as_date, calendar, started)
        else:
            acted = record.entered.get(until) if until else record.acted.get(sla.action)
        if acted is not None and acted < started:
            acted = None  # an earlier touch is not a response to this handoff
        if acted is not None and acted <= due:
            status, late = "met", 0.0
        elif acted is not None:
            status, late = "breached", elapsed(calendar, due, acted, unit)
        elif due < ctx.now:
            status, late = "breached", elapsed(calendar, due, ctx.now, unit)
        else:
            status, late = "pending", 0.0
        taken = elapsed(calendar, started, acted, unit) if acted is not None else None
        who = record.values.get(owner.key) if owner else None
        outcomes.append(
            SlaOutcome(
                record.id,
                None if who is None else str(who),
                started,
                due,
                acted,
                status,
                late,
                taken,
                record.values,
                live,
            )
        )
    met = sum(o.status == "met" for o in outcomes)
    breached = [o for o in outcomes if o.status == "breached"]
    pending = sum(o.status == "pending" for o in outcomes)
    words = _UNIT_WORDS[unit]
    for o in breached:
        how = (
            f"acted {o.late:.1f} {words} late"
            if o.acted is not None
            else f"no {sla.action.replace('_', ' ')} yet, {o.late:.1f} {words} past due"
        )
        section.add(Finding("sla_breach", address, trigger.obj, o.record_id, how, o.owner, o.late))
    times = sorted(o.taken for o in outcomes if o.taken is not None)
    measured = met + len(breached)
    section.score = 100.0 * met / measured if measured else None
    section.figures.update(
        {
            "triggered": len(outcomes),
            "met": met,
            "breached": len(breached),
            "breached_late": sum(o.acted is not None for o in breached),
            "breached_no_action": sum(o.acted is None for o in breached),
            "pending": pending,
            "unit": unit,
            "median_to_action": _round(statistics.median(times)) if times else None,
            "p90_to_action": _round(_quantile(times, 0.9)) if times else None,
        }
    )
    return section, outcomes


def _completed_at(
    value: Any, as_date: bool, calendar: Calendar | None, started: datetime
) -> datetime | None:
    """When a `completed_at_field` says the action was done. A date field holds no time of
    day: it counts from the start of that day in the SLA's zone (the due day is in time), and
    on the trigger's own day as the trigger time (done the same day is not "before" it)."""
    if not isinstance(value, datetime) or not as_date:
        return value if isinstance(value, datetime) else None
    zone = calendar.timezone if calendar else UTC
    day = value.astimezone(UTC).date()
    start_of_day = datetime.combine(day, time(0, 0), tzinfo=zone)
    if day == started.astimezone(zone).date():
        return max(start_of_day, started)
    return start_of_day


def _round(value: float) -> float:
    return round(value, 2)


def _quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile of sorted `values`."""
    index = max(0, min(len(values) - 1, int(-(-q * len(values) // 1)) - 1))
    return values[index]


def sla_updates(
    ctx: AuditContext, sla: HandoffSLA, outcomes: list[SlaOutcome]
) -> list[RecordUpdate]:
    """The due-at and breached values the SLA's fields should hold, where they do not."""
    trigger = trigger_of(ctx, sla)
    due_key, breached_key = _bare(sla.due_at_field), _bare(sla.breached_field)
    if trigger is None or (due_key is None and breached_key is None):
        return []
    out = []
    for o in outcomes:
        values: dict[str, Any] = {}
        if due_key and due_key in o.live and _changed(o.stored.get(due_key), o.due):
            values[due_key] = o.due
        if breached_key and breached_key in o.live:
            # Set on breaches; cleared only where it was set (an unset flag means "not
            # breached" already, and writing False everywhere would cost a write per record).
            stored = o.stored.get(breached_key)
            if o.status == "breached" and stored is not True:
                values[breached_key] = True
            elif o.status != "breached" and stored is True:
                values[breached_key] = False
        if values:
            out.append(RecordUpdate(trigger.obj, o.record_id, values))
    return out


def _changed(stored: Any, want: datetime) -> bool:
    if not isinstance(stored, datetime):
        return True
    # Stored to the millisecond.
    return abs((stored - want).total_seconds()) >= 0.001


__all__ = ["SlaOutcome", "Trigger", "measure_sla", "sla_updates", "trigger_of"]
