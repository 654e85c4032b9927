"""Properties v3 and property groups: `/crm/v3/properties/{objectType}[/groups]`.

Behaviour per [HS-spec] properties.json and the spec notes (a.1): `archived=true` lists only
archived properties; create answers 201, duplicates 409; PATCH replaces `options` as a whole
and cannot change `name`; HubSpot-defined properties have read-only definitions; DELETE is a
soft archive (204); batch create/read answer 207 when some inputs fail.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import ApiError, conflict, invalid, not_found
from ..shapes import complete_group, complete_property
from ..store_base import now_iso
from ..validation import check_definition, check_name
from .common import batch_body, body, flag, inputs, object_type, store

_UPDATABLE = frozenset(
    {
        "label", "type", "fieldType", "groupName", "options", "hidden", "formField",
        "displayOrder", "description", "calculationFormula", "numberDisplayHint",
        "dateDisplayHint", "textDisplayHint", "showCurrencySymbol", "currencyPropertyName",
        "dataSensitivity", "sensitiveDataCategories", "referencedObjectType", "externalOptions",
    }
)  # fmt: skip
"""`PropertyUpdate`'s fields ([HS-spec]); `name` and `hasUniqueValue` are immutable."""

_CREATABLE = _UPDATABLE | {"name", "hasUniqueValue"}


def _live_groups(request: Request, ot: str) -> set[str]:
    return {g["name"] for g in store(request).list_groups(ot)}


