"""Renderers of an `AuditReport`: pure functions, report in, text out.

`text` is the terminal report (a table per section, breaches capped), `markdown` is fit for a
pull request or wiki page, `json` is the versioned report (docs/audit-json.md), `csv` lists
every finding, one row each.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from .report import AuditReport, Section

MAX_LISTED = 10
"""Findings listed per section in text and markdown (JSON and CSV list them all)."""

_FIGURE_LABELS = {
    "triggered": "triggered in the window",
    "met": "met in time",
    "breached": "breached",
    "breached_late": "  acted late",
    "breached_no_action": "  no action, past due",
    "pending": "pending (not yet due)",
    "median_to_action": "median time to action",
    "p90_to_action": "p90 time to action",
    "deals": "deals",
    "checked_for_exit_criteria": "deals past a stage with exit criteria",
    "missing_exit_criteria": "deals missing exit criteria",
    "overdue": "deals over the stage's maximum days",
}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _verdict(section: Section, fail_under: float | None) -> str:
    if section.missed(fail_under):
        return "MISSED"
    if section.target_met:
        return "met"
    if section.score is None and not section.notes:
        return "no score (figures only)"
    return "measured" if section.score is not None else "not measured"


def _figure(key: str, value: Any, section: Section) -> str:
    unit = section.figures.get("unit", "")
    if key in ("median_to_action", "p90_to_action") and value is not None:
        return f"{value} {str(unit).replace('_', ' ')}"
    return "n/a" if value is None else str(value)


def _table(name: str, rows: list[dict[str, Any]]) -> list[str]:
    """A small aligned table; a `records`/`companies` column gets a bar (the funnel)."""
    columns = list(rows[0])
    widths = {c: max(len(c), *(len(_cell(r.get(c))) for r in rows)) for c in columns}
    counts = [r.get("records", r.get("companies")) for r in rows]
    top = max((c for c in counts if isinstance(c, int)), default=0)
    out = [f"    {name.replace('_', ' ')}:"]
    out.append("      " + "  ".join(c.ljust(widths[c]) for c in columns))
    for row, count in zip(rows, counts, strict=True):
        bar = "█" * round(20 * count / top) if isinstance(count, int) and top else ""
        out.append("      " + "  ".join(_cell(row.get(c)).ljust(widths[c]) for c in columns)
                   + ("  " + bar if bar else ""))  # fmt: skip
    return out


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def render_text(report: AuditReport) -> str:
    lines = [
        f"Audit of {report.environment or 'the environment'} as of "
        f"{report.now:%Y-%m-%d %H:%M} UTC, SLAs since {report.since:%Y-%m-%d}",
        "",
    ]
    for section in report.sections:
        head = f"{section.definition}: {section.label}"
        lines.append(head)
        score = f"  compliance {_pct(section.score)}"
        if section.target is not None:
            score += f" (target {section.target:g}%)"
        if section.score is not None or section.target is not None or section.notes:
            lines.append(f"{score}: {_verdict(section, report.fail_under)}")
        for key, value in section.figures.items():
            if key == "unit":
                continue
            label = _FIGURE_LABELS.get(key, key.replace("_", " "))
            lines.append(f"    {label:<40} {_figure(key, value, section)}")
        stages = section.tables.get("stages")
        if stages:
            lines.append(
                f"    {'stage':<16} {'in':>6} {'exit✗':>6} {'overdue':>8} {'conv.':>7} "
                f"{'median d':>9}"
            )
            for row in stages:
                lines.append(
                    f"    {row['stage']:<16} {row['in_stage']:>6} "
                    f"{row['missing_exit_criteria']:>6} {row['overdue']:>8} "
                    f"{_pct(row.get('converted_pct')) if 'entered' in row else '':>7} "
                    f"{row.get('median_days_to_next') if row.get('median_days_to_next') is not None else '':>9}"
                )
        for name, rows in section.tables.items():
            if name != "stages" and rows:
                lines += _table(name, rows)
        for note in section.notes:
            lines.append(f"    note: {note}")
        for finding in section.findings[:MAX_LISTED]:
            who = f" (owner {finding.owner})" if finding.owner else ""
            lines.append(f"    ✗ {finding.object} {finding.record_id}{who}: {finding.detail}")
        if len(section.findings) > MAX_LISTED:
            lines.append(
                f"    … and {len(section.findings) - MAX_LISTED} more "
                "(--format csv lists every finding)"
            )
        lines.append("")
    totals = report.totals()
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in totals.items()) or "no findings"
    missed = [s.definition for s in report.sections if s.missed(report.fail_under)]
    lines.append(f"Findings: {summary}.")
    lines.append(f"Targets missed: {', '.join(missed)}." if missed else "Every target is met.")
    lines.append(f"Read {report.records_read} records in {report.requests} requests.")
    return "\n".join(lines)


def render_markdown(report: AuditReport) -> str:
    out = [
        f"## Audit of {report.environment or 'the environment'}",
        "",
        f"As of {report.now:%Y-%m-%d %H:%M} UTC; SLAs since {report.since:%Y-%m-%d}.",
        "",
        "| definition | compliance | target | result | findings |",
        "|---|---:|---:|---|---:|",
    ]
    for s in report.sections:
        target = "" if s.target is None else f"{s.target:g}%"
        out.append(
            f"| `{s.definition}` {s.label} | {_pct(s.score)} | {target} | "
            f"{_verdict(s, report.fail_under)} | {len(s.findings)} |"
        )
    for s in report.sections:
        out += ["", f"### `{s.definition}`: {s.label}", ""]
        for key, value in s.figures.items():
            if key != "unit":
                label = _FIGURE_LABELS.get(key, key.replace("_", " ")).strip()
                out.append(f"- {label}: {_figure(key, value, s)}")
        for note in s.notes:
            out.append(f"- note: {note}")
        if s.findings:
            out += ["", "| record | owner | finding |", "|---|---|---|"]
            for f in s.findings[:MAX_LISTED]:
                out.append(f"| {f.object} {f.record_id} | {f.owner or ''} | {f.detail} |")
            if len(s.findings) > MAX_LISTED:
                out.append(f"| … | | {len(s.findings) - MAX_LISTED} more |")
    return "\n".join(out) + "\n"


def render_json(report: AuditReport) -> str:
    return json.dumps(report.to_json(), indent=2, sort_keys=True, ensure_ascii=False)


CSV_COLUMNS = ("kind", "definition", "object", "record_id", "owner", "amount", "detail")


def render_csv(report: AuditReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for finding in report.findings:
        row = finding.to_json()
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[AuditReport], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}


def render(report: AuditReport, fmt: str) -> str:
    return RENDERERS[fmt](report)


__all__ = ["CSV_COLUMNS", "RENDERERS", "render"]
