"""Request counts of a plan and of a first apply, pinned at 100, 1,000 and 10,000 custom
fields (a real org caps custom fields at 500-800 per object, by edition; the sandbox does
not, so the counts show the read is flat in N).

A plan reads everything with one REST composite (describes, stage/status/record-type SOQL)
and one Tooling composite (CustomField, ValidationRule, BusinessProcess and StandardValueSet
rows), plus one Tooling composite of Metadata GETs per 25 rules/processes, plus one call per
further 2,000-row page of the CustomField query. A first apply creates fields 25 per Tooling
composite call. The big orgs are written into the sandbox's store directly (not through the
API), so building them costs no requests.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from revops_as_code.changes import Action, Change
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import GroupResult, Scope
from revops_as_code.providers.salesforce import SalesforceProvider
from revops_as_code.targets import BoundTarget

pytest.importorskip("revops_as_code.providers.salesforce.sandbox.support", reason="sandbox")

from .compile_helpers import definitions
from .provider_helpers import provider, seeded


def _standard(n: int) -> dict[str, Any]:
    return {
        "kind": "FieldStandard",
        "object": "company",
        "fields": [
            {"key": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
             "description": "A field of the request-count test."}
            for i in range(n)
        ],
    }  # fmt: skip


def _live_org(db: Path, n: int) -> None:
    """The seeded empty org plus `n` custom fields on Account, a validation rule and a sales
    process (so the Metadata GET call is part of the count), written into the store."""
    from revops_as_code.providers.salesforce.sandbox.org import OrgField, sf_id
    from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore

    seeded(db, "empty")
    store = SalesforceStore(db)
    try:
        org = store.org()
        org.fields = [*org.fields] + [
            OrgField(object="Account", name=f"Bulk_{i:05d}__c", label=f"Bulk {i}", type="Number",
                     custom=True, precision=18, scale=2, description="A field of the request-count test.",
                     id=sf_id("00N", 900_000 + i))
            for i in range(n)
        ]  # fmt: skip
        stage = org.value_sets["OpportunityStage"][0]["valueName"]
        org.validation_rules.append(
            {"Id": sf_id("03d", 900_000), "object": "Account", "name": "Negative_Bulk", "active": True,
             "formula": "Bulk_00000__c < 0", "message": "No negative bulk.",
             "error_display_field": None, "description": ""}
        )  # fmt: skip
        org.business_processes.append(
            {"Id": sf_id("019", 900_000), "object": "Opportunity", "name": "Bulk Process",
             "description": "", "active": True, "values": [{"fullName": stage, "default": True}]}
        )  # fmt: skip
        store.load(org)
    finally:
        store.close()


def _plan(sf: SalesforceProvider, desired: Any, live: Any) -> Any:
    target = BoundTarget.of(sf.name, sf)
    return build_plan(desired, live, Meaning({sf.name: target.meaning}), StateView(),
                      environment="t", targets={sf.name: sf.name}, impact=sf.impact,
                      group=target.group)  # fmt: skip


def _plan_requests(n: int) -> int:
    """2 composites + 1 call of Metadata GETs (the org's rules and processes fit in one) + one
    call per further 2,000-row CustomField page."""
    pages = -(-n // 2000) if n else 1
    return 2 + 1 + (pages - 1)


@pytest.mark.parametrize("n", [100, 1_000, 10_000])
def test_a_plan_costs_the_same_requests_whatever_the_number_of_fields(
    n: int, tmp_path: Path
) -> None:
    db = tmp_path / "salesforce.db"
    _live_org(db, n)
    sf = provider(db, profile=None)
    desired = sf.compile(definitions(_standard(n)))
    bulk = [r for r in desired.resources if r.id.key.startswith("Account.Bulk_")]
    assert len(bulk) == n
    before = sf.client.request_count
    live = sf.read_live(Scope())
    assert live.request_count == sf.client.request_count - before == _plan_requests(n)
    assert len([r for r in live.resources if r.id.key.startswith("Account.Bulk_")]) == n
    plan = _plan(sf, dataclasses.replace(desired, resources=type(desired.resources).of(bulk)), live)
    assert [c for c in plan.changes if c.resource_id.key.startswith("Account.Bulk_")] == []
    sf.close()


def _apply_all(sf: SalesforceProvider, n: int) -> tuple[int, int, int]:
    """Groups, requests and applied outcomes of a first apply of `n` field creates."""
    desired = [
        r for r in sf.compile(definitions(_standard(n))).resources if r.id.kind == "custom_field"
    ]
    changes = [
        Change(Action.CREATE, r.id, None, dict(r.attributes), depends_on=r.depends_on)
        for r in desired
    ]
    groups = sf.group(changes)
    by_id = {c.resource_id: c for c in changes}
    before = sf.client.request_count
    applied = 0
    for group in groups:
        result = sf.apply_group(group, [by_id[m] for m in group.members])
        assert isinstance(result, GroupResult)
        failed = [o.error for o in result.outcomes.values() if not o.applied]
        assert not failed, failed[:3]
        assert all(o.remote_id for o in result.outcomes.values())
        applied += len(result.outcomes)
    return len(groups), sf.client.request_count - before, applied


@pytest.mark.parametrize(("n", "expected"), [(100, 4), (1_000, 40)])
def test_a_first_apply_creates_fields_25_a_request(n: int, expected: int, tmp_path: Path) -> None:
    sf = provider(tmp_path / "salesforce.db")
    # One Tooling composite per 25 fields, nothing else.
    assert _apply_all(sf, n) == (expected, expected, n)
    after = sf.read_live(Scope(kinds=frozenset({"custom_field"})))
    assert len([r for r in after.resources if r.id.key.startswith("Account.Bulk_")]) == n
    sf.close()


def test_a_first_apply_of_10000_fields_costs_400_requests() -> None:
    # The same at 10,000 against a MockTransport org that answers every create (the sandbox
    # re-reads its org per write, which makes 10,000 creates slow, not different).
    from .wire_org import standard_org

    org = standard_org()
    made = iter(range(1, 1_000_000))
    org.write = lambda method, path, body: (
        201,
        {"id": f"00N{next(made):012d}", "success": True, "errors": []},
    )
    sf = org.provider()
    assert _apply_all(sf, 10_000) == (400, 400, 10_000)
    assert len(org.composites) == 400 and {len(c) for c in org.composites} == {25}
    sf.close()
