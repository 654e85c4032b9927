"""Reaching the built-in HubSpot sandbox in-process, seeding it on first use.

The sandbox (`revops_as_code.providers.hubspot.sandbox`) serves HubSpot's API from SQLite
through a sync httpx transport, so the provider's client is the same one that talks to
api.hubapi.com. This module is the provider's only knowledge of the sandbox: where a
target's database lives (the same file `revops sandbox` uses: `sandbox_path`, else
`.revops/sandbox/<environment>-<target>.db`) and that an empty one gets the demo portal
("Northwind Cloud") seeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx


def db_path(settings: Mapping[str, Any]) -> Path:
    """The target's sandbox database, from the provider's settings (`project_dir`,
    `environment`, `target`, `sandbox_path`): the path `revops sandbox` works on."""
    from .sandbox.support import HubSpotSandbox

    return HubSpotSandbox().db_path(settings)


def transport(db_path: Path) -> httpx.BaseTransport:
    """An in-process transport to the sandbox at `db_path` (created and seeded if new)."""
    from .sandbox import SandboxConfig, SandboxTransport

    db_path.parent.mkdir(parents=True, exist_ok=True)
    seed_if_empty(db_path)
    return SandboxTransport(SandboxConfig(db_path=db_path))


def seed_if_empty(db_path: Path) -> bool:
    """Seed the small demo portal into a new or empty sandbox; True when it seeded."""
    from .sandbox.support import seed_if_empty as seed_empty

    return seed_empty(db_path)


__all__ = ["db_path", "seed_if_empty", "transport"]
