"""The pull-request comment rendering of a plan: summary first, details folded.

Layout: a title, the summary line, destructive changes and drift called out at the top
(GitHub alert blocks), a table of counts by kind, the change validators' findings, then one
`<details>` block per changed object with its attribute-level diff, then diagnostics.

Size guard: code hosts cap a comment (GitHub at 65,536 characters), so the output stays
under `max_chars` (60,000 by default). The top (summary, call-outs, counts, findings) is
always kept, with long lists capped; per-object details are added in plan order while they
fit, and what is left out is said in a note that names how many objects are missing and
where to see them. A comment is never cut silently.
"""

from __future__ import annotations

import html

from revops_as_code.changes import Change
from revops_as_code.plan.model import Plan
from revops_as_code.render._common import (
    SYMBOLS,
    Displays,
    badges,
    change_lines,
    displays_for,
    headline,
)

MAX_CHARS = 60_000
"""Default size limit, safely under GitHub's 65,536-character comment limit."""
MAX_LIST_ROWS = 50
"""Call-out and findings lists show at most this many rows, then say how many more."""
_NOTE_RESERVE = 600


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def _fence(lines: list[str]) -> str:
    """A ```diff block, with a fence longer than any backtick run in the content."""
    body = "\n".join(lines)
    ticks = "```"
    while ticks in body:
        ticks += "`"
    return f"{ticks}diff\n{body}\n{ticks}"


def _more(shown: int, total: int, what: str) -> list[str]:
    return [f"- … and {total - shown} more {what} (see the full plan)"] if total > shown else []


def _callouts(plan: Plan) -> list[str]:
    out: list[str] = []
    destructive = plan.destructive_changes
    if destructive:
        out += [
            "> [!CAUTION]",
            f"> **{len(destructive)} destructive change(s)** (delete or "
            "replace; apply needs `--allow-destructive`):",
        ]
        for c in destructive[:MAX_LIST_ROWS]:
            impact = f" — {_cell(c.impact)}" if c.impact else ""
            tags = ", ".join(badges(c))
            out.append(f"> - `{SYMBOLS[c.action]}` `{c.resource_id}` ({tags}){impact}")
        out += [
            f"> {line}"
            for line in _more(
                len(destructive[:MAX_LIST_ROWS]), len(destructive), "destructive changes"
            )
        ]
        out.append("")
    drifted = [c for c in plan.changes if c.has_drift]
    if drifted:
        out += [
            "> [!WARNING]",
            f"> **Drift:** {len(drifted)} change(s) overwrite edits made "
            "outside revops (apply needs `--overwrite-drift`):",
        ]
        out += [f"> - `{c.resource_id}`" for c in drifted[:MAX_LIST_ROWS]]
        out += [
            f"> {line}"
            for line in _more(min(len(drifted), MAX_LIST_ROWS), len(drifted), "drifted objects")
        ]
        out.append("")
    if plan.blocking_findings:
        out += [
            "> [!IMPORTANT]",
            f"> **Apply is blocked** by {len(plan.blocking_findings)} error finding(s) below.",
            "",
        ]
    return out


def _counts_table(plan: Plan) -> list[str]:
    rows = ["| Kind | Create | Update | Replace | Delete |", "|---|---:|---:|---:|---:|"]
    for kind, c in plan.counts_by_kind().items():
        rows.append(
            f"| {_cell(kind)} | {c['create']} | {c['update']} | {c['replace']} | {c['delete']} |"
        )
    return [*rows, ""]


def _findings(plan: Plan) -> list[str]:
    if not plan.findings:
        return []
    out = [
        "#### Change validators",
        "",
        "| Severity | Code | Object | Finding | Remediation |",
        "|---|---|---|---|---|",
    ]
    for f in plan.findings[:MAX_LIST_ROWS]:
        obj = f"`{f.resource_id}`" if f.resource_id else ""
        out.append(
            f"| {f.severity.label} | {f.code} | {obj} | {_cell(f.message)} | "
            f"{_cell(f.remediation)} |"
        )
    out += _more(min(len(plan.findings), MAX_LIST_ROWS), len(plan.findings), "findings")
    return [*out, ""]


