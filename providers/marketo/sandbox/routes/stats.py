"""`GET /rest/v1/stats/usage.json`: calls consumed today ([MKTO-spec] `UsageData`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..errors import envelope
from .common import query, reply


async def usage(request: Request) -> Response:
    query(request, "/rest/v1/stats/usage.json")
    used = request.app.gateway.limiter.usage
    users = [{"userId": "apis@revops.sandbox", "count": used.total}] if used.total else []
    return reply(envelope([{"date": used.day, "total": used.total, "users": users}]))


def routes() -> list[BaseRoute]:
    return [Route("/rest/v1/stats/usage.json", usage, methods=["GET"])]
