"""SLA targets in range.

RV230  `target_percent` is 0: an SLA that nobody has to meet measures nothing.
RV231  `within` is out of range (more than a year of the unit).
RV232  a business-hours/days SLA has no `calendar` to count business time in.
RV233  `action: stage_change` without `until_stage`, or `until_stage` with another action.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.models import HandoffSLA
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic

TARGET = "RV230"
WITHIN = "RV231"
NO_CALENDAR = "RV232"
UNTIL_STAGE = "RV233"

_MAX_WITHIN = {"business_hours": 2080, "business_days": 260, "calendar_hours": 8760}
"""About one year of each unit: anything longer is a typo, not an SLA."""


class SlaTargets:
    code = TARGET

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for doc in ctx.definitions.documents_of(HandoffSLA):
            sla = doc.model
            assert isinstance(sla, HandoffSLA)
            if sla.target_percent <= 0:
                yield diagnostic(
                    doc,
                    "/target_percent",
                    TARGET,
                    "target_percent must be above 0 (and at most 100)",
                )
            limit = _MAX_WITHIN[sla.within.unit]
            if sla.within.amount > limit:
                yield diagnostic(
                    doc,
                    "/within/amount",
                    WITHIN,
                    f"{sla.within.amount} {sla.within.unit} is more than a year (at most {limit})",
                )
            if sla.within.unit.startswith("business_") and sla.calendar is None:
                yield diagnostic(
                    doc,
                    "",
                    NO_CALENDAR,
                    f"SLA {sla.key!r} counts {sla.within.unit} but has no `calendar`",
                    hint="add calendar: {timezone: ..., holiday_country: ...}",
                )
            if sla.action == "stage_change" and sla.until_stage is None:
                yield diagnostic(
                    doc,
                    "/action",
                    UNTIL_STAGE,
                    "action stage_change needs `until_stage` (the stage that stops the clock)",
                )
            elif sla.action != "stage_change" and sla.until_stage is not None:
                yield diagnostic(
                    doc,
                    "/until_stage",
                    UNTIL_STAGE,
                    f"until_stage only applies to action stage_change, not {sla.action}",
                )


RULE = SlaTargets()