def _details(change: Change, displays: Displays) -> str:
    tags = "".join(f" · {b}" for b in badges(change))
    name, where = headline(change)
    summary = (
        f"<code>{html.escape(SYMBOLS[change.action])} {html.escape(name)}"
        f"</code> {change.action.value}{tags}"
    )
    body = [f"<details><summary>{summary}</summary>", ""]
    if where:
        body += [f"<sub>{html.escape(where)}</sub>", ""]
    if change.impact:
        body += [f"**Impact:** {_cell(change.impact)}", ""]
    lines = change_lines(change, displays)
    if lines:
        body += [_fence(lines), ""]
    body += ["</details>", ""]
    return "\n".join(body)


def _diagnostics(plan: Plan) -> list[str]:
    if not plan.diagnostics:
        return []
    out = ["#### Diagnostics", ""]
    for d in plan.diagnostics[:MAX_LIST_ROWS]:
        out.append(f"- **{d.severity.label}** {d.code} `{d.location}`: {_cell(d.message)}")
    out += _more(min(len(plan.diagnostics), MAX_LIST_ROWS), len(plan.diagnostics), "diagnostics")
    return [*out, ""]


def _bookkeeping(plan: Plan) -> list[str]:
    """What apply records in state without touching the live systems (capped lists)."""
    sections = (
        (
            [str(a.resource_id) for a in plan.adoptions],
            "already match their definitions and will be recorded as adopted (drift watches "
            "them from then on)",
        ),
        (
            [str(r) for r in plan.forgets],
            "are no longer defined and were not created by revops: they will be forgotten "
            "(left live, no longer managed)",
        ),
    )
    out: list[str] = []
    for ids, what in sections:
        if ids:
            out += [f"**State:** {len(ids)} object(s) {what}:", ""]
            out += [f"- `{rid}`" for rid in ids[:MAX_LIST_ROWS]]
            out += [*_more(min(len(ids), MAX_LIST_ROWS), len(ids), "objects"), ""]
    return out


def render_markdown(plan: Plan, max_chars: int = MAX_CHARS) -> str:
    """The plan as a PR comment, never longer than `max_chars` characters."""
    head = [
        f"### revops plan · `{plan.environment}` ({plan.provider})",
        "",
        f"**{plan.summary()}**",
        "",
    ]
    if plan.has_live_changes:  # adoptions and forgets alone change only state: no table
        head += _callouts(plan) + _counts_table(plan) + _findings(plan)
    head += _bookkeeping(plan)
    tail = "\n".join(_diagnostics(plan))
    text = "\n".join(head)
    # One heading per target (each block is kept whole under the size guard, so a target's
    # heading is never left without its first change).
    details: list[str] = []
    for target, changes in plan.changes_by_target().items():
        heading = (
            f"#### Target `{target}` ({plan.targets.get(target, '')}): {len(changes)} change(s)\n\n"
        )
        for index, change in enumerate(changes):
            block = _details(change, displays_for(plan.display, change))
            details.append(heading + block if index == 0 else block)
    shown = 0
    budget = max_chars - len(tail) - _NOTE_RESERVE
    if details:
        text += "\n"
    for block in details:
        if len(text) + len(block) + 1 > budget:
            break
        text += block + "\n"
        shown += 1
    if shown < len(details):
        text += (
            f"> **Truncated:** details of {len(details) - shown} of {len(details)} changed "
            f"objects are not shown, to keep this comment under {max_chars:,} characters. "
            "Run `revops plan` or read the JSON plan for every change.\n\n"
        )
    text += tail
    if len(text) > max_chars:
        # The capped top sections alone overflow (a tiny limit or huge ids): cut hard, say so.
        note = f"\n\n> **Truncated** at {max_chars:,} characters; run `revops plan` for all.\n"
        text = text[: max(0, max_chars - len(note))] + note
        text = text[:max_chars]
    return text


__all__ = ["MAX_CHARS", "render_markdown"]
