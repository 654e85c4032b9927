"""`revops fmt [--check] [--diff] [PATH]...`: rewrite definition files in the canonical form.

With no PATH it formats the project's definitions directory. `--check` writes nothing and
exits 1 when a file is not formatted (for CI and pre-commit); `--diff` prints what would
change. A file that does not load, or whose formatted form would load to different values,
is reported with its location and left untouched (exit 1).
"""

from __future__ import annotations

from pathlib import Path

import click

from revops_as_code.cli.options import EXIT_ERROR, CliContext, global_options, handle_errors
from revops_as_code.discovery import find_project_dir, require_project_dir
from revops_as_code.errors import UsageError
from revops_as_code.fmt import definition_files, format_file, write_formatted
from revops_as_code.loader import shown_path


def _default_paths(start: Path) -> list[Path]:
    root = find_project_dir(start)
    if root is None:
        require_project_dir(start)  # raises: names where it looked
        raise AssertionError("unreachable")
    from revops_as_code.config import load_project

    return [load_project(root).definitions_dir]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is not formatted.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes.")
@global_options
@click.pass_obj
@handle_errors
def fmt(obj: CliContext, paths: tuple[Path, ...], check: bool, show_diff: bool) -> None:
    """Format definition files: key order, indentation, quoting; comments are kept."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(
            f"no such file or directory: {', '.join(missing)}",
            hint="pass definition files or directories (default: the project's definitions)",
        )
    roots = list(paths) or _default_paths(Path(obj.start_dir))
    files = list(definition_files(roots))
    failed = unformatted = 0
    for path in files:
        result = format_file(path, shown_path(path))
        if result.error is not None:
            failed += 1
            for diagnostic in result.error.diagnostics:
                click.echo(diagnostic.format(), err=True)
            click.echo(f"Error: {result.error.message}; the file was not changed.", err=True)
            continue
        if not result.changed:
            continue
        unformatted += 1
        if show_diff:
            click.echo(result.diff(), nl=False)
        if check:
            click.echo(f"would reformat {result.shown}")
        else:
            write_formatted(result)
            click.echo(f"formatted {result.shown}")
    verb = "would be reformatted" if check else "reformatted"
    summary = f"{len(files)} file(s) checked, {unformatted} {verb}"
    if failed:
        summary += f", {failed} could not be formatted"
    obj.info(summary + ".")
    if failed or (check and unformatted):
        if check and unformatted:
            obj.info("Run `revops fmt` to format them.")
        raise SystemExit(EXIT_ERROR)
