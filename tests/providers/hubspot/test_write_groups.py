"""Change groups against the in-process sandbox: what a group costs in requests, that every
member gets an outcome with what is live, and how an ambiguous batch is resolved.

The provider is driven directly (`group`, then `apply_group` per group in order), as the
engine does, so these tests do not depend on the engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.changes import Action, Change
from revops_as_code.providers.base import ChangeGroup, GroupResult, Scope
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.resources import Resource

from .conftest import definitions
from .sandbox_helpers import provider

pytest.importorskip("revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox")

_KIND_ORDER = {"property_group": 0, "pipeline": 1, "property": 2, "pipeline_stage": 3}


def _creates(resources: list[Resource]) -> list[Change]:
    """Create changes in apply order (what everything depends on first)."""
    ordered = sorted(resources, key=lambda r: (_KIND_ORDER[r.id.kind], r.id))
    return [
        Change(Action.CREATE, r.id, None, dict(r.attributes), depends_on=r.depends_on)
        for r in ordered
    ]


def _apply(hubspot: HubSpotProvider, changes: list[Change]) -> list[tuple[ChangeGroup, Any]]:
    by_id = {c.resource_id: c for c in changes}
    out = []
    for group in hubspot.group(changes):
        result = hubspot.apply_group(group, [by_id[m] for m in group.members])
        assert isinstance(result, GroupResult)
        out.append((group, result))
    return out


def _standard(n: int) -> dict[str, Any]:
    return {
        "kind": "FieldStandard",
        "object": "company",
        "default_group": "bulk",
        "groups": [{"key": "bulk", "label": "Bulk"}],
        "fields": [
            {"key": f"bulk_{i:03d}", "label": f"Bulk {i}", "type": "number",
             "description": "A field of the group test."}
            for i in range(n)
        ],
    }  # fmt: skip


RENEWAL: dict[str, Any] = {
    "kind": "Pipeline",
    "key": "renewal",
    "label": "Renewal",
    "stages": [
        {"key": "due", "label": "Renewal due", "probability": 50, "forecast_category": "pipeline"},
        {"key": "quoted", "label": "Quoted", "probability": 60, "forecast_category": "pipeline"},
        {"key": "negotiation", "label": "Negotiation", "probability": 80,
         "forecast_category": "commit"},
        {"key": "renewed", "label": "Renewed", "probability": 100, "forecast_category": "closed",
         "outcome": "won"},
        {"key": "churned", "label": "Churned", "probability": 0, "forecast_category": "omitted",
         "outcome": "lost"},
    ],
}  # fmt: skip


def _properties(hubspot: HubSpotProvider, n: int) -> list[Change]:
    compiled = hubspot.compile(definitions(_standard(n))).resources
    return _creates(list(compiled))


def test_250_property_creates_apply_in_3_batch_requests(tmp_path: Path) -> None:
    hubspot = provider(tmp_path / "hubspot.db")
    changes = _properties(hubspot, 250)
    groups = hubspot.group(changes)
    assert [g.key for g in groups] == [
        "create property_group companies/bulk",
        "create companies properties 1",
        "create companies properties 2",
        "create companies properties 3",
    ]
    before = hubspot.client.request_count
    applied = _apply(hubspot, changes)
    assert hubspot.client.request_count - before == 1 + 3
    live = hubspot.read_live(Scope(kinds=frozenset({"property"}))).resources
    for group, result in applied:
        assert set(result.outcomes) == set(group.members)
        for member, outcome in result.outcomes.items():
            assert outcome.applied, (member, outcome.error)
            if member.kind == "property":
                assert outcome.attributes == dict(live[member].attributes)
    assert sum(len(r.outcomes) for _, r in applied) == 251


def test_a_pipeline_with_5_stages_is_one_request_and_every_stage_is_recorded(
    tmp_path: Path,
) -> None:
    hubspot = provider(tmp_path / "hubspot.db")
    changes = _creates(list(hubspot.compile(definitions(RENEWAL)).resources))
    [group] = hubspot.group(changes)
    assert group.key == "create pipeline deals/renewal"
    assert len(group.members) == 6
    before = hubspot.client.request_count
    [(_, result)] = _apply(hubspot, changes)
    assert hubspot.client.request_count - before == 1
    live = hubspot.read_live(Scope()).resources
    # Every stage has its outcome with what is live: an apply interrupted after this group
    # has nothing made by HubSpot that state would not know about.
    assert set(result.outcomes) == {c.resource_id for c in changes}
    for change in changes:
        outcome = result.outcomes[change.resource_id]
        assert outcome.applied, outcome.error
        assert outcome.attributes == dict(live[change.resource_id].attributes)
        assert outcome.remote_id == change.resource_id.key.rsplit("/", 1)[1]


def _batch_fault(kind: str) -> Any:
    from revops_as_code.providers.hubspot.sandbox import FaultRule

    return FaultRule(
        kind=kind,  # type: ignore[arg-type]
        method="POST",
        path="/crm/v3/properties/companies/batch/create",
        status=500,
    )


def _batches(hubspot: HubSpotProvider, n: int) -> tuple[list[Change], list[ChangeGroup]]:
    changes = [c for c in _properties(hubspot, n) if c.resource_id.kind == "property"]
    return changes, hubspot.group(changes)


def _seed_group(db: Path) -> None:
    from revops_as_code.providers.hubspot.sandbox import HubSpotStore

    db.parent.mkdir(parents=True, exist_ok=True)
    store = HubSpotStore(db)
    try:
        store.insert_property_groups("companies", [{"name": "bulk", "label": "Bulk"}])
    finally:
        store.close()


def test_a_batch_whose_response_is_lost_is_resolved_by_one_list_call(tmp_path: Path) -> None:
    db = tmp_path / "hubspot.db"
    _seed_group(db)
    hubspot = provider(db, faults=[_batch_fault("reset")])
    changes, [group] = _batches(hubspot, 30)
    before = hubspot.client.request_count
    [(_, result)] = _apply(hubspot, changes)
    # The batch, then one list of the companies' properties; nothing sent twice.
    assert hubspot.client.request_count - before == 2
    assert set(result.outcomes) == set(group.members)
    assert all(o.applied for o in result.outcomes.values())


def test_a_batch_that_failed_without_writing_fails_every_member_and_is_not_resent(
    tmp_path: Path,
) -> None:
    db = tmp_path / "hubspot.db"
    _seed_group(db)
    hubspot = provider(db, faults=[_batch_fault("status")])
    changes, [group] = _batches(hubspot, 30)
    before = hubspot.client.request_count
    [(_, result)] = _apply(hubspot, changes)
    assert hubspot.client.request_count - before == 2
    assert set(result.outcomes) == set(group.members)
    for outcome in result.outcomes.values():
        assert not outcome.applied
        assert outcome.error is not None and "does not exist" in outcome.error
    live = hubspot.read_live(Scope(kinds=frozenset({"property"}))).resources
    assert not any(c.resource_id in live for c in changes)
