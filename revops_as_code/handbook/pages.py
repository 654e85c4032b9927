"""What each handbook page shows, as plain values for the templates (no HTML here).

One function per page turns the typed definitions into rows and sentences; the templates
only lay them out. Every row carries its `SourceRef` (file:line of the definition) so each
page links back to the YAML it was written from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from revops_as_code.handbook import diagrams
from revops_as_code.handbook.audit import AuditHistory
from revops_as_code.handbook.sentences import Speaker, humanize, percent
from revops_as_code.handbook.source import SourceRef, Sources
from revops_as_code.models import (
    Definitions,
    Field,
    FieldStandard,
    Lifecycle,
    Pipeline,
    Stage,
    refs,
)

Row = dict[str, Any]


@dataclass
class Facts:
    """Shared inputs of every page builder."""

    definitions: Definitions
    sources: Sources
    speaker: Speaker
    systems: tuple[str, ...]
    """Systems whose names the field dictionary shows (configured providers first)."""
    configured: frozenset[str] = frozenset()
    """Systems a field reaches under its key when `api_names` says nothing."""
    audit: AuditHistory | None = None
    _slas_by_trigger: dict[str, list[Row]] = field(default_factory=dict)


def system_names(item: Field, facts: Facts) -> list[Row]:
    out = []
    for system in facts.systems:
        name = item.api_names.get(system)
        if name is None and system in facts.configured:
            name = item.key
        out.append({"system": system, "name": name})
    return out


def sla_rows(facts: Facts) -> list[Row]:
    rows = []
    for sla in facts.definitions.handoff_slas:
        row: Row = {
            "key": sla.key,
            "label": sla.label,
            "sentence": facts.speaker.sla(sla),
            "calendar": facts.speaker.calendar(sla),
            "description": sla.description,
            "from_team": humanize(sla.from_team),
            "to_team": humanize(sla.to_team),
            "target": percent(sla.target_percent),
            "trigger": sla.trigger,
            "source": facts.sources.of(sla),
            "fields": [f for f in (sla.due_at_field, sla.breached_field) if f],
            "closed_dates": list(sla.calendar.closed_dates) if sla.calendar else [],
            "compliance": None,
            "unmeasured": None,
        }
        if facts.audit is not None and facts.audit.current is not None:
            current = facts.audit.current.slas.get(sla.key)
            trend = facts.audit.trend(sla.key)
            if current is not None and current.compliance is None:
                row["unmeasured"] = {
                    "as_of": facts.audit.current.generated_at,
                    "notes": list(current.notes),
                }
            elif current is not None and current.compliance is not None:
                row["compliance"] = {
                    "percent": percent(round(current.compliance, 1)),
                    "met": current.compliance >= sla.target_percent,
                    "counts": (
                        f"{current.met:,} of {current.measured:,} handoffs"
                        if current.measured is not None and current.met is not None
                        else None
                    ),
                    "as_of": facts.audit.current.generated_at,
                    "chart": diagrams.chart(
                        trend,
                        target=sla.target_percent,
                        title=f"Compliance with “{sla.label}” per audit run",
                        ident=f"chart-{sla.key}",
                    ),
                }
        rows.append(row)
    return rows


def _handoffs(facts: Facts, reference: str) -> list[str]:
    """SLAs whose clock starts at this stage, as arrow notes (`Marketing → Sales, 2 days`)."""
    out = []
    for sla in facts.definitions.handoff_slas:
        ref = refs.parse(sla.trigger)
        target = refs.parse(reference)
        if ref is None or target is None or ref.key != target.key or ref.type != target.type:
            continue
        if ref.scope and target.scope and ref.scope != target.scope:
            continue
        unit = sla.within.unit.replace("_", " ")
        out.append(
            f"{humanize(sla.from_team)} → {humanize(sla.to_team)} within {sla.within.amount} {unit}"
        )
    return out


def icp_view(facts: Facts) -> list[Row]:
    views = []
    for icp in facts.definitions.icps:
        tier_field = facts.definitions.field(icp.field, icp.object)
        views.append(
            {
                "key": icp.key,
                "label": icp.label,
                "description": icp.description,
                "owner": humanize(icp.owner_team) if icp.owner_team else None,
                "object": icp.object,
                "source": facts.sources.of(icp),
                "field_label": tier_field.label if tier_field else icp.field,
                "field_key": tier_field.key if tier_field else icp.field,
                "field_systems": system_names(tier_field, facts) if tier_field else [],
                "default_tier": humanize(icp.default_tier) if icp.default_tier else None,
                "tiers": [
                    {
                        "key": tier.key,
                        "label": tier.label,
                        "description": tier.description,
                        "sentences": facts.speaker.clauses(tier.criteria, icp.object),
                        "summary": facts.speaker.sentence(tier.criteria, icp.object),
                        "source": facts.sources.of(icp, f"/tiers/{i}"),
                    }
                    for i, tier in enumerate(icp.tiers)
                ],
            }
        )
    return views


def lifecycle_view(facts: Facts, lifecycle: Lifecycle) -> Row:
    stages: list[Row] = []
    boxes: list[diagrams.Box] = []
    for i, stage in enumerate(lifecycle.stages):
        sentences = (
            facts.speaker.clauses(stage.entry_criteria, lifecycle.object)
            if stage.entry_criteria
            else []
        )
        handoffs = _handoffs(facts, f"lifecycle/{lifecycle.key}/stage/{stage.key}")
        stages.append(
            {
                "key": stage.key,
                "label": stage.label,
                "description": stage.description,
                "sentences": sentences,
                "terminal": stage.terminal,
                "handoffs": handoffs,
                "entered_at": stage.entered_at_field,
                "source": facts.sources.of(lifecycle, f"/stages/{i}"),
            }
        )
        boxes.append(
            diagrams.Box(
                title=stage.label,
                detail=sentences or ["No entry criteria: any record may be here."],
                badge="leaves the funnel" if stage.terminal else None,
                tone="terminal" if stage.terminal else "open",
            )
        )
    # A handoff is drawn on the arrow out of the stage whose entry starts the clock.
    with_notes = [
        replace(b, note="; ".join(stages[i - 1]["handoffs"]) or None) if i else b
        for i, b in enumerate(boxes)
    ]
    return {
        "key": lifecycle.key,
        "label": lifecycle.label,
        "description": lifecycle.description,
        "object": lifecycle.object,
        "owner": humanize(lifecycle.owner_team) if lifecycle.owner_team else None,
        "source": facts.sources.of(lifecycle),
        "stages": stages,
        "svg": diagrams.stack(
            with_notes,
            title=f"{lifecycle.label}: the funnel",
            desc="Stages from top to bottom with the criteria to enter each; arrows carry "
            "the handoff SLAs that start when a record enters the stage above.",
            ident=f"funnel-{lifecycle.key}",
        ),
    }


_OUTCOME_TEXT = {"open": "Open", "won": "Closed won", "lost": "Closed lost", "closed": "Closed"}
NO_PROBABILITY = "—"
NOT_FORECAST = "Not forecast"
"""What a stage without probability / forecast category (a ticket pipeline's) shows."""


def _stage_percent(stage: Stage) -> str:
    return NO_PROBABILITY if stage.probability is None else percent(stage.probability)


def _stage_forecast(stage: Stage) -> str:
    if stage.forecast_category is None:
        return NOT_FORECAST
    return humanize(stage.forecast_category)


def pipeline_view(facts: Facts, pipeline: Pipeline) -> Row:
    stages: list[Row] = []
    boxes: list[diagrams.Box] = []
    for i, stage in enumerate(pipeline.stages):
        exits = facts.speaker.exit_criteria(stage.exit_criteria, pipeline.object)
        max_days = f"{stage.max_days_in_stage} days" if stage.max_days_in_stage else None
        stages.append(
            {
                "key": stage.key,
                "label": stage.label,
                "description": stage.description,
                "probability": _stage_percent(stage),
                "forecast": _stage_forecast(stage),
                "outcome": stage.outcome,
                "outcome_text": _OUTCOME_TEXT[stage.outcome],
                "exit": exits,
                "max_days": max_days,
                "handoffs": _handoffs(facts, f"pipeline/{pipeline.key}/stage/{stage.key}"),
                "source": facts.sources.of(pipeline, f"/stages/{i}"),
            }
        )
        detail = [*(exits or (["No exit criteria."] if stage.outcome == "open" else []))]
        if max_days:
            detail.append(f"At most {max_days} in this stage.")
        boxes.append(
            diagrams.Box(
                title=stage.label,
                detail=detail,
                badge=f"{_stage_percent(stage)} · {_stage_forecast(stage)}",
                tone=stage.outcome,
                bar=stage.probability,
            )
        )
    return {
        "key": pipeline.key,
        "label": pipeline.label,
        "description": pipeline.description,
        "object": pipeline.object,
        "owner": humanize(pipeline.owner_team) if pipeline.owner_team else None,
        "source": facts.sources.of(pipeline),
        "stages": stages,
        "svg": diagrams.stack(
            boxes,
            title=f"{pipeline.label}: stages",
            desc="Stages in order with probability, forecast category, exit criteria and "
            "maximum days in stage; the bar shows the probability.",
            ident=f"pipeline-{pipeline.key}",
        ),
    }


def _stage_names(facts: Facts, references: Sequence[str]) -> list[str]:
    out = []
    for reference in references:
        ref = refs.parse(reference)
        name = facts.speaker.stage_name(reference)
        if ref is not None and ref.type == "pipeline_stage":
            pipeline = facts.definitions.pipeline(ref.scope)
            name = f"{pipeline.label if pipeline else humanize(ref.scope)}: {name}"
        out.append(name)
    return out


def field_rows(facts: Facts) -> list[Row]:
    rows = []
    for standard in facts.definitions.field_standards:
        rows.extend(_standard_rows(facts, standard))
    return rows


def _standard_rows(facts: Facts, standard: FieldStandard) -> list[Row]:
    rows = []
    for i, item in enumerate(standard.fields):
        owner = item.owner_team or standard.owner_team
        rows.append(
            {
                "id": f"field-{standard.object}-{item.key}",
                "object": standard.object,
                "key": item.key,
                "label": item.label,
                "type": item.type.replace("_", " "),
                "description": item.description,
                "options": [o.label for o in item.options if not o.hidden and not o.deprecated],
                "owner": humanize(owner) if owner else None,
                "owner_key": owner or "",
                "pii": item.pii,
                "required_at": _stage_names(facts, item.required_at),
                "systems": system_names(item, facts),
                "source": facts.sources.of(standard, f"/fields/{i}"),
            }
        )
    return rows


def owners(facts: Facts) -> list[Row]:
    """Team -> what it answers for, for the overview's "who owns what"."""
    table: dict[str, list[str]] = {}

    def add(team: str | None, what: str) -> None:
        if team:
            table.setdefault(team, []).append(what)

    d = facts.definitions
    for icp in d.icps:
        add(icp.owner_team, f"the ideal customer profile ({icp.label})")
    for lc in d.lifecycles:
        add(lc.owner_team, f"the lifecycle ({lc.label})")
    for p in d.pipelines:
        add(p.owner_team, f"the {p.label} pipeline")
    counts: dict[str, int] = {}
    for standard in d.field_standards:
        for item in standard.fields:
            team = item.owner_team or standard.owner_team
            if team:
                counts[team] = counts.get(team, 0) + 1
    for team, n in counts.items():
        add(team, f"{n:,} field{'s' if n != 1 else ''}")
    for sla in d.handoff_slas:
        add(sla.to_team, f"meeting the SLA “{sla.label}”")
    return [{"team": humanize(t), "items": items} for t, items in sorted(table.items())]


def page_sources(*refs_: SourceRef | None) -> list[SourceRef]:
    """The files a page is written from, each once (for the page footer)."""
    seen: dict[str, SourceRef] = {}
    for ref in refs_:
        if ref is not None and ref.path not in seen:
            seen[ref.path] = ref
    return list(seen.values())


__all__ = [
    "Facts",
    "field_rows",
    "icp_view",
    "lifecycle_view",
    "owners",
    "page_sources",
    "pipeline_view",
    "sla_rows",
]
