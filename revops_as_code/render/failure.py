"""The body every `--format` prints when no plan could be made (invalid definitions, an
unreachable CRM): a PR bot must post "the definitions are invalid" rather than nothing.

JSON keeps the plan's top-level questions (`has_errors: true`, `has_changes: false`) so a
script reading `has_changes` never mistakes a failure for "nothing to do".
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.plan.model import FORMAT_VERSION
from revops_as_code.render._review import group_diagnostics
from revops_as_code.render.github import annotation, diagnostic_annotations
from revops_as_code.render.options import RenderOptions


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _text(environment: str, message: str, diagnostics: Sequence[Diagnostic]) -> str:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    out = [f"No plan for {environment}: {message}"]
    if errors:
        out.append("")
        out += [d.format() for d in errors]
    rest = [g for g in group_diagnostics(diagnostics) if g.severity is not Severity.ERROR]
    if rest:
        out += ["", "Also:"] + [f"  {g.line()}" for g in rest]
    return "\n".join(out) + "\n"


def _markdown(environment: str, message: str, diagnostics: Sequence[Diagnostic]) -> str:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    out = [
        f"### revops plan · `{environment}`",
        "",
        "> [!CAUTION]",
        f"> **No plan could be made:** {_md(message)}",
        "",
    ]
    if errors:
        out += [f"#### {len(errors)} error(s) to fix", ""]
        out += [f"- `{_md(str(d.location))}` **{d.code}**: {_md(d.message)}" for d in errors]
        out.append("")
    rest = [g for g in group_diagnostics(diagnostics) if g.severity is not Severity.ERROR]
    if rest:
        out += ["#### Other diagnostics", ""] + [f"- {_md(g.line())}" for g in rest] + [""]
    return "\n".join(out)


def _json(environment: str, message: str, diagnostics: Sequence[Diagnostic]) -> str:
    data = {
        "format_version": FORMAT_VERSION,
        "environment": environment,
        "has_changes": False,
        "has_drift": False,
        "has_errors": True,
        "error": message,
        "summary": None,
        "changes": [],
        "diagnostics": [d.to_json() for d in diagnostics],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _github(environment: str, message: str, diagnostics: Sequence[Diagnostic]) -> str:
    lines = diagnostic_annotations(diagnostics)
    if not any(d.severity is Severity.ERROR for d in diagnostics):
        lines.append(annotation(Severity.ERROR, message, title="revops plan"))
    return "\n".join(lines) + "\n" + _text(environment, message, diagnostics)


def render_failure(
    fmt: str,
    environment: str,
    message: str,
    diagnostics: Sequence[Diagnostic] = (),
    options: RenderOptions | None = None,
) -> str:
    """What `revops plan --format FMT` prints on stdout when it fails before a plan."""
    del options  # errors are always shown in full, whatever --min-severity says
    render = {"text": _text, "markdown": _markdown, "json": _json, "github": _github}[fmt]
    return render(environment, message, diagnostics)


__all__ = ["render_failure"]
