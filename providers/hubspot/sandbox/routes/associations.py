"""Associations v4: read one record's associations, batch read, create the default
association, and the label definitions between two object types.

Shapes per HubSpot's Associations v4 API: `MultiAssociatedObjectWithLabel{toObjectId,
associationTypes[{category, typeId, label}]}`; batch read answers `{status, results[{from{id},
to[...]}], startedAt, completedAt}` and 207 with per-id errors for records that do not exist.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import JSON, invalid
from ..objecttypes import resolve
from ..store import ASSOCIATION_TYPES
from ..store_base import now_iso
from .common import after_param, batch_body, body, inputs, int_param, paging, store
from .records import missing

MAX_LIMIT = 500


def _types(request: Request) -> tuple[str, str]:
    raw_from = request.path_params.get("objectType") or request.path_params["fromObjectType"]
    raw_to = request.path_params["toObjectType"]
    from_type, to_type = resolve(raw_from), resolve(raw_to)
    if from_type is None or to_type is None or (from_type, to_type) not in ASSOCIATION_TYPES:
        raise invalid(
            f"Unable to infer object type from: {raw_from if from_type is None else raw_to}"
        )
    return from_type, to_type


def _to_list(targets: dict[int, list[JSON]]) -> list[JSON]:
    return [{"toObjectId": to_id, "associationTypes": types} for to_id, types in targets.items()]


async def read(request: Request) -> Response:
    from_type, to_type = _types(request)
    st = store(request)
    try:
        object_id = int(request.path_params["objectId"])
    except ValueError as exc:
        raise missing(from_type, request.path_params["objectId"]) from exc
    if object_id not in st.get_objects(from_type, [object_id]):
        raise missing(from_type, object_id)
    limit = int_param(request, "limit", MAX_LIMIT, high=MAX_LIMIT)
    after = after_param(request.query_params.get("after"))
    targets = st.associations_of(from_type, [object_id], to_type).get(object_id, {})
    page = [t for t in _to_list(targets) if t["toObjectId"] > after]
    next_after = str(page[limit - 1]["toObjectId"]) if len(page) > limit else None
    return JSONResponse({"results": page[:limit], **paging(next_after, request)})


async def batch_read(request: Request) -> Response:
    from_type, to_type = _types(request)
    items = inputs(await body(request), limit=1000)
    started = now_iso()
    st = store(request)
    ids: list[int] = []
    errors: list[JSON] = []
    for item in items:
        raw = item.get("id") if isinstance(item, dict) else None
        try:
            ids.append(int(str(raw)))
        except ValueError:
            errors.append(missing(from_type, raw).batch_error(str(raw)))
    live = st.get_objects(from_type, ids)
    found = st.associations_of(from_type, [i for i in ids if i in live], to_type)
    results = []
    for object_id in ids:
        if object_id not in live:
            errors.append(missing(from_type, object_id).batch_error(str(object_id)))
        elif object_id in found:
            results.append({"from": {"id": str(object_id)}, "to": _to_list(found[object_id])})
    out, status = batch_body(results, errors, started)
    return JSONResponse(out, status_code=status)


async def create_default(request: Request) -> Response:
    from_type, to_type = _types(request)
    st = store(request)
    pair = (request.path_params["objectId"], request.path_params["toObjectId"])
    with st.transaction():
        for kind, raw in ((from_type, pair[0]), (to_type, pair[1])):
            if not str(raw).isdigit() or int(raw) not in st.get_objects(kind, [int(raw)]):
                raise missing(kind, raw)
        st.insert_associations(from_type, to_type, [pair])
    unlabeled = ASSOCIATION_TYPES[(from_type, to_type)][0]
    result = {
        "fromObjectTypeId": from_type,
        "fromObjectId": int(pair[0]),
        "toObjectTypeId": to_type,
        "toObjectId": int(pair[1]),
        "labels": [],
        "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": unlabeled, "label": None}],
    }
    return JSONResponse({"status": "COMPLETE", "results": [result], "startedAt": now_iso(),
                         "completedAt": now_iso()})  # fmt: skip


async def labels(request: Request) -> Response:
    from_type, to_type = _types(request)
    unlabeled, primary = ASSOCIATION_TYPES[(from_type, to_type)]
    results = [{"category": "HUBSPOT_DEFINED", "typeId": unlabeled, "label": None}]
    if primary is not None:
        results.append({"category": "HUBSPOT_DEFINED", "typeId": primary, "label": "Primary"})
    return JSONResponse({"results": results})


def routes() -> list[Route]:
    """The v4 association routes."""
    one = "/crm/v4/objects/{objectType}/{objectId}/associations"
    return [
        Route(one + "/default/{toObjectType}/{toObjectId}", create_default, methods=["PUT"]),
        Route(one + "/{toObjectType}", read, methods=["GET"]),
        Route(
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read",
            batch_read,
            methods=["POST"],
        ),
        Route(
            "/crm/associations/v4/{fromObjectType}/{toObjectType}/labels", labels, methods=["GET"]
        ),
        Route(
            "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels", labels, methods=["GET"]
        ),
    ]
