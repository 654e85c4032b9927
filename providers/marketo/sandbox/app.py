"""`create_app(config)`: the Starlette app serving Marketo's identity and REST paths.

Errors render as Marketo does: HTTP 200, `success: false` (an `ApiError`), unknown paths as
610 "Requested resource not found"; the `Gateway` (faults, auth, limits) wraps it all. Both
the in-process transport and `serve()` run exactly this app.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute

from .config import SandboxConfig
from .errors import ApiError
from .gateway import Gateway, TokenBook
from .routes import fields, identity, leads, stats
from .store import MarketoStore


def _routes() -> list[BaseRoute]:
    return [*identity.routes(), *fields.routes(), *leads.routes(), *stats.routes()]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.http_status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        error = ApiError("605", f"Request method '{request.method}' not supported")
    else:
        error = ApiError("610", f"Requested resource not found: {request.url.path}")
    return JSONResponse(error.body())


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(ApiError("611", f"System error: {type(exc).__name__}").body())


class SandboxApp(Starlette):
    """The app plus its gateway; `store` is the open instance, `tokens` the issued tokens."""

    def __init__(self, config: SandboxConfig) -> None:
        super().__init__(
            routes=_routes(),
            exception_handlers={
                ApiError: _api_error,
                HTTPException: _http_error,
                Exception: _server_error,
            },
        )
        self.config = config
        self.store = MarketoStore(config.db_path)
        self.tokens = TokenBook(config)
        self.state.store = self.store
        self.state.config = config
        self.state.tokens = self.tokens
        self.gateway = Gateway(super().__call__, config, self.tokens)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.gateway(scope, receive, send)

    def close(self) -> None:
        self.store.close()


def create_app(config: SandboxConfig) -> SandboxApp:
    """A new app over the instance at `config.db_path` (own tokens, limits, fault counters)."""
    return SandboxApp(config)
