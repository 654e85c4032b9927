"""`create_app(config)`: the Starlette app serving HubSpot's CRM paths from the store.

Routes live one module per API under `routes/`; this module wires them, renders `ApiError`
and unknown paths as HubSpot error bodies, and wraps everything in the `Gateway` (faults,
auth, limits). Both the in-process transport and `serve()` run exactly this app.
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
from .gateway import Gateway
from .routes import associations, objects, owners, pipelines, properties, search
from .store import HubSpotStore


def _routes() -> list[BaseRoute]:
    found: list[BaseRoute] = []
    found += properties.routes("/crm/v3/properties")
    found += properties.routes("/crm/properties/{version}")
    found += pipelines.routes("/crm/v3/pipelines")
    found += pipelines.routes("/crm/pipelines/{version}")
    found += owners.routes("/crm/v3/owners")
    found += search.routes("/crm/v3/objects")
    found += objects.routes("/crm/v3/objects")
    found += associations.routes()
    return found


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        message = f"Unable to route {request.method} url: {request.url.path} (method not allowed)"
        error = ApiError(405, message, category="VALIDATION_ERROR")
    else:
        message = f"Unable to route {request.method} url: {request.url.path}"
        error = ApiError(exc.status_code, message, category="OBJECT_NOT_FOUND")
    return JSONResponse(error.body(), status_code=error.status)


async def _server_error(request: Request, exc: Exception) -> Response:
    error = ApiError(500, f"Internal error: {type(exc).__name__}", category="INTERNAL_ERROR")
    return JSONResponse(error.body(), status_code=500)


class SandboxApp(Starlette):
    """The Starlette app plus the gateway in front of it; `store` is the open portal."""

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
        self.store = HubSpotStore(config.db_path)
        self.state.store = self.store
        self.state.config = config
        self.gateway = Gateway(super().__call__, config)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.gateway(scope, receive, send)

    def close(self) -> None:
        """Close the store (the app must not serve afterwards)."""
        self.store.close()


def create_app(config: SandboxConfig) -> SandboxApp:
    """A new app instance over the portal at `config.db_path` (own limits and fault counters)."""
    return SandboxApp(config)
