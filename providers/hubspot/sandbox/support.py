"""`HubSpotSandbox`: the HubSpot emulator as `revops sandbox serve|seed|status|reset` drives it.

`HubSpotProvider.sandbox()` returns one; the CLI resolves the target, its database path
(`SandboxSupport.db_path`) and the options, and calls these methods. Each is thin over the
package (`HubSpotStore`, `seed`, `serve`), which a Python user calls the same way. Heavy
imports (Starlette, uvicorn) load only when a portal is served.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from revops_as_code.errors import UsageError
from revops_as_code.providers.base import SandboxSupport
from revops_as_code.providers.sandbox_support import aware, serve_announced

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .store import HubSpotStore

SHOWN_TOKEN = "sandbox"
"""The bearer token shown in the curl hint: the sandbox accepts any unless one is required."""
VENDOR_URL = "https://api.hubapi.com"
"""What the served base URL stands in for."""


class HubSpotSandbox(SandboxSupport):
    """The built-in HubSpot sandbox: a local, persistent portal that speaks HubSpot's API."""

    name = "hubspot"
    title = "HubSpot sandbox"
    profiles = ("small", "large")

    def serve(
        self,
        db: Path,
        host: str,
        port: int,
        *,
        faults: Sequence[str] = (),
        limits: bool = True,
        token: str | None = None,
        seed: bool = True,
        echo: Callable[[str], None] = print,
    ) -> None:
        from .server import serve as run_server

        config = _serve_config(db, faults, limits, token)
        shown = "$TOKEN" if token else SHOWN_TOKEN
        serve_announced(
            self.title, db, host, port,
            seed_if_empty=seed_if_empty if seed else None,
            seeded="Seeded the demo portal",
            vendor_url=VENDOR_URL,
            try_line=lambda base: (
                f"curl -H 'Authorization: Bearer {shown}' {base}/crm/v3/properties/contacts"
            ),
            faults=config.faults,
            echo=echo,
            run=lambda sock, bound: run_server(host, bound, config, sock=sock),
        )  # fmt: skip

    def seed(
        self,
        db: Path,
        profile: str | None = None,
        *,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> str:
        from .seed import DEFAULT_SEED, manifest_path
        from .seed import seed as run_seed

        profile = profile or self.profiles[0]
        if profile not in self.profiles:
            raise UsageError(
                f"unknown seed profile {profile!r}",
                hint=f"one of: {', '.join(self.profiles)}",
            )
        seed_value = DEFAULT_SEED if seed is None else seed
        store = open_store(db)
        try:
            manifest = run_seed(store, profile, seed_value, now=aware(now))
        finally:
            store.close()
        return "\n".join(
            [
                f"Seeded {db} ({profile} profile, seed {seed_value}).",
                format_counts(manifest.counts),
                manifest.summary(),
                f"Manifest: {manifest_path(db)}",
            ]
        )

    def status(self, db: Path) -> str:
        from .seed import stored_manifest

        store = open_store(db)
        try:
            counts = store.counts()
            manifest = stored_manifest(store)
        finally:
            store.close()
        lines = [f"Sandbox: {db}", format_counts(counts)]
        if manifest is None:
            lines.append("Not seeded by `revops sandbox seed` (no manifest).")
        else:
            lines.append(manifest.summary())
        return "\n".join(lines)

    def reset(self, db: Path) -> None:
        from .seed import manifest_path

        store = open_store(db)
        try:
            store.reset()
        finally:
            store.close()
        manifest_path(db).unlink(missing_ok=True)


def seed_if_empty(db: Path) -> bool:
    """Seed the small demo portal ("Northwind Cloud") into a new or empty sandbox; True when
    it seeded."""
    from .seed import seed as run_seed

    store = open_store(db)
    try:
        if any(store.counts().values()):
            return False
        run_seed(store)
        return True
    finally:
        store.close()


def open_store(db: Path) -> HubSpotStore:
    """The portal in `db` (created if new); a path that cannot be one is a `UsageError`."""
    from .store import HubSpotStore

    try:
        return HubSpotStore(db)
    except Exception as exc:  # sqlite3 errors and OS errors: a path that cannot be a portal
        raise UsageError(f"cannot open the sandbox at {db}: {exc}") from None


def format_counts(counts: dict[str, int]) -> str:
    """Two lines: the portal's configuration and its records."""
    config = ("property_groups", "properties", "pipelines", "stages", "owners")
    records = ("companies", "contacts", "deals", "tickets", "associations")
    line_1 = ", ".join(f"{counts.get(k, 0):,} {k.replace('_', ' ')}" for k in config)
    line_2 = ", ".join(f"{counts.get(k, 0):,} {k}" for k in records)
    return f"  config:  {line_1}\n  records: {line_2}"


def _serve_config(
    db: Path, faults: Sequence[str], limits: bool, token: str | None
) -> SandboxConfig:
    from .config import FaultRule, Limits, SandboxConfig

    rules = tuple(FaultRule.parse(spec) for spec in faults)
    return SandboxConfig(
        db_path=db,
        token=token,
        limits=Limits() if limits else Limits.off(),
        faults=rules,
    )


__all__ = ["HubSpotSandbox", "format_counts", "open_store", "seed_if_empty"]
