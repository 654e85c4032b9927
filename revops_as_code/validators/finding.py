"""`Finding`: what a change validator reports about one planned change.

A finding is data, like a `Diagnostic`, with two things a reviewer needs on top: the
resource it is about and a remediation. Findings of severity ERROR block apply; warnings
and infos are shown in every rendering of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.resources import ResourceId


@dataclass(frozen=True)
class Finding:
    """One validator's verdict on one change."""

    severity: Severity
    """ERROR blocks apply; WARNING and INFO are shown."""
    code: str
    """Stable code of the validator (`RV601` ...), safe to grep for in CI."""
    message: str
    """One short sentence saying what is risky about the change."""
    remediation: str
    """What to do instead, or how to make the change safely."""
    resource_id: ResourceId | None
    """The object the finding is about (None for plan-wide findings)."""
    validator: str = ""
    """Name of the validator that produced the finding (its registry name)."""

    @property
    def blocks_apply(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, str, str]:
        rid = str(self.resource_id) if self.resource_id else ""
        return (rid, -int(self.severity), self.code, self.message)

    def to_diagnostic(self) -> Diagnostic:
        """The same finding as a `Diagnostic`, for code that handles only diagnostics."""
        obj = str(self.resource_id) if self.resource_id else ""
        return Diagnostic(
            self.severity,
            self.code,
            self.message,
            Location(object=obj),
            hint=self.remediation or None,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "severity": self.severity.label,
            "code": self.code,
            "message": self.message,
            "remediation": self.remediation,
            "resource": str(self.resource_id) if self.resource_id else None,
            "validator": self.validator,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Finding:
        resource = data.get("resource")
        return cls(
            severity=Severity[str(data["severity"]).upper()],
            code=str(data["code"]),
            message=str(data["message"]),
            remediation=str(data.get("remediation") or ""),
            resource_id=ResourceId.parse(resource) if isinstance(resource, str) else None,
            validator=str(data.get("validator") or ""),
        )


__all__ = ["Finding"]
