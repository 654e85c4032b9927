"""What a reviewer reads first, shared by every renderer: the risk headline, the review order
of changes, and diagnostics collapsed to one entry per code.

The plan keeps its changes in apply (dependency) order; review order is a rendering concern:
the riskiest first, then by the definition they come from, so the changes that need a
person's judgement are never below a screenful of safe creates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from revops_as_code.changes import Change, Risk
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.plan.model import Plan
from revops_as_code.render._common import origin_name


def needs_attention(change: Change) -> bool:
    """A change a reviewer must see in full: review or destructive risk, protected, drift."""
    return change.risk >= Risk.REVIEW or change.protected or change.has_drift


def review_key(change: Change) -> tuple[int, int, str, str]:
    """Riskiest first (protected and drift before the rest of their risk), then definition."""
    return (
        -int(change.risk),
        0 if (change.protected or change.has_drift) else 1,
        origin_name(change.origin.address) or str(change.resource_id),
        str(change.resource_id),
    )


def review_order(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=review_key)


def risk_counts(plan: Plan) -> dict[str, int]:
    """`destructive`, `review`, `safe`, `protected`, `drift` -> number of changes."""
    counts = {"destructive": 0, "review": 0, "safe": 0, "protected": 0, "drift": 0}
    for change in plan.changes:
        counts[change.risk.label] += 1
        counts["protected"] += change.protected
        counts["drift"] += change.has_drift
    return counts


def risk_headline(plan: Plan) -> str:
    """`2 destructive, 4 need review, 25 safe (1 protected, 1 drift)`; '' without changes."""
    if not plan.changes:
        return ""
    c = risk_counts(plan)
    parts = [
        f"{c['destructive']} destructive" if c["destructive"] else "",
        f"{c['review']} need{'s' if c['review'] == 1 else ''} review" if c["review"] else "",
        f"{c['safe']} safe" if c["safe"] else "",
    ]
    text = ", ".join(p for p in parts if p)
    extra = [f"{c[k]} {k}" for k in ("protected", "drift") if c[k]]
    return text + (f" ({', '.join(extra)})" if extra else "")


@dataclass(frozen=True)
class DiagnosticGroup:
    """Every diagnostic of one code and severity: one line in a plan, details on request."""

    severity: Severity
    code: str
    summary: str
    """What they have in common (`not enforced in HubSpot; measured by audit`), or ''."""
    items: tuple[Diagnostic, ...]
    hint: str | None

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def listed(self) -> bool:
        """Errors and warnings are listed one by one (each names something to act on); info
        stays one line unless asked (`--verbose`, or folded in markdown)."""
        return self.count > 1 and self.severity >= Severity.WARNING

    def line(self) -> str:
        """`info RV501 ×38: not enforced in HubSpot; measured by audit`."""
        head = f"{self.severity.label} {self.code}"
        if self.count == 1:
            return f"{head}: {self.items[0].message} ({self.items[0].location})"
        if self.summary:
            return f"{head} ×{self.count}: {self.summary}"
        if self.listed:
            return f"{head} ×{self.count}:"
        more = f"(and {self.count - 1} more like it)"
        return f"{head} ×{self.count}: {self.items[0].message} {more}"


def _common_summary(messages: Sequence[str]) -> str:
    """The part every message shares after its subject (`<subject>: <shared text>`), or ''
    when they share nothing."""
    if len(set(messages)) == 1:
        return messages[0]
    tails = [m.rsplit(": ", 1)[-1] for m in messages]
    if len(set(tails)) == 1 and all(": " in m for m in messages):
        return tails[0]
    return ""


def group_diagnostics(
    diagnostics: Iterable[Diagnostic], min_severity: Severity = Severity.INFO
) -> list[DiagnosticGroup]:
    """Diagnostics at or above `min_severity` grouped by (severity, code): worst first, then
    by code; each group's items in file order."""
    by_code: dict[tuple[Severity, str], list[Diagnostic]] = {}
    for d in diagnostics:
        if d.severity >= min_severity:
            by_code.setdefault((d.severity, d.code), []).append(d)
    out = []
    for (severity, code), items in sorted(by_code.items(), key=lambda kv: (-kv[0][0], kv[0][1])):
        items.sort(key=Diagnostic.sort_key)
        hints = {d.hint for d in items}
        out.append(
            DiagnosticGroup(
                severity=severity,
                code=code,
                summary=_common_summary([d.message for d in items]),
                items=tuple(items),
                hint=hints.pop() if len(hints) == 1 else None,
            )
        )
    return out


__all__ = [
    "DiagnosticGroup",
    "group_diagnostics",
    "needs_attention",
    "review_key",
    "review_order",
    "risk_counts",
    "risk_headline",
]
