"""Findings as data: `Diagnostic(severity, code, message, location)`.

Validation, change validators and provider capability gaps all report through this one
type, so every renderer and every exit-code decision works on the same value. A diagnostic
is formatted like a compiler's: `file:line:col: error CODE: message`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that `max()` over diagnostics gives the worst one."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: a file position (1-based line/col) and/or a JSON pointer.

    `object` names a live or definition object when there is no file position (e.g. a
    change validator's finding about `hubspot/property/deals/amount`).
    """

    file: str = ""
    line: int = 0
    col: int = 0
    pointer: str = ""
    object: str = ""

    def __str__(self) -> str:
        if self.file:
            if self.line:
                return f"{self.file}:{self.line}:{self.col}"
            return self.file
        return self.object or "<unknown>"


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    """Stable code, e.g. `RV101`; documented and safe to grep for in CI."""
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    """What to do about it, when there is something specific to say."""

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.col, loc.object, self.code, self.message)

    def format(self) -> str:
        text = f"{self.location}: {self.severity.label} {self.code}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        loc = self.location
        return {
            "severity": self.severity.label,
            "code": self.code,
            "message": self.message,
            "file": loc.file or None,
            "line": loc.line or None,
            "col": loc.col or None,
            "pointer": loc.pointer or None,
            "object": loc.object or None,
            "hint": self.hint,
        }


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file and position; duplicates (same code at the same place) dropped."""
    seen: set[tuple[object, ...]] = set()
    out: list[Diagnostic] = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        ident = (d.sort_key(), d.severity)
        if ident not in seen:
            seen.add(ident)
            out.append(d)
    return out


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


__all__ = ["Diagnostic", "Location", "Severity", "has_errors", "sort_diagnostics"]
