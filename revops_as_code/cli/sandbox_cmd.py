"""`revops sandbox serve|reset|seed|status`: run and manage the built-in HubSpot sandbox.

The sandbox portal is one SQLite file, by default `.revops/sandbox/hubspot.db` under the
project directory (`-C`), or the file given with `--db`. These commands are thin: they build
a `SandboxConfig` and call the sandbox package (`HubSpotStore`, `seed`, `serve`), which a
Python user calls the same way.
"""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from revops_as_code.cli.options import CliContext, global_options, handle_errors, interactive
from revops_as_code.errors import UsageError

if TYPE_CHECKING:
    from revops_as_code.providers.hubspot.sandbox.config import SandboxConfig
    from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

DEFAULT_PORT = 8765
"""`revops sandbox serve` listens here unless `--port` says otherwise (0 = any free port)."""
SHOWN_TOKEN = "sandbox"
"""The bearer token shown in the curl hint: the sandbox accepts any unless one is required."""


@dataclass(frozen=True)
class SandboxTarget:
    """Which portal the sub-commands work on: `--db`, else the project's sandbox environment."""

    project_dir: Path
    """The project directory (`-C`)."""
    env_name: str | None
    """`--env`, if given."""
    db_override: Path | None
    """`--db`, if given."""

    @property
    def db_path(self) -> Path:
        """`--db`; else `sandbox_path` of the environment (`--env` or the default one) when it
        is a sandbox environment in `revops.yaml`; else `.revops/sandbox/hubspot.db`."""
        from revops_as_code.config import CONFIG_FILE, load_project
        from revops_as_code.providers.hubspot.sandbox.config import DEFAULT_DB

        if self.db_override is not None:
            return self.db_override
        default = self.project_dir / DEFAULT_DB
        if not (self.project_dir / CONFIG_FILE).is_file():
            if self.env_name:
                raise UsageError(f"--env {self.env_name} needs a {CONFIG_FILE}; none found")
            return default
        environment = load_project(self.project_dir).environment(self.env_name)
        settings = environment.config.settings
        if not settings.get("sandbox"):
            if self.env_name:
                raise UsageError(
                    f"environment {self.env_name!r} does not use the sandbox",
                    hint="pick a sandbox environment with --env, or give the file with --db",
                )
            return default
        path = Path(str(settings.get("sandbox_path") or DEFAULT_DB))
        return path if path.is_absolute() else self.project_dir / path


@click.group()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sandbox's SQLite file (default: the sandbox environment's `sandbox_path` in "
    "revops.yaml, else .revops/sandbox/hubspot.db in the project).",
)
@global_options
@click.pass_context
def sandbox(ctx: click.Context, db_path: Path | None) -> None:
    """The built-in HubSpot sandbox: a local, persistent portal that speaks HubSpot's API."""
    obj = ctx.find_object(CliContext)
    ctx.obj = SandboxTarget(
        project_dir=Path(obj.project_dir) if obj is not None else Path("."),
        env_name=obj.env_name if obj is not None else None,
        db_override=db_path,
    )


@sandbox.command()
@click.option(
    "--profile", type=click.Choice(["small", "large"]), default="small", show_default=True
)
@click.option("--seed", "seed_value", type=int, default=42, show_default=True, help="Random seed.")
@click.option(
    "--now",
    "reference_time",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
    hidden=True,
    help="Date the records against this time instead of the current one (tests).",
)
@global_options
@click.pass_obj
@handle_errors
def seed(
    target: SandboxTarget, profile: str, seed_value: int, reference_time: datetime | None
) -> None:
    """Replace the portal with a freshly generated demo portal (Northwind Cloud).

    `small` (default) has ~300 companies, 2,000 contacts and 400 deals; `large` has 100,000
    contacts for benchmarks. The manifest of planted violations is written next to the
    database.
    """
    from revops_as_code.providers.hubspot.sandbox.seed import manifest_path
    from revops_as_code.providers.hubspot.sandbox.seed import seed as run_seed

    db = target.db_path
    store = _open_store(db)
    try:
        manifest = run_seed(store, profile, seed_value, now=_aware(reference_time))
    finally:
        store.close()
    click.echo(f"Seeded {db} ({profile} profile, seed {seed_value}).")
    click.echo(_format_counts(manifest.counts))
    click.echo(manifest.summary())
    click.echo(f"Manifest: {manifest_path(db)}")


@sandbox.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@global_options
@click.pass_obj
@handle_errors
def reset(target: SandboxTarget, yes: bool) -> None:
    """Empty the portal: delete every property, pipeline, owner, record and association."""
    from revops_as_code.providers.hubspot.sandbox.seed import manifest_path

    db = target.db_path
    if not db.exists():
        click.echo(f"No sandbox at {db}; nothing to reset.")
        return
    if not yes and interactive():
        click.confirm(f"Delete everything in the sandbox at {db}?", abort=True)
    store = _open_store(db)
    try:
        store.reset()
    finally:
        store.close()
    manifest_path(db).unlink(missing_ok=True)
    click.echo(f"Reset {db}: the portal is empty (`revops sandbox seed` refills it).")


