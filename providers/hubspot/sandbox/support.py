"""`HubSpotSandbox`: the HubSpot emulator as `revops sandbox serve|seed|status|reset` drives it.

`HubSpotProvider.sandbox()` returns one; the CLI resolves the target, its database path
(`SandboxSupport.db_path`) and the options, and calls these methods. Each is thin over the
package (`HubSpotStore`, `seed`, `serve`), which a Python user calls the same way. Heavy
imports (Starlette, uvicorn) load only when a portal is served.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from revops_as_code.errors import UsageError
from revops_as_code.providers.base import SandboxSupport

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
        config = _serve_config(db, faults, limits, token)
        listener = _claim_port(host, port)
        port = int(listener.getsockname()[1])
        try:
            if seed and seed_if_empty(db):
                echo(f"Seeded the demo portal into {db}.")
            base = f"http://{_url_host(host)}:{port}"
            echo(f"{self.title} serving {db}")
            echo(f"  base URL: {base}  (use it in place of {VENDOR_URL})")
            shown = "$TOKEN" if token else SHOWN_TOKEN
            echo(
                f"  try:      curl -H 'Authorization: Bearer {shown}' {base}/crm/v3/properties/contacts"
            )
            for rule in config.faults:
                echo(f"  fault:    {rule.to_dict()}")
            echo("Press Ctrl+C to stop.")
        except BaseException:
            listener.close()
            raise
        from .server import serve as run_server

        run_server(host, port, config, sock=listener)

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
            manifest = run_seed(store, profile, seed_value, now=_aware(now))
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


def _claim_port(host: str, port: int) -> socket.socket:
    """Bind HOST:PORT before anything else happens (0 = any free port); a taken port is a
    clear error rather than uvicorn's exit."""
    from .server import bind

    try:
        return bind(host, port)
    except UsageError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError):
            raise _port_error(host, port, cause) from None
        raise


def _port_error(host: str, port: int, exc: OSError) -> UsageError:
    if exc.errno == errno.EADDRINUSE:
        return UsageError(
            f"port {port} on {host} is already in use",
            hint="stop the other server or pick another port with --port (0 = any free port)",
        )
    return UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


__all__ = ["HubSpotSandbox", "format_counts", "open_store", "seed_if_empty"]
