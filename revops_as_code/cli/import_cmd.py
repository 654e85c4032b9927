"""`revops import`: write definitions and state for what is live; then plan is empty."""

from __future__ import annotations

from pathlib import Path

import click

from revops_as_code.cli.options import CliContext, handle_errors, lock_timeout_option
from revops_as_code.cli.progress import open_workspace


@click.command("import")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write definitions (default: <definitions>/imported/<env>/).",
)
@click.option("--kind", "kinds", multiple=True, help="Import only this resource kind (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite definition files that already exist.")
@lock_timeout_option
@click.pass_obj
@handle_errors
def import_(
    obj: CliContext,
    output_dir: Path | None,
    kinds: tuple[str, ...],
    force: bool,
    lock_timeout: float,
) -> None:
    """Turn live configuration into definition files and adopt it in state."""
    with open_workspace(obj) as workspace:
        report = workspace.import_(
            output_dir=output_dir, kinds=frozenset(kinds), force=force, lock_timeout=lock_timeout
        )
    for path in report.files:
        click.echo(f"wrote {path}")
    if report.described:
        click.echo(
            f"Left {len(report.described)} live object(s) alone: the definitions already "
            "describe them."
        )
    click.echo(
        f"Imported {len(report.adopted)} object(s) into {len(report.files)} file(s); "
        f"state serial {report.state_serial}. `revops plan` should now show no changes."
    )
