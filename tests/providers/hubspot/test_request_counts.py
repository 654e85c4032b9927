"""Request counts of a plan and of a first apply, pinned at 100, 1,000 and 10,000 properties.

A plan reads each kind of configuration with one list call per object type (3 property
lists, 3 group lists, 1 deal-pipeline list, 1 owners page) however many properties the
portal holds; a first apply re-reads what the plan touches (2 lists + owners), creates the
group, and creates properties through the batch endpoint, 100 per call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.diff.state_view import StateView
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import Scope
from revops_as_code.state import LocalBackend, State

from .conftest import definitions
from .sandbox_helpers import provider

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

PLAN_REQUESTS = 8


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
    plan = build_plan(desired, live, hubspot.capabilities, StateView(), environment="t",
                      provider="hubspot", impact=hubspot.impact)  # fmt: skip
    assert hubspot.client.request_count - before == PLAN_REQUESTS
    assert live.request_count == PLAN_REQUESTS
    assert len([r for r in live.resources if r.id.key.startswith("companies/bulk_")]) == n
    assert not plan.has_changes


class CountingBackend(LocalBackend):
    """Counts state writes: a batch request must cost one write, not one per object."""

    writes = 0

    def write(self, state: State) -> None:
        self.writes += 1
        super().write(state)


@pytest.mark.parametrize(("n", "expected"), [(100, 5), (1_000, 14), (10_000, 104)])
def test_a_first_apply_batches_property_creates(n: int, expected: int, tmp_path: Path) -> None:
    db = tmp_path / "hubspot.db"
    hubspot = provider(db)
    desired = hubspot.compile(definitions(_standard(n)))
    backend = CountingBackend(tmp_path / "state.json")
    plan = build_plan(desired, hubspot.read_live(Scope()), hubspot.capabilities, StateView(),
                      environment="t", provider="hubspot", impact=hubspot.impact)  # fmt: skip
    before = hubspot.client.request_count
    report = apply_plan(plan, hubspot, backend, options=ApplyOptions())
    assert report.ok
    assert len(report.applied) == n + 1
    assert hubspot.client.request_count - before == expected
    # One write for the group, one per batch of 100 properties.
    assert backend.writes == 1 + -(-n // 100)
    state = backend.read()
    assert state is not None
    assert len([k for k in state.resources if "companies/bulk_" in k]) == n
    after = hubspot.read_live(Scope())
    assert len([r for r in after.resources if r.id.key.startswith("companies/bulk_")]) == n
