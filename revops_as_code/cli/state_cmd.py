"""`revops state list|show|rm|force-unlock|pull|push|history|migrate`: inspect, move and
repair state by hand, on every backend.

`pull` prints the state (or one PostgreSQL snapshot) as JSON; `push FILE` stores a state
file under the lock — the way back from a recovery file after a failed write — refusing
another lineage, another environment, and (without `--force`) a roll-back to an older
serial; `history` lists the applies; `migrate` moves the environment's local state file into
the backend revops.yaml now names (PostgreSQL) and renames the local file so an old
checkout cannot keep applying from it.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from revops_as_code.cli.options import (
    CliContext,
    global_options,
    handle_errors,
    lock_timeout_option,
)
from revops_as_code.cli.progress import open_workspace
from revops_as_code.errors import StateError, UsageError
from revops_as_code.resources import ResourceId
from revops_as_code.state import HistoryEntry, LocalBackend, State, recovery


@click.group()
@global_options
def state() -> None:
    """Inspect and repair the environment's state."""


@state.command("list")
@global_options
@click.pass_obj
@handle_errors
def list_(obj: CliContext) -> None:
    """Every managed object's id, one per line."""
    current = open_workspace(obj).read_state()
    for rid in current.ids() if current else []:
        click.echo(str(rid))


@state.command()
@click.argument("address")
@global_options
@click.pass_obj
@handle_errors
def show(obj: CliContext, address: str) -> None:
    """What state holds for one object (ADDRESS like `hubspot/property/deals/amount`)."""
    current = open_workspace(obj).read_state()
    entry = current.get(_parse(address)) if current else None
    if entry is None:
        raise StateError(f"{address} is not in state")
    click.echo(
        json.dumps({"resource": address, **entry.model_dump(mode="json")}, indent=2, sort_keys=True)
    )


@state.command()
@click.argument("addresses", nargs=-1, required=True)
@lock_timeout_option
@global_options
@click.pass_obj
@handle_errors
def rm(obj: CliContext, addresses: tuple[str, ...], lock_timeout: float) -> None:
    """Forget objects (they stay live; revops stops managing them)."""
    backend = open_workspace(obj).backend
    rids = [_parse(a) for a in addresses]
    with backend.locked("state rm", timeout=lock_timeout):
        current = backend.read()
        missing = [str(r) for r in rids if current is None or current.get(r) is None]
        if missing:
            raise StateError(f"not in state: {', '.join(missing)}")
        assert current is not None
        backend.write(current.without(rids).next_serial())
    for rid in rids:
        click.echo(f"removed {rid}")


@state.command("force-unlock")
@click.argument("lock_id")
@global_options
@click.pass_obj
@handle_errors
def force_unlock(obj: CliContext, lock_id: str) -> None:
    """Break the state lock LOCK_ID (shown in the 'state is locked' error)."""
    broken = open_workspace(obj).backend.force_unlock(lock_id)
    click.echo(
        f"Lock {broken.id} broken ({broken.holder}, {broken.operation!r} since {broken.created})."
    )


@state.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the state to FILE instead of standard output.",
)
@click.option(
    "--serial",
    type=int,
    default=None,
    help="PostgreSQL backend: the snapshot written at this serial.",
)
@global_options
@click.pass_obj
@handle_errors
def pull(obj: CliContext, out: Path | None, serial: int | None) -> None:
    """Print the environment's state as JSON (what `push` takes back)."""
    backend = open_workspace(obj).backend
    if serial is not None:
        read_serial = getattr(backend, "read_serial", None)
        if read_serial is None:
            raise UsageError("--serial needs the postgres state backend (it keeps snapshots)")
        current: State | None = read_serial(serial)
    else:
        current = backend.read()
    if current is None:
        raise StateError(f"no state at {backend.location}")
    text = current.to_json()
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StateError(f"cannot write {out} ({recovery.describe_os_error(exc)})") from None
    obj.info(f"Wrote state serial {current.serial} ({len(current.resources)} objects) to {out}.")


