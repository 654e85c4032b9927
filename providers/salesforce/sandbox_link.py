"""Reaching the built-in Salesforce sandbox in-process, seeding it on first use.

The sandbox (`revops_as_code.providers.salesforce.sandbox`) serves Salesforce's REST and
Tooling APIs from SQLite through a sync httpx transport, so the provider's client is the
same one that talks to a real org (it even asks the sandbox's `/services/oauth2/token` for a
token). This module is the provider's only knowledge of the sandbox: where a target's
database lives (the file `revops sandbox` uses: `sandbox_path`, else
`.revops/sandbox/<environment>-<target>.db`) and that an empty one gets the demo org seeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from revops_as_code.providers.base import SandboxSupport


def support() -> SandboxSupport:
    """The sandbox as `revops sandbox` drives it."""
    from .sandbox.support import SalesforceSandbox

    return SalesforceSandbox()


def db_path(settings: Mapping[str, Any]) -> Path:
    """The target's sandbox database, from the provider's settings (`project_dir`,
    `environment`, `target`, `sandbox_path`): the path `revops sandbox` works on."""
    return support().db_path(settings)


def transport(db_path: Path) -> httpx.BaseTransport:
    """An in-process transport to the sandbox at `db_path` (created and seeded if new)."""
    from .sandbox import SandboxConfig, SandboxTransport

    db_path.parent.mkdir(parents=True, exist_ok=True)
    seed_if_empty(db_path)
    return SandboxTransport(SandboxConfig(db_path=db_path))


def seed_if_empty(db_path: Path) -> bool:
    """Seed the demo org into a new or empty sandbox; True when it seeded."""
    from .sandbox.support import seed_if_empty as seed_empty

    return seed_empty(db_path)


__all__ = ["db_path", "seed_if_empty", "support", "transport"]
