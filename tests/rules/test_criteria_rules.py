"""RV301-RV303 criteria fit their fields; RV305-RV307 fields fit their roles."""

from __future__ import annotations

from pathlib import Path

from tests.rules.world import BASE, found, run


def test_operator_that_does_not_fit_a_bool(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace("target_account, op: eq", "target_account, op: gte")
    diags = run(tmp_path, lifecycle=lifecycle)
    assert found(diags) == [("RV301", "lifecycle.yaml:13:53")]
    assert "bool field" in diags[0].message


def test_window_operator_on_a_number(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("op: gte, value: 500", "op: within_last, value: 30d")
    assert [d.code for d in run(tmp_path, icp=icp)] == ["RV301"]


def test_number_compared_with_text(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("value: 500", "value: '500'")
    assert found(run(tmp_path, icp=icp)) == [("RV302", "icp.yaml:10:55")]


def test_in_needs_a_list_and_is_set_takes_no_value(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("op: gte, value: 500", "op: in, value: 500")
    assert [d.code for d in run(tmp_path, icp=icp)] == ["RV302"]
    icp = BASE["icp"].replace("op: gte, value: 500", "op: is_set, value: 500")
    assert [d.code for d in run(tmp_path, icp=icp)] == ["RV302"]


def test_fact_is_numeric(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace(
        "engaged_contacts_30d, op: gte, value: 3", "engaged_contacts_30d, op: eq, value: true"
    )
    assert [d.code for d in run(tmp_path, lifecycle=lifecycle)] == ["RV302"]


def test_bad_duration(tmp_path: Path) -> None:
    company = BASE["company"].replace("value: 30d", "value: 30 days")
    assert found(run(tmp_path, company=company)) == [("RV302", "company.yaml:19:66")]


def test_enum_value_not_an_option(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace(
        "  - {key: lead, label: Lead}",
        "  - key: lead\n    label: Lead\n    entry_criteria: {field: lead_source, op: in, value: [paid_search, webinars]}",
    )
    diags = run(tmp_path, lifecycle=lifecycle)
    assert found(diags) == [("RV303", "lifecycle.yaml:9:71")]
    assert diags[0].hint == "did you mean 'webinar'?"


def test_lifecycle_field_must_be_an_enum(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace("field: lifecyclestage", "field: mqa_date")
    assert found(run(tmp_path, lifecycle=lifecycle)) == [("RV305", "lifecycle.yaml:5:8")]


def test_breached_field_must_be_a_bool(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("breached_field: breached", "breached_field: due_at")
    assert found(run(tmp_path, sla=sla)) == [("RV305", "sla.yaml:13:17")]


def test_completed_at_field_must_be_a_date_or_datetime(tmp_path: Path) -> None:
    # due_at is a datetime in the world: fine; breached (a bool) does not hold a time.
    assert found(run(tmp_path, sla=BASE["sla"] + "completed_at_field: due_at\n")) == []
    diags = run(tmp_path, sla=BASE["sla"] + "completed_at_field: breached\n")
    assert found(diags) == [("RV305", "sla.yaml:14:21")]
    assert "completed_at_field needs date or datetime" in diags[0].message


def test_completed_at_field_must_exist(tmp_path: Path) -> None:
    diags = run(tmp_path, sla=BASE["sla"] + "completed_at_field: due_att\n")
    assert found(diags) == [("RV201", "sla.yaml:14:21")]
    assert "due_at" in (diags[0].hint or "")


def test_fact_stored_in_a_number(tmp_path: Path) -> None:
    company = BASE["company"].replace("stored_in: engaged", "stored_in: target_account")
    assert [d.code for d in run(tmp_path, company=company)] == ["RV305"]


def test_enum_without_options_and_options_on_text(tmp_path: Path) -> None:
    deal = BASE["deal"] + "  - {key: region, label: Region, type: enum, description: Region.}\n"
    deal += (
        "  - {key: note, label: Note, type: text, description: N., options: [{key: a, label: A}]}\n"
    )
    assert found(run(tmp_path, deal=deal)) == [
        ("RV306", "deal.yaml:6:5"),
        ("RV306", "deal.yaml:7:68"),
    ]


def test_minimum_above_maximum(tmp_path: Path) -> None:
    deal = BASE["deal"].replace(
        "description: Value.}", "description: Value., minimum: 10, maximum: 1}"
    )
    assert [d.code for d in run(tmp_path, deal=deal)] == ["RV306"]


def test_icp_tier_must_be_an_option(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("key: tier_1", "key: tier_one")
    assert found(run(tmp_path, icp=icp)) == [("RV307", "icp.yaml:8:10")]
