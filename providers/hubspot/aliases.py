"""Pipelines and stages whose HubSpot id is not the one revops asked for.

A pipeline's resource key holds its HubSpot id (`deals/renewal/won`), which revops chooses
when it creates one (`pipelineId`/`stageId`). HubSpot need not honour that: clients before
February 2026 could not send `stageId` at all, and a server may always mint its own ids. Apply
records the ids HubSpot returns (state's remote ids); this module then keys the live objects
under the resource ids state knows them by (`deals/90000123` -> `deals/renewal`), so the next
plan compares them instead of creating them again, and tells the writer which HubSpot id to
address for a key.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from revops_as_code.resources import Resource, ResourceId

from .normalize import PIPELINE, STAGE, rid


def aliases(remote_ids: Mapping[ResourceId, str]) -> dict[str, str]:
    """Resource key -> HubSpot key, for pipelines and stages whose remote id differs from
    the id in their key (`deals/renewal` -> `deals/90000123`, `deals/renewal/won` ->
    `deals/90000123/90000125`)."""
    pipelines: dict[str, str] = {}
    for resource, remote in remote_ids.items():
        if resource.kind == PIPELINE:
            obj, pipeline_id = resource.key.split("/", 1)
            if remote and remote != pipeline_id:
                pipelines[resource.key] = f"{obj}/{remote}"
    out = dict(pipelines)
    for resource, remote in remote_ids.items():
        if resource.kind != STAGE:
            continue
        pipeline_key, stage_id = resource.key.rsplit("/", 1)
        live_pipeline = pipelines.get(pipeline_key, pipeline_key)
        live = f"{live_pipeline}/{remote or stage_id}"
        if live != resource.key:
            out[resource.key] = live
    return out


def live_key(key: str, known: Mapping[str, str]) -> str:
    """The HubSpot key to address for a resource key (a stage of an aliased pipeline that is
    not aliased itself keeps its stage id under the pipeline's HubSpot id)."""
    if key in known:
        return known[key]
    head, _, tail = key.rpartition("/")
    if tail and head in known:
        return f"{known[head]}/{tail}"
    return key


def rekey(resources: list[Resource], known: Mapping[str, str]) -> list[Resource]:
    """Live resources keyed as state knows them (unknown ones under their pipeline's key)."""
    if not known:
        return resources
    back = {live: key for key, live in known.items()}
    pipelines_back = {
        live: key for key, live in known.items() if key.count("/") == 1 and live.count("/") == 1
    }

    def key_of(resource: ResourceId) -> ResourceId:
        if resource.kind not in (PIPELINE, STAGE):
            return resource
        if resource.key in back:
            return rid(resource.kind, back[resource.key])
        if resource.kind == STAGE:
            head, _, tail = resource.key.rpartition("/")
            if head in pipelines_back:
                return rid(STAGE, f"{pipelines_back[head]}/{tail}")
        return resource

    return [
        dataclasses.replace(r, id=key_of(r.id), depends_on=tuple(key_of(d) for d in r.depends_on))
        for r in resources
    ]


def by_label(
    desired: list[Resource], live: list[Resource], known: Mapping[str, str]
) -> dict[str, str]:
    """Aliases adopting, by label, a live pipeline made outside revops (HubSpot chose its
    id) for a desired one that is not live under its own id: pipeline labels are unique per
    object type, stage labels within a pipeline ([HS-spec] pipelines.json). Its stages are
    matched by label too; the plan then adopts the pipeline and addresses it by its live id."""
    live_keys = {r.id.key for r in live}
    taken = set(known.values())
    pipelines = {
        (r.id.key.split("/", 1)[0], str(r.attributes.get("label"))): r.id.key
        for r in live
        if r.id.kind == PIPELINE and r.id.key not in taken
    }
    out: dict[str, str] = {}
    for resource in desired:
        key = resource.id.key
        if resource.id.kind != PIPELINE or key in known or key in live_keys:
            continue
        match = pipelines.get((key.split("/", 1)[0], str(resource.attributes.get("label"))))
        if match is None:
            continue
        out[key] = match
        stages = {
            str(r.attributes.get("label")): r.id.key
            for r in live
            if r.id.kind == STAGE and r.id.key.rsplit("/", 1)[0] == match
        }
        for stage in desired:
            if stage.id.kind == STAGE and stage.id.key.rsplit("/", 1)[0] == key:
                live_stage = stages.get(str(stage.attributes.get("label")))
                if live_stage is not None:
                    out[stage.id.key] = live_stage
    return out


__all__ = ["aliases", "by_label", "live_key", "rekey"]
