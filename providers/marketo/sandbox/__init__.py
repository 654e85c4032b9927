"""The built-in Marketo sandbox: a wire-compatible emulator of the Marketo REST APIs the
provider uses (identity, lead schema, leads, usage), persisted in SQLite.

- `MarketoStore` (store.py): the instance; the seed (seed.py) writes through it.
- `SandboxConfig`, `Limits`, `FaultRule` (config.py): what an app instance enforces.
- `create_app(config)` (app.py), `SandboxTransport(config)` (transport.py, in-process),
  `serve`/`running_server` (server.py, TCP).
- `MarketoSandbox` (support.py): what `revops sandbox` drives.

Imports are lazy so the store and config load without Starlette.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .config import FaultRule, Limits, SandboxConfig
    from .server import running_server
    from .store import MarketoStore
    from .support import MarketoSandbox
    from .transport import SandboxTransport

__all__ = [
    "FaultRule",
    "Limits",
    "MarketoSandbox",
    "MarketoStore",
    "SandboxConfig",
    "SandboxTransport",
    "create_app",
    "running_server",
]

_HOMES = {
    "FaultRule": "config",
    "Limits": "config",
    "SandboxConfig": "config",
    "MarketoStore": "store",
    "MarketoSandbox": "support",
    "create_app": "app",
    "SandboxTransport": "transport",
    "running_server": "server",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
