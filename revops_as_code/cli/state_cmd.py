"""`revops state list|show|rm|force-unlock`: inspect and repair state by hand."""

from __future__ import annotations

import json

import click

from revops_as_code.cli.options import (
    CliContext,
    global_options,
    handle_errors,
    lock_timeout_option,
)
from revops_as_code.cli.progress import open_workspace
from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId


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


def _parse(address: str) -> ResourceId:
    if address.count("/") < 2:
        raise StateError(f"{address!r} is not a resource address (provider/kind/key)")
    return ResourceId.parse(address)
