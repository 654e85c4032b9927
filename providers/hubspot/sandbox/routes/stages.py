"""Pipeline stages: `/crm/v3/pipelines/{objectType}/{pipelineId}/stages[/{stageId}]`.

Creating mints an id (or takes `stageId`); PUT replaces label, order and metadata; PATCH
requires `metadata` ([HS-spec] `PipelineStagePatchInput`) and merges it; DELETE archives the
stage, refusing when records use it only if the version or flags ask for validation (see
`pipelines.py`). Every change is audited on the stage and its pipeline.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import JSON, conflict, invalid, not_found
from ..store_base import now_iso
from .common import body, object_type, store
from .pipelines import check_unused, live_pipeline, next_id, save, stage_from_input, unique_labels


def _find(doc: JSON, stage_id: str) -> JSON:
    for stage in doc["stages"]:
        if stage["id"] == stage_id and not stage["archived"]:
            found: JSON = stage
            return found
    raise not_found(f"Unable to find stage {stage_id} in pipeline {doc['id']}", stageId=[stage_id])


async def list_stages(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    doc = live_pipeline(request, ot, request.path_params["pipelineId"])
    return JSONResponse({"results": [s for s in doc["stages"] if not s["archived"]]})


async def create_stage(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    data = await body(request)
    st = store(request)
    now = now_iso()
    with st.transaction():
        doc = live_pipeline(request, ot, request.path_params["pipelineId"])
        honour = not getattr(request.app.state.config, "assign_ids", False)
        stage_id = str((honour and data.get("stageId")) or next_id(st))
        if any(s["id"] == stage_id for s in doc["stages"]):
            raise conflict(f"Stage id {stage_id} already exists", category="CONFLICT")
        stage = stage_from_input(ot, data, stage_id, now)
        doc["stages"].append(stage)
        unique_labels(doc["stages"])
        doc["updatedAt"] = now
        save(request, ot, doc, "CREATE", stage)
    return JSONResponse(stage, status_code=201)


async def read_stage(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    doc = live_pipeline(request, ot, request.path_params["pipelineId"])
    return JSONResponse(_find(doc, request.path_params["stageId"]))


async def replace_stage(request: Request) -> Response:
    return await _change_stage(request, replace=True)


async def update_stage(request: Request) -> Response:
    return await _change_stage(request, replace=False)


async def _change_stage(request: Request, *, replace: bool) -> Response:
    ot = object_type(request, pipelines=True)
    data = await body(request)
    st = store(request)
    now = now_iso()
    with st.transaction():
        doc = live_pipeline(request, ot, request.path_params["pipelineId"])
        current = _find(doc, request.path_params["stageId"])
        if not replace:
            if not isinstance(data.get("metadata"), dict):
                raise invalid("metadata is required", code="REQUIRED", field="metadata")
            data = {
                "label": data.get("label", current["label"]),
                "displayOrder": data.get("displayOrder", current["displayOrder"]),
                "metadata": {**current["metadata"], **data["metadata"]},
            }
        stage = stage_from_input(ot, data, current["id"], now, current["createdAt"])
        doc["stages"] = [stage if s is current else s for s in doc["stages"]]
        unique_labels(doc["stages"])
        doc["updatedAt"] = now
        save(request, ot, doc, "UPDATE", stage)
    return JSONResponse(stage)


async def archive_stage(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    st = store(request)
    now = now_iso()
    with st.transaction():
        doc = live_pipeline(request, ot, request.path_params["pipelineId"])
        current = _find(doc, request.path_params["stageId"])
        check_unused(request, ot, [current["id"]], None)
        stage = {**current, "archived": True, "archivedAt": now, "updatedAt": now}
        doc["stages"] = [stage if s is current else s for s in doc["stages"]]
        doc["updatedAt"] = now
        save(request, ot, doc, "DELETE", stage)
    return Response(status_code=204)


async def stage_audit(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    pipeline_id, stage_id = request.path_params["pipelineId"], request.path_params["stageId"]
    doc = store(request).get_pipeline(ot, pipeline_id)
    if doc is None or not any(s["id"] == stage_id for s in doc["stages"]):
        raise not_found(f"Unable to find stage {stage_id} in pipeline {pipeline_id}")
    return JSONResponse({"results": store(request).list_audit(ot, pipeline_id, stage_id)})


def routes(pipeline_path: str) -> list[Route]:
    """The stage routes under one pipeline's path."""
    base = pipeline_path + "/stages"
    one = base + "/{stageId}"
    return [
        Route(base, list_stages, methods=["GET"]),
        Route(base, create_stage, methods=["POST"]),
        Route(one, read_stage, methods=["GET"]),
        Route(one, replace_stage, methods=["PUT"]),
        Route(one, update_stage, methods=["PATCH"]),
        Route(one, archive_stage, methods=["DELETE"]),
        Route(one + "/audit", stage_audit, methods=["GET"]),
    ]
