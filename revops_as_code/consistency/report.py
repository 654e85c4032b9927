"""Consistency across systems: does one field standard hold in every target of an environment?

Each target's provider describes what it holds (`providers.profiles.FieldProfiles`); this
module compares the targets pairwise, field by field (matched on the definition address, the
compiled resources' `origin`), and reports as `Finding`s what would break the sync between
them: a field one system lacks, types that cannot hold each other's values, option lists
that differ, values one system holds that the other refuses, lifecycle values with no
equivalent on the other side, and fields a system syncs that no standard maps. Each finding
names the definition that should fix it (`file:line:col`) and what to do; a field's
`system_of_record` decides which side gives way. The rules live in `rules.py`;
reading the targets in `read.py`; rendering in `render.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.providers.profiles import FieldProfiles

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

MISSING = "RV610"
TYPE_MISMATCH = "RV611"
OPTIONS_DIFFER = "RV612"
REJECTED_VALUES = "RV613"
CRM_STAGE_UNMATCHED = "RV614"
MAP_VALUE_UNMATCHED = "RV615"
UNMAPPED_SYNCED = "RV616"

CODES: dict[str, str] = {
    MISSING: "a mapped field exists in one system and not in another",
    TYPE_MISMATCH: "the systems store the field as types that cannot hold each other's values",
    OPTIONS_DIFFER: "enum options offered in one system and not in the other",
    REJECTED_VALUES: "values one system holds that the other would refuse during sync",
    CRM_STAGE_UNMATCHED: "a CRM lifecycle value with no equivalent in the other system",
    MAP_VALUE_UNMATCHED: "a marketing-automation lifecycle value with no CRM stage",
    UNMAPPED_SYNCED: "a field a system syncs that no field standard maps",
}
"""Every finding code and what it means (documented; safe to grep for in CI)."""

FindingKind = Literal["missing", "type", "options", "values", "lifecycle", "unmapped"]


@dataclass(frozen=True)
class TargetProfiles:
    """One target's profiles with what the report needs to name it."""

    target: str
    """The environment's name for it (`crm`, `map`)."""
    provider: str
    """Its provider (`salesforce`): what a field's `system_of_record` names."""
    profiles: FieldProfiles


@dataclass(frozen=True)
class Finding:
    """One disagreement between systems, with the definition that should fix it."""

    code: str
    kind: FindingKind
    ref: str
    """The definition address (`field/contact/lead_source`, `lifecycle/buyer_journey`)."""
    message: str
    """What disagrees, naming the targets and the live names."""
    fix: str
    """What to do, naming the system (or the definition) that should change."""
    location: str = ""
    """`file:line:col` of the definition that should fix it."""
    targets: tuple[str, ...] = ()
    """The targets involved, in the report's order."""
    fix_in: str | None = None
    """The target the fix applies to, or None when the definition itself should change."""

    def diagnostic(self) -> Diagnostic:
        """As a plan diagnostic: a warning (a disagreement never blocks an apply)."""
        return Diagnostic(
            Severity.WARNING, self.code, self.message, _location(self.location, self.ref),
            hint=self.fix,
        )  # fmt: skip

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "kind": self.kind,
            "ref": self.ref,
            "message": self.message,
            "fix": self.fix,
            "location": self.location or None,
            "targets": list(self.targets),
            "fix_in": self.fix_in,
        }


@dataclass(frozen=True)
class ConsistencyReport:
    """The findings across an environment's targets, and what could not be compared."""

    targets: Mapping[str, str]
    """Target -> provider, of every target in the environment."""
    compared: tuple[str, ...]
    """The targets whose provider described its fields (the others cannot say)."""
    findings: tuple[Finding, ...] = ()
    fields_compared: int = 0
    """How many definition fields are mapped into more than one compared target and exist in
    at least one of them (a field no system has yet is the plan's business)."""
    notes: tuple[str, ...] = ()
    """What was not compared and why (a target that cannot say, values not read)."""

    @property
    def agrees(self) -> bool:
        return not self.findings

    @property
    def comparable(self) -> bool:
        """At least two targets described their fields: a report worth showing."""
        return len(self.compared) > 1

    def diagnostics(self) -> list[Diagnostic]:
        return [f.diagnostic() for f in self.findings]

    def to_json(self) -> dict[str, object]:
        return {
            "targets": dict(self.targets),
            "compared": list(self.compared),
            "fields_compared": self.fields_compared,
            "agrees": self.agrees,
            "findings": [f.to_json() for f in self.findings],
            "notes": list(self.notes),
        }


def _location(where: str, obj: str) -> Location:
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=where, object=obj)


def compare(
    profiles: Mapping[str, TargetProfiles | None],
    definitions: Definitions | None = None,
    *,
    targets: Mapping[str, str] | None = None,
) -> ConsistencyReport:
    """Compare every pair of targets that described their fields (None: cannot say).

    `definitions` supply what the fixes need (a field's `system_of_record`, its options and
    their `replaces`, a lifecycle's stages, where a field standard is written); without them
    the findings are still found, with less specific fixes."""
    from revops_as_code.consistency.rules import find_all

    described = {name: p for name, p in sorted(profiles.items()) if p is not None}
    notes = [
        f"{name} cannot describe its fields (its provider does not say): not compared"
        for name, p in sorted(profiles.items())
        if p is None
    ]
    for name, p in described.items():
        notes.extend(f"{name}: {note}" for note in p.profiles.notes)
    findings, fields_compared = find_all(described, definitions) if len(described) > 1 else ([], 0)
    everyone = dict(targets) if targets is not None else {
        n: (p.provider if p is not None else "") for n, p in profiles.items()
    }  # fmt: skip
    return ConsistencyReport(
        targets=everyone,
        compared=tuple(described),
        findings=tuple(findings),
        fields_compared=fields_compared,
        notes=tuple(notes),
    )


__all__ = [
    "CODES",
    "ConsistencyReport",
    "Finding",
    "FindingKind",
    "TargetProfiles",
    "compare",
]
