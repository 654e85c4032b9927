"""The seed's planted violations: counts in the manifest, recounted from the store.

The manifest's numbers come from `manifest.evaluate` over the generated records; these tests
check them against the profile (what was planted) and recount them with SQL over the stored
portal, a second, independent path.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from revops_as_code.errors import UsageError
from revops_as_code.providers.hubspot.sandbox.seed import (
    PROFILES,
    SeedManifest,
    build,
    manifest_path,
    seed,
    stored_manifest,
)
from revops_as_code.providers.hubspot.sandbox.seed.calendar import TIMEZONE, add_business_days
from revops_as_code.providers.hubspot.sandbox.seed.profiles import EXIT_CRITERIA
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
SMALL = PROFILES["small"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[HubSpotStore, SeedManifest]:
    path = tmp_path_factory.mktemp("seed") / "hubspot.db"
    store = HubSpotStore(path)
    manifest = seed(store, "small", 42, now=NOW)
    yield store, manifest
    store.close()


def _props(store: HubSpotStore, object_type: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT props FROM objects WHERE object_type = ? AND archived = 0", (object_type,)
    )
    return [json.loads(r["props"]) for r in rows]


def test_manifest_counts_are_the_planted_numbers(seeded: tuple[HubSpotStore, SeedManifest]) -> None:
    _, manifest = seeded
    assert manifest.violations == {
        "late_mqa_followups": SMALL.mqa_late + SMALL.mqa_never_touched,
        "deals_missing_exit_criteria": sum(SMALL.deals_missing),
        "mis_tiered_companies": SMALL.tier1_unlabelled + SMALL.tier1_wrongly_labelled,
        "non_standard_enum_values": SMALL.non_standard_lead_sources,
    }
    timing = manifest.details["mqa_followups"]
    assert timing["late"] == SMALL.mqa_late
    assert timing["never_touched"] == SMALL.mqa_never_touched
    assert timing["pending"] == SMALL.mqa_pending
    assert timing["on_time_due_to_holiday"] == SMALL.mqa_holiday_edge
    assert manifest.details["deals_missing_exit_criteria"] == {
        field: count for (_, field), count in zip(EXIT_CRITERIA, SMALL.deals_missing, strict=True)
    }
    assert manifest.details["icp_tier_1_companies"] >= SMALL.tier1_unlabelled


def test_store_holds_what_the_manifest_counts(seeded: tuple[HubSpotStore, SeedManifest]) -> None:
    store, manifest = seeded
    assert store.counts() == manifest.counts
    assert manifest.counts["contacts"] == SMALL.contacts
    assert manifest.counts["companies"] == SMALL.companies
    assert manifest.counts["deals"] == SMALL.deals


def test_non_standard_lead_sources_recounted_in_sql(
    seeded: tuple[HubSpotStore, SeedManifest],
) -> None:
    store, manifest = seeded
    spellings = manifest.details["non_standard_lead_sources"]
    for value, count in spellings.items():
        assert (
            store.count_where("contacts", "json_extract(props, '$.lead_source') = ?", [value])
            == count
        )
    canonical = manifest.rules["lead_source_canonical"]
    off_standard = [v for v, c in canonical.items() if v != c]
    marks = ",".join("?" * len(off_standard))
    total = store.count_where(
        "contacts", f"json_extract(props, '$.lead_source') IN ({marks})", off_standard
    )
    assert total == manifest.violations["non_standard_enum_values"]


def test_deals_missing_exit_fields_recounted_in_sql(
    seeded: tuple[HubSpotStore, SeedManifest],
) -> None:
    store, manifest = seeded
    won_path = [
        "appointmentscheduled",
        "qualifiedtobuy",
        "presentationscheduled",
        "decisionmakerboughtin",
        "contractsent",
        "closedwon",
    ]
    for rule in manifest.rules["exit_criteria"]:
        later = won_path[won_path.index(rule["stage"]) + 1 :]
        marks = ",".join("?" * len(later))
        missing = store.count_where(
            "deals",
            f"json_extract(props, '$.dealstage') IN ({marks}) "
            f"AND json_extract(props, '$.{rule['requires']}') IS NULL",
            later,
        )
        assert missing == manifest.details["deals_missing_exit_criteria"][rule["requires"]]


def _second_business_day(start: date) -> date:
    """The second business day after `start` (counted independently of the seed's calendar)."""
    us = holidays.country_holidays("US", years=range(start.year, start.year + 2))
    day, seen = start, 0
    while seen < 2:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in us:
            seen += 1
    return day


def test_planted_mqa_timings_break_the_sla(seeded: tuple[HubSpotStore, SeedManifest]) -> None:
    store, manifest = seeded
    by_id = {int(p["hs_object_id"]): p for p in _props(store, "contacts")}
    start_prop = manifest.rules["mqa_followup_sla"]["start_property"]
    touch_prop = manifest.rules["mqa_followup_sla"]["first_touch_property"]

    def local(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(TIMEZONE)

    # "The end of the second business day after the start's date" is the most lenient
    # reading of the deadline: late and never-touched ones are past even that.
    for contact_id in manifest.planted_ids["mqa_late"]:
        props = by_id[contact_id]
        start, touch = local(props[start_prop]), local(props[touch_prop])
        assert touch.date() > _second_business_day(start.date())
        assert touch.weekday() < 5 and 9 <= touch.hour < 17
    for contact_id in manifest.planted_ids["mqa_never_touched"]:
        props = by_id[contact_id]
        assert touch_prop not in props
        assert NOW.astimezone(TIMEZONE).date() > _second_business_day(
            local(props[start_prop]).date()
        )
    for contact_id in manifest.planted_ids["mqa_holiday_edge"]:
        props = by_id[contact_id]
        start, touch = local(props[start_prop]), local(props[touch_prop])
        # On time on the holiday-aware calendar, late if the holiday were a workday.
        assert touch.date() == _second_business_day(start.date())
        assert add_business_days(start, 2, skip_holidays=False) < touch
    assert (
        store.count_where(
            "contacts",
            f"json_extract(props, '$.{start_prop}') IS NOT NULL "
            f"AND json_extract(props, '$.{touch_prop}') IS NULL",
            [],
        )
        == SMALL.mqa_never_touched + SMALL.mqa_pending
    )


def test_mis_tiered_companies_fail_or_meet_tier_1(
    seeded: tuple[HubSpotStore, SeedManifest],
) -> None:
    store, manifest = seeded
    rule = manifest.rules["icp_tier_1"]
    companies = {int(p["hs_object_id"]): p for p in _props(store, "companies")}
    contacts = {int(p["hs_object_id"]): p for p in _props(store, "contacts")}
    since = (NOW - timedelta(days=rule["engagement_window_days"])).isoformat()
    engaged: dict[int, int] = {}
    for row in store.query(
        "SELECT from_id, to_id FROM associations WHERE from_type = 'contacts' "
        "AND to_type = 'companies' AND label IS NULL"
    ):
        stamp = contacts[int(row["from_id"])].get("last_engagement_date")
        if stamp and datetime.fromisoformat(stamp.replace("Z", "+00:00")).isoformat() >= since:
            engaged[int(row["to_id"])] = engaged.get(int(row["to_id"]), 0) + 1

    def tier_1(company_id: int) -> bool:
        p = companies[company_id]
        return (
            p.get("target_account") == "true"
            and int(p["numberofemployees"]) >= rule["min_employees"]
            and p.get("industry") in rule["industries"]
            and engaged.get(company_id, 0) >= rule["min_engaged_contacts"]
        )

    assert sum(tier_1(c) for c in companies) == manifest.details["icp_tier_1_companies"]
    mis_tiered = [
        c for c in companies if tier_1(c) != (companies[c].get("account_tier") == "tier_1")
    ]
    assert len(mis_tiered) == manifest.violations["mis_tiered_companies"]
    assert sorted(mis_tiered) == sorted(
        manifest.planted_ids["tier1_unlabelled"] + manifest.planted_ids["tier1_wrongly_labelled"]
    )


def test_manifest_is_written_next_to_the_db_and_kept_in_the_store(
    seeded: tuple[HubSpotStore, SeedManifest],
) -> None:
    store, manifest = seeded
    path = manifest_path(store.path)
    assert path == Path(store.path).with_name("hubspot.seed-manifest.json")
    assert SeedManifest.from_json(path.read_text(encoding="utf-8")) == manifest
    assert stored_manifest(store) == manifest
    assert manifest.reference_time == "2026-11-20T15:00:00.000Z"


def test_same_seed_same_portal_other_seed_other_portal() -> None:
    first, again, other = build("small", 7, NOW), build("small", 7, NOW), build("small", 8, NOW)
    assert first.records.contacts == again.records.contacts
    assert first.records.deals == again.records.deals
    assert first.manifest == again.manifest
    assert first.records.contacts != other.records.contacts
    # Planted counts do not depend on the seed.
    assert other.manifest.violations == first.manifest.violations


def test_reseeding_replaces_the_portal(tmp_path: Path) -> None:
    store = HubSpotStore(tmp_path / "h.db")
    try:
        seed(store, "small", 1, now=NOW)
        manifest = seed(store, "small", 2, now=NOW, write_manifest=False)
        assert store.counts() == manifest.counts
        assert not manifest_path(tmp_path / "h.db").exists() or manifest.seed == 2
    finally:
        store.close()


def test_a_failed_seed_leaves_the_previous_portal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = HubSpotStore(tmp_path / "h.db")
    try:
        first = seed(store, "small", 1, now=NOW)
        original = store.insert_associations

        def failing(*args: Any, **kwargs: Any) -> int:
            if args[0] == "deals":
                raise RuntimeError("disk full")
            return original(*args, **kwargs)

        monkeypatch.setattr(store, "insert_associations", failing)
        with pytest.raises(RuntimeError, match="disk full"):
            seed(store, "small", 2, now=NOW)
        assert store.counts() == first.counts
        assert stored_manifest(store) == first
    finally:
        store.close()


def test_unknown_profile_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown seed profile 'huge'"):
        build("huge")
