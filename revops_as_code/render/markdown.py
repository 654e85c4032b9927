"""The pull-request comment rendering of a plan: what needs a reviewer first, details folded.

Layout: a title, the risk headline ("2 destructive, 4 need review, 25 safe") and the summary
line, destructive changes and drift called out at the top (GitHub alert blocks), a table of
counts by kind, the change validators' findings, then per target one `<details>` block per
changed object in review order (riskiest first, then by definition), then diagnostics, one
line per code with the individual ones folded.

Size guard: code hosts cap a comment (GitHub at 65,536 characters), so the output stays
under `max_chars` (60,000 by default). A review, destructive, protected or drifted change is
never left out. When the comment must shorten it drops, in this order: the folded list of
individual diagnostics, the details of safe changes (each still listed on its own line),
those lines (the safe changes then named in one paragraph), and last the attribute lines of
the changes that need attention (their headers and impact stay). A note at the top says
what was left out; every hidden change is still named.
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
from revops_as_code.render._review import (
    group_diagnostics,
    needs_attention,
    review_order,
    risk_headline,
)
from revops_as_code.render.options import RenderOptions

MAX_CHARS = 60_000
"""Default size limit, safely under GitHub's 65,536-character comment limit."""
MAX_LIST_ROWS = 50
"""Call-out and findings lists show at most this many rows, then say how many more."""


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


def _name(change: Change) -> str:
    """`pipeline new_business › stage demo` in code, or the vendor address when no
    definition describes the object."""
    name, _ = headline(change)
    return f"`{_cell(name)}`"


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
        for c in review_order(destructive)[:MAX_LIST_ROWS]:
            impact = f" — {_cell(c.impact)}" if c.impact else ""
            tags = ", ".join(badges(c))
            out.append(f"> - `{SYMBOLS[c.action]}` {_name(c)} ({tags}){impact}")
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
        out += [f"> - {_name(c)}" for c in review_order(drifted)[:MAX_LIST_ROWS]]
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


def _details(change: Change, displays: Displays, *, attributes: bool = True) -> str:
    tags = "".join(f" · {b}" for b in badges(change))
    name, where = headline(change)
    summary = (
        f"<code>{html.escape(SYMBOLS[change.action])} {html.escape(name)}"
        f"</code> {change.action.value}{tags}"
    )
    # What needs attention is open: a reviewer must not have to click to see it.
    opened = " open" if needs_attention(change) else ""
    body = [f"<details{opened}><summary>{summary}</summary>", ""]
    if where:
        body += [f"<sub>{html.escape(where)}</sub>", ""]
    if change.impact:
        body += [f"**Impact:** {_cell(change.impact)}", ""]
    lines = change_lines(change, displays)
    if lines and attributes:
        body += [_fence(lines), ""]
    elif lines:
        body += [f"_{len(lines)} attribute line(s) left out to fit the comment._", ""]
    body += ["</details>", ""]
    return "\n".join(body)


def _line(change: Change) -> str:
    """One list item naming a change whose details are left out."""
    name, where = headline(change)
    place = f" — {_cell(where.split(')')[0].lstrip('('))}" if where.startswith("(") else ""
    return f"- `{SYMBOLS[change.action]} {_cell(name)}` {change.action.value}{place}"


_TIERS = ("full", "safe-lines", "safe-names", "headers")
"""How far the changes section is shortened, least first (see the module docstring)."""


def _changes_section(plan: Plan, tier: str) -> tuple[str, int]:
    """The per-target changes at `tier`, and how many changes have no details block."""
    out: list[str] = []
    hidden = 0
    for target, changes in plan.changes_by_target().items():
        out.append(
            f"#### Target `{target}` ({plan.targets.get(target, '')}): {len(changes)} change(s)\n"
        )
        ordered = review_order(changes)
        safe = [c for c in ordered if not needs_attention(c)]
        for change in ordered:
            if tier == "full" or needs_attention(change):
                out.append(
                    _details(
                        change, displays_for(plan.display, change), attributes=tier != "headers"
                    )
                )
        if tier == "full" or not safe:
            continue
        hidden += len(safe)
        out.append(f"**{len(safe)} safe change(s), details left out to fit the comment:**\n")
        if tier == "safe-lines":
            out.append("\n".join(_line(c) for c in safe) + "\n")
        else:
            names = ", ".join(f"`{_cell(headline(c)[0])}` ({c.action.value})" for c in safe)
            out.append(names + "\n")
    return "\n".join(out), hidden


def _diagnostics(plan: Plan, options: RenderOptions, *, folded: bool) -> list[str]:
    groups = group_diagnostics(plan.diagnostics, options.min_severity)
    below = len(plan.diagnostics) - sum(g.count for g in groups)
    if not groups and not below:
        return []
    out = ["#### Diagnostics", ""]
    for g in groups:
        out.append(f"- **{g.severity.label}** {_cell(g.line()[len(g.severity.label) + 1 :])}")
        if g.listed:  # warnings and errors: each one, never folded
            out += [f"  - `{_cell(str(d.location))}`: {_cell(d.message)}" for d in g.items]
        if g.hint:
            out.append(f"  <br>hint: {_cell(g.hint)}")
    if below:
        out.append(f"- {below} below {options.min_severity.label} not shown")
    out.append("")
    listed = [g for g in groups if g.count > 1 and not g.listed]
    if folded and listed:
        out += ["<details><summary>Every diagnostic</summary>", ""]
        for g in listed:
            for d in g.items:
                out.append(f"- {g.code} `{_cell(str(d.location))}`: {_cell(d.message)}")
        out += ["", "</details>", ""]
    return out


def render_markdown(
    plan: Plan, max_chars: int = MAX_CHARS, options: RenderOptions | None = None
) -> str:
    """The plan as a PR comment, never longer than `max_chars` characters."""
    options = options or RenderOptions()
    head = [f"### revops plan · `{plan.environment}` ({plan.provider})", ""]
    if plan.changes:
        head += [f"**Risk: {risk_headline(plan)}**", ""]
    head += [f"**{plan.summary()}**", ""]
    if plan.has_live_changes:  # adoptions and forgets alone change only state: no table
        head += _callouts(plan) + _counts_table(plan) + _findings(plan)
    head += _bookkeeping(plan)
    top = "\n".join(head).rstrip("\n") + "\n\n"
    text = ""
    for tier in _TIERS:
        for folded in (True, False):
            tail = "\n".join(_diagnostics(plan, options, folded=folded))
            section, hidden = _changes_section(plan, tier) if plan.changes else ("", 0)
            note = ""
            if tier != "full" or not folded:
                what = [] if folded else ["the list of every diagnostic"]
                if hidden:
                    what.append(f"the details of {hidden} safe change(s) (each named below)")
                if tier == "headers":
                    what.append("the attribute lines of the changes that need attention")
                note = (
                    f"> [!NOTE]\n> **Shortened** to stay under {max_chars:,} characters: "
                    f"{'; '.join(what)} left out. Run `revops plan` or read the saved plan "
                    "for every detail.\n\n"
                )
            text = top + note + (section + "\n" if section else "") + tail
            text = text.rstrip("\n") + "\n"
            if len(text) <= max_chars:
                return text
    # Even the shortest form overflows (a tiny limit): cut hard, and say so.
    cut = f"\n\n> **Truncated** at {max_chars:,} characters; run `revops plan` for all.\n"
    return (text[: max(0, max_chars - len(cut))] + cut)[:max_chars]


__all__ = ["MAX_CHARS", "render_markdown"]
