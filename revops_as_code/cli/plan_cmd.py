"""`revops plan`: show what apply would change, optionally save it, exit 2 when it would."""

from __future__ import annotations

from pathlib import Path

import click

from revops_as_code.cli.options import (
    EXIT_CHANGES,
    EXIT_ERROR,
    CliContext,
    global_options,
    handle_errors,
)
from revops_as_code.cli.progress import open_workspace, render_plan, status


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan (JSON) for `revops apply FILE`.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 no changes, 2 changes or drift, 1 error."
)
@global_options
@click.pass_obj
@handle_errors
def plan(obj: CliContext, out: Path | None, fmt: str, detailed_exitcode: bool) -> None:
    """Compare definitions with the live system and show the changes apply would make."""
    with open_workspace(obj) as workspace, status("Reading live configuration…"):
        result = workspace.plan()
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(result.to_json(), encoding="utf-8")
    click.echo(render_plan(result, fmt, color=obj.color).rstrip("\n"))
    if out is not None and fmt == "text":
        obj.info(f"Saved the plan to {out}; apply it with: revops apply {out}")
    if result.has_errors:
        raise SystemExit(EXIT_ERROR)
    if detailed_exitcode and (result.has_changes or result.has_drift):
        raise SystemExit(EXIT_CHANGES)
