"""Building a HubSpot provider against a fresh in-process sandbox (no network, no sleeps)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.client import HubSpotClient

TOKEN = "pat-na1-canary-7f3e-4c1d-9a2b-000000000000"
"""A token-shaped canary: it must never show up in output, logs, plans or state."""


def sandbox_transport(db: Path, *, faults: Sequence[Any] = (), token: str | None = None) -> Any:
    from revops_as_code.providers.hubspot.sandbox import Limits, SandboxConfig, SandboxTransport

    config = SandboxConfig(db_path=db, limits=Limits.off(), faults=tuple(faults), token=token)
    return SandboxTransport(config)


def seeded(db: Path) -> Path:
    """Seed the demo portal into `db` (small profile) and return its path."""
    from revops_as_code.providers.hubspot.sandbox_link import seed_if_empty

    db.parent.mkdir(parents=True, exist_ok=True)
    seed_if_empty(db)
    return db


def provider(db: Path, *, faults: Sequence[Any] = (), token: str = TOKEN) -> HubSpotProvider:
    """A provider on the sandbox at `db`, with a client that never sleeps."""
    client = HubSpotClient(
        token,
        transport=sandbox_transport(db, faults=faults),
        rate_limit=False,
        sleep=lambda seconds: None,
    )
    return HubSpotProvider({"sandbox": True, "project_dir": str(db.parent)}, client=client)
