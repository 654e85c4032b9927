"""Pipelines v3 and their stages, for deals and tickets: `/crm/v3/pipelines/{objectType}`.

Per [HS-spec] pipelines.json and the spec notes (a.2): create answers 201 with generated ids;
labels are unique per object type (a duplicate answers 409 here: the spec says "unique" but
not which status; unverified); deal stages require `probability` metadata, and every metadata
value is stored and returned as a string; PUT replaces the stage list; PATCH `archived` may
only restore; every change is written to the audit log. Deleting (or replacing away) a stage
or pipeline that records use: in `v3` and dated versions up to 2026-03 it proceeds and the
records keep the dangling id; from `2026-09` (and `-beta`) `validateReferencesBeforeDelete`
/ `validateDealStageUsagesBeforeDelete` default to true and the change is refused with a 400
("Breaking Change: Pipeline and pipeline stage delete endpoints will validate references").
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import JSON, ApiError, conflict, invalid, not_found
from ..shapes import complete_pipeline, complete_stage
from ..store import HubSpotStore
from ..store_base import now_iso
from .common import body, flag, object_type, store

_STAGE_PROPERTY = {"deals": "dealstage", "tickets": "hs_pipeline_stage"}
_PIPELINE_PROPERTY = {"deals": "pipeline", "tickets": "hs_pipeline"}
_PROBABILITIES = {f"{i / 10:.1f}" for i in range(11)}


def next_id(st: HubSpotStore) -> str:
    # Ids HubSpot mints for new pipelines and stages are numeric strings.
    current = int(st.get_meta("next_pipeline_id") or "90000000")
    st.set_meta("next_pipeline_id", str(current + 1))
    return str(current)


def _validates(request: Request, ot: str) -> bool:
    version = request.path_params.get("version")  # None on /crm/v3/...
    default = version is not None and str(version) >= "2026-09"
    references = flag(request, "validateReferencesBeforeDelete", default)
    if ot == "deals":
        return flag(request, "validateDealStageUsagesBeforeDelete", default) or (
            "validateReferencesBeforeDelete" in request.query_params and references
        )
    return references


def check_unused(request: Request, ot: str, stage_ids: list[str], pipeline_id: str | None) -> None:
    if not _validates(request, ot) or not (stage_ids or pipeline_id):
        return
    st = store(request)
    if pipeline_id is not None:
        used = st.count_where(
            ot, f"json_extract(props, '$.{_PIPELINE_PROPERTY[ot]}') = ?", [pipeline_id]
        )
        if used:
            raise ApiError(
                400,
                f"Pipeline {pipeline_id} is used by {used} {ot}; pass "
                "validateReferencesBeforeDelete=false to delete it anyway",
                sub_category="PipelineError.PIPELINE_IN_USE",
                context={"pipelineId": [pipeline_id]},
            )
    for stage_id in stage_ids:
        used = st.count_where(ot, f"json_extract(props, '$.{_STAGE_PROPERTY[ot]}') = ?", [stage_id])
        if used:
            raise ApiError(
                400,
                f"Stage {stage_id} is used by {used} {ot}; pass "
                f"{'validateDealStageUsagesBeforeDelete' if ot == 'deals' else 'validateReferencesBeforeDelete'}"
                "=false to delete it anyway",
                sub_category="PipelineError.STAGE_IN_USE",
                context={"stageId": [stage_id]},
            )


def stage_from_input(
    ot: str, data: Any, stage_id: str, now: str, created: str | None = None
) -> JSON:
    if not isinstance(data, dict):
        raise invalid("each stage must be an object", field="stages")
    missing = [f for f in ("label", "displayOrder", "metadata") if data.get(f) is None]
    if missing:
        raise ApiError(
            400,
            f"Stage is missing required field(s): {', '.join(missing)}",
            errors=[{"message": f"{f} is required", "code": "REQUIRED", "in": f} for f in missing],
        )
    metadata = data["metadata"]
    if not isinstance(metadata, dict):
        raise invalid("metadata must be an object of strings", field="metadata")
    stage = complete_stage(
        {"id": stage_id, "label": data["label"], "displayOrder": data["displayOrder"], "metadata": metadata,
         "createdAt": created or now, "updatedAt": now},
    )  # fmt: skip
    meta = stage["metadata"]
    if ot == "deals":
        if "probability" not in meta:
            raise invalid(
                "Deal stages require metadata.probability (0.0 to 1.0)",
                code="MISSING_PROBABILITY",
                field="metadata.probability",
            )
        try:
            probability = float(meta["probability"])
        except ValueError:
            probability = -1.0
        if (
            f"{probability:.1f}" not in _PROBABILITIES
            or abs(probability * 10 - round(probability * 10)) > 1e-9
        ):
            raise invalid(
                f"probability {meta['probability']!r} must be between 0.0 and 1.0 in steps of 0.1",
                code="INVALID_PROBABILITY",
                field="metadata.probability",
            )
        meta.setdefault("isClosed", "false")
    if ot == "tickets" and meta.get("ticketState", "OPEN") not in ("OPEN", "CLOSED"):
        raise invalid("ticketState must be OPEN or CLOSED", field="metadata.ticketState")
    return stage


def unique_labels(stages: list[JSON]) -> None:
    labels = [s["label"] for s in stages if not s["archived"]]
    dupes = sorted({label for label in labels if labels.count(label) > 1})
    if dupes:
        raise invalid(
            f"Stage labels must be unique within a pipeline: {dupes}", code="DUPLICATE_LABEL"
        )


def live_pipeline(request: Request, ot: str, pipeline_id: str) -> JSON:
    doc = store(request).get_pipeline(ot, pipeline_id)
    if doc is None or doc["archived"]:
        raise not_found(
            f"Unable to find pipeline {pipeline_id} for object type {ot}", pipelineId=[pipeline_id]
        )
    return doc


def _check_label(request: Request, ot: str, label: Any, own_id: str | None) -> None:
    if not isinstance(label, str) or not label.strip():
        raise invalid("label is required", code="REQUIRED", field="label")
    for other in store(request).list_pipelines(ot):
        if other["label"] == label and other["id"] != own_id:
            raise conflict(
                f"A pipeline with label {label!r} already exists",
                category="CONFLICT",
                label=[label],
            )


def _audit(request: Request, ot: str, doc: JSON, action: str, stage: JSON | None = None) -> None:
    config = request.app.state.config
    entry = {
        "action": action,
        "identifier": stage["id"] if stage else doc["id"],
        "portalId": config.portal_id,
        "timestamp": now_iso(),
        "message": f"{action} {'stage' if stage else 'pipeline'}",
        "rawObject": stage if stage else doc,
    }
    store(request).add_audit(ot, doc["id"], stage["id"] if stage else None, entry)


def save(request: Request, ot: str, doc: JSON, action: str, stage: JSON | None = None) -> None:
    store(request).put_pipeline(ot, doc)
    _audit(request, ot, doc, action, stage)


async def list_pipelines(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    docs = store(request).list_pipelines(ot)
    return JSONResponse({"results": [without_archived_stages(d) for d in docs]})


def _client_ids(request: Request) -> bool:
    """Whether client-chosen `pipelineId`/`stageId` are honoured (`SandboxConfig.assign_ids`
    off); a server that mints its own is what a client must also handle."""
    return not getattr(request.app.state.config, "assign_ids", False)


async def create_pipeline(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    data = await body(request)
    st = store(request)
    now = now_iso()
    with st.transaction():
        _check_label(request, ot, data.get("label"), None)
        stages_in = _required_stages(data)
        chosen = _client_ids(request)
        pipeline_id = str((chosen and data.get("pipelineId")) or next_id(st))
        if st.get_pipeline(ot, pipeline_id) is not None:
            raise conflict(f"Pipeline id {pipeline_id} already exists", category="CONFLICT")
        stages = [
            stage_from_input(ot, s, str((chosen and s.get("stageId")) or next_id(st)), now)
            for s in stages_in
        ]
        unique_labels(stages)
        doc = complete_pipeline(
            {"id": pipeline_id, "label": data["label"], "displayOrder": data["displayOrder"],
             "stages": stages, "createdAt": now, "updatedAt": now},
        )  # fmt: skip
        save(request, ot, doc, "CREATE")
    return JSONResponse(doc, status_code=201)


async def read_pipeline(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    return JSONResponse(
        without_archived_stages(live_pipeline(request, ot, request.path_params["pipelineId"]))
    )


async def replace_pipeline(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    data = await body(request)
    st = store(request)
    now = now_iso()
    with st.transaction():
        current = live_pipeline(request, ot, request.path_params["pipelineId"])
        _check_label(request, ot, data.get("label"), current["id"])
        stages_in = _required_stages(data)
        old = {s["id"]: s for s in current["stages"] if not s["archived"]}
        stages = []
        for s in stages_in:
            stage_id = (
                str(s.get("stageId") or s.get("id") or next_id(st)) if isinstance(s, dict) else ""
            )
            created = old[stage_id]["createdAt"] if stage_id in old else None
            stages.append(stage_from_input(ot, s, stage_id, now, created))
        dropped = [sid for sid in old if sid not in {s["id"] for s in stages}]
        check_unused(request, ot, dropped, None)
        stages += [
            {**old[sid], "archived": True, "archivedAt": now, "updatedAt": now} for sid in dropped
        ]
        unique_labels(stages)
        doc = {**current, "label": data["label"], "displayOrder": int(data["displayOrder"]),
               "stages": stages, "updatedAt": now}  # fmt: skip
        save(request, ot, doc, "UPDATE")
    return JSONResponse(without_archived_stages(doc))


async def update_pipeline(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    data = await body(request)
    st = store(request)
    with st.transaction():
        pipeline_id = request.path_params["pipelineId"]
        current = st.get_pipeline(ot, pipeline_id)
        if current is None:
            raise not_found(f"Unable to find pipeline {pipeline_id} for object type {ot}")
        if "archived" in data:
            if data["archived"] is not False or not current["archived"]:
                raise invalid(
                    "archived may only be set to false, to restore an archived pipeline",
                    field="archived",
                )
            current = {**current, "archived": False}
            current.pop("archivedAt", None)
        elif current["archived"]:
            raise not_found(f"Unable to find pipeline {pipeline_id} for object type {ot}")
        if "label" in data:
            _check_label(request, ot, data["label"], pipeline_id)
            current["label"] = data["label"]
        if "displayOrder" in data:
            current["displayOrder"] = int(data["displayOrder"])
        current["updatedAt"] = now_iso()
        save(request, ot, current, "UPDATE")
    return JSONResponse(without_archived_stages(current))


async def archive_pipeline(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    st = store(request)
    with st.transaction():
        current = live_pipeline(request, ot, request.path_params["pipelineId"])
        check_unused(request, ot, [s["id"] for s in current["stages"]], current["id"])
        stamp = now_iso()
        doc = {**current, "archived": True, "archivedAt": stamp, "updatedAt": stamp}
        save(request, ot, doc, "DELETE")
    return Response(status_code=204)


async def pipeline_audit(request: Request) -> Response:
    ot = object_type(request, pipelines=True)
    pipeline_id = request.path_params["pipelineId"]
    if store(request).get_pipeline(ot, pipeline_id) is None:
        raise not_found(f"Unable to find pipeline {pipeline_id} for object type {ot}")
    return JSONResponse({"results": store(request).list_audit(ot, pipeline_id)})


def _required_stages(data: JSON) -> list[Any]:
    """A whole-pipeline write (create, replace): `displayOrder` and at least one stage."""
    if data.get("displayOrder") is None:
        raise invalid("displayOrder is required", code="REQUIRED", field="displayOrder")
    stages_in = data.get("stages")
    if not isinstance(stages_in, list) or not stages_in:
        raise invalid(
            "stages is required and must hold at least one stage", code="REQUIRED", field="stages"
        )
    return stages_in


def without_archived_stages(doc: JSON) -> JSON:
    """The pipeline as the API shows it: archived stages are left out."""
    return {**doc, "stages": [s for s in doc["stages"] if not s["archived"]]}


def routes(prefix: str) -> list[Route]:
    """The routes under `prefix` (`/crm/v3/pipelines` or a dated twin)."""
    from . import stages

    base = prefix + "/{objectType}"
    one = base + "/{pipelineId}"
    return [
        Route(base, list_pipelines, methods=["GET"]),
        Route(base, create_pipeline, methods=["POST"]),
        Route(one, read_pipeline, methods=["GET"]),
        Route(one, replace_pipeline, methods=["PUT"]),
        Route(one, update_pipeline, methods=["PATCH"]),
        Route(one, archive_pipeline, methods=["DELETE"]),
        Route(one + "/audit", pipeline_audit, methods=["GET"]),
        *stages.routes(one),
    ]
