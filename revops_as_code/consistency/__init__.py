"""One field standard held across systems (`revops check --consistency`, and a section of
`revops plan` and `revops import` when an environment has several targets).

Module map: `report` (the findings and `compare`, the entry point), `rules` (field by field:
presence, types, options, values one system refuses), `lifecycle` (lifecycle values and
synced fields no standard maps), `read` (the targets' field profiles, from a workspace),
`render` (text and JSON).
"""

from __future__ import annotations

from .report import CODES, ConsistencyReport, Finding, TargetProfiles, compare

__all__ = ["CODES", "ConsistencyReport", "Finding", "TargetProfiles", "compare"]
