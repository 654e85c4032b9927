"""Pipelines measured over deals: exit criteria of the stages a deal has left, days in the
current stage against the stage's maximum, conversion and time between stages, and deals
per forecast category (the category of their current stage).

A deal has *left* a stage when its current stage is a later open stage or a won stage (a
lost deal left the funnel; the criteria of the stages it passed are not held against it).
Exit criteria are the stage's required fields (a value is set) and its conditions (each
holds), evaluated with the shared criteria evaluator; a field of another object
(`field/company/icp_tier`) is read from the deal's primary associated record.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import timedelta

from revops_as_code.models.pipeline import Pipeline, Stage
from revops_as_code.providers.base import Record, RecordRequest

from .context import AuditContext
from .criteria import Subject, compile_condition, referenced_fields, split_ref
from .report import Finding, Section


def _needs(pipeline: Pipeline) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for stage in pipeline.stages:
        criteria = stage.exit_criteria
        if criteria is None:
            continue
        out.update(split_ref(str(r), "field", pipeline.object) for r in criteria.required_fields)
        for condition in criteria.conditions:
            out.update(referenced_fields(condition, pipeline.object))
    return out


def _related_values(
    ctx: AuditContext, needs: set[tuple[str, str]], subject: str
) -> dict[str, dict[str, dict[str, object]]]:
    """Object -> record id -> values, for the fields of other objects the criteria read."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for obj in sorted({o for o, _ in needs if o != subject}):
        keys = {k for o, k in needs if o == obj}
        read = ctx.read(RecordRequest(object=obj, fields=ctx.fields(obj, keys)))
        out[obj] = {r.id: r.values for r in read.records}
    return out


def measure_pipeline(ctx: AuditContext, pipeline: Pipeline) -> Section:
    address = f"pipeline/{pipeline.key}"
    section = Section("pipeline", address, pipeline.label)
    needs = _needs(pipeline)
    owner = ctx.owner_field(pipeline.object)
    own = {k for o, k in needs if o == pipeline.object} | ({owner.key} if owner else set())
    others = sorted({o for o, _ in needs if o != pipeline.object})
    read = ctx.read(
        RecordRequest(
            object=pipeline.object,
            fields=ctx.fields(pipeline.object, own),
            stages=pipeline,
            related=tuple(others),
        )
    )
    related = _related_values(ctx, needs, pipeline.object)
    open_stages = [s for s in pipeline.stages if s.outcome == "open"]
    # A ticket's closed stage is where it is meant to end, as a deal's won stage is.
    won = {s.key for s in pipeline.stages if s.outcome in ("won", "closed")}
    rank = {s.key: i for i, s in enumerate(open_stages)}
    checks = {
        s.key: _exit_check(s, pipeline.object, ctx)
        for s in open_stages
        if s.exit_criteria is not None
    }
    violating: set[str] = set()
    checked: set[str] = set()
    per_stage = {s.key: {"in_stage": 0, "missing_exit_criteria": 0, "overdue": 0}
                 for s in pipeline.stages}  # fmt: skip
    for record in read.records:
        stage = record.stage
        if stage in per_stage:
            per_stage[stage]["in_stage"] += 1
        subject = _subject(record, related)
        who = record.values.get(owner.key) if owner else None
        for key, check in checks.items():
            if not _left(stage, key, rank, won):
                continue
            checked.add(record.id)
            missing = check(subject)
            if missing:
                violating.add(record.id)
                per_stage[key]["missing_exit_criteria"] += 1
                section.add(
                    Finding(
                        "exit_criteria",
                        f"{address}/stage/{key}",
                        pipeline.object,
                        record.id,
                        f"left {key} without {', '.join(missing)}",
                        None if who is None else str(who),
                    )
                )
        current = pipeline.stage(stage) if stage else None
        if current is not None and current.outcome == "open" and current.max_days_in_stage:
            entered = record.entered.get(current.key)
            if entered is not None:
                days = (ctx.now - entered) / timedelta(days=1)
                if days > current.max_days_in_stage:
                    over = days - current.max_days_in_stage
                    per_stage[current.key]["overdue"] += 1
                    section.add(
                        Finding(
                            "overdue_stage",
                            f"{address}/stage/{current.key}",
                            pipeline.object,
                            record.id,
                            f"{days:.0f} days in {current.key} (max {current.max_days_in_stage})",
                            None if who is None else str(who),
                            over,
                        )
                    )
    section.score = 100.0 * (1 - len(violating) / len(checked)) if checked else None
    section.figures.update(
        {
            "deals": len(read.records),
            "checked_for_exit_criteria": len(checked),
            "missing_exit_criteria": len(violating),
            "overdue": section.counts.get("overdue_stage", 0),
        }
    )
    if pipeline.forecast:
        forecast: dict[str, int] = {}
        for stage_def in pipeline.stages:
            category = stage_def.forecast_category or "omitted"  # a deal stage always has one
            forecast[category] = forecast.get(category, 0) + per_stage[stage_def.key]["in_stage"]
        section.tables["forecast"] = [{"category": k, "deals": n} for k, n in forecast.items()]
    else:
        section.notes.append(
            f"{pipeline.object} pipeline: not forecast (its stages have no probability)"
        )
    section.tables["stages"] = [
        {"stage": key, **figures, **_conversion(read.records, pipeline, key)}
        for key, figures in per_stage.items()
    ]
    missing = [k for k in read.missing_fields if k in own]
    if missing:
        section.notes.append("fields not in the CRM yet: " + ", ".join(missing))
    return section


