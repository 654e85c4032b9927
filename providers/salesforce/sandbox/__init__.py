"""The built-in Salesforce sandbox: a wire-compatible emulator of the Salesforce REST and
Tooling APIs the provider uses, persisted in SQLite.

- `SalesforceStore` (store.py): the org in SQLite; `load(org)` takes what `seed.build_org` made.
- `SandboxConfig`, `Limits`, `FaultRule` (config.py): what an app instance enforces.
- `create_app(config)` (app.py): the Starlette app serving Salesforce's paths.
- `SandboxTransport(config)` (transport.py): a sync httpx transport serving it in-process.
- `serve(host, port, config)`, `running_server(config)` (server.py): over TCP with uvicorn.
- `SalesforceSandbox` (support.py): what `revops sandbox serve|seed|status|reset` drives.

Imports are lazy so that importing the package does not load Starlette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .config import FaultRule, Limits, SandboxConfig
    from .server import running_server, serve
    from .store import SalesforceStore
    from .support import SalesforceSandbox
    from .transport import SandboxTransport

__all__ = [
    "FaultRule",
    "Limits",
    "SalesforceSandbox",
    "SalesforceStore",
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
    "SalesforceStore": "store",
    "SalesforceSandbox": "support",
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
