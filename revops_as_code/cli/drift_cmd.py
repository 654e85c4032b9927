"""`revops drift`: did anyone change managed objects outside revops? Exit 2 if so."""

from __future__ import annotations

import json

import click

from revops_as_code.cli.options import EXIT_CHANGES, CliContext, global_options, handle_errors
from revops_as_code.cli.progress import open_workspace, status


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@global_options
@click.pass_obj
@handle_errors
def drift(obj: CliContext, fmt: str) -> None:
    """Compare the last-applied state with the live system. Exit 0 none, 2 drift, 1 error."""
    with open_workspace(obj) as workspace, status("Reading live configuration…"):
        report = workspace.drift()
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, sort_keys=True))
    else:
        click.echo(report.render_text())
    if report.has_drift:
        raise SystemExit(EXIT_CHANGES)
