"""Finding the project: the nearest directory at or above a start that holds `revops.yaml`.

Like git with `.git`, any command run from inside a project (say `definitions/fields/`)
works on that project, so a pre-commit hook or an editor task can run from anywhere in it.
"""

from __future__ import annotations

from pathlib import Path

from revops_as_code.errors import UsageError

CONFIG_FILE = "revops.yaml"
# Not imported from config.py: discovery runs on every command, including `--help` and
# `validate`, and must not pull in pydantic and the YAML loader just to look for a file.


def find_project_dir(start: Path) -> Path | None:
    """The nearest of `start` and its parents holding `revops.yaml`, or None.

    `start` may be relative (to the working directory) or name a file (its directory is
    searched first). The answer is absolute. A `start` that does not exist finds nothing:
    a mistyped `-C ../other-projcet` must not silently climb into an enclosing project.
    """
    here = start.absolute()
    if not here.exists():
        return None
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        if (directory / CONFIG_FILE).is_file():
            return directory
    return None


def require_project_dir(start: Path) -> Path:
    """`find_project_dir(start)`, or a `UsageError` that says what to do."""
    if not start.exists():
        raise UsageError(
            f"no such directory: {start}",
            hint="pass -C with an existing directory (the project root or one inside it)",
        )
    found = find_project_dir(start)
    if found is None:
        raise UsageError(
            f"no {CONFIG_FILE} in {start.absolute()} or any directory above it",
            hint="run `revops init` to create a project, or pass -C with the project directory",
        )
    return found


__all__ = ["CONFIG_FILE", "find_project_dir", "require_project_dir"]
