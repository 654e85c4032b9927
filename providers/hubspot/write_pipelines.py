"""Creating a HubSpot pipeline with its stages: the `create_pipeline` group of
`write_groups.py`, one `POST /crm/v3/pipelines/{objectType}` with the stages in the body,
since HubSpot refuses a pipeline without a stage. The outcome names the pipeline and every
stage asked for, each with HubSpot's id (it may mint its own), and records those ids as
aliases so later changes in the run address them. Pipeline creates mint ids and are not
idempotent, so one that fails ambiguously or conflicts is never resent: the pipeline is looked
up by id (or label, unique per object type) and adopted with its stages when it matches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, RevopsError
from revops_as_code.providers.base import ApplyResult, ChangeGroup, ChangeOutcome, GroupResult
from revops_as_code.resources import ResourceId

from .aliases import aliases
from .errors import AmbiguousWriteError
from .normalize import (
    PIPELINE,
    STAGE,
    canonical_pipeline,
    canonical_stage,
    pipeline_from_api,
    split_key,
    stage_to_api,
)
from .write_common import NO_STAGES, GroupWriter, _adoption, _after, _foreign


def create_pipeline_with_stages(
    writer: GroupWriter, group: ChangeGroup, changes: Sequence[Change]
) -> GroupResult:
    pipeline = next((c for c in changes if c.resource_id.kind == PIPELINE), None)
    if pipeline is None:
        return writer.each(changes)  # only stages were handed over: add them one by one
    stages = [c for c in changes if c is not pipeline]
    prefix = pipeline.resource_id.key + "/"
    for change in [pipeline, *stages]:
        rid = change.resource_id
        if change.action is not Action.CREATE or (
            change is not pipeline and (rid.kind != STAGE or not rid.key.startswith(prefix))
        ):
            raise _foreign(group, change)
    if not stages:
        return GroupResult({pipeline.resource_id: ChangeOutcome.failed(NO_STAGES)})
    obj, pipeline_id = split_key(pipeline.resource_id.key, 2)
    attrs = canonical_pipeline(_after(pipeline))
    wanted = {split_key(s.resource_id.key, 3)[2]: s for s in stages}
    body = {
        "pipelineId": pipeline_id,
        "label": attrs["label"],
        "displayOrder": 0,
        "stages": [
            stage_to_api(sid, canonical_stage(_after(s)), create=True, object_type=obj)
            for sid, s in wanted.items()
        ],
    }
    try:
        data = writer.client.request("POST", f"/crm/v3/pipelines/{obj}", json=body)
    except (AmbiguousWriteError, ConflictError) as exc:
        # Pipeline creates mint ids and are not idempotent: look for it, never resend.
        return _pipeline_by_list(writer, obj, pipeline, wanted, exc.message)
    except RevopsError as exc:  # refused: neither the pipeline nor a stage exists
        return GroupResult({c.resource_id: ChangeOutcome.failed(exc.message) for c in changes})
    outcomes = _pipeline_outcomes(obj, data, pipeline, wanted, adopting=None)
    # Later changes in this run address HubSpot's ids, not the ones asked for.
    writer.aliases.update(aliases({r: o.remote_id for r, o in outcomes.items() if o.remote_id}))
    return GroupResult(outcomes)


def _pipeline_by_list(
    writer: GroupWriter, obj: str, pipeline: Change, wanted: Mapping[str, Change], why: str
) -> GroupResult:
    members = [pipeline, *wanted.values()]
    _, pipeline_id = split_key(pipeline.resource_id.key, 2)
    label = canonical_pipeline(_after(pipeline))["label"]
    try:
        listed = (writer.client.get(f"/crm/v3/pipelines/{obj}") or {}).get("results") or []
    except RevopsError as exc:
        unknown = (
            f"{why}; re-reading {obj} pipelines failed too ({exc.message}), so whether "
            "it was created is unknown"
        )
        return GroupResult({c.resource_id: ChangeOutcome.failed(unknown) for c in members})
    live = [p for p in listed if not p.get("archived")]
    found = next((p for p in live if str(p.get("id")) == pipeline_id), None)
    if found is None:
        other = next((p for p in live if str(p.get("label", "")) == label), None)
        if other is not None:
            taken = (
                f"{pipeline.resource_id}: a pipeline labelled {label!r} exists with id "
                f"{other.get('id')!r} (made by someone else); HubSpot pipeline labels "
                "are unique"
            )
            return GroupResult({c.resource_id: ChangeOutcome.failed(taken) for c in members})
        gone = f"{why}; the pipeline does not exist: nothing was created, re-run apply"
        return GroupResult({c.resource_id: ChangeOutcome.failed(gone) for c in members})
    return GroupResult(_pipeline_outcomes(obj, found, pipeline, wanted, adopting=why))


def _pipeline_outcomes(
    obj: str,
    data: Mapping[str, Any],
    pipeline: Change,
    wanted: Mapping[str, Change],
    *,
    adopting: str | None,
) -> dict[ResourceId, ChangeOutcome]:
    """An outcome for the pipeline and every stage asked for, from one live pipeline.

    `adopting` (why the create failed) when `data` was re-read after an ambiguous create:
    then each object must match what was asked. A stage the pipeline lacks fails."""
    resources = pipeline_from_api(obj, data)
    remote_id = str(data["id"])
    outcomes: dict[ResourceId, ChangeOutcome] = {}
    attrs = canonical_pipeline(_after(pipeline))
    if adopting is None:
        result = ApplyResult(remote_id=remote_id, attributes=dict(resources[0].attributes))
        outcomes[pipeline.resource_id] = ChangeOutcome.ok(result)
    else:
        outcomes[pipeline.resource_id] = _adoption(
            pipeline, resources[0], remote_id, attrs, why=adopting
        )
    live = {r.id.key.rsplit("/", 1)[1]: r for r in resources[1:]}
    # HubSpot may mint its own stage ids (clients before February 2026 never sent `stageId`,
    # and nothing promises it is honoured): a stage asked for is the live one with its id,
    # else the one with its label (unique within a pipeline), and its remote id is HubSpot's.
    by_label = {str(r.attributes.get("label")): k for k, r in live.items()}
    for asked, change in wanted.items():
        stage_id = asked
        if asked not in live:
            stage_id = by_label.get(str(_after(change).get("label")), asked)
        stage = live.get(stage_id)
        if adopting is not None:
            canonical = canonical_stage(_after(change))
            outcomes[change.resource_id] = _adoption(
                change, stage, stage_id, canonical, why=adopting
            )
        elif stage is None:
            outcomes[change.resource_id] = ChangeOutcome.failed(
                f"{change.resource_id}: HubSpot created the pipeline without this stage"
            )
        else:
            result = ApplyResult(remote_id=stage_id, attributes=dict(stage.attributes))
            outcomes[change.resource_id] = ChangeOutcome.ok(result)
    return outcomes
