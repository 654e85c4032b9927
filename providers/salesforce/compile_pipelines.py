"""Deal pipelines -> the OpportunityStage value set, sales processes and record types.

Salesforce keeps every stage of every sales process in one picklist (the `OpportunityStage`
standard value set): its values are the union of all deal pipelines' stages, in pipeline
order, each once. A stage's value is its `api_ids.salesforce`, else its label; probability is
a whole percent, the forecast category Salesforce's name for it (`commit` -> `Forecast`),
closed/won from the outcome. Two pipelines may share a value (`Closed won`) only if they
agree on what it means; otherwise an ERROR names both stages. The first open stage of the
first pipeline is the set's default.

With more than one deal pipeline, each gets a sales process (`business_process`, named by the
pipeline's label, offering its stages, its first open stage the default) and a record type
(DeveloperName `api_ids.salesforce` or `api_name(key)`) that uses it, which is how Salesforce
runs several pipelines on one object. One pipeline needs neither: the org's master process
offers every stage. Ticket pipelines (Case Status) are not managed: an INFO gap.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from revops_as_code.diagnostics import Severity
from revops_as_code.resources import Resource, ResourceId

from . import model
from .compile_build import (
    PROBABILITY,
    SF,
    STAGE_CONFLICT,
    _Build,
    _ValueSet,
    _where,
    pipeline_origin,
    rid,
    stage_origin,
)
from .compile_rules import exit_rules


def stage_value(stage: Any) -> str:
    return str(stage.api_ids.get(SF) or stage.label)


def compile_pipelines(build: _Build, documents: list[tuple[Any, Any]]) -> None:
    deals = [(p, s) for p, s in documents if p.object == "deal"]
    for pipeline, source in documents:
        if pipeline.object != "deal":
            build.gap(
                f"{pipeline.object} pipeline {pipeline.key!r} (Case Status values are not "
                "managed by revops)", _where(source, ""), pipeline_origin(pipeline.key),
            )  # fmt: skip
    if not deals:
        return
    several = len(deals) > 1
    _stage_set(build, deals)
    for pipeline, source in deals:
        if several:
            _process(build, pipeline, source)
        for index, stage in enumerate(pipeline.stages):
            if stage.max_days_in_stage is not None:
                build.gap(
                    f"max {stage.max_days_in_stage} days in stage {pipeline.key}/{stage.key}",
                    _where(source, f"/stages/{index}"),
                    stage_origin(pipeline.key, stage.key),
                )
    for pipeline, source in deals:
        exit_rules(build, pipeline, source)


def _stage_set(build: _Build, deals: list[tuple[Any, Any]]) -> None:
    values: dict[str, dict[str, Any]] = {}  # case-folded value -> the first stage's entry
    first: dict[str, tuple[str, str]] = {}
    for pipeline, source in deals:
        for index, stage in enumerate(pipeline.stages):
            value = stage_value(stage)
            build.stage_values[(pipeline.key, stage.key)] = value
            entry = _stage_entry(build, pipeline, stage, value, _where(source, f"/stages/{index}"))
            here = (pipeline.key, stage.key)
            # Salesforce's picklist values are unique regardless of case ("Closed won" and
            # "Closed Won" are one value), so they are compared that way.
            same = value.casefold()
            if same not in values:
                values[same] = entry
                first[same] = here
                continue
            if values[same] != entry:
                other = "/".join(first[same])
                build.report(
                    Severity.ERROR, STAGE_CONFLICT,
                    f"stage {pipeline.key}/{stage.key} and stage {other} are both the "
                    f"OpportunityStage value {value!r} but disagree on "
                    + ", ".join(k for k in entry if entry[k] != values[same][k])
                    + "; Salesforce holds one value for both",
                    _where(source, f"/stages/{index}"), stage_origin(*here),
                    hint="make the two stages agree, or give one its own value with "
                    "api_ids: {salesforce: ...}",
                )  # fmt: skip
    ordered = list(values.values())
    default = next((v for v in ordered if not v["closed"]), None)
    if default is not None:
        default["default"] = True
    pipeline, source = deals[0]
    origin, where = pipeline_origin(pipeline.key), _where(source, "")
    stage_field = next(
        (ref for ref, t in build.refs.items() if t.name == "StageName" and ref[0] == "deal"), None
    )
    if stage_field is not None:
        # As a standard's field several documents shape, the set keeps the field's origin.
        origin = f"field/deal/{stage_field[1]}"
        target = build.refs[stage_field]
        where = target.source or where
        # The first pipeline's stage wins a key two pipelines share.
        stage_keys: dict[str, str] = {}
        labels: dict[str, str] = {}
        for p, _ in deals:
            for s in p.stages:
                stage_keys.setdefault(s.key, build.stage_values[(p.key, s.key)])
                labels.setdefault(s.key, s.label)
        build.refs[stage_field] = dataclasses.replace(
            target, values={**stage_keys, **target.values}, labels={**labels, **target.labels}
        )
    build.value_sets[model.STAGE_SET] = _ValueSet(model.STAGE_SET, ordered, where, origin)


def _stage_entry(build: _Build, pipeline: Any, stage: Any, value: str, where: str) -> dict[str, Any]:  # fmt: skip
    probability = stage.probability if stage.probability is not None else 0
    whole = round(probability)
    if whole != probability:
        build.report(
            Severity.ERROR, PROBABILITY,
            f"stage {pipeline.key}/{stage.key} has probability {probability:g}, which "
            "Salesforce cannot store: stage probabilities are whole percents",
            where, stage_origin(pipeline.key, stage.key),
            hint=f"use {int(probability)} or {int(probability) + 1}",
        )  # fmt: skip
    return {
        "value": value,
        "label": stage.label,
        "default": False,
        "probability": int(whole),
        "forecast_category": model.FORECAST_CATEGORIES[stage.forecast_category or "omitted"],
        "closed": stage.outcome != "open",
        "won": stage.outcome == "won",
    }


def _process(build: _Build, pipeline: Any, source: Any) -> None:
    where, origin = _where(source, ""), pipeline_origin(pipeline.key)
    values = [build.stage_values[(pipeline.key, s.key)] for s in pipeline.stages]
    opening = next(
        (build.stage_values[(pipeline.key, s.key)] for s in pipeline.stages if s.outcome == "open"),
        None,
    )
    process_name = pipeline.label
    process = rid(model.BUSINESS_PROCESS, model.key_of("Opportunity", process_name))
    developer_name = str(pipeline.api_ids.get(SF) or model.api_name(pipeline.key))
    record_type = rid(model.RECORD_TYPE, model.key_of("Opportunity", developer_name))
    build.record_types[pipeline.key] = record_type
    build.record_type_names[pipeline.key] = developer_name
    description = pipeline.description or ""
    common = {"protect": pipeline.protect, "ignore": frozenset(pipeline.ignore), "source": where,
              "origin": origin}  # fmt: skip
    build.resources.append(
        model_resource(
            process,
            {
                "object": "Opportunity",
                "name": process_name,
                "description": description,
                "active": True,
                "values": [{"value": v, "default": v == opening} for v in dict.fromkeys(values)],
            },
            (rid(model.VALUE_SET, model.STAGE_SET),),
            common,
        )
    )
    build.resources.append(
        model_resource(
            record_type,
            {
                "object": "Opportunity",
                "name": developer_name,
                "label": pipeline.label,
                "description": description,
                "active": True,
                "business_process": process_name,
            },
            (process,),
            common,
        )
    )


def model_resource(id_: ResourceId, attributes: dict[str, Any], depends: tuple[ResourceId, ...],
                   common: dict[str, Any]) -> Resource:  # fmt: skip
    common = dict(common)
    if id_.kind == model.BUSINESS_PROCESS:
        # The pipeline's `ignore:` is said once for both; the record type gets all of it (and
        # the engine warns about names neither has), the sales process what it holds.
        common["ignore"] = frozenset(a for a in common["ignore"] if a in attributes)
    return Resource(id=id_, attributes=attributes, depends_on=depends, **common)
