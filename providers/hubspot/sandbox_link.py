"""Reaching the built-in HubSpot sandbox in-process, seeding it on first use.

The sandbox (`revops_as_code.providers.hubspot.sandbox`) serves HubSpot's API from SQLite through a
sync httpx transport, so the provider's client is the same one that talks to
api.hubapi.com. This module is the provider's only knowledge of the sandbox: where its
database lives and that an empty one gets the demo portal ("Northwind Cloud") seeded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx


def transport(db_path: Path) -> httpx.BaseTransport:
    """An in-process transport to the sandbox at `db_path` (created and seeded if new)."""
    from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

    db_path.parent.mkdir(parents=True, exist_ok=True)
    seed_if_empty(db_path)
    config: Any = SandboxConfig(db_path=db_path)
    result: httpx.BaseTransport = SandboxTransport(config)
    return result


def seed_if_empty(db_path: Path) -> bool:
    """Seed the small demo portal into a new or empty sandbox; True when it seeded."""
    from revops_as_code.providers.hubspot.sandbox import HubSpotStore
    from revops_as_code.providers.hubspot.sandbox.seed import seed

    store: Any = HubSpotStore(db_path)
    try:
        counts = store.counts()
        if any(counts.values()):
            return False
        seed(store)
        return True
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()


__all__ = ["seed_if_empty", "transport"]
