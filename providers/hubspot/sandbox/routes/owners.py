"""Owners v3 (read-only): `GET /crm/v3/owners` (paged, `email`, `archived`) and
`GET /crm/v3/owners/{ownerId}` (`idProperty=id|userId`), per [HS-spec] crmOwners.json."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import invalid, not_found
from .common import after_param, flag, int_param, paging, store

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


async def list_owners(request: Request) -> Response:
    limit = int_param(request, "limit", DEFAULT_LIMIT, high=MAX_LIMIT)
    after = after_param(request.query_params.get("after"))
    found = store(request).list_owners(
        archived=flag(request, "archived"),
        after=after,
        limit=limit + 1,
        email=request.query_params.get("email"),
    )
    page = found[:limit]
    next_after = page[-1]["id"] if len(found) > limit else None
    return JSONResponse({"results": page, **paging(next_after, request)})


async def read_owner(request: Request) -> Response:
    id_property = request.query_params.get("idProperty", "id")
    if id_property not in ("id", "userId"):
        raise invalid("idProperty must be id or userId", field="idProperty")
    owner_id = request.path_params["ownerId"]
    owner = store(request).get_owner(owner_id, by_user_id=id_property == "userId")
    if owner is None or owner["archived"] != flag(request, "archived"):
        raise not_found(f"Unable to find owner {owner_id}", ownerId=[owner_id])
    return JSONResponse(owner)


def routes(prefix: str) -> list[Route]:
    """The owner routes under `prefix` (`/crm/v3/owners`)."""
    return [
        Route(prefix, list_owners, methods=["GET"]),
        Route(prefix + "/", list_owners, methods=["GET"]),
        Route(prefix + "/{ownerId}", read_owner, methods=["GET"]),
    ]
