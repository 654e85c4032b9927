"""Pipelines (RV220-RV222), SLAs (RV230-RV243) and credentials (RV401)."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.diagnostics import Severity
from tests.rules.world import BASE, found, run


def test_two_won_stages(tmp_path: Path) -> None:
    pipeline = BASE["pipeline"].replace(
        "forecast_category: omitted, outcome: lost", "forecast_category: omitted, outcome: won"
    )
    assert ("RV220", "pipeline.yaml:15:5") in found(run(tmp_path, pipeline=pipeline))


def test_no_lost_stage(tmp_path: Path) -> None:
    pipeline = BASE["pipeline"].replace(", outcome: lost}", "}")
    diags = run(tmp_path, pipeline=pipeline)
    assert ("RV220", "pipeline.yaml:6:3") in found(diags)
    assert "no lost stage" in diags[0].message


def test_decreasing_open_probability_is_a_warning(tmp_path: Path) -> None:
    pipeline = BASE["pipeline"].replace("probability: 30", "probability: 5")
    diags = run(tmp_path, pipeline=pipeline)
    assert found(diags) == [("RV221", "pipeline.yaml:13:43")]
    assert diags[0].severity is Severity.WARNING


def test_won_stage_below_100_is_a_warning(tmp_path: Path) -> None:
    pipeline = BASE["pipeline"].replace("probability: 100", "probability: 95")
    diags = run(tmp_path, pipeline=pipeline)
    assert found(diags) == [("RV222", "pipeline.yaml:14:41")]
    assert diags[0].severity is Severity.WARNING


def test_sla_target_zero(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("target_percent: 100", "target_percent: 0")
    assert found(run(tmp_path, sla=sla)) == [("RV230", "sla.yaml:11:17")]


def test_sla_within_more_than_a_year(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("amount: 2,", "amount: 400,")
    assert found(run(tmp_path, sla=sla)) == [("RV231", "sla.yaml:9:18")]


def test_business_days_need_a_calendar(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("calendar: {timezone: America/New_York, holiday_country: US}\n", "")
    assert [d.code for d in run(tmp_path, sla=sla)] == ["RV232"]


def test_stage_change_needs_until_stage(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("action: first_touch", "action: stage_change")
    assert found(run(tmp_path, sla=sla)) == [("RV233", "sla.yaml:8:9")]


def test_unknown_time_zone_suggests_one(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("America/New_York", "America/NewYork")
    diags = run(tmp_path, sla=sla)
    assert found(diags) == [("RV240", "sla.yaml:10:22")]
    assert "America/New_York" in (diags[0].hint or "")


def test_unknown_holiday_country_and_subdivision(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("holiday_country: US", "holiday_country: XX")
    assert found(run(tmp_path, sla=sla)) == [("RV241", "sla.yaml:10:57")]
    sla = BASE["sla"].replace("holiday_country: US", "holiday_country: US, holiday_subdivision: ZZ")
    assert [d.code for d in run(tmp_path, sla=sla)] == ["RV241"]


def test_working_hours_backwards_and_bad_closed_date(tmp_path: Path) -> None:
    sla = BASE["sla"].replace(
        "holiday_country: US}",
        "holiday_country: US, working_hours: {start: '18:00', end: '09:00'}, closed_dates: ['2026-02-30']}",
    )
    assert sorted(d.code for d in run(tmp_path, sla=sla)) == ["RV242", "RV243"]


def test_pasted_token_is_an_error_and_redacted(tmp_path: Path) -> None:
    token = "pat-na1-12345678-abcd-ef01-2345-6789abcdef01"
    deal = BASE["deal"].replace("description: Value.", f"description: 'use {token} for the API'")
    diags = run(tmp_path, deal=deal)
    assert found(diags) == [("RV401", "deal.yaml:5:63")]
    text = diags[0].format()
    assert "HubSpot private-app token" in text
    assert token not in text and token[8:] not in text


def test_private_key_and_password_keys(tmp_path: Path) -> None:
    key = "-----BEGIN RSA PRIVATE KEY-----MIIEowIBAAKCAQEA"
    deal = BASE["deal"].replace("description: Value.", f"description: '{key}'")
    diags = run(tmp_path, deal=deal)
    assert [d.code for d in diags] == ["RV401"]
    assert "MIIE" not in diags[0].format()


def test_ordinary_text_is_not_a_credential(tmp_path: Path) -> None:
    deal = BASE["deal"].replace(
        "description: Value.", "description: 'The token budget is a password-free process'"
    )
    assert run(tmp_path, deal=deal) == []
