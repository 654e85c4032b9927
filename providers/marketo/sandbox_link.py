"""Reaching the built-in Marketo sandbox in-process, seeding it on first use: where a
target's file lives (the one `revops sandbox` uses) and that an empty one gets the demo
instance. The provider's only knowledge of the sandbox."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx


def db_path(settings: Mapping[str, Any]) -> Path:
    from .sandbox.support import MarketoSandbox

    return MarketoSandbox().db_path(settings)


def transport(path: Path) -> httpx.BaseTransport:
    from .sandbox import SandboxConfig, SandboxTransport
    from .sandbox.support import seed_if_empty

    path.parent.mkdir(parents=True, exist_ok=True)
    seed_if_empty(path)
    return SandboxTransport(SandboxConfig(db_path=path))
