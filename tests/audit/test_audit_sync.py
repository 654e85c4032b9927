"""`revops audit --sync`: the record-level plan of derived values, applied with confirmation;
afterwards the audit finds the tiers and SLA fields true, and a second --sync writes nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from revops_as_code.cli import audit_cmd
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

from .conftest import Project

NEW_YORK = ZoneInfo("America/New_York")
"""The kickoff SLA's calendar zone (definitions/slas/onboarding_kickoff.yaml)."""


def sections(result_output: str) -> dict[str, dict[str, Any]]:
    return {s["definition"]: s for s in json.loads(result_output)["sections"]}


def test_sync_plan_apply_and_idempotence(fresh: Project) -> None:
    expected = fresh.manifest.audit
    fresh.run("apply", "--auto-approve", code=0)  # creates icp_tier, the SLA fields, ...

    # Without a terminal, --sync needs --auto-approve (exit 1, saying what to do).
    refused = fresh.audit("--sync", "--format", "json")
    assert refused.exit_code == 1 and "--auto-approve" in refused.output

    # After apply the tier field exists and is empty: every company disagrees with its tier.
    before = sections(fresh.audit("--format", "json", code=2).output)
    assert before["icp/northwind_icp"]["counts"]["tier_mismatch"] == 300

    synced = fresh.audit("--sync", "--auto-approve", "--format", "json", code=2)
    tiers = expected["icp_northwind"]["computed_tiers"]
    for tier, count in tiers.items():
        assert f"ICP northwind_icp: icp_tier no value -> {tier} on {count} companies" in (
            synced.output
        )
    window = expected["sla_mqa_first_touch"]["window"]
    breaches = window["late"] + window["never_touched"]
    assert (
        f"SLA mqa_first_touch: sla_first_touch_breached set on {breaches} contacts" in synced.output
    )
    assert (
        f"SLA mqa_first_touch: sla_first_touch_due_at set on {window['total']} contacts"
        in synced.output
    )
    assert "Sync: wrote " in synced.output

    after = sections(fresh.audit("--format", "json", code=2).output)
    icp = after["icp/northwind_icp"]
    # --sync writes icp_tier, never the hand-kept account_tier it supersedes: those still differ.
    mis_tiered = expected["icp_northwind"]["superseded_tier_mismatches"]["account_tier"]
    assert icp["counts"] == {"superseded_tier_mismatch": mis_tiered} and icp["score"] == 100.0
    assert icp["figures"]["tier_coverage_pct"] == 100.0
    # The variants the standard retires were mapped to their options.
    assert after["field_standard/contact"]["figures"]["values_outside_options"] == 0
    # The SLA itself is measured the same (its breaches are history, not derived values).
    assert after["sla/mqa_first_touch"]["figures"]["breached"] == breaches

    again = fresh.audit("--sync", "--auto-approve", code=2)
    assert "derived values are up to date; nothing to write" in again.output


def test_sync_declined_writes_nothing(fresh: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh.run("apply", "--auto-approve", code=0)
    monkeypatch.setattr(audit_cmd, "interactive", lambda: True)
    declined = fresh.audit("--sync", stdin="n\n")
    assert "Write these values?" in declined.output and "Nothing written." in declined.output
    after = sections(fresh.audit("--format", "json", code=2).output)
    assert after["icp/northwind_icp"]["counts"]["tier_mismatch"] == 300


def test_sync_before_apply_writes_only_fields_that_exist(fresh: Project) -> None:
    # No apply: the SLA and tier fields do not exist; only the retired spellings are mapped.
    first = fresh.audit("--sync", "--auto-approve", code=2)
    planted = fresh.manifest.violations["non_standard_enum_values"]
    assert f"Sync: wrote {planted} records." in first.output
    assert "sla_first_touch_due_at set" not in first.output
    assert "fields not in the CRM yet" in first.output
    again = fresh.audit("--sync", "--auto-approve", code=2)
    assert "nothing to write" in again.output


def test_kickoff_sla_is_measured_from_the_kickoff_date(fresh: Project) -> None:
    expected = fresh.manifest.audit["sla_onboarding_kickoff"]
    fresh.run("apply", "--auto-approve", code=0)  # creates onboarding_kickoff_date, empty
    kickoff = sections(fresh.audit("--format", "json", code=2).output)["sla/onboarding_kickoff"]
    want = expected["window_after_apply"]
    figures = kickoff["figures"]
    assert figures["triggered"] == expected["closed_won_window"] == 10
    assert (figures["met"], figures["breached_no_action"], figures["pending"]) == (
        0, want["breached_no_action"], want["pending"],
    )  # fmt: skip
    assert want["breached_no_action"] >= 2 and want["pending"] >= 1
    assert kickoff["target_met"] is False and kickoff["score"] == 0.0

    # Customer success enters two kickoff dates (a date, no time): on the closed-won day for
    # the earliest breached deal (in time), 14 calendar days after for the next one (late).
    store = HubSpotStore(fresh.path / ".revops" / "sandbox" / "hubspot.db")
    try:
        deals = store.get_objects("deals", [int(f["record_id"]) for f in kickoff["findings"]])
        won = {
            i: datetime.fromisoformat(
                d["properties"]["hs_v2_date_entered_closedwon"].replace("Z", "+00:00")
            ).astimezone(NEW_YORK)
            for i, d in deals.items()
        }
        on_time, late = sorted(won, key=won.__getitem__)[:2]
        store.update_objects("deals", {
            on_time: {"onboarding_kickoff_date": won[on_time].date().isoformat()},
            late: {"onboarding_kickoff_date": (won[late] + timedelta(days=14)).date().isoformat()},
        })  # fmt: skip
    finally:
        store.close()
    after = sections(fresh.audit("--format", "json", code=2).output)["sla/onboarding_kickoff"]
    figures = after["figures"]
    assert (figures["met"], figures["breached_late"], figures["breached_no_action"]) == (
        1, 1, want["breached_no_action"] - 2,
    )  # fmt: skip
    assert figures["pending"] == want["pending"]
    assert figures["median_to_action"] is not None

    synced = fresh.audit("--sync", "--auto-approve", code=2).output
    breached = want["breached_no_action"] - 1
    assert f"SLA onboarding_kickoff: sla_kickoff_breached set on {breached} deals" in synced
    total = expected["closed_won_window"]
    assert f"SLA onboarding_kickoff: sla_kickoff_due_at set on {total} deals" in synced
    again = fresh.audit("--sync", "--auto-approve", code=2)
    assert "derived values are up to date; nothing to write" in again.output
