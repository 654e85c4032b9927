"""The HubSpot-compatible sandbox: the CRM a user without credentials runs revops against.

- `HubSpotStore` (store.py): the portal in SQLite; the seed writes through it.
- `SandboxConfig`, `Limits`, `FaultRule` (config.py): what an app instance enforces.
- `create_app(config)` (app.py): the Starlette app serving HubSpot's paths.
- `SandboxTransport(config)` (transport.py): a sync httpx transport serving the app in-process.
- `serve(host, port, config)` (server.py): the app over TCP with uvicorn.

Imports are lazy so that `from revops_as_code.sandbox.hubspot import HubSpotStore` does not
load Starlette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .config import FaultRule, Limits, SandboxConfig
    from .server import running_server, serve
    from .store import HubSpotStore
    from .transport import SandboxTransport

__all__ = [
    "FaultRule",
    "HubSpotStore",
    "Limits",
    "SandboxConfig",
    "SandboxTransport",
    "create_app",
    "running_server",
    "serve",
]

_HOMES = {
    "FaultRule": "config",
    "Limits": "config",
    "SandboxConfig": "config",
    "HubSpotStore": "store",
    "create_app": "app",
    "SandboxTransport": "transport",
    "serve": "server",
    "running_server": "server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
