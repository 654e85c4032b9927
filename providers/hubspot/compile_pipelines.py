"""Pipeline definitions -> a HubSpot deal or ticket pipeline and its stages.

A pipeline's HubSpot id is its `api_ids.hubspot` (the seeded `default`) or its key; so is a
stage's. Revops passes those ids when it creates a pipeline or stage, so the live id is the
natural key and no mapping has to be remembered. Probability is a percent in definitions and
a 0–1 string in HubSpot's stage metadata; closed (won or lost) is `isClosed`. Exit criteria,
max days in stage and forecast categories have no pipelines-API equivalent: gaps. The
pipeline's origin is `pipeline/<key>`, a stage's `pipeline/<key>/stage/<stage key>`.
A ticket pipeline lives under objectType `tickets`; its stages have no probability (the
canonical `probability` is None) and `closed` is HubSpot's `ticketState: CLOSED`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.models.refs import Ref
from revops_as_code.resources import Resource

from .normalize import PIPELINE, STAGE, canonical_pipeline, canonical_stage, rid

SYSTEM = "HubSpot"
HS = "hubspot"


def compile_pipeline(
    pipeline: Any, where: Callable[[str], str]
) -> tuple[list[Resource], list[Diagnostic]]:
    """Resources for one `Pipeline` document; `where(pointer)` gives `file:line:col`."""
    diagnostics: list[Diagnostic] = []
    origin = str(Ref("pipeline", "", pipeline.key))
    obj_type = PIPELINE_OBJECTS.get(pipeline.object)
    if obj_type is None:
        diagnostics.append(
            capability_gap(
                SYSTEM,
                f"{pipeline.object} pipeline {pipeline.key!r} (revops manages deal and "
                "ticket pipelines)",
                location=Location(file=where(""), object=origin),
                severity=Severity.WARNING,
            )
        )
        return [], diagnostics
    pipeline_id = pipeline.api_ids.get(HS, pipeline.key)
    pid = rid(PIPELINE, f"{obj_type}/{pipeline_id}")
    resources = [
        Resource(
            id=pid,
            attributes=canonical_pipeline({"label": pipeline.label}),
            protect=pipeline.protect,
            ignore=frozenset(pipeline.ignore),
            source=where(""),
            origin=origin,
        )
    ]
    for index, stage in enumerate(pipeline.stages):
        stage_id = stage.api_ids.get(HS, stage.key)
        pointer = f"/stages/{index}"
        obj = str(Ref("pipeline_stage", pipeline.key, stage.key))
        resources.append(
            Resource(
                id=rid(STAGE, f"{obj_type}/{pipeline_id}/{stage_id}"),
                attributes=canonical_stage(
                    {
                        "label": stage.label,
                        "display_order": index,
                        "probability": None
                        if stage.probability is None
                        else round(stage.probability / 100, 4),
                        "is_closed": stage.outcome != "open",
                    }
                ),
                depends_on=(pid,),
                protect=stage.protect or pipeline.protect,
                # Definition names (`outcome`, `position`): the provider's declarations
                # map them to HubSpot's attributes.
                ignore=frozenset(stage.ignore),
                source=where(pointer),
                origin=obj,
            )
        )
        name = f"stage {pipeline.key}/{stage.key}"
        if stage.probability is not None and stage.probability % PROBABILITY_STEP:
            diagnostics.append(
                _unstorable_probability(stage.probability, name, where, pointer, obj)
            )
        if stage.exit_criteria is not None:
            diagnostics.append(
                capability_gap(
                    SYSTEM,
                    f"exit criteria of {name}",
                    location=_loc(where(pointer + "/exit_criteria"), obj),
                )
            )
        if stage.max_days_in_stage is not None:
            diagnostics.append(
                capability_gap(
                    SYSTEM,
                    f"max {stage.max_days_in_stage} days in {name}",
                    location=_loc(where(pointer), obj),
                )
            )
    if pipeline.forecast:
        diagnostics.append(
            capability_gap(
                SYSTEM,
                f"forecast categories of pipeline {pipeline.key!r}",
                location=_loc(where(""), origin),
            )
        )
    return resources, diagnostics


PIPELINE_OBJECTS = {"deal": "deals", "ticket": "tickets"}
"""Definition object -> HubSpot's pipelines objectType."""


PROBABILITY_STEP = 10
"""HubSpot stores a deal stage's probability as 0.0-1.0 in steps of 0.1 (a 400 otherwise)."""

UNSTORABLE_PROBABILITY = "HS205"


def _unstorable_probability(
    probability: float, name: str, where: Callable[[str], str], pointer: str, obj: str
) -> Diagnostic:
    lower = int(probability // PROBABILITY_STEP * PROBABILITY_STEP)
    return Diagnostic(
        Severity.ERROR,
        UNSTORABLE_PROBABILITY,
        f"{name} has probability {probability:g}, which HubSpot cannot store: deal stage "
        f"probabilities are 0-100 in steps of {PROBABILITY_STEP}",
        _loc(where(pointer + "/probability"), obj),
        hint=f"use {lower} or {lower + PROBABILITY_STEP}",
    )


def _loc(source: str, obj: str) -> Location:
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=source, object=obj)


__all__ = ["compile_pipeline"]
