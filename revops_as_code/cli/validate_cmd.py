"""`revops validate [PATH...]`: check definitions offline and report every problem, compiler-style.

With no PATH it validates the project's definitions directory (`definitions:` in the
revops.yaml found upward from -C or the working directory). With paths inside a project it
validates them *in the context of the whole project* and reports only the findings located
in them: a field one file references from another resolves, so a pre-commit hook can pass
just the changed files. A path in the project but outside its definitions directory (a
draft) is validated together with the definitions. Paths outside any project are validated
on their own, as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from revops_as_code.cli.options import EXIT_ERROR, CliContext, global_options, handle_errors
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.discovery import find_project_dir, require_project_dir
from revops_as_code.errors import UsageError
from revops_as_code.loader import LoadResult, load_tree, shown_path
from revops_as_code.validation import ValidationResult, validate_documents, validate_path
from revops_as_code.validation.pipeline import gc_paused

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@dataclass(frozen=True)
class Scope:
    """What to load (`roots`) and, when only some of it was asked about, what to report."""

    roots: tuple[Path, ...]
    report_only: tuple[Path, ...] | None
    """Resolved paths whose diagnostics are shown; None shows every diagnostic."""
    label: str
    """How the summary names what was checked."""


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: `file:line:col: error CODE: message` lines; json: one object for tools.",
)
@global_options
@click.pass_obj
@handle_errors
def validate(obj: CliContext, paths: tuple[Path, ...], fmt: str) -> None:
    """Validate definitions: the project's (default) or PATHs in the context of the project.

    Exit 0 when there are no errors among the reported findings (warnings allowed), 1 when
    there are.
    """
    scope = resolve_scope(Path(obj.start_dir), paths)
    result = run(scope.roots)
    shown = select(result.diagnostics, scope.report_only)
    ok = not any(d.severity is Severity.ERROR for d in shown)
    if fmt == "json":
        click.echo(json.dumps(_as_json(result, shown, scope), indent=2))
    else:
        for diagnostic in shown:
            click.echo(_format(diagnostic, color=obj.color))
        click.echo(_summary(result, shown, scope))
    if not ok:
        raise SystemExit(EXIT_ERROR)


def resolve_scope(start: Path, paths: Sequence[Path]) -> Scope:
    """Decide what to load and what to report for `revops validate PATHS` run from `start`."""
    root = find_project_dir(start)
    if not start.exists():
        require_project_dir(start)  # raises: names the missing -C directory
    if not paths:
        definitions = _definitions_dir(root) if root is not None else start / "definitions"
        return Scope((definitions,), None, shown_path(definitions))
    label = ", ".join(shown_path(p) for p in paths)
    resolved = tuple(p.resolve() for p in paths)
    if root is None or not any(p.is_relative_to(root) for p in resolved):
        # Not part of a project: validate exactly what was named (a missing path is RV001).
        return Scope(tuple(paths), None, label)
    missing = [str(p) for p, r in zip(paths, resolved, strict=True) if not r.exists()]
    if missing:
        raise UsageError(
            f"no such file or directory: {', '.join(missing)}",
            hint="pass paths of existing definition files (e.g. from `git diff --name-only`)",
        )
    definitions = _definitions_dir(root).resolve()
    # `validate .` at the project root means the definitions, not every YAML file under it
    # (revops.yaml, CI workflows): a path holding the definitions directory stands for it.
    targets = tuple(definitions if definitions.is_relative_to(p) else p for p in resolved)
    if set(targets) == {definitions}:
        return Scope((definitions,), None, label)
    extras = tuple(dict.fromkeys(p for p in targets if not p.is_relative_to(definitions)))
    return Scope((definitions, *extras), targets, label)


def _definitions_dir(root: Path) -> Path:
    from revops_as_code.config import load_project

    return load_project(root).definitions_dir


def run(roots: Sequence[Path]) -> ValidationResult:
    """Validate `roots` as one set of definitions (cross-file references resolve)."""
    if len(roots) == 1:
        return validate_path(roots[0])
    with gc_paused():
        loaded = LoadResult.merge(load_tree(path) for path in roots)
        result = validate_documents(loaded.documents, diagnostics=loaded.diagnostics)
    return ValidationResult(result.definitions, result.diagnostics, loaded.files, result.documents)


def select(
    diagnostics: Sequence[Diagnostic], report_only: Sequence[Path] | None
) -> list[Diagnostic]:
    """The diagnostics located in (or under) `report_only`; all of them when None."""
    if report_only is None:
        return list(diagnostics)
    return [d for d in diagnostics if _located_in(d, report_only)]


def _located_in(diagnostic: Diagnostic, targets: Sequence[Path]) -> bool:
    if not diagnostic.location.file:
        return False  # about a live object or the whole set, not about any one file
    # Locations are shown relative to the working directory (or absolute): resolve alike.
    where = Path(diagnostic.location.file).resolve()
    return any(where == target or where.is_relative_to(target) for target in targets)


def _format(diagnostic: Diagnostic, *, color: bool) -> str:
    text = diagnostic.format()
    if not color:
        return text
    label = diagnostic.severity.label
    styled = click.style(label, fg=_COLORS[diagnostic.severity], bold=True)
    return text.replace(f": {label} {diagnostic.code}:", f": {styled} {diagnostic.code}:", 1)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _summary(result: ValidationResult, shown: Sequence[Diagnostic], scope: Scope) -> str:
    errors = sum(d.severity is Severity.ERROR for d in shown)
    warnings = sum(d.severity is Severity.WARNING for d in shown)
    size = f"{_plural(result.documents, 'document')} in {_plural(result.files, 'file')}"
    if scope.report_only is not None:
        size = f"checked with the project's definitions: {size}"
    if not errors:
        tail = f", {_plural(warnings, 'warning')}" if warnings else ""
        return f"{scope.label}: valid ({size}{tail})."
    return f"{scope.label}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} ({size})."


def _as_json(
    result: ValidationResult, shown: Sequence[Diagnostic], scope: Scope
) -> dict[str, object]:
    errors = sum(d.severity is Severity.ERROR for d in shown)
    return {
        "path": scope.label,
        "ok": not errors,
        "files": result.files,
        "documents": result.documents,
        "errors": errors,
        "warnings": sum(d.severity is Severity.WARNING for d in shown),
        "diagnostics": [d.to_json() for d in shown],
    }


__all__ = ["Scope", "resolve_scope", "run", "select", "validate"]
