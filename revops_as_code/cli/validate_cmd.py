"""`revops validate [PATH]`: check definitions offline and report every problem, compiler-style."""

from __future__ import annotations

import json
from pathlib import Path

import click

from revops_as_code.cli.options import EXIT_ERROR, CliContext, handle_errors
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader import shown_path
from revops_as_code.validation import ValidationResult, validate_path

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: `file:line:col: error CODE: message` lines; json: one object for tools.",
)
@click.pass_obj
@handle_errors
def validate(obj: CliContext, path: Path | None, fmt: str) -> None:
    """Validate definitions (default: definitions/ under the project directory).

    Exit 0 when there are no errors (warnings allowed), 1 when there are.
    """
    target = path if path is not None else Path(obj.project_dir) / "definitions"
    result = validate_path(target)
    if fmt == "json":
        click.echo(json.dumps(_as_json(result, target), indent=2))
    else:
        for diagnostic in result.diagnostics:
            click.echo(_format(diagnostic, color=obj.color))
        click.echo(_summary(result, target))
    if not result.ok:
        raise SystemExit(EXIT_ERROR)


def _format(diagnostic: Diagnostic, *, color: bool) -> str:
    text = diagnostic.format()
    if not color:
        return text
    label = diagnostic.severity.label
    styled = click.style(label, fg=_COLORS[diagnostic.severity], bold=True)
    return text.replace(f": {label} {diagnostic.code}:", f": {styled} {diagnostic.code}:", 1)


def _summary(result: ValidationResult, target: Path) -> str:
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    documents = f"{result.documents} document{'s' if result.documents != 1 else ''}"
    errors, warnings = len(result.errors), len(result.warnings)
    if result.ok:
        tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        return f"{shown_path(target)}: valid ({documents} in {files}{tail})."
    return (
        f"{shown_path(target)}: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''} ({documents} in {files})."
    )


def _as_json(result: ValidationResult, target: Path) -> dict[str, object]:
    return {
        "path": shown_path(target),
        "ok": result.ok,
        "files": result.files,
        "documents": result.documents,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "diagnostics": [d.to_json() for d in result.diagnostics],
    }


__all__ = ["validate"]