@sandbox.command()
@global_options
@click.pass_obj
@handle_errors
def status(target: SandboxTarget) -> None:
    """Show what the portal holds and, if it was seeded, the planted violations."""
    from revops_as_code.providers.hubspot.sandbox.seed import stored_manifest

    db = target.db_path
    if not db.exists():
        click.echo(f"No sandbox at {db} (create one with `revops sandbox seed`).")
        return
    store = _open_store(db)
    try:
        counts = store.counts()
        manifest = stored_manifest(store)
    finally:
        store.close()
    click.echo(f"Sandbox: {db}")
    click.echo(_format_counts(counts))
    if manifest is None:
        click.echo("Not seeded by `revops sandbox seed` (no manifest).")
    else:
        click.echo(manifest.summary())


@sandbox.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
    help="TCP port (0 picks a free one).",
)  # fmt: skip
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="SPEC",
    help="Inject a failure, e.g. `status:status=503,path=/crm/v3/properties/*,nth=2` or a "
    "JSON object; repeatable. Kinds: status, delay, reset, token_expiry, rate_limit_storm.",
)
@click.option("--no-limits", is_flag=True, help="Switch HubSpot's rate limits off.")
@click.option(
    "--token-env",
    metavar="NAME",
    help="Accept only the bearer token held by this environment variable (default: any).",
)
@click.option("--no-seed", is_flag=True, help="Serve an empty portal as it is, without seeding.")
@global_options
@click.pass_obj
@handle_errors
def serve(
    target: SandboxTarget,
    host: str,
    port: int,
    faults: tuple[str, ...],
    no_limits: bool,
    token_env: str | None,
    no_seed: bool,
) -> None:
    """Serve the sandbox over HTTP on HOST:PORT for any HubSpot client (curl, SDKs)."""
    db = target.db_path
    config = _serve_config(db, faults, no_limits, token_env)
    listener = _claim_port(host, port)
    port = int(listener.getsockname()[1])
    try:
        if not no_seed and _seed_if_empty(db):
            click.echo(f"Seeded the demo portal into {db}.")
        base = f"http://{_url_host(host)}:{port}"
        click.echo(f"HubSpot sandbox serving {db}")
        click.echo(f"  base URL: {base}  (use it in place of https://api.hubapi.com)")
        token = "$TOKEN" if token_env else SHOWN_TOKEN
        click.echo(
            f"  try:      curl -H 'Authorization: Bearer {token}' {base}/crm/v3/properties/contacts"
        )
        for rule in config.faults:
            click.echo(f"  fault:    {rule.to_dict()}")
        click.echo("Press Ctrl+C to stop.")
    except BaseException:
        listener.close()
        raise
    from revops_as_code.providers.hubspot.sandbox.server import serve as run_server

    try:
        run_server(host, port, config, sock=listener)
    except KeyboardInterrupt:
        # Ctrl+C is how a foreground server is meant to stop: not an error.
        click.echo("Sandbox stopped.")


def _serve_config(
    db: Path, faults: tuple[str, ...], no_limits: bool, token_env: str | None
) -> SandboxConfig:
    import os

    from revops_as_code.providers.hubspot.sandbox.config import FaultRule, Limits, SandboxConfig

    rules = tuple(FaultRule.parse(spec) for spec in faults)
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise UsageError(f"environment variable {token_env} is not set or empty")
    return SandboxConfig(
        db_path=db,
        token=token,
        limits=Limits.off() if no_limits else Limits(),
        faults=rules,
    )


def _claim_port(host: str, port: int) -> socket.socket:
    """Bind HOST:PORT before anything else happens (0 = any free port); a taken port is a
    clear error rather than uvicorn's exit."""
    from revops_as_code.providers.hubspot.sandbox.server import bind

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


def _seed_if_empty(db_path: Path) -> bool:
    from revops_as_code.providers.hubspot.sandbox.seed import seed as run_seed

    store = _open_store(db_path)
    try:
        if any(store.counts().values()):
            return False
        run_seed(store)
        return True
    finally:
        store.close()


def _open_store(db_path: Path) -> HubSpotStore:
    from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

    try:
        return HubSpotStore(db_path)
    except Exception as exc:  # sqlite3 errors and OS errors: a path that cannot be a portal
        raise UsageError(f"cannot open the sandbox at {db_path}: {exc}") from None


def _aware(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _format_counts(counts: dict[str, int]) -> str:
    config = ("property_groups", "properties", "pipelines", "stages", "owners")
    records = ("companies", "contacts", "deals", "tickets", "associations")
    line_1 = ", ".join(f"{counts.get(k, 0):,} {k.replace('_', ' ')}" for k in config)
    line_2 = ", ".join(f"{counts.get(k, 0):,} {k}" for k in records)
    return f"  config:  {line_1}\n  records: {line_2}"


__all__ = ["DEFAULT_PORT", "SandboxTarget", "sandbox"]
