"""A `SalesforceProvider` over a fresh in-process sandbox org (seeded with a profile, or built
directly from an `Org` for the big request-count orgs), with optional fault rules."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from revops_as_code.providers.salesforce import SalesforceProvider


def seeded(db: Path, profile: str = "empty") -> Path:
    from revops_as_code.providers.salesforce import sandbox_link

    db.parent.mkdir(parents=True, exist_ok=True)
    sandbox_link.support().seed(db, profile)
    return db


def provider(
    db: Path, *, faults: Sequence[Any] = (), profile: str | None = "empty"
) -> SalesforceProvider:
    """A provider over the sandbox in `db` (seeded with `profile` unless it holds an org)."""
    from revops_as_code.providers.salesforce.sandbox import SandboxConfig, SandboxTransport

    if profile is not None and not db.exists():
        seeded(db, profile)
    transport = SandboxTransport(SandboxConfig(db_path=db, faults=tuple(faults)))
    return SalesforceProvider({"sandbox": True, "sandbox_path": str(db)}, transport=transport)


__all__ = ["provider", "seeded"]
