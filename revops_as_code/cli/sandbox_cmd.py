"""`revops sandbox serve|reset|seed|status`: run and manage a target's local sandbox.

Which sandbox: the target `--target` (or the only one) of the environment `--env` (or the
default one) in `revops.yaml`. Its provider, found through the provider registry, supplies
the emulator (`Provider.sandbox()` -> `SandboxSupport`); this module names no vendor. Each
sandbox target has its own portal in one SQLite file: its `sandbox_path` setting, else
`.revops/sandbox/<env>-<target>.db` under the project; `--db` names another file. Without a
`revops.yaml` the only installed provider that has a sandbox is used, its portal at
`.revops/sandbox/<provider>.db`.

These commands are thin: they resolve the target and the file and call the provider's
`SandboxSupport`, which a Python user calls the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from revops_as_code.cli.options import (
    CliContext,
    current_context,
    global_options,
    handle_errors,
    interactive,
)
from revops_as_code.errors import UsageError
from revops_as_code.providers.base import SandboxSupport

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_PORT = 8765
"""`revops sandbox serve` listens here unless `--port` says otherwise (0 = any free port)."""


@dataclass(frozen=True)
class ResolvedSandbox:
    """The sandbox a sub-command works on."""

    support: SandboxSupport
    """The provider's emulator."""
    db: Path
    """The portal's file."""


@dataclass
class SandboxTarget:
    """What the `sandbox` group and its sub-commands were told: `--db` and `--target`.

    `--env` and `-C` are global options, read from the CLI's context when resolving, so
    they may be given before or after any sub-command."""

    db_override: Path | None = None
    """`--db`, if given."""
    target_name: str | None = None
    """`--target`, if given."""

    def resolve(self) -> ResolvedSandbox:
        """The target's sandbox and its file; `UsageError` when there is none to use."""
        from revops_as_code.config import CONFIG_FILE, load_project
        from revops_as_code.registry import provider_class

        cli = current_context() or CliContext()
        project_dir = Path(cli.project_dir)
        if not (project_dir / CONFIG_FILE).is_file():
            if cli.env_name or self.target_name:
                flag = "--env" if cli.env_name else "--target"
                raise UsageError(
                    f"{flag} needs a {CONFIG_FILE}; none found in {project_dir.absolute()} "
                    "or above",
                    hint="pass -C with the project directory, or give the file with --db",
                )
            only = _only_sandbox()
            db = self.db_override or only.db_path({"project_dir": str(project_dir)})
            return ResolvedSandbox(only, db)
        environment = load_project(project_dir).environment(cli.env_name)
        target = environment.target(self.target_name)
        where = f"target {target.name!r} of environment {environment.name!r}"
        support = provider_class(target.provider).sandbox()
        if support is None:
            raise UsageError(
                f"{where} uses provider {target.provider!r}, which has no sandbox",
                hint="pick a target whose provider has one with --env and --target",
            )
        if self.db_override is not None:
            return ResolvedSandbox(support, self.db_override)
        if not target.config.settings.get("sandbox"):
            raise UsageError(
                f"{where} is not a sandbox target (its settings do not say `sandbox: true`)",
                hint="pick a sandbox target with --env and --target, or give the file with --db",
            )
        return ResolvedSandbox(support, support.db_path(target.provider_settings(environ={})))


def _only_sandbox() -> SandboxSupport:
    """Outside a project: the one installed provider that has a sandbox."""
    from revops_as_code.registry import available_providers, provider_class

    found: dict[str, SandboxSupport] = {}
    for name in available_providers():
        support = provider_class(name).sandbox()
        if support is not None:
            found[name] = support
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise UsageError("no installed provider has a sandbox")
    raise UsageError(
        f"several installed providers have a sandbox: {', '.join(found)}",
        hint="run inside a project (revops.yaml) and pick the target with --env and --target",
    )


