"""RV201/RV202 references resolve, with did-you-mean, at the referencing scalar; RV210 keys."""

from __future__ import annotations

from pathlib import Path

from tests.rules.world import BASE, found, run


def test_the_base_world_is_clean(tmp_path: Path) -> None:
    assert run(tmp_path) == []


def test_dangling_field_in_criteria_suggests_the_nearest(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("field: employee_count", "field: employe_count")
    diags = run(tmp_path, icp=icp)
    assert found(diags) == [("RV201", "icp.yaml:10:23")]
    assert "field/company/employee_count" in (diags[0].hint or "")


def test_dangling_typed_reference_on_another_object(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace("field/company/target_account", "field/company/target")
    diags = run(tmp_path, lifecycle=lifecycle)
    assert found(diags) == [("RV201", "lifecycle.yaml:13:19")]
    assert diags[0].hint == "did you mean 'field/company/target_account'?"


def test_dangling_fact(tmp_path: Path) -> None:
    lifecycle = BASE["lifecycle"].replace(
        "fact/company/engaged_contacts_30d", "fact/company/engaged"
    )
    assert found(run(tmp_path, lifecycle=lifecycle)) == [("RV201", "lifecycle.yaml:14:18")]


def test_sla_trigger_to_a_missing_stage(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("trigger: lifecycle/mqa", "trigger: lifecycle/mql")
    diags = run(tmp_path, sla=sla)
    assert ("RV201", "sla.yaml:5:10") in found(diags)
    assert "lifecycle/mqa" in (diags[0].hint or "")


def test_pipeline_stage_reference_and_required_at(tmp_path: Path) -> None:
    deal = BASE["deal"].replace(
        "description: Value.}",
        "description: Value., required_at: [pipeline/new_business/stage/dmo]}",
    )
    diags = run(tmp_path, deal=deal)
    assert found(diags) == [("RV201", "deal.yaml:5:85")]
    assert "pipeline/new_business/stage/demo" in (diags[0].hint or "")


def test_reference_of_the_wrong_type_is_refused_by_the_model(tmp_path: Path) -> None:
    sla = BASE["sla"].replace("due_at_field: due_at", "due_at_field: fact/contact/due_at")
    assert found(run(tmp_path, sla=sla)) == [("RV113", "sla.yaml:12:15")]


def test_undeclared_group(tmp_path: Path) -> None:
    company = BASE["company"].replace("default_group: std", "default_group: standard")
    assert found(run(tmp_path, company=company)) == [("RV202", "company.yaml:5:16")]


def test_duplicate_stage_key_names_the_first(tmp_path: Path) -> None:
    pipeline = BASE["pipeline"].replace("{key: demo,", "{key: discovery,")
    diags = run(tmp_path, pipeline=pipeline)
    assert ("RV210", "pipeline.yaml:13:11") in found(diags)
    assert "pipeline.yaml:6:" in next(d.message for d in diags if d.code == "RV210")


def test_duplicate_field_across_documents_of_one_object(tmp_path: Path) -> None:
    extra = BASE["deal"]
    diags = run(tmp_path, zz_deal_copy=extra)
    # A second standard for `deal` is fine; its field `amount` again is not.
    assert found(diags) == [("RV210", "zz_deal_copy.yaml:5:11")]
    assert f"(first at {tmp_path / 'deal.yaml'}:5:11)" in diags[0].message


def test_duplicate_option_key(tmp_path: Path) -> None:
    contact = BASE["contact"].replace(
        "{key: webinar, label: Webinar}", "{key: paid_search, label: W}"
    )
    assert ("RV210", "contact.yaml:14:54") in found(run(tmp_path, contact=contact))
