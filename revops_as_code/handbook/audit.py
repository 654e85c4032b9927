"""Audit results the handbook can show: SLA compliance per run, read from `revops audit` JSON.

The handbook reads only this much of an audit file (everything else is ignored, so the
audit may say far more):

    {
      "generated_at": "2026-12-01T06:00:00Z",          # when the audit ran (ISO 8601)
      "slas": [                                        # one entry per SLA measured
        {"key": "mqa_first_touch",                     # the HandoffSLA's key
         "measured": 120, "met": 114,                  # handoffs counted / within the SLA
         "compliance_percent": 95.0}                   # optional: else 100 * met / measured
      ],
      "history": [                                     # optional: earlier runs, any order
        {"generated_at": "2026-11-01T06:00:00Z", "slas": [{"key": "...", "met": 80, "measured": 90}]}
      ]
    }

`revops audit --format json` output (`format_version` 1: `now`, and `sections` whose
`kind` is `sla`, with `definition: sla/<key>`, `score`, `figures.met` and
`figures.breached`) is read as one run as well; an SLA it could not measure (`score`
null) is shown as not measured, with the audit's notes.

Several files (`--audit a.json --audit b.json`) are several runs; runs are ordered by
`generated_at` and the newest is "current". A malformed file is an error naming the file,
the line and column (JSON syntax) or the JSON path (shape), and what to write instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from revops_as_code.errors import UsageError

_HINT = (
    'write {"generated_at": "<ISO time>", "slas": [{"key": "<sla key>", "measured": N, '
    '"met": M}]} (see `revops docs build --help`)'
)


@dataclass(frozen=True)
class SlaResult:
    key: str
    compliance: float | None
    """Percent of measured handoffs that met the SLA; None when the audit could not measure."""
    measured: int | None = None
    met: int | None = None
    notes: tuple[str, ...] = ()
    """Why it was not measured, in the audit's words."""


@dataclass(frozen=True)
class AuditRun:
    generated_at: str
    slas: dict[str, SlaResult]


@dataclass(frozen=True)
class AuditHistory:
    """Every run read, oldest first."""

    runs: tuple[AuditRun, ...]

    @property
    def current(self) -> AuditRun | None:
        return self.runs[-1] if self.runs else None

    def trend(self, key: str) -> list[tuple[str, float]]:
        """(run date, compliance) for each run that measured SLA `key`, oldest first."""
        out = []
        for run in self.runs:
            result = run.slas.get(key)
            if result is not None and result.compliance is not None:
                out.append((run.generated_at[:10], result.compliance))
        return out


def read_audits(paths: Sequence[Path]) -> AuditHistory:
    runs: dict[str, AuditRun] = {}
    for path in paths:
        for run in _read(path):
            runs[run.generated_at] = run  # the same run in two files counts once
    return AuditHistory(tuple(runs[k] for k in sorted(runs)))


def _read(path: Path) -> list[AuditRun]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"{path}: cannot read the audit file ({exc.strerror or exc})",
            hint="pass the JSON file `revops audit --format json` wrote",
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})", hint=_HINT
        ) from None
    if isinstance(data, dict) and "sections" in data and "format_version" in data:
        return [_report(path, data)]
    top = _run(path, data, "$")
    history = data.get("history", [])
    if not isinstance(history, list):
        raise UsageError(f"{path}: $.history must be a list of earlier runs", hint=_HINT)
    return [top, *(_run(path, item, f"$.history[{i}]") for i, item in enumerate(history))]


def _run(path: Path, data: Any, where: str) -> AuditRun:
    if not isinstance(data, dict):
        raise UsageError(f"{path}: {where} must be an object", hint=_HINT)
    generated = data.get("generated_at")
    if not isinstance(generated, str) or not generated:
        raise UsageError(f"{path}: {where}.generated_at must be an ISO 8601 time", hint=_HINT)
    slas = data.get("slas", [])
    if not isinstance(slas, list):
        raise UsageError(f"{path}: {where}.slas must be a list", hint=_HINT)
    results: dict[str, SlaResult] = {}
    for i, item in enumerate(slas):
        result = _sla(path, item, f"{where}.slas[{i}]")
        results[result.key] = result
    return AuditRun(generated, results)


def _report(path: Path, data: dict[str, Any]) -> AuditRun:
    """One `revops audit --format json` report: its SLA sections."""
    if data.get("format_version") != 1:
        raise UsageError(
            f"{path}: audit format_version {data.get('format_version')!r} is not one this "
            "revops reads (1)",
            hint="build the handbook with the revops that wrote the audit",
        )
    now, sections = data.get("now"), data.get("sections")
    if not isinstance(now, str) or not isinstance(sections, list):
        raise UsageError(f"{path}: an audit report needs `now` and a `sections` list", hint=_HINT)
    results: dict[str, SlaResult] = {}
    for i, section in enumerate(sections):
        if not isinstance(section, dict) or section.get("kind") != "sla":
            continue
        definition = section.get("definition")
        if not isinstance(definition, str) or not definition.startswith("sla/"):
            raise UsageError(f"{path}: $.sections[{i}].definition must be sla/<key>", hint=_HINT)
        key = definition.removeprefix("sla/")
        figures = section.get("figures") or {}
        met, breached = figures.get("met"), figures.get("breached")
        score = section.get("score")
        if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
            raise UsageError(f"{path}: $.sections[{i}].score must be a number or null", hint=_HINT)
        counted = isinstance(met, int) and isinstance(breached, int)
        results[key] = SlaResult(
            key,
            None if score is None else float(score),
            met + breached if isinstance(met, int) and isinstance(breached, int) else None,
            met if counted else None,
            tuple(str(n) for n in section.get("notes") or ()),
        )
    return AuditRun(now, results)


def _sla(path: Path, item: Any, where: str) -> SlaResult:
    if not isinstance(item, dict) or not isinstance(item.get("key"), str):
        raise UsageError(f"{path}: {where} must be an object with the SLA's key", hint=_HINT)
    measured, met = item.get("measured"), item.get("met")
    compliance = item.get("compliance_percent")
    counts = isinstance(measured, int) and isinstance(met, int) and not isinstance(met, bool)
    if compliance is None and isinstance(measured, int) and isinstance(met, int) and measured > 0:
        compliance = 100 * met / measured
    if isinstance(compliance, bool) or not isinstance(compliance, int | float):
        raise UsageError(
            f"{path}: {where} ({item['key']}) needs compliance_percent, or measured > 0 and met",
            hint=_HINT,
        )
    if not 0 <= compliance <= 100:
        raise UsageError(
            f"{path}: {where}.compliance_percent is {compliance}, outside 0-100", hint=_HINT
        )
    return SlaResult(
        item["key"],
        float(compliance),
        measured if counts else None,
        met if counts else None,
    )


__all__ = ["AuditHistory", "AuditRun", "SlaResult", "read_audits"]
