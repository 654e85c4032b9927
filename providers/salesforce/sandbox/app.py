"""`create_app(config)`: the Starlette app serving Salesforce's REST and Tooling paths.

Three Starlette routes: the token endpoint, the version list, and everything under
`/services/data/vXX.X/`, which goes to `router.dispatch` in a worker thread (handlers are
sync; see `router.py`). The `Gateway` wraps it all (faults, auth, allocation, headers).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import router
from .config import SandboxConfig
from .errors import ApiError, not_found
from .gateway import Gateway
from .router import Call, Context, Reply, dispatch
from .routes import auth, bulk, composite, meta, query, records, tooling
from .store import SalesforceStore

router.register(
    meta.ROUTES + query.ROUTES + tooling.ROUTES + records.ROUTES + composite.ROUTES + bulk.ROUTES
)

_MAX_CURSORS = 200
"""Query cursors kept per app (oldest dropped first), like Salesforce's cap on open cursors."""


def parse_body(raw: bytes) -> Any:
    """The JSON body, or 400 `JSON_PARSER_ERROR` as Salesforce words it."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line, column = getattr(exc, "lineno", 1), getattr(exc, "colno", 1)
        raise ApiError(
            400,
            "JSON_PARSER_ERROR",
            f"Unexpected character at [line:{line}, column:{column}]: the body is not valid JSON",
        ) from None


def render(reply: Reply) -> Response:
    if reply.status in (204, 304) or reply.body is None:
        return Response(status_code=reply.status, headers=reply.headers)
    if isinstance(reply.body, bytes):
        # A CSV result set (Bulk API 2.0): sent as it is, with the reply's Content-Type.
        return Response(reply.body, status_code=reply.status, headers=reply.headers)
    return JSONResponse(
        reply.body,
        status_code=reply.status,
        headers=reply.headers,
        media_type="application/json;charset=UTF-8",
    )


async def _api(request: Request) -> Response:
    raw = await request.body()
    try:
        body = parse_body(raw)
    except ApiError as exc:
        return render(Reply(exc.status, exc.body()))
    call = Call(
        method=request.method,
        path=str(request.path_params.get("rest", "")),
        version=str(request.path_params["version"]),
        query=dict(request.query_params),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        raw_body=raw,
    )
    context: Context = request.app.state.context
    reply = await run_in_threadpool(dispatch, context, call)
    return render(reply)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = (
        not_found()
        if exc.status_code == 404
        else ApiError(exc.status_code, "UNKNOWN", str(exc.detail))
    )
    return JSONResponse(error.body(), status_code=error.status)


async def _server_error(request: Request, exc: Exception) -> Response:
    error = ApiError(
        500, "UNKNOWN_EXCEPTION", f"An unexpected error occurred: {type(exc).__name__}"
    )
    return JSONResponse(error.body(), status_code=500)


class SandboxApp(Starlette):
    """The app plus its gateway; `store` is the open org."""

    def __init__(self, config: SandboxConfig) -> None:
        methods = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"]
        super().__init__(
            routes=[
                Route("/services/oauth2/token", auth.token, methods=["POST"]),
                Route("/services/data", meta.versions, methods=["GET"]),
                Route("/services/data/", meta.versions, methods=["GET"]),
                Route("/services/data/v{version}/{rest:path}", _api, methods=methods),
                Route("/services/data/v{version}", _api, methods=methods),
            ],
            exception_handlers={HTTPException: _http_error, Exception: _server_error},
        )
        self.config = config
        self.store = SalesforceStore(config.db_path)
        self.gateway = Gateway(super().__call__, config)
        self.cursors: dict[str, tuple[list[Any], int, int]] = {}
        self.context = Context(
            self.store,
            config,
            usage=self.gateway.usage,
            faults=self.gateway.faults,
            cursors=self.cursors,
        )
        self.state.store = self.store
        self.state.config = config
        self.state.context = self.context

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.gateway(scope, receive, send)

    def close(self) -> None:
        self.store.close()


def create_app(config: SandboxConfig) -> SandboxApp:
    """A new app over the org at `config.db_path` (own allocation counter and fault counters)."""
    return SandboxApp(config)
