"""The HubSpot-compatible sandbox: the CRM a user without credentials runs revops against.

A wire-compatible emulator of the HubSpot APIs the provider uses (DESIGN §5), kept inside
the provider package like every provider's emulator. Nothing here is imported by `revops
validate`; the HTTP stack loads only when a sandbox is used.

- `HubSpotStore` (store.py): the portal in SQLite; the seed writes through it.
- `SandboxConfig`, `Limits`, `FaultRule` (config.py): what an app instance enforces.
- `create_app(config)` (app.py): the Starlette app serving HubSpot's paths.
- `SandboxTransport(config)` (transport.py): a sync httpx transport serving the app in-process.
- `serve(host, port, config)` (server.py): the app over TCP with uvicorn.
- `HubSpotSandbox` (support.py): what `revops sandbox serve|seed|status|reset` drives,
  returned by `HubSpotProvider.sandbox()`.

Imports are lazy so that `from revops_as_code.providers.hubspot.sandbox import HubSpotStore`
does not load Starlette.
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
