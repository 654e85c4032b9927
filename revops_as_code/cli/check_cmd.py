"""`revops check`: do the environment's systems agree with each other? Exit 2 if not.

Checks compare what the targets hold with one another (a plan compares each with the
definitions). `--consistency` is the only check so far; without a check flag every check
runs, so a CI job written today keeps covering the checks added later.
"""

from __future__ import annotations

import json

import click

from revops_as_code.cli.options import EXIT_CHANGES, CliContext, global_options, handle_errors
from revops_as_code.cli.progress import open_workspace, status
from revops_as_code.consistency.read import check_workspace
from revops_as_code.consistency.render import json_data, render_text


@click.command()
@click.option(
    "--consistency",
    is_flag=True,
    help="Field standards across targets: types, options, values one system would refuse "
    "from another, lifecycle values, synced fields no standard maps.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@global_options
@click.pass_obj
@handle_errors
def check(obj: CliContext, consistency: bool, fmt: str) -> None:
    """Check that the environment's systems agree. Exit 0 they agree, 2 a mismatch, 1 error."""
    del consistency  # the only check: it runs with or without the flag (see the docstring)
    with open_workspace(obj) as workspace, status("Reading every target…"):
        report = check_workspace(workspace)
    if fmt == "json":
        click.echo(json.dumps({"consistency": json_data(report)}, indent=2, sort_keys=True))
    else:
        click.echo(render_text(report).rstrip("\n"))
    if not report.agrees:
        raise SystemExit(EXIT_CHANGES)
