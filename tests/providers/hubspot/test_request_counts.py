"""Request counts of a plan and of a first apply, pinned at 100, 1,000 and 10,000 properties.

A plan reads each kind of configuration with one list call per object type (3 property
lists, 3 group lists, the deal- and ticket-pipeline lists, 1 owners page) however many properties the
portal holds. A first apply creates the group and then the properties through the batch
endpoint, 100 per change group: the provider's groups, driven directly here (the engine's
re-read before apply is the engine's to count), and one state write per group through the
engine's own path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.changes import Action, Change
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import GroupResult, Scope
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.state import LocalBackend, State
from revops_as_code.targets import BoundTarget

from .conftest import definitions
from .sandbox_helpers import provider, seeded

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

PLAN_REQUESTS = 9


def _standard(n: int) -> dict[str, Any]:
    return {
        "kind": "FieldStandard",
        "object": "company",
        "default_group": "bulk",
        "groups": [{"key": "bulk", "label": "Bulk"}],
        "fields": [
            {"key": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
             "description": "A field of the request-count test."}
            for i in range(n)
        ],
    }  # fmt: skip


def _live_portal(db: Path, n: int) -> None:
    from revops_as_code.providers.hubspot.sandbox import HubSpotStore

    store = HubSpotStore(db)
    try:
        store.insert_property_groups("companies", [{"name": "bulk", "label": "Bulk"}])
        store.insert_properties(
            "companies",
            [
                {"name": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
                 "fieldType": "number", "groupName": "bulk", "hubspotDefined": False,
                 "description": "A field of the request-count test."}
                for i in range(n)
            ],
        )  # fmt: skip
    finally:
        store.close()


@pytest.mark.parametrize("n", [100, 1_000, 10_000])
def test_a_plan_costs_the_same_requests_whatever_the_number_of_properties(
    n: int, tmp_path: Path
) -> None:
    db = tmp_path / "hubspot.db"
    _live_portal(db, n)
    hubspot = provider(db)
    desired = hubspot.compile(definitions(_standard(n)))
    before = hubspot.client.request_count
    live = hubspot.read_live(Scope())
    plan = _plan(hubspot, desired, live)
    assert hubspot.client.request_count - before == PLAN_REQUESTS
    assert live.request_count == PLAN_REQUESTS
    assert len([r for r in live.resources if r.id.key.startswith("companies/bulk_")]) == n
    assert plan.changes == ()


def test_a_plan_of_the_bundled_definitions_costs_8_requests(tmp_path: Path) -> None:
    from revops_as_code.validation import validate_path

    result = validate_path(Path(__file__).resolve().parents[3] / "definitions")
    assert result.ok and result.definitions is not None
    hubspot = provider(seeded(tmp_path / "hubspot.db"))
    desired = hubspot.compile(result.definitions)
    live = hubspot.read_live(Scope())
    assert live.request_count == hubspot.client.request_count == PLAN_REQUESTS
    plan = _plan(hubspot, desired, live)
    # Beyond the reads, only the record counts of risky changes (searches).
    assert hubspot.client.request_count == PLAN_REQUESTS + hubspot.client.search_count
    assert any(c.impact for c in plan.changes)


def _plan(hubspot: HubSpotProvider, desired: Any, live: Any) -> Plan:
    target = BoundTarget.of(hubspot.name, hubspot)
    return build_plan(desired, live, Meaning({hubspot.name: target.meaning}), StateView(),
                      environment="t", targets={hubspot.name: hubspot.name},
                      impact=hubspot.impact, group=target.group)  # fmt: skip


@pytest.mark.parametrize(("n", "expected"), [(100, 2), (1_000, 11), (10_000, 101)])
def test_a_first_apply_creates_properties_100_a_request(
    n: int, expected: int, tmp_path: Path
) -> None:
    hubspot = provider(tmp_path / "hubspot.db")
    desired = hubspot.compile(definitions(_standard(n))).resources
    # Group first, then its properties: apply order.
    changes = [
        Change(Action.CREATE, r.id, None, dict(r.attributes), depends_on=r.depends_on)
        for r in sorted(desired, key=lambda r: (r.id.kind != "property_group", r.id))
    ]
    by_id = {c.resource_id: c for c in changes}
    groups = hubspot.group(changes)
    assert len(groups) == expected
    before = hubspot.client.request_count
    applied = 0
    for group in groups:
        result = hubspot.apply_group(group, [by_id[m] for m in group.members])
        assert isinstance(result, GroupResult)
        assert all(o.applied for o in result.outcomes.values())
        applied += len(result.outcomes)
    # One request per group: the group create, then one batch per 100 properties.
    assert hubspot.client.request_count - before == expected
    assert applied == n + 1
    after = hubspot.read_live(Scope())
    assert len([r for r in after.resources if r.id.key.startswith("companies/bulk_")]) == n


class CountingBackend(LocalBackend):
    """Counts state records (whole or delta): a batch request must cost one, not one per
    object. Compaction at the end is not a record of anything new, so it is not counted."""

    writes = 0
    compacting = False

    def write(self, state: State) -> None:
        if not self.compacting:
            self.writes += 1
        super().write(state)

    def write_delta(self, state: State, changed: Any, removed: Any) -> None:
        self.writes += 1
        self.compacting = True  # a write_delta that falls back to write counts once
        try:
            super().write_delta(state, changed, removed)
        finally:
            self.compacting = False

    def compact(self) -> None:
        self.compacting = True
        try:
            super().compact()
        finally:
            self.compacting = False


def test_the_engine_writes_state_once_per_group(tmp_path: Path) -> None:
    n = 250
    hubspot = provider(tmp_path / "hubspot.db")
    desired = hubspot.compile(definitions(_standard(n)))
    backend = CountingBackend(tmp_path / "state.json")
    plan = _plan(hubspot, desired, hubspot.read_live(Scope()))
    assert [g.key for g in plan.groups][1:] == [
        f"create companies properties {i}" for i in (1, 2, 3)
    ]
    report = apply_plan(plan, {hubspot.name: BoundTarget.of(hubspot.name, hubspot)}, backend,
                        options=ApplyOptions())  # fmt: skip
    assert report.ok
    assert len(report.applied) == n + 1
    # One write for the group, one per batch of 100 properties.
    assert backend.writes == 1 + 3
    state = backend.read()
    assert state is not None
    assert len([k for k in state.resources if "companies/bulk_" in str(k)]) == n
