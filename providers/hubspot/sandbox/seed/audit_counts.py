"""What `revops audit` must report on the seeded portal, recounted from the generated records.

The manifest's `audit` section: the findings of every kind the audit measures with the
bundled definitions, at the seed's reference time, counted here from the records with the
seed's own reading of the rules (`profiles.py`), independently of the audit's code, so a
test comparing the two checks both. Counts are for the portal as seeded: before `apply`
creates the standard's fields (`icp_tier`, `mqa_date`, the SLA fields) and before
`audit --sync` fills them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from .deals import PATH_ORDER, stage_rank
from .manifest import mqa_timing
from .profiles import (
    AUDIT_WINDOW_DAYS,
    DEFINITION_EXIT_CRITERIA,
    EVALUATION_MIN_AMOUNT,
    STAGE_KEYS,
    STAGE_MAX_DAYS,
)
from .records import SeedRecords


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _empty(value: Any) -> bool:
    return value in (None, "")


def _exit_failures(props: dict[str, Any]) -> list[str]:
    """The definition stages (keys) a deal has left without their exit criteria."""
    rank = stage_rank(str(props["dealstage"]))
    failed = []
    for stage_id, required in DEFINITION_EXIT_CRITERIA:
        if rank <= stage_rank(stage_id):
            continue
        if required is None:
            # Evaluation: company icp_tier in (tier_1, tier_2) or amount >= 50,000. The
            # portal has no icp_tier until apply creates it, so only the amount counts.
            amount = props.get("amount")
            if amount is None or amount == "" or float(amount) < EVALUATION_MIN_AMOUNT:
                failed.append(STAGE_KEYS[stage_id])
        elif any(_empty(props.get(p)) for p in required):
            failed.append(STAGE_KEYS[stage_id])
    return failed


def audit_counts(records: SeedRecords, now: datetime) -> dict[str, Any]:
    """The `audit` section of the manifest."""
    since = now - timedelta(days=AUDIT_WINDOW_DAYS)
    exit_by_stage: Counter[str] = Counter({STAGE_KEYS[s]: 0 for s, _ in DEFINITION_EXIT_CRITERIA})
    overdue: Counter[str] = Counter({STAGE_KEYS[s]: 0 for s in STAGE_MAX_DAYS})
    violating = checked = 0
    won_all = won_window = 0
    for deal in records.deals:
        props = deal["properties"]
        stage = str(props["dealstage"])
        failures = _exit_failures(props)
        exit_by_stage.update(failures)
        violating += bool(failures)
        checked += stage_rank(stage) > stage_rank(DEFINITION_EXIT_CRITERIA[0][0])
        if stage in STAGE_MAX_DAYS:
            entered = _parse(props[f"hs_v2_date_entered_{stage}"])
            if (now - entered) / timedelta(days=1) > STAGE_MAX_DAYS[stage]:
                overdue[STAGE_KEYS[stage]] += 1
        if stage == "closedwon":
            won_all += 1
            won_window += _parse(props["hs_v2_date_entered_closedwon"]) >= since
    return {
        "window_days": AUDIT_WINDOW_DAYS,
        "sla_mqa_first_touch": {
            "all_time": mqa_timing(records, now),
            "window": mqa_timing(records, now, since=since),
        },
        "sla_onboarding_kickoff": {
            "measurable": False,
            "reason": "HubSpot records no meeting time on deals",
            "closed_won_all_time": won_all,
            "closed_won_window": won_window,
        },
        "pipeline_new_business": {
            "deals": len(records.deals),
            "checked_for_exit_criteria": checked,
            "deals_missing_exit_criteria": violating,
            "exit_criteria_by_stage": dict(exit_by_stage),
            "overdue_by_stage": dict(overdue),
            "overdue": sum(overdue.values()),
        },
    }


__all__ = ["PATH_ORDER", "audit_counts"]
