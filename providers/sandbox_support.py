"""A provider's built-in emulator, as `revops sandbox` drives it (part of the provider
contract): `Provider.sandbox()` returns a `SandboxSupport` or None. Re-exported by
`providers.base`.
"""

from __future__ import annotations

import abc
import errno
import socket
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from revops_as_code.errors import UsageError


class SandboxSupport(abc.ABC):
    """A provider's local emulator of its live system, as `revops sandbox` drives it.

    `Provider.sandbox()` returns one (or None). A target whose settings say `sandbox: true`
    has its own portal in one file (`db_path`): `settings["sandbox_path"]` (relative to the
    project) if set, else `.revops/sandbox/<environment>-<target>.db`. The provider's
    in-process transport uses the same path, so `revops sandbox serve` and `revops plan`
    see one portal. Methods report problems as `UsageError`; texts they return are printed
    as they are.
    """

    name: str = ""
    """Short name; the file name when no target is known (`.revops/sandbox/<name>.db`)."""
    title: str = "sandbox"
    """How messages name it (`HubSpot sandbox`)."""
    profiles: tuple[str, ...] = ()
    """Seed profiles `seed` accepts, the default first."""
    directory: Path = Path(".revops") / "sandbox"
    """Where portals live in a project, one file per environment target."""

    def db_path(self, settings: Mapping[str, Any]) -> Path:
        """The portal's file for a target, from the settings the provider receives
        (`project_dir`, `environment`, `target`, `sandbox_path`)."""
        root = Path(str(settings.get("project_dir") or "."))
        configured = settings.get("sandbox_path")
        if configured:
            path = Path(str(configured))
        elif settings.get("environment") and settings.get("target"):
            path = self.directory / f"{settings['environment']}-{settings['target']}.db"
        else:
            path = self.directory / f"{self.name or 'sandbox'}.db"
        return path if path.is_absolute() else root / path

    @abc.abstractmethod
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
        """Serve the portal in `db` over HTTP on `host:port` (0 = any free port) until
        interrupted (`KeyboardInterrupt` propagates). The port is claimed first (a taken one
        is a `UsageError` before anything is written); then an empty portal is seeded unless
        `seed` is False, and `echo` is handed the lines to show (base URL, a try-it hint).

        `faults`: failures to inject (the emulator's syntax); `limits`: enforce the vendor's
        rate limits; `token`: the only bearer token accepted (None: any)."""

    @abc.abstractmethod
    def seed(
        self,
        db: Path,
        profile: str | None = None,
        *,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> str:
        """Replace the portal in `db` (created if new) with a generated demo portal; returns
        what to show. `profile` is one of `profiles` (None: the default), `seed` the random
        seed, `now` the time records are dated against (None: the current time)."""

    @abc.abstractmethod
    def status(self, db: Path) -> str:
        """What the existing portal in `db` holds, as text."""

    @abc.abstractmethod
    def reset(self, db: Path) -> None:
        """Empty the existing portal in `db` (and remove what `seed` wrote beside it)."""


# -- what every emulator's `serve` does the same way ----------------------------------------


def claim_port(host: str, port: int) -> socket.socket:
    """Bind HOST:PORT before anything else happens (0 = any free port); a taken port is a
    clear error rather than uvicorn's exit."""
    from revops_as_code.providers.sandbox_server import bind

    try:
        return bind(host, port)
    except UsageError as exc:
        cause = exc.__cause__
        if isinstance(cause, OSError) and cause.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use",
                hint="stop the other server or pick another port with --port (0 = any free port)",
            ) from None
        raise


def serve_announced(
    title: str,
    db: Path,
    host: str,
    port: int,
    *,
    seed_if_empty: Callable[[Path], bool] | None,
    seeded: str,
    vendor_url: str,
    try_line: Callable[[str], str],
    faults: Sequence[Any],
    echo: Callable[[str], None],
    run: Callable[[socket.socket, int], None],
) -> None:
    """`SandboxSupport.serve`'s common shape: claim the port, seed an empty store
    (`seed_if_empty`, None: no seeding; `seeded` is what to say), print the base URL, a
    try-it line (`try_line(base)`) and the faults, then `run(listener, port)` until
    interrupted."""
    listener = claim_port(host, port)
    bound = int(listener.getsockname()[1])
    try:
        if seed_if_empty is not None and seed_if_empty(db):
            echo(f"{seeded} into {db}.")
        base = f"http://{f'[{host}]' if ':' in host else host}:{bound}"
        echo(f"{title} serving {db}")
        echo(f"  base URL: {base}  (use it in place of {vendor_url})")
        echo(f"  try:      {try_line(base)}")
        for rule in faults:
            echo(f"  fault:    {rule.to_dict()}")
        echo("Press Ctrl+C to stop.")
    except BaseException:
        listener.close()
        raise
    run(listener, bound)


def aware(moment: datetime | None) -> datetime | None:
    """A naive `--now` read as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
