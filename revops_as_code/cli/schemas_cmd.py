"""`revops schemas generate|check|path`: the JSON Schemas generated from the models.

`generate` writes them (the repository's `schemas/` by default), `check` exits 1 when the
files differ from what the models generate (CI), `path` prints where the installed copies are.
"""

from __future__ import annotations

from pathlib import Path

import click

from revops_as_code import schema_gen
from revops_as_code.cli.options import EXIT_ERROR, global_options, handle_errors


@click.group()
@global_options
def schemas() -> None:
    """JSON Schemas of the definition kinds (for editors and other tools)."""


@schemas.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Directory to write `<kind>.schema.json` files into.",
)
@global_options
@handle_errors
def generate(out: Path) -> None:
    """Write one schema per definition kind."""
    for path in schema_gen.write(out):
        click.echo(f"wrote {path}")


@schemas.command()
@click.argument(
    "directory", required=False, type=click.Path(file_okay=False, path_type=Path), default="schemas"
)
@global_options
@handle_errors
def check(directory: Path) -> None:
    """Exit 1 if the schemas in DIRECTORY are missing or out of date."""
    stale = schema_gen.stale(directory)
    if stale:
        for name in stale:
            click.echo(f"{directory / name}: out of date", err=True)
        click.echo("run `revops schemas generate` and commit the result", err=True)
        raise SystemExit(EXIT_ERROR)
    click.echo(f"{directory}: {len(schema_gen.generate())} schemas up to date")


@schemas.command()
@global_options
def path() -> None:
    """Print the directory holding the installed schemas."""
    from revops_as_code.schemas import schema_dir

    click.echo(str(schema_dir()))


__all__ = ["schemas"]
