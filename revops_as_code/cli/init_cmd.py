"""`revops init [DIR]`: scaffold a project that validates, with editor completion wired up.

Writes `revops.yaml`, a starter `definitions/` (one document of every kind), the JSON
Schemas under `schemas/` and a `.gitignore` for `.revops/`. Every definition file starts
with `# yaml-language-server: $schema=<relative path>`. Nothing is overwritten: if any
file exists, init names it and writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from revops_as_code import schema_gen
from revops_as_code.cli.init_templates import DEFINITIONS, GITIGNORE, PROJECT_CONFIG
from revops_as_code.cli.options import CliContext, global_options, handle_errors
from revops_as_code.errors import UsageError


def plan_files(root: Path) -> dict[Path, str]:
    """Every file init writes, with its text."""
    files: dict[Path, str] = {root / "revops.yaml": PROJECT_CONFIG}
    schemas = root / "schemas"
    for name, text in schema_gen.generate().items():
        files[schemas / name] = text
    for relative, (kind, body) in DEFINITIONS.items():
        path = root / "definitions" / relative
        schema = os.path.relpath(schemas / schema_gen.schema_file_name(kind), path.parent)
        header = f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"
        files[path] = header + body
    files[root / ".gitignore"] = GITIGNORE
    return files


def init_project(root: Path) -> list[Path]:
    """Write the starter project into `root`; refuses (UsageError) if any file exists."""
    files = plan_files(root)
    existing = [p for p in files if p.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        raise UsageError(
            f"refusing to overwrite existing files: {shown}{more}",
            hint="run init in an empty directory, or move these files away first",
        )
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": never clobber a file that appeared since the check above.
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    return list(files)


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@global_options
@click.pass_obj
@handle_errors
def init(obj: CliContext, directory: Path | None) -> None:
    """Create revops.yaml and starter definitions in DIRECTORY (default: -C, else here)."""
    # Not the discovered project: `init` creates one, so it starts where it is told to.
    root = directory if directory is not None else Path(obj.start_dir)
    written = init_project(root)
    click.echo(f"Created {len(written)} files in {root}:")
    for path in written:
        if path.parent.name != "schemas":
            obj.info(f"  {path.relative_to(root)}")
    obj.info(f"  schemas/ ({len(schema_gen.generate())} JSON Schemas for editor completion)")
    obj.info(
        "Next: `revops validate` checks the definitions; `revops plan` shows what would change."
    )


__all__ = ["init", "init_project", "plan_files"]
