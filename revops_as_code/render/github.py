"""`--format github`: the plan for a GitHub Actions log, with workflow annotations.

Diagnostics become `::error file=…,line=…,col=…,title=CODE::message` commands (info is a
`::notice`), so GitHub marks them on the pull request's changed lines; a change that needs a
reviewer (review, destructive, protected, drift) and each change validator's finding is
annotated at the definition it comes from. The plain text plan follows, for the log.

Escaping follows GitHub's workflow-command rules (`%`, CR, LF in the message; also `:` and
`,` in properties), so a message can never end an annotation early or start another command.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence

from revops_as_code.changes import Change
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.plan.model import Plan
from revops_as_code.render._common import badges, headline
from revops_as_code.render._review import needs_attention, review_order
from revops_as_code.render.options import RenderOptions
from revops_as_code.render.text import render_text

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    severity: Severity,
    message: str,
    *,
    title: str = "",
    file: str = "",
    line: int = 0,
    col: int = 0,
) -> str:
    """One workflow command: `::warning file=a.yaml,line=3,col=5,title=RV101::message`."""
    props = [("file", file), ("line", str(line or "")), ("col", str(col or "")), ("title", title)]
    shown = ",".join(f"{k}={escape_property(v)}" for k, v in props if v)
    return f"::{COMMANDS[severity]}{' ' + shown if shown else ''}::{escape_data(message)}"


def diagnostic_annotations(
    diagnostics: Iterable[Diagnostic], min_severity: Severity = Severity.INFO
) -> list[str]:
    out = []
    for d in diagnostics:
        if d.severity < min_severity:
            continue
        loc = d.location
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        if not loc.file and loc.object:
            message = f"{loc.object}: {message}"
        out.append(
            annotation(d.severity, message, title=d.code, file=loc.file, line=loc.line, col=loc.col)
        )
    return out


def _source(change: Change) -> tuple[str, int, int]:
    parts = change.origin.source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    return change.origin.source, 0, 0


def change_annotations(plan: Plan) -> list[str]:
    out = []
    for change in review_order(plan.changes):
        if not needs_attention(change):
            continue
        name, _ = headline(change)
        file, line, col = _source(change)
        impact = f": {change.impact}" if change.impact else ""
        message = f"{name} {change.action.value} ({', '.join(badges(change))}){impact}"
        out.append(
            annotation(
                Severity.WARNING,
                message,
                title=f"revops plan: {change.risk.label} change",
                file=file,
                line=line,
                col=col,
            )
        )
    for f in plan.findings:
        found = plan.change_for(f.resource_id) if f.resource_id else None
        file, line, col = _source(found) if found else ("", 0, 0)
        subject = f"{f.resource_id}: " if f.resource_id else ""
        out.append(
            annotation(
                f.severity,
                f"{subject}{f.message} — {f.remediation}",
                title=f.code,
                file=file,
                line=line,
                col=col,
            )
        )
    return out


def _relative(path: str, root: str) -> str:
    if not path or not os.path.isabs(path):
        return path
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def relative_diagnostics(diagnostics: Sequence[Diagnostic], root: str) -> list[Diagnostic]:
    """Diagnostics with absolute file paths under `root` made relative to it."""
    out = []
    for d in diagnostics:
        loc = dataclasses.replace(d.location, file=_relative(d.location.file, root))
        out.append(dataclasses.replace(d, location=loc))
    return out


def relative_to(plan: Plan, root: str) -> Plan:
    """`plan` with file paths relative to `root` (the repository, `GITHUB_WORKSPACE`):
    GitHub places an annotation only by a path from the repository's root."""
    changes = []
    for c in plan.changes:
        file, line, col = _source(c)
        source = f"{_relative(file, root)}:{line}:{col}" if line else c.origin.source
        changes.append(dataclasses.replace(c, origin=dataclasses.replace(c.origin, source=source)))
    return dataclasses.replace(
        plan,
        changes=tuple(changes),
        diagnostics=tuple(relative_diagnostics(plan.diagnostics, root)),
    )


def render_github(plan: Plan, options: RenderOptions | None = None) -> str:
    """Annotations first, then the text plan (no colour: logs are not terminals)."""
    options = options or RenderOptions()
    lines = [
        *diagnostic_annotations(plan.diagnostics, options.min_severity),
        *change_annotations(plan),
    ]
    body = render_text(plan, options=RenderOptions(False, options.verbose, options.min_severity))
    return "\n".join(lines) + ("\n" if lines else "") + body


__all__ = [
    "annotation",
    "change_annotations",
    "diagnostic_annotations",
    "escape_data",
    "escape_property",
    "relative_diagnostics",
    "relative_to",
    "render_github",
]
