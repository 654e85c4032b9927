"""An object's fields may be split across several FieldStandard documents (by team, or
imported next to the hand-written one): keys stay unique per object across all of them, and
references, groups and did-you-mean see every standard of the object."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.models import refs
from revops_as_code.validation import validate_path
from tests.rules.world import BASE, found, run

SALES = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: company
groups: [{key: sales, label: Sales}]
fields:
  - {key: segment, label: Segment, type: string, description: Sales segment., group: sales}
  - {key: territory, label: Territory, type: string, description: Where., group: std}
facts:
  - key: open_deals
    label: Open deals
    related: deal
    where: {field: amount, op: gt, value: 0}
"""
"""A second company standard: its own group, a field in the first standard's group, a fact."""


def test_a_second_standard_of_an_object_is_valid(tmp_path: Path) -> None:
    assert run(tmp_path, zz_company_sales=SALES) == []


def test_references_resolve_across_standards(tmp_path: Path) -> None:
    icp = BASE["icp"].replace(
        "criteria: {field: employee_count, op: gte, value: 500}",
        "criteria:\n      all:\n        - {field: segment, op: eq, value: enterprise}\n"
        "        - {fact: open_deals, op: gte, value: 1}",
    )
    assert run(tmp_path, zz_company_sales=SALES, icp=icp) == []
    defs = validate_path(tmp_path).definitions
    assert defs is not None
    assert [s.object for s in defs.field_standards_of("company")] == ["company", "company"]
    field = defs.field("field/company/segment")
    assert field is not None and field.label == "Segment"
    fact = defs.fact("open_deals", subject="company")
    assert fact is not None and fact.related == "deal"
    # The first standard still answers for its own keys.
    assert defs.field("employee_count", subject="company") is not None
    assert defs.field("field/company/nope") is None


def test_did_you_mean_offers_fields_of_every_standard(tmp_path: Path) -> None:
    icp = BASE["icp"].replace("field: employee_count", "field: segmnt")
    diags = run(tmp_path, zz_company_sales=SALES, icp=icp)
    assert found(diags) == [("RV201", "icp.yaml:10:23")]
    assert diags[0].hint == "did you mean 'field/company/segment'?"
    valid = validate_path(_write(tmp_path / "ok", zz_company_sales=SALES)).definitions
    assert valid is not None
    found_refs = refs.candidates(valid, refs.Ref("field", "company", "x"))
    assert "field/company/segment" in found_refs and "field/company/employee_count" in found_refs


def test_duplicate_field_across_standards_names_the_first(tmp_path: Path) -> None:
    sales = SALES.replace("{key: territory,", "{key: employee_count,")
    diags = run(tmp_path, zz_company_sales=sales)
    assert found(diags) == [("RV210", "zz_company_sales.yaml:7:11")]
    assert diags[0].message.startswith("duplicate company field 'employee_count' (first at ")
    assert diags[0].message.endswith("company.yaml:7:11)")


def test_duplicate_fact_across_standards(tmp_path: Path) -> None:
    sales = SALES.replace("key: open_deals", "key: engaged_contacts_30d")
    diags = run(tmp_path, zz_company_sales=sales)
    assert ("RV210", "zz_company_sales.yaml:9:10") in found(diags)
    dup = next(d for d in diags if d.code == "RV210")
    assert "duplicate company fact 'engaged_contacts_30d'" in dup.message
    assert "company.yaml:16:10)" in dup.message


def test_duplicate_group_across_standards_names_the_first(tmp_path: Path) -> None:
    sales = SALES.replace("groups: [{key: sales, label: Sales}]", "groups: [{key: std, label: S}]")
    sales = sales.replace("group: sales}", "group: std}")
    diags = run(tmp_path, zz_company_sales=sales)
    assert found(diags) == [("RV210", "zz_company_sales.yaml:4:16")]
    assert diags[0].message == (
        f"duplicate company group 'std' (first at {tmp_path / 'company.yaml'}:4:16)"
    )


def test_same_keys_on_different_objects_are_fine(tmp_path: Path) -> None:
    deal = SALES.replace("object: company", "object: deal").replace("group: std}", "group: sales}")
    deal = deal.replace("related: deal", "related: company").replace(
        "where: {field: amount, op: gt, value: 0}",
        "where: {field: employee_count, op: gt, value: 0}",
    )
    assert run(tmp_path, zz_deal_sales=deal) == []


def test_group_declared_by_no_standard_of_the_object(tmp_path: Path) -> None:
    # `std` is a company group: a deal standard cannot use it.
    deal = BASE["deal"].replace("description: Value.}", "description: Value., group: std}")
    diags = run(tmp_path, deal=deal)
    assert found(diags) == [("RV202", "deal.yaml:5:78")]
    assert diags[0].message == "group 'std' is not declared by any deal field standard"


def _write(directory: Path, **extra: str) -> Path:
    directory.mkdir()
    for name, text in {**BASE, **extra}.items():
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
    return directory
