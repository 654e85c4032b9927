"""The terminal rendering of a plan: Terraform's shape, with risk, impact and drift.

    Risk: 1 needs review, 1 safe (1 drift)

      ~ field contact.lead_source will be updated in place  [review]  [drift]
          (definitions/fields/contact.yaml:40)  hubspot property contacts/lead_source
          ~ label: "Lead Source" → "Lead source"  # drift: changed outside revops
          - options[ppc]: {"label": "PPC", "value": "ppc"} → (removed)
          impact: 37 contacts hold option 'PPC'

    Diagnostics:
      info RV501 ×36: not enforced in HubSpot; measured by audit

    Plan: 1 to add, 1 to change, 0 to destroy.

Changes are listed riskiest first, then by definition; long values wrap (never cut); lists
of objects show one member per line; diagnostics are one line per code (warnings and errors
list each one; `--verbose` lists every one).

Colour (ANSI) only when `color=True`: the CLI decides from `--no-color`, `NO_COLOR` and
whether stdout is a terminal; this function never looks.
"""

from __future__ import annotations

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.plan.model import Plan
from revops_as_code.render._common import (
    SYMBOLS,
    VERBS,
    Displays,
    badges,
    change_lines,
    displays_for,
    headline,
)
from revops_as_code.render._review import group_diagnostics, review_order, risk_headline
from revops_as_code.render.options import RenderOptions

_ANSI = {
    "green": "32",
    "yellow": "33",
    "red": "31",
    "magenta": "35",
    "cyan": "36",
    "bold": "1",
    "dim": "2",
}
_ACTION_COLOR = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.DELETE: "red",
    Action.REPLACE: "magenta",
}
_LINE_COLOR = {"+": "green", "~": "yellow", "-": "red"}
_BADGE_COLOR = {"review": "yellow", "destructive": "red", "drift": "cyan", "protected": "cyan"}
_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        if not self.color:
            return text
        return f"\x1b[{_ANSI[style]}m{text}\x1b[0m"


def _change_block(change: Change, paint: _Paint, displays: Displays) -> list[str]:
    color = _ACTION_COLOR[change.action]
    name, where = headline(change)
    header = (
        f"  {paint(SYMBOLS[change.action], color)} {paint(name, 'bold')} {VERBS[change.action]}"
    )
    tags = "".join(f"  [{paint(b, _BADGE_COLOR[b])}]" for b in badges(change))
    lines = [header + tags]
    if where:
        lines.append(f"      {paint(where, 'dim')}")
    for line in change_lines(change, displays, width=94):
        style = _LINE_COLOR.get(line[0])
        lines.append(f"      {paint(line[0], style) if style else line[0]}{line[1:]}")
    if change.impact:
        lines.append(f"      {paint('impact:', 'bold')} {change.impact}")
    return lines


def diagnostics_lines(plan: Plan, options: RenderOptions, paint: _Paint | None = None) -> list[str]:
    """One line per diagnostic code (with a count), each diagnostic under it with --verbose,
    and how many were left out by --min-severity."""
    paint = paint or _Paint(False)
    groups = group_diagnostics(plan.diagnostics, options.min_severity)
    hidden = len(plan.diagnostics) - sum(g.count for g in groups)
    if not groups and not hidden:
        return []
    out = [paint("Diagnostics:", "bold")]
    for g in groups:
        out.append(
            f"  {paint(g.severity.label, _SEVERITY_COLOR[g.severity])}{g.line()[len(g.severity.label) :]}"
        )
        if options.verbose or g.listed:
            for d in g.items:
                out.append(f"      {d.location}: {d.message}")
        if g.hint:
            out.append(f"      hint: {g.hint}")
    if not options.verbose and any(g.count > 1 and not g.listed for g in groups):
        out.append("  (--verbose lists each one)")
    if hidden:
        out.append(f"  ({hidden} below {options.min_severity.label} not shown: --min-severity)")
    return [*out, ""]


def render_text(plan: Plan, color: bool = False, options: RenderOptions | None = None) -> str:
    """The whole plan as terminal text, ending with the summary line and a newline."""
    options = options or RenderOptions(color=color)
    paint = _Paint(options.color)
    out: list[str] = []
    if plan.changes:
        out.append(f"revops will perform the following actions in {plan.environment}:")
        out.append(paint(f"Risk: {risk_headline(plan)}", "bold"))
        out.append("")
        for target, changes in plan.changes_by_target().items():
            provider = plan.targets.get(target, "")
            out.append(paint(f"Target {target} ({provider}): {len(changes)} change(s)", "bold"))
            out.append("")
            for change in review_order(changes):
                out.extend(_change_block(change, paint, displays_for(plan.display, change)))
                out.append("")
    if plan.adoptions or plan.forgets:
        out.append(
            paint("State:", "bold")
            + f" {len(plan.adoptions)} object(s) already match their definitions and will be "
            f"recorded as adopted; {len(plan.forgets)} no longer defined and not created by "
            "revops will be forgotten (left live, no longer managed)."
        )
        for rid in plan.forgets:
            out.append(f"  forget {rid}")
        out.append("")
    if plan.findings:
        out.append(paint("Change validators:", "bold"))
        for f in plan.findings:
            where = f" {f.resource_id}" if f.resource_id else ""
            sev = paint(f.severity.label, _SEVERITY_COLOR[f.severity])
            out.append(f"  {sev} {f.code}{where}: {f.message}")
            if f.remediation:
                out.append(f"      remediation: {f.remediation}")
        out.append("")
    out.extend(diagnostics_lines(plan, options, paint))
    if plan.has_drift:
        drifted = sum(1 for c in plan.changes if c.has_drift)
        out.append(
            paint("Drift:", "cyan") + f" {drifted} change(s) overwrite edits made outside "
            "revops; apply needs --overwrite-drift."
        )
    destructive = len(plan.destructive_changes)
    if destructive:
        out.append(
            paint("Destructive:", "red") + f" {destructive} change(s) delete or replace "
            "live objects; apply needs --allow-destructive."
        )
    if plan.blocking_findings:
        out.append(
            paint("Blocked:", "red") + f" {len(plan.blocking_findings)} error finding(s) "
            "must be fixed before apply."
        )
    summary = str(plan.summary())
    if not plan.changes:
        summary += " The live system matches the definitions."
    out.append(paint(summary, "bold"))
    return "\n".join(out) + "\n"


__all__ = ["diagnostics_lines", "render_text"]