def _set_target(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(SandboxTarget).target_name = value


def target_option(func: F) -> F:
    """`--target`, accepted on the `sandbox` group and on each of its sub-commands."""
    option = click.option(
        "--target",
        "target_name",
        metavar="NAME",
        expose_value=False,
        callback=_set_target,
        help="Target of the environment whose sandbox to use (needed when it has several).",
    )
    return option(func)


def _sandbox_target() -> SandboxTarget:
    ctx = click.get_current_context()
    return ctx.ensure_object(SandboxTarget)


@click.group()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sandbox's SQLite file (default: the target's `sandbox_path` in revops.yaml, "
    "else .revops/sandbox/<env>-<target>.db in the project).",
)
@target_option
@global_options
@click.pass_context
def sandbox(ctx: click.Context, db_path: Path | None) -> None:
    """The target's sandbox: a local, persistent emulator of its live system's API.

    Works on the target `--target` (or the only one) of the environment `--env` (or the
    default one); the target must be a sandbox target (`sandbox: true` in its settings).
    """
    ctx.ensure_object(SandboxTarget).db_override = db_path


@sandbox.command()
@click.option(
    "--profile",
    metavar="NAME",
    help="Seed profile, e.g. `small` or `large` (default: the sandbox's first).",
)
@click.option(
    "--seed",
    "seed_value",
    type=int,
    help="Random seed (default: the sandbox's fixed one, so a seed is reproducible).",
)
@click.option(
    "--now",
    "reference_time",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
    hidden=True,
    help="Date the records against this time instead of the current one (tests).",
)
@target_option
@global_options
@handle_errors
def seed(profile: str | None, seed_value: int | None, reference_time: datetime | None) -> None:
    """Replace the portal with a freshly generated demo portal (Northwind Cloud).

    The manifest of planted violations is written next to the database.
    """
    from revops_as_code.cli.progress import status

    resolved = _sandbox_target().resolve()
    with status(f"Seeding the sandbox at {resolved.db}…"):  # the large profile takes a while
        summary = resolved.support.seed(resolved.db, profile, seed=seed_value, now=reference_time)
    click.echo(summary)


@sandbox.command()
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@target_option
@global_options
@handle_errors
def reset(yes: bool) -> None:
    """Empty the portal: delete everything it holds."""
    resolved = _sandbox_target().resolve()
    db = resolved.db
    if not db.exists():
        click.echo(f"No sandbox at {db}; nothing to reset.")
        return
    if not yes and interactive():
        click.confirm(f"Delete everything in the sandbox at {db}?", abort=True)
    resolved.support.reset(db)
    click.echo(f"Reset {db}: the portal is empty (`revops sandbox seed` refills it).")


@sandbox.command()
@target_option
@global_options
@handle_errors
def status() -> None:
    """Show what the portal holds and, if it was seeded, the planted violations."""
    resolved = _sandbox_target().resolve()
    if not resolved.db.exists():
        click.echo(f"No sandbox at {resolved.db} (create one with `revops sandbox seed`).")
        return
    click.echo(resolved.support.status(resolved.db))


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
    help="Inject a failure, e.g. `status:status=503,path=/some/path/*,nth=2` or a JSON "
    "object; repeatable. Kinds: status, delay, reset, token_expiry, rate_limit_storm "
    "(the sandbox's README has the details).",
)
@click.option("--no-limits", is_flag=True, help="Switch the emulated rate limits off.")
@click.option(
    "--token-env",
    metavar="NAME",
    help="Accept only the bearer token held by this environment variable (default: any).",
)
@click.option("--no-seed", is_flag=True, help="Serve an empty portal as it is, without seeding.")
@target_option
@global_options
@handle_errors
def serve(
    host: str,
    port: int,
    faults: tuple[str, ...],
    no_limits: bool,
    token_env: str | None,
    no_seed: bool,
) -> None:
    """Serve the sandbox over HTTP on HOST:PORT for any client of the vendor's API (curl,
    SDKs)."""
    resolved = _sandbox_target().resolve()
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            raise UsageError(f"environment variable {token_env} is not set or empty")
    try:
        resolved.support.serve(
            resolved.db,
            host,
            port,
            faults=faults,
            limits=not no_limits,
            token=token,
            seed=not no_seed,
            echo=click.echo,
        )
    except KeyboardInterrupt:
        # Ctrl+C is how a foreground server is meant to stop: not an error.
        click.echo("Sandbox stopped.")


__all__ = ["DEFAULT_PORT", "ResolvedSandbox", "SandboxTarget", "sandbox", "target_option"]
