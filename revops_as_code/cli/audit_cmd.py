"""`revops audit`: the records measured against the definitions. Exit 0 every target met,
2 one missed (or a score below --fail-under), 1 on error. `--sync` writes derived values
(ICP tiers and facts, SLA due-at and breached, retired option spellings) back after showing
the record-level plan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click
from rich.console import Console

from revops_as_code.cli.options import (
    EXIT_CHANGES,
    CliContext,
    global_options,
    handle_errors,
    interactive,
)
from revops_as_code.cli.progress import open_workspace, spinner_allowed, status
from revops_as_code.errors import UsageError
from revops_as_code.providers.base import Provider
from revops_as_code.registry import provider_class

if TYPE_CHECKING:
    from revops_as_code.audit.context import Progress
    from revops_as_code.audit.run import SyncPlan
    from revops_as_code.engine import Workspace

_SINCE = re.compile(r"([1-9][0-9]{0,4})([dwh])")
_UNITS = {"d": timedelta(days=1), "w": timedelta(weeks=1), "h": timedelta(hours=1)}


def parse_since(text: str, now: datetime) -> datetime:
    """`30d`, `12w`, `48h`, or an ISO date, as the start of the audit window."""
    match = _SINCE.fullmatch(text.strip())
    if match:
        return now - int(match.group(1)) * _UNITS[match.group(2)]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since {text!r} is neither a duration nor a date",
            hint="use e.g. --since 30d, --since 12w or --since 2026-01-01",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_now(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--now {text!r} is not an ISO 8601 time",
            hint="use e.g. --now 2026-12-01T12:00:00Z",
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command()
@click.option("--since", default="30d", show_default=True,
              help="Start of the SLA window: a duration (30d, 12w, 48h) or a date.")  # fmt: skip
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "csv"]),
    default="text",
    show_default=True,
)
@click.option("--fail-under", type=click.FloatRange(0, 100), default=None,
              help="Exit 2 when any measured compliance is below this percent.")  # fmt: skip
@click.option("--now", "now_text", default=None,
              help="Measure as of this time (ISO 8601; default: now).")  # fmt: skip
@click.option("--sync", is_flag=True,
              help="Write derived values (ICP tiers and facts, SLA due-at and breached, "
                   "retired option spellings) back to the records.")  # fmt: skip
@click.option("--auto-approve", is_flag=True,
              help="With --sync: do not ask for confirmation (required without a terminal).")  # fmt: skip
@click.option("--target", "target_name", default=None, metavar="NAME",
              help="Target whose records to audit (default: the only one, or the only one "
                   "whose provider reads records, e.g. the CRM beside a MAP).")  # fmt: skip
@global_options
@click.pass_obj
@handle_errors
def audit(
    obj: CliContext,
    since: str,
    fmt: str,
    fail_under: float | None,
    now_text: str | None,
    sync: bool,
    auto_approve: bool,
    target_name: str | None,
) -> None:
    """Measure the CRM's records against the definitions: handoff SLAs, pipelines, ICP
    tiers, the lifecycle and field standards."""
    from revops_as_code.audit.render import render
    from revops_as_code.audit.run import audit as run_audit

    now = parse_now(now_text)
    start = parse_since(since, now)
    if sync and not auto_approve and not interactive():
        raise UsageError(
            "no terminal to ask for confirmation on",
            hint="review `revops audit --sync` output, then pass --auto-approve",
        )
    with open_workspace(obj) as workspace:
        target = workspace.environment.target(target_name or _record_reader(workspace))
        bound = workspace.targets[target.name]
        # What this target receives (a MAP takes the contact standard and the lifecycle).
        definitions = bound.select(workspace.definitions())
        provider = bound.provider
        with _reading(obj) as progress:
            report, plan = run_audit(
                definitions,
                provider,
                now=now,
                since=start,
                environment=workspace.environment.name,
                fail_under=fail_under,
                progress=progress,
            )
        click.echo(render(report, fmt))
        if sync:
            _sync(provider, plan, auto_approve)
    if report.missed:
        raise SystemExit(EXIT_CHANGES)


def _record_reader(workspace: Workspace) -> str | None:
    """With several targets and no --target: the one whose provider reads records, if only
    one does (the CRM beside a marketing-automation platform); else None (the usual error,
    naming the targets)."""
    if len(workspace.targets) < 2:
        return None
    readers = [
        name
        for name, bound in workspace.targets.items()
        if provider_class(bound.provider_name).read_records is not Provider.read_records
    ]
    return readers[0] if len(readers) == 1 else None


@contextmanager
def _reading(obj: CliContext) -> Iterator[Progress | None]:
    """A spinner counting the records read, on a terminal only (nothing in CI logs)."""
    if not spinner_allowed():
        yield None
        return
    console = Console(stderr=True, no_color=not obj.color, highlight=False)
    with console.status("Reading records…", spinner="dots") as shown:

        def progress(what: str, done: int, total: int | None) -> None:
            of = f" of {total:,}" if total else ""
            shown.update(f"Reading {what} records: {done:,}{of}…")

        yield progress


def _sync(provider: Provider, plan: SyncPlan, auto_approve: bool) -> None:
    if plan.empty:
        click.echo("Sync: derived values are up to date; nothing to write.", err=True)
        return
    merged = plan.merged()
    click.echo(f"Sync plan: {len(merged)} records to update", err=True)
    for what, _ in plan.lines:
        click.echo(f"  ~ {what}", err=True)
    if not auto_approve and not click.confirm("Write these values?", default=False, err=True):
        click.echo("Nothing written.", err=True)
        return
    with status("Writing records…"):
        written = provider.update_records(merged, plan.fields)
    click.echo(f"Sync: wrote {written} records.", err=True)