def _left(stage: str | None, key: str, rank: dict[str, int], won: set[str]) -> bool:
    if stage in won:
        return True
    return stage in rank and rank[stage] > rank[key]


def _subject(record: Record, related: dict[str, dict[str, dict[str, object]]]) -> Subject:
    linked = {}
    for obj, values_by_id in related.items():
        ids = record.related.get(obj, ())
        if ids and ids[0] in values_by_id:
            linked[obj] = values_by_id[ids[0]]
    return Subject(record.values, linked)


def _exit_check(stage: Stage, obj: str, ctx: AuditContext) -> Callable[[Subject], list[str]]:
    """A function of a subject -> the names of the exit criteria it misses."""
    criteria = stage.exit_criteria
    assert criteria is not None
    required = [split_ref(str(r), "field", obj) for r in criteria.required_fields]
    conditions = [
        (i, compile_condition(c, obj, ctx.now)) for i, c in enumerate(criteria.conditions)
    ]

    def missing(subject: Subject) -> list[str]:
        out = []
        for o, key in required:
            values = subject.values if o == obj else subject.related.get(o, {})
            if values.get(key) in (None, ""):
                out.append(key if o == obj else f"{o}.{key}")
        out.extend(f"condition {i + 1}" for i, test in conditions if not test(subject))
        return out

    return missing


def _conversion(records: list[Record], pipeline: Pipeline, key: str) -> dict[str, object]:
    """Of the deals that entered `key`, the share that entered the next stage, and the median
    days it took."""
    keys = [s.key for s in pipeline.stages]
    index = keys.index(key)
    stage = pipeline.stages[index]
    if stage.outcome != "open" or index + 1 >= len(keys):
        return {}
    later = [s.key for s in pipeline.stages[index + 1 :] if s.outcome != "lost"]
    nxt = keys[index + 1]
    entered = [r for r in records if key in r.entered]
    moved = [r for r in entered if any(k in r.entered for k in later)]
    days = [
        (r.entered[nxt] - r.entered[key]) / timedelta(days=1) for r in entered if nxt in r.entered
    ]
    return {
        "entered": len(entered),
        "converted_pct": round(100.0 * len(moved) / len(entered), 1) if entered else None,
        "median_days_to_next": round(statistics.median(days), 1) if days else None,
    }


__all__ = ["measure_pipeline"]
