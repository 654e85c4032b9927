"""`revops import`: write definitions and state for what is live; then plan is empty."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from revops_as_code.cli.options import (
    CliContext,
    global_options,
    handle_errors,
    lock_timeout_option,
)
from revops_as_code.cli.progress import open_workspace, status
from revops_as_code.consistency.read import check_workspace, comparable
from revops_as_code.consistency.render import json_data, render_text
from revops_as_code.errors import UsageError


def known_kinds(workspace: Any) -> frozenset[str]:
    """The resource kinds the environment's provider(s) can import.

    A multi-target workspace answers `known_kinds()` itself (every target's kinds); until
    the engine has it, the one provider's declared capabilities are the answer.
    """
    ask = getattr(workspace, "known_kinds", None)
    if callable(ask):
        return frozenset(str(kind) for kind in ask())
    return frozenset(workspace.provider.capabilities.kinds)


def check_kinds(requested: tuple[str, ...], known: frozenset[str]) -> None:
    """A `--kind` the provider does not have is a typo, not an empty import: say so."""
    unknown = sorted(set(requested) - known)
    if unknown:
        names = ", ".join(repr(kind) for kind in unknown)
        raise UsageError(
            f"unknown resource kind{'s' if len(unknown) > 1 else ''} {names} for --kind",
            hint=f"this environment's kinds are: {', '.join(sorted(known)) or '(none)'}",
        )


@click.command("import")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write definitions (default: <definitions>/imported/<env>/).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Import only this resource kind (repeatable; an unknown kind lists the known ones).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace definition files that already exist (atomically; restored if import fails) "
    "instead of writing new ones beside them.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@lock_timeout_option
@global_options
@click.pass_obj
@handle_errors
def import_(
    obj: CliContext,
    output_dir: Path | None,
    kinds: tuple[str, ...],
    force: bool,
    fmt: str,
    lock_timeout: float,
) -> None:
    """Turn live configuration into definition files and adopt it in state."""
    with open_workspace(obj) as workspace:
        if kinds:
            check_kinds(kinds, known_kinds(workspace))
        with status("Importing live configuration…"):
            report = workspace.import_(
                output_dir=output_dir,
                kinds=frozenset(kinds),
                force=force,
                lock_timeout=lock_timeout,
            )
        # Adopting a CRM and a MAP at once: say where the two already disagree, against the
        # definitions as they stand now (the imported files included).
        consistency = None
        if comparable(workspace):
            with status("Comparing the targets…"):
                consistency = check_workspace(workspace)
    if fmt == "json":
        data: dict[str, object] = dict(report.to_json())
        if consistency is not None:
            data["consistency"] = json_data(consistency)
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    for path in report.files:
        obj.info(f"wrote {path}")
    for rejected in report.rejected:
        click.echo(f"set aside {rejected.path}: it did not validate", err=True)
        for line in rejected.diagnostics:
            click.echo(f"  {line}", err=True)
    if report.described:
        obj.info(
            f"Left {len(report.described)} live object(s) alone: the definitions already "
            "describe them."
        )
    by_reason: dict[tuple[str, str], list[str]] = {}
    for skipped in report.skipped:
        by_reason.setdefault((skipped.reason, skipped.action), []).append(str(skipped.id))
    for (reason, action), ids in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        shown = ", ".join(ids[:5]) + (f", ... ({len(ids) - 5} more)" if len(ids) > 5 else "")
        click.echo(f"Not imported ({len(ids)}): {reason}: {shown}. To do: {action}.")
    counts = report.counts()
    click.echo(
        f"Imported {counts['adopted']} object(s) into {counts['files']} file(s); "
        f"{counts['described']} already described; {counts['skipped']} not imported; "
        f"state serial {report.state_serial}. `revops plan` should now show no changes "
        "for the imported objects."
    )
    if consistency is not None:
        click.echo("")
        click.echo(render_text(consistency).rstrip("\n"))
