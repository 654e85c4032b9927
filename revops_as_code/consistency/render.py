"""The consistency report as text (a terminal, and the section `revops plan` prints) and JSON.

Findings are grouped by definition address, each with where to fix it and what to do, so a
reader goes from "the systems disagree" to the line to edit without reading the rest.
"""

from __future__ import annotations

import json
from itertools import groupby

from revops_as_code.consistency.report import CODES, ConsistencyReport

TITLE = "Consistency across systems"


def render_text(report: ConsistencyReport, *, title: bool = True) -> str:
    lines: list[str] = [TITLE] if title else []
    compared = ", ".join(f"{t} ({report.targets.get(t, '?')})" for t in report.compared)
    if not report.comparable:
        lines.append(
            "  Not compared: fewer than two targets can describe their fields"
            + (f" (only {compared})" if compared else "")
            + "."
        )
    elif report.agrees and not report.fields_compared:
        lines.append(
            f"  Nothing to compare yet between {compared}: none of the fields the definitions "
            "map into more than one of them exists (run `revops apply`)."
        )
    elif report.agrees:
        lines.append(
            f"  {compared} agree on the {report.fields_compared} field"
            f"{'s' if report.fields_compared != 1 else ''} the definitions map into more than "
            "one of them."
        )
    else:
        n = len(report.findings)
        lines.append(
            f"  {n} disagreement{'s' if n != 1 else ''} between {compared} "
            f"({report.fields_compared} shared fields compared):"
        )
        ordered = sorted(report.findings, key=lambda f: (f.ref, f.code, f.message))
        for ref, group in groupby(ordered, key=lambda f: f.ref):
            lines.append("")
            lines.append(f"  {ref}")
            for finding in group:
                where = f" at {finding.location}" if finding.location else ""
                lines.append(f"    {finding.code} {finding.message}")
                lines.append(f"      fix{where}: {finding.fix}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines) + "\n"


def json_data(report: ConsistencyReport) -> dict[str, object]:
    """The report's JSON, with what each code that occurs means."""
    data = report.to_json()
    data["codes"] = {c: CODES[c] for c in sorted({f.code for f in report.findings})}
    return data


def render_json(report: ConsistencyReport) -> str:
    return json.dumps(json_data(report), indent=2, sort_keys=True) + "\n"


__all__ = ["TITLE", "json_data", "render_json", "render_text"]
