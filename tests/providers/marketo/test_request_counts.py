"""Request counts, pinned: a read is two calls (schema list + describe2) whatever the number
of fields up to 300, plus one identity call for the first token; a plan of the bundled
definitions against the seeded instance, then its apply."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.compile import compile_for
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo.model import rid
from revops_as_code.state import LocalBackend
from revops_as_code.testing.contract import ProviderContract
from revops_as_code.validation import validate_path

from .helpers import plant_type_mismatch, provider
from .test_compile import REPO


def test_a_read_is_two_calls_and_one_token(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    first = made.read_live(Scope())
    assert (first.request_count, made.client.token_count) == (3, 1)
    assert len(first.resources) == 30
    assert made.read_live(Scope(ids=frozenset({rid("mqaDate")}))).request_count == 2


def test_more_than_300_fields_page(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    inputs = [
        {"name": f"bulk{i}", "displayName": f"Bulk {i}", "dataType": "string"} for i in range(300)
    ]
    for start in range(0, 300, 100):
        made.client.request("POST", "/rest/v1/leads/schema/fields.json",
                            json={"input": inputs[start : start + 100]})  # fmt: skip
    snapshot = made.read_live(Scope())
    assert len(snapshot.resources) == 330
    assert snapshot.request_count == 3  # two pages of the list, one describe2


def test_plan_and_apply_of_the_bundled_definitions(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    plant_type_mismatch(tmp_path / "m.db")
    result = validate_path(REPO / "definitions")
    assert result.definitions is not None
    desired = list(compile_for(made, result.definitions).resources)
    backend = LocalBackend(tmp_path / "state.json")
    contract = ProviderContract()
    plan = contract.plan(made, backend, desired)
    actions = sorted((c.action.value, c.resource_id.key) for c in plan.changes)
    assert actions == [
        ("create", "sqlDate"),
        ("update", "firstSalesTouchAt"),
        ("update", "lastEngagementDate"),
        ("update", "mqaDate"),
        ("update", "slaFirstTouchBreached"),
        ("update", "slaFirstTouchDueAt"),
    ]
    assert [d.code for d in made.validate_changes(plan.changes)] == ["MK201"]
    groups = made.group(plan.changes)
    assert len(groups) == 6  # one create batch, one per update
    from revops_as_code.apply import apply_plan
    from revops_as_code.testing.contract import ALLOW_ALL

    sent = made.client.request_count
    report = apply_plan(plan, contract.targets(made), backend, options=ALLOW_ALL)
    # apply re-reads what the plan touches (2 calls: one read), then 1 create call and 4
    # update calls; the type change sends nothing
    assert made.client.request_count - sent == 2 + 1 + 4
    assert [str(r.change.resource_id) for r in report.failed] == [
        "marketo/lead_field/lastEngagementDate"
    ]
    again = contract.plan(made, backend, desired)
    assert [c.resource_id.key for c in again.changes] == ["lastEngagementDate"]


def test_after_the_manual_type_change_the_plan_is_empty(tmp_path: Path) -> None:
    from revops_as_code.apply import apply_plan
    from revops_as_code.providers.marketo.sandbox import MarketoStore
    from revops_as_code.testing.contract import ALLOW_ALL

    db = tmp_path / "m.db"
    made = provider(db)
    plant_type_mismatch(db)
    result = validate_path(REPO / "definitions")
    assert result.definitions is not None
    desired = list(compile_for(made, result.definitions).resources)
    backend = LocalBackend(tmp_path / "state.json")
    contract = ProviderContract()
    apply_plan(contract.plan(made, backend, desired), contract.targets(made), backend,
               options=ALLOW_ALL)  # fmt: skip
    store = MarketoStore(db)  # the admin does what the plan's manual step says
    try:
        store.admin_change_type("lastEngagementDate", "datetime")
    finally:
        store.close()
    report = apply_plan(contract.plan(made, backend, desired), contract.targets(made), backend,
                        options=ALLOW_ALL)  # fmt: skip
    assert report.ok
    contract.assert_plan_empty(made, backend, desired)
