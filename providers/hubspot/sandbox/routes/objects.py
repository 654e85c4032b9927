"""CRM records v3: `/crm/v3/objects/{objectType}` for contacts, companies, deals, tickets.

List (cursor paging by id, `limit` ≤ 100, default 10, `properties`, `associations`,
`archived`), read (`idProperty`), create (201, with `associations`), update (PATCH), archive
(204), and batch read/create/update/archive ([HS-spec] objects.json). Values are checked
against their property definitions; a batch with an invalid value writes nothing (400), ids
that do not exist are reported per item (207).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import JSON, invalid
from ..store import ASSOCIATION_TYPES
from ..store_base import now_iso
from .common import (
    after_param,
    batch_body,
    body,
    csv_params,
    flag,
    inputs,
    int_param,
    object_type,
    paging,
    store,
)
from .records import attach_associations, check_unique_email, checker, find_by, missing, project

MAX_PAGE = 100


async def list_objects(request: Request) -> Response:
    ot = object_type(request)
    limit = int_param(request, "limit", 10, high=MAX_PAGE)
    after = after_param(request.query_params.get("after"))
    rows = store(request).list_objects(
        ot, after=after, limit=limit + 1, archived=flag(request, "archived")
    )
    page = [project(d, ot, csv_params(request, "properties")) for d in rows[:limit]]
    attach_associations(request, ot, page, csv_params(request, "associations"))
    next_after = page[-1]["id"] if len(rows) > limit else None
    return JSONResponse({"results": page, **paging(next_after, request)})


def _one(request: Request, ot: str, raw_id: str, *, archived: bool = False) -> JSON:
    st = store(request)
    object_id = find_by(st, ot, request.query_params.get("idProperty"), raw_id)
    found = st.get_objects(ot, [object_id], archived=archived) if object_id is not None else {}
    if object_id not in found:
        raise missing(ot, raw_id)
    return found[object_id]


async def read_object(request: Request) -> Response:
    ot = object_type(request)
    doc = _one(request, ot, request.path_params["objectId"], archived=flag(request, "archived"))
    out = project(doc, ot, csv_params(request, "properties"))
    attach_associations(request, ot, [out], csv_params(request, "associations"))
    return JSONResponse(out)


def _associations(ot: str, new_id: str, specs: Any) -> list[tuple[str, int, int]]:
    # [{to: {id}, types: [{associationCategory, associationTypeId}]}] -> (to_type, to_id, type)
    by_type = {}
    for (from_type, to_type), (unlabeled, primary) in ASSOCIATION_TYPES.items():
        if from_type == ot:
            by_type[unlabeled] = to_type
            if primary is not None:
                by_type[primary] = to_type
    out = []
    for spec in specs or []:
        try:
            to_id = int(spec["to"]["id"])
            type_ids = [int(t["associationTypeId"]) for t in spec["types"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise invalid("each association needs to.id and types[].associationTypeId") from exc
        for type_id in type_ids:
            if type_id not in by_type:
                raise invalid(
                    f"association type {type_id} is not valid from {ot}", code="INVALID_ASSOCIATION"
                )
            out.append((by_type[type_id], to_id, type_id))
    return out


def _create_many(request: Request, ot: str, items: list[Any]) -> list[JSON]:
    st = store(request)
    check = checker(st, ot)
    prepared: list[tuple[JSON, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            raise invalid("each input must be an object")
        values = check.check(item.get("properties") or {})
        values = {k: v for k, v in values.items() if v != ""}
        if ot == "contacts":
            check_unique_email(st, values)
            emails = [p[0].get("email") for p in prepared if p[0].get("email")]
            if values.get("email") in emails:
                raise invalid(f"Duplicate email in batch: {values['email']}", code="DUPLICATE")
        prepared.append((values, item.get("associations")))
    ids = st.insert_objects(ot, [{"properties": values} for values, _ in prepared])
    for new_id, (_, specs) in zip(ids, prepared, strict=True):
        for to_type, to_id, type_id in _associations(ot, new_id, specs):
            if to_id not in st.get_objects(to_type, [to_id]):
                raise missing(to_type, to_id)
            primary = ASSOCIATION_TYPES[(ot, to_type)][1] == type_id
            st.insert_associations(ot, to_type, [(new_id, to_id)], primary=primary)
    docs = st.get_objects(ot, [int(i) for i in ids])
    return [docs[int(i)] for i in ids]


async def create_object(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    with store(request).transaction():
        (doc,) = _create_many(request, ot, [data])
    return JSONResponse(doc, status_code=201)


def _update_many(request: Request, ot: str, items: list[Any]) -> tuple[list[JSON], list[JSON]]:
    st = store(request)
    check = checker(st, ot)
    id_property = request.query_params.get("idProperty")
    updates: dict[int, JSON] = {}
    errors: list[JSON] = []
    for item in items:
        if not isinstance(item, dict) or "id" not in item:
            raise invalid("each input needs an id and properties", code="REQUIRED", field="id")
        object_id = find_by(st, ot, item.get("idProperty") or id_property, item["id"])
        current = st.get_objects(ot, [object_id]) if object_id is not None else {}
        if object_id is None or object_id not in current:
            errors.append(missing(ot, item["id"]).batch_error(str(item["id"])))
            continue
        values = check.check(item.get("properties") or {}, current[object_id]["properties"])
        if ot == "contacts":
            check_unique_email(st, values, object_id)
        updates[object_id] = values
    st.update_objects(ot, updates)
    docs = st.get_objects(ot, list(updates))
    return [docs[i] for i in updates], errors


async def update_object(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    with store(request).transaction():
        results, errors = _update_many(
            request,
            ot,
            [{"id": request.path_params["objectId"], "properties": data.get("properties")}],
        )
    if errors:
        raise missing(ot, request.path_params["objectId"])
    return JSONResponse(results[0])


async def archive_object(request: Request) -> Response:
    ot = object_type(request)
    with store(request).transaction():
        doc = _one(request, ot, request.path_params["objectId"])
        store(request).archive_objects(ot, [int(doc["id"])])
    return Response(status_code=204)


async def batch_read(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    items = inputs(data)
    started = now_iso()
    st = store(request)
    id_property = data.get("idProperty")
    wanted = [str(p) for p in data.get("properties") or []]
    archived = flag(request, "archived")
    results, errors = [], []
    for item in items:
        raw = item.get("id") if isinstance(item, dict) else None
        object_id = find_by(st, ot, id_property, raw) if raw is not None else None
        found = st.get_objects(ot, [object_id], archived=archived) if object_id is not None else {}
        if object_id is None or object_id not in found:
            errors.append(missing(ot, raw).batch_error(str(raw)))
        else:
            results.append(project(found[object_id], ot, wanted))
    out, status = batch_body(results, errors, started)
    return JSONResponse(out, status_code=status)


async def batch_create(request: Request) -> Response:
    ot = object_type(request)
    items = inputs(await body(request))
    started = now_iso()
    with store(request).transaction():
        results = _create_many(request, ot, items)
    out, _ = batch_body(results, [], started)
    return JSONResponse(out, status_code=201)


async def batch_update(request: Request) -> Response:
    ot = object_type(request)
    items = inputs(await body(request))
    started = now_iso()
    with store(request).transaction():
        results, errors = _update_many(request, ot, items)
    out, status = batch_body(results, errors, started)
    return JSONResponse(out, status_code=status)


async def batch_archive(request: Request) -> Response:
    ot = object_type(request)
    items = inputs(await body(request))
    ids = []
    for item in items:
        try:
            ids.append(int(str(item["id"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise invalid("each input needs a numeric id", field="id") from exc
    with store(request).transaction():
        store(request).archive_objects(ot, ids)
    return Response(status_code=204)


def routes(prefix: str) -> list[Route]:
    """The record routes under `prefix` (`/crm/v3/objects`)."""
    base = prefix + "/{objectType}"
    one = base + "/{objectId}"
    return [
        Route(base + "/batch/read", batch_read, methods=["POST"]),
        Route(base + "/batch/create", batch_create, methods=["POST"]),
        Route(base + "/batch/update", batch_update, methods=["POST"]),
        Route(base + "/batch/archive", batch_archive, methods=["POST"]),
        Route(base, list_objects, methods=["GET"]),
        Route(base, create_object, methods=["POST"]),
        Route(one, read_object, methods=["GET"]),
        Route(one, update_object, methods=["PATCH"]),
        Route(one, archive_object, methods=["DELETE"]),
    ]
