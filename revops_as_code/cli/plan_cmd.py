"""`revops plan`: show what apply would change, optionally save it, exit 2 when it would.

Whatever fails before a plan exists (invalid definitions, an unreachable CRM), stdout still
gets a body in the chosen format that says so: a PR bot posts "the definitions are invalid"
rather than an empty comment, and a script reading JSON sees `has_errors: true`.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import click

from revops_as_code.cli.options import (
    EXIT_CHANGES,
    EXIT_ERROR,
    CliContext,
    global_options,
    handle_errors,
)
from revops_as_code.cli.progress import open_workspace, status
from revops_as_code.consistency.read import check_workspace, comparable
from revops_as_code.consistency.render import TITLE, render_text
from revops_as_code.consistency.report import ConsistencyReport
from revops_as_code.diagnostics import Severity
from revops_as_code.errors import DefinitionError, RevopsError, UsageError
from revops_as_code.plan.model import Plan
from revops_as_code.render import RENDERERS, RenderOptions, render, render_failure
from revops_as_code.render.github import relative_diagnostics, relative_to

SEVERITIES = {s.label: s for s in Severity}


def _markdown_section(report: ConsistencyReport) -> str:
    return f"\n### {TITLE}\n\n```\n{render_text(report, title=False).rstrip()}\n```\n"


def _text_section(report: ConsistencyReport) -> str:
    return "\n" + render_text(report)


SECTION_FORMATS = {"text": _text_section, "markdown": _markdown_section}
"""Formats that show the consistency report as a section after the plan; the others (JSON,
GitHub annotations) carry its findings as warning diagnostics of the plan."""


def _with_findings(plan: Plan, report: ConsistencyReport | None, fmt: str) -> Plan:
    """The plan to render: with the findings as diagnostics where no section shows them.
    Warnings only, so they never change plan's exit code; the saved plan (--out) keeps
    what the plan itself found."""
    if report is None or fmt in SECTION_FORMATS or not report.findings:
        return plan
    return dataclasses.replace(plan, diagnostics=(*plan.diagnostics, *report.diagnostics()))


def _before_summary(text: str, section: str) -> str:
    """The section placed above the plan's last line (`Plan: …` / `No changes.`), so the
    summary stays the last thing a terminal shows, as with one target."""
    head, _, last = text.rpartition("\n")
    if head and last.startswith(("Plan: ", "No changes.")):
        return f"{head.rstrip()}\n{section}\n\n{last}"
    return f"{text}\n{section}"


def _annotation_root() -> str:
    """Where GitHub's annotation paths start: the checkout (`GITHUB_WORKSPACE`), else `.`."""
    return os.environ.get("GITHUB_WORKSPACE") or os.getcwd()


def _plan(obj: CliContext, fmt: str) -> tuple[Plan, ConsistencyReport | None]:
    """The plan, and the consistency report when more than one target can describe its
    fields; on a failure, the failure body on stdout first, then the usual error."""
    environment = obj.env_name or "default"
    try:
        with open_workspace(obj) as workspace:
            environment = workspace.environment.name
            with status("Reading live configuration…"):
                made = workspace.plan()
            if not comparable(workspace):
                return made, None
            # A second read of each target: the plan keeps no per-target snapshot.
            with status("Comparing the targets…"):
                return made, check_workspace(workspace)
    except RevopsError as exc:
        diagnostics = exc.diagnostics if isinstance(exc, DefinitionError) else []
        if fmt == "github":
            diagnostics = relative_diagnostics(diagnostics, _annotation_root())
        message = exc.message if isinstance(exc, DefinitionError) else str(exc)
        if fmt == "text":  # the details follow on stderr, as for every command
            click.echo(f"No plan for {environment}: {message} (see below).")
        else:
            click.echo(render_failure(fmt, environment, message, diagnostics).rstrip("\n"))
        raise


@click.command()
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan (JSON) for `revops apply FILE`.",
)
@click.option(
    "--saved",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Render a plan saved with --out instead of making a new one (no live read).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a PR comment, json for scripts, github for a "
    "GitHub Actions log (diagnostics as workflow annotations).",
)
@click.option(
    "--min-severity",
    type=click.Choice(list(SEVERITIES)),
    default="info",
    show_default=True,
    help="Leave out diagnostics below this severity (the plan file keeps them all).",
)
@click.option("-v", "--verbose", is_flag=True, help="List every diagnostic, not one line per code.")
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 0 no changes, 2 changes or drift, 1 error."
)
@global_options
@click.pass_obj
@handle_errors
def plan(
    obj: CliContext,
    out: Path | None,
    saved: Path | None,
    fmt: str,
    min_severity: str,
    verbose: bool,
    detailed_exitcode: bool,
) -> None:
    """Compare definitions with the live system and show the changes apply would make."""
    options = RenderOptions(
        color=obj.color and fmt == "text", verbose=verbose, min_severity=SEVERITIES[min_severity]
    )
    if saved is not None and out is not None:
        raise UsageError(
            "--saved renders an existing plan; --out saves a new one: use one of them",
            hint="to copy a saved plan, copy the file",
        )
    result, report = (
        (Plan.from_json(saved.read_text(encoding="utf-8")), None) if saved else _plan(obj, fmt)
    )
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(result.to_json(), encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"cannot write the plan to {out} ({exc.strerror})",
                hint="pass --out a path in a writable directory with free space",
            ) from None
    shown = _with_findings(result, report, fmt)
    shown = relative_to(shown, _annotation_root()) if fmt == "github" else shown
    text = render(shown, fmt, options=options).rstrip("\n")
    if report is not None and fmt in SECTION_FORMATS:
        section = SECTION_FORMATS[fmt](report).rstrip("\n")
        text = _before_summary(text, section) if fmt == "text" else f"{text}\n{section}"
    click.echo(text)
    if out is not None and fmt == "text":
        obj.info(f"Saved the plan to {out}; apply it with: revops apply {out}")
    if result.has_errors:
        raise SystemExit(EXIT_ERROR)
    if detailed_exitcode and (result.has_changes or result.has_drift):
        raise SystemExit(EXIT_CHANGES)