@state.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Allow replacing a newer serial (a roll-back).")
@lock_timeout_option
@global_options
@click.pass_obj
@handle_errors
def push(obj: CliContext, file: Path, force: bool, lock_timeout: float) -> None:
    """Store the state in FILE as the environment's state (e.g. a recovery file)."""
    workspace = open_workspace(obj)
    backend = workspace.backend
    incoming = _read_state_file(file)
    env = workspace.environment.name
    if incoming.environment and incoming.environment != env:
        raise StateError(
            f"{file} is the state of environment {incoming.environment!r}, not {env!r}",
            hint="pass --env with the environment it belongs to",
        )
    with backend.locked("state push", timeout=lock_timeout):
        current = backend.read_stored()
        if current is not None:
            if current.lineage != incoming.lineage:
                raise StateError(
                    f"{file} has lineage {incoming.lineage}, but {backend.location} has "
                    f"{current.lineage}: it is another history of this environment",
                    hint="pull the current state and compare; revops never merges histories",
                )
            if current.serial > incoming.serial and not force:
                raise StateError(
                    f"{file} is serial {incoming.serial}, older than serial {current.serial} "
                    f"in {backend.location}: pushing it would forget later changes",
                    hint="pass --force if you mean to roll back",
                )
        serial = max(incoming.serial, current.serial if current else 0) + 1
        stored = incoming.model_copy(update={"serial": serial - 1}).next_serial()
        backend.write(stored)
        backend.record_history(
            HistoryEntry.now(
                "state push", stored.serial, f"pushed {file.name}", lineage=stored.lineage
            )
        )
    if recovery.is_recovery_file(file):  # recorded now: the next command must not stop at it
        file.unlink(missing_ok=True)
        obj.info(f"Removed the recovery file {file}.")
    click.echo(
        f"Pushed {len(stored.resources)} objects to {backend.location} (serial {stored.serial})."
    )


@state.command()
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@global_options
@click.pass_obj
@handle_errors
def history(obj: CliContext, limit: int, as_json: bool) -> None:
    """The latest applies: when, who, serial, plan digest, what they did (newest first)."""
    backend = open_workspace(obj).backend
    entries = backend.history(limit)
    if not entries:
        obj.info(f"No history in {backend.location}.")
    for entry in entries:
        if as_json:
            click.echo(json.dumps(entry.to_dict(), sort_keys=True))
            continue
        digest = f" plan {entry.plan_digest[:12]}" if entry.plan_digest else ""
        click.echo(
            f"{entry.at}  serial {entry.serial:<5} {entry.operation:<12} {entry.who}{digest}\n"
            f"    {entry.summary}"
        )


@state.command()
@click.option(
    "--from-path",
    "from_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The local state file (default: the environment's path).",
)
@lock_timeout_option
@global_options
@click.pass_obj
@handle_errors
def migrate(obj: CliContext, from_path: Path | None, lock_timeout: float) -> None:
    """Move the local state file into the backend revops.yaml names (PostgreSQL)."""
    workspace = open_workspace(obj)
    destination = workspace.backend
    source_path = from_path or workspace.environment.state_path
    if (
        isinstance(destination, LocalBackend)
        and destination.path.resolve() == Path(source_path).resolve()
    ):
        raise UsageError(
            f"the environment's state is already the local file {source_path}",
            hint="set `state: {backend: postgres, dsn_env: VAR}` in revops.yaml first",
        )
    source = LocalBackend(source_path)
    with (
        source.locked("state migrate", timeout=lock_timeout),
        destination.locked("state migrate", timeout=lock_timeout),
    ):
        moving = source.read()
        if moving is None:
            raise StateError(f"no local state at {source_path} to migrate")
        there = destination.read_stored()
        if there is not None and there.lineage != moving.lineage:
            raise StateError(
                f"{destination.location} already holds another history (lineage "
                f"{there.lineage}); refusing to replace it with {source_path}",
                hint="pull it and compare; point state.name at an unused name to keep both",
            )
        if there is not None and there.serial > moving.serial:
            raise StateError(
                f"{destination.location} is at serial {there.serial}, newer than "
                f"{source_path} (serial {moving.serial}): it was migrated already"
            )
        if there is None or there.serial < moving.serial:
            destination.write(moving)
        destination.record_history(
            HistoryEntry.now(
                "state migrate", moving.serial, f"from {source_path}", lineage=moving.lineage
            )
        )
    moved = source.path.with_name(source.path.name + ".migrated")
    try:
        # The file and its companions move aside together (a lone backup would read as a
        # lost state file), so an old checkout stops instead of applying from them.
        for part in (source.journal_path, source.backup_path, source.history_path):
            if part.exists():
                part.replace(part.with_name(part.name + ".migrated"))
        source.path.replace(moved)
    except OSError as exc:
        raise StateError(
            f"state is in {destination.location}, but {source_path} could not be renamed "
            f"({recovery.describe_os_error(exc)})",
            hint=f"rename or delete {source_path} yourself",
        ) from None
    click.echo(
        f"Migrated {len(moving.resources)} objects (serial {moving.serial}) from {source_path} "
        f"to {destination.location}; the local file is now {moved}."
    )


def _read_state_file(file: Path) -> State:
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise StateError(f"cannot read {file} ({recovery.describe_os_error(exc)})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateError(f"{file} is not UTF-8 text (byte {exc.start}): not a state file") from None
    return State.from_json(text, origin=str(file))


def _parse(address: str) -> ResourceId:
    if address.count("/") < 2:
        raise StateError(f"{address!r} is not a resource address (provider/kind/key)")
    return ResourceId.parse(address)
