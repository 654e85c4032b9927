"""Lowering an SLA target: a weaker promise between teams should be a visible decision.

Fires on an update that lowers a target percentage (`target_percent`, `target`) or lengthens
the time allowed (`within_hours`, `within_days`, `within_minutes`, or a `within` of
`{amount, unit}` whose amount grows in the same unit). Raising a target or shortening the
time is a stronger promise and does not fire.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.diff.risk import leaf_attribute
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator

CODE = "RV604"
TARGET_ATTRIBUTES = ("target_percent", "target")
TIME_ATTRIBUTES = ("within_hours", "within_days", "within_minutes", "within_amount")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _weaker(leaf: str, before: object, after: object) -> bool:
    if leaf == "within" and isinstance(before, Mapping) and isinstance(after, Mapping):
        if before.get("unit") != after.get("unit"):
            return False
        leaf, before, after = "within_amount", before.get("amount"), after.get("amount")
    old, new = _number(before), _number(after)
    if old is None or new is None:
        return False
    return (leaf in TARGET_ATTRIBUTES and new < old) or (leaf in TIME_ATTRIBUTES and new > old)


def check(change: Change) -> Iterator[Finding]:
    if change.action is not Action.UPDATE:
        return
    for ac in change.attribute_changes:
        if _weaker(leaf_attribute(ac.path), ac.before, ac.after):
            yield Finding(
                Severity.WARNING,
                CODE,
                f"weakens the SLA: {ac.path} {ac.before} → {ac.after}",
                "get sign-off from both teams on the weaker SLA before applying",
                change.resource_id,
            )


VALIDATOR = ChangeValidator("sla-target-lowered", CODE, check, __doc__ or "")