def _create_one(request: Request, ot: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise invalid("each property input must be an object")
    name = check_name(data.get("name"), "Property")
    unknown = sorted(set(data) - _CREATABLE)
    if unknown:
        raise invalid(
            f"Unrecognized field(s) {unknown}", code="UNRECOGNIZED_FIELD", field=unknown[0]
        )
    st = store(request)
    existing = st.get_property(ot, name)
    if existing is not None:
        state = "an archived" if existing.get("archived") else "a"
        raise conflict(f"Property {name} already exists as {state} property", name=[name])
    doc = complete_property({**data, "hubspotDefined": False})
    doc.pop("hubspotDefined")  # portal-created properties do not carry the flag
    check_definition(doc, _live_groups(request, ot))
    st.put_properties(ot, [doc])
    return doc


async def list_properties(request: Request) -> Response:
    ot = object_type(request)
    docs = store(request).list_properties(ot, archived=flag(request, "archived"))
    wanted = {p for v in request.query_params.getlist("properties") for p in v.split(",") if p}
    if wanted:
        docs = [d for d in docs if d["name"] in wanted]
    return JSONResponse({"results": docs})


async def create_property(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    with store(request).transaction():
        doc = _create_one(request, ot, data)
    return JSONResponse(doc, status_code=201)


def _get(request: Request, ot: str, name: str, *, archived: bool = False) -> dict[str, Any]:
    doc = store(request).get_property(ot, name)
    if doc is None or bool(doc.get("archived")) != archived:
        raise not_found(f"Unable to find property {name} for object type {ot}", name=[name])
    return doc


async def read_property(request: Request) -> Response:
    ot = object_type(request)
    name = request.path_params["propertyName"]
    return JSONResponse(_get(request, ot, name, archived=flag(request, "archived")))


async def update_property(request: Request) -> Response:
    ot = object_type(request)
    name = request.path_params["propertyName"]
    data = await body(request)
    st = store(request)
    with st.transaction():
        current = _get(request, ot, name)
        if ("name" in data and data["name"] != name) or "hasUniqueValue" in data:
            raise invalid("name and hasUniqueValue cannot be changed", code="IMMUTABLE_FIELD")
        unknown = sorted(set(data) - _UPDATABLE - {"name"})
        if unknown:
            raise invalid(f"Unrecognized field(s) {unknown}", code="UNRECOGNIZED_FIELD")
        meta = current.get("modificationMetadata", {})
        if meta.get("readOnlyDefinition"):
            options_only = set(data) - {"name"} <= {"options"}
            if not (options_only and meta.get("readOnlyOptions") is False):
                raise ApiError(
                    400,
                    f"{name} is a HubSpot-defined property and its definition is read-only",
                    sub_category="PropertyUpdateError.READ_ONLY_DEFINITION",
                    errors=[{"message": "read-only definition", "code": "READ_ONLY_DEFINITION"}],
                )
        merged = {**current, **{k: v for k, v in data.items() if k != "name"}}
        if "options" in data:
            merged["options"] = data["options"] or []
        merged.pop("updatedAt", None)
        doc = complete_property(merged)
        doc["createdAt"] = current["createdAt"]
        doc["updatedAt"] = now_iso()
        check_definition(doc, _live_groups(request, ot))
        st.put_properties(ot, [doc])
    return JSONResponse(doc)


def _archive_one(request: Request, ot: str, name: str) -> None:
    current = _get(request, ot, name)
    if not current.get("modificationMetadata", {}).get("archivable", True):
        raise ApiError(
            400,
            f"{name} is a HubSpot-defined property and cannot be archived",
            errors=[{"message": "not archivable", "code": "NOT_ARCHIVABLE"}],
        )
    stamp = now_iso()
    store(request).put_properties(
        ot, [{**current, "archived": True, "archivedAt": stamp, "updatedAt": stamp}]
    )


async def archive_property(request: Request) -> Response:
    ot = object_type(request)
    with store(request).transaction():
        _archive_one(request, ot, request.path_params["propertyName"])
    return Response(status_code=204)


async def batch_create(request: Request) -> Response:
    ot = object_type(request)
    items = inputs(await body(request))
    started = now_iso()
    results, errors = [], []
    with store(request).transaction():
        for item in items:
            try:
                results.append(_create_one(request, ot, item))
            except ApiError as exc:
                errors.append(exc.batch_error())
    out, _status = batch_body(results, errors, started)
    return JSONResponse(out, status_code=207 if errors else 201)


async def batch_read(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    items = inputs(data)
    archived = bool(data.get("archived", False))
    started = now_iso()
    results, errors = [], []
    for item in items:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        try:
            results.append(_get(request, ot, name, archived=archived))
        except ApiError as exc:
            errors.append(exc.batch_error(name))
    out, status = batch_body(results, errors, started)
    return JSONResponse(out, status_code=status)


async def batch_archive(request: Request) -> Response:
    ot = object_type(request)
    items = inputs(await body(request))
    with store(request).transaction():
        for item in items:
            name = str(item.get("name", "")) if isinstance(item, dict) else ""
            doc = store(request).get_property(ot, name)
            if doc is not None and not doc.get("archived"):
                _archive_one(request, ot, name)
    return Response(status_code=204)


# -- groups ------------------------------------------------------------------------------


def _get_group(request: Request, ot: str, name: str) -> dict[str, Any]:
    doc = store(request).get_group(ot, name)
    if doc is None or doc.get("archived"):
        raise not_found(f"Unable to find property group {name} for object type {ot}", name=[name])
    return doc


async def list_groups(request: Request) -> Response:
    ot = object_type(request)
    return JSONResponse(
        {"results": store(request).list_groups(ot, archived=flag(request, "archived"))}
    )


async def create_group(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    name = check_name(data.get("name"), "Property group")
    if not data.get("label"):
        raise invalid("label is required", code="REQUIRED", field="label")
    st = store(request)
    with st.transaction():
        if st.get_group(ot, name) is not None:
            raise conflict(f"Property group {name} already exists", name=[name])
        doc = complete_group(
            {"name": name, "label": data["label"], "displayOrder": data.get("displayOrder", -1)}
        )
        st.insert_property_groups(ot, [doc])
    return JSONResponse(doc, status_code=201)


async def read_group(request: Request) -> Response:
    ot = object_type(request)
    return JSONResponse(_get_group(request, ot, request.path_params["groupName"]))


async def update_group(request: Request) -> Response:
    ot = object_type(request)
    data = await body(request)
    st = store(request)
    with st.transaction():
        current = _get_group(request, ot, request.path_params["groupName"])
        if "name" in data and data["name"] != current["name"]:
            raise invalid(
                "A property group's name cannot be changed", code="IMMUTABLE_FIELD", field="name"
            )
        doc = complete_group(
            {**current, **{k: data[k] for k in ("label", "displayOrder") if k in data}}
        )
        st.insert_property_groups(ot, [doc])
    return JSONResponse(doc)


async def archive_group(request: Request) -> Response:
    ot = object_type(request)
    st = store(request)
    with st.transaction():
        current = _get_group(request, ot, request.path_params["groupName"])
        # Not documented: the sandbox refuses to archive a group that still holds live
        # properties, so no property is left pointing at an archived group.
        users = [p["name"] for p in st.list_properties(ot) if p["groupName"] == current["name"]]
        if users:
            raise invalid(
                f"Property group {current['name']} still holds properties: {', '.join(users[:10])}",
                code="GROUP_NOT_EMPTY",
            )
        st.insert_property_groups(ot, [{**current, "archived": True}])
    return Response(status_code=204)


def routes(prefix: str) -> list[Route]:
    """The routes under `prefix` (`/crm/v3/properties` or a dated twin)."""
    base = prefix + "/{objectType}"
    return [
        Route(base + "/groups", list_groups, methods=["GET"]),
        Route(base + "/groups", create_group, methods=["POST"]),
        Route(base + "/groups/{groupName}", read_group, methods=["GET"]),
        Route(base + "/groups/{groupName}", update_group, methods=["PATCH"]),
        Route(base + "/groups/{groupName}", archive_group, methods=["DELETE"]),
        Route(base + "/batch/create", batch_create, methods=["POST"]),
        Route(base + "/batch/read", batch_read, methods=["POST"]),
        Route(base + "/batch/archive", batch_archive, methods=["POST"]),
        Route(base, list_properties, methods=["GET"]),
        Route(base, create_property, methods=["POST"]),
        Route(base + "/{propertyName}", read_property, methods=["GET"]),
        Route(base + "/{propertyName}", update_property, methods=["PATCH"]),
        Route(base + "/{propertyName}", archive_property, methods=["DELETE"]),
    ]
