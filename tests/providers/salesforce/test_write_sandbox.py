"""The writer against the in-process sandbox through the engine's own plan/apply path: the
bundled definitions converge on the seeded messy org (plan empty after apply), a write whose
connection drops after it committed is adopted from a re-read and never re-sent, a duplicate
developer name is adopted only when identical, and a spent daily allocation stops the apply
cleanly with the rest left for the re-run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.apply import ApplyOptions, ApplyReport, apply_plan
from revops_as_code.changes import Action, Change
from revops_as_code.engine import state_view
from revops_as_code.errors import RateLimitError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import CompileResult, Scope
from revops_as_code.providers.salesforce import SalesforceProvider
from revops_as_code.providers.salesforce.normalize import canonical, rid
from revops_as_code.state import LocalBackend
from revops_as_code.targets import BoundTarget
from revops_as_code.validation import validate_path

pytest.importorskip("revops_as_code.providers.salesforce.sandbox.support", reason="sandbox")

from .provider_helpers import provider

BUNDLED = Path(__file__).resolve().parents[3] / "definitions"
ALL = ApplyOptions(allow_destructive=True, overwrite_drift=True)


def _bundled(sf: SalesforceProvider) -> CompileResult:
    result = validate_path(BUNDLED)
    assert result.ok and result.definitions is not None
    return sf.compile(result.definitions)


def _plan(sf: SalesforceProvider, desired: CompileResult, backend: LocalBackend) -> Plan:
    target = BoundTarget.of(sf.name, sf)
    return build_plan(desired, sf.read_live(Scope()), Meaning({sf.name: target.meaning}),
                      state_view(backend.read()), environment="t", targets={sf.name: sf.name},
                      group=target.group)  # fmt: skip


def _apply(sf: SalesforceProvider, plan: Plan, backend: LocalBackend) -> ApplyReport:
    return apply_plan(plan, {sf.name: BoundTarget.of(sf.name, sf)}, backend, options=ALL)


@pytest.mark.parametrize("profile", ["messy", "empty"])
def test_the_bundled_definitions_converge_on_a_seeded_org(profile: str, tmp_path: Path) -> None:
    sf = provider(tmp_path / "sf.db", profile=profile)
    backend = LocalBackend(tmp_path / "state.json")
    desired = _bundled(sf)
    plan = _plan(sf, desired, backend)
    kinds = {c.resource_id.kind for c in plan.changes}
    assert {
        "custom_field",
        "value_set",
        "business_process",
        "record_type",
        "validation_rule",
    } <= kinds
    report = _apply(sf, plan, backend)
    assert report.ok, [(str(r.change.resource_id), r.error) for r in report.failed]
    again = _plan(sf, desired, backend)
    assert again.changes == (), [
        (str(c.resource_id), [a.path for a in c.attribute_changes]) for c in again.changes
    ]
    state = backend.read()
    assert state is not None
    # Every object revops made or changed has Salesforce's Id in state.
    ids = [state.get(c.resource_id) for c in plan.changes]
    assert all(entry is not None and entry.remote_id for entry in ids)
    sf.close()


NEW = {"object": "Account", "name": "Contract_Tier__c", "label": "Contract tier", "type": "Picklist",
       "values": [{"value": "gold", "label": "Gold"}]}  # fmt: skip


def _create(attrs: dict[str, Any]) -> Change:
    key = f"{attrs['object']}.{attrs['name']}"
    return Change(Action.CREATE, rid("custom_field", key), None, canonical("custom_field", attrs))


def _outcome(sf: SalesforceProvider, change: Change) -> Any:
    (group,) = sf.group([change])
    return sf.apply_group(group, [change]).outcomes[change.resource_id]  # type: ignore[union-attr]


def test_a_create_whose_connection_drops_after_it_committed_is_adopted(tmp_path: Path) -> None:
    from revops_as_code.providers.salesforce.sandbox import FaultRule

    reset = FaultRule(kind="reset", method="POST", path="tooling/composite")
    sf = provider(tmp_path / "sf.db", faults=[reset])
    outcome = _outcome(sf, _create(NEW))
    assert outcome.applied, outcome.error
    assert outcome.remote_id and outcome.remote_id.startswith("00N")
    live = sf.read_live(Scope(ids=frozenset({rid("custom_field", "Account.Contract_Tier__c")})))
    assert live.remote_ids[rid("custom_field", "Account.Contract_Tier__c")] == outcome.remote_id
    sf.close()


def test_a_duplicate_developer_name_is_adopted_only_when_identical(tmp_path: Path) -> None:
    sf = provider(tmp_path / "sf.db")
    first = _outcome(sf, _create(NEW))
    assert first.applied
    again = _outcome(sf, _create(NEW))  # state lost, say: the same create once more
    assert again.applied and again.remote_id == first.remote_id
    other = _outcome(sf, _create({**NEW, "label": "Another label"}))
    assert not other.applied
    assert "exists in Salesforce but differs from the definition" in (other.error or "")
    sf.close()


def test_a_spent_daily_allocation_stops_the_apply_and_the_rerun_finishes(tmp_path: Path) -> None:
    from revops_as_code.providers.salesforce.sandbox import FaultRule

    db = tmp_path / "sf.db"
    backend = LocalBackend(tmp_path / "state.json")
    planner = provider(db, profile="messy")
    desired = _bundled(planner)
    plan = _plan(planner, desired, backend)
    planner.close()
    # The engine's re-read before apply and the first batch go through; the next Tooling
    # composite meets REQUEST_LIMIT_EXCEEDED, and so would every request after it.
    spent = FaultRule(kind="limit", method="POST", path="tooling/composite", nth=3, times=0)
    limited = provider(db, faults=[spent])
    report = _apply(limited, plan, backend)
    assert not report.ok and report.stopped
    assert isinstance(limited.halted(), RateLimitError)
    assert 0 < len(report.applied) < len(plan.changes)
    assert report.skipped and not report.failed  # left for the re-run, not failed one by one
    limited.close()
    fresh = provider(db)
    rerun = _apply(fresh, _plan(fresh, desired, backend), backend)
    assert rerun.ok, [(str(r.change.resource_id), r.error) for r in rerun.failed]
    assert _plan(fresh, desired, backend).changes == ()
    fresh.close()


def test_field_profiles_come_from_the_read_without_requests_of_their_own(tmp_path: Path) -> None:
    sf = provider(tmp_path / "sf.db", profile="messy")
    desired = _bundled(sf)
    snapshot = sf.read_live(Scope())
    before = sf.client.request_count
    profiles = sf.field_profiles(snapshot, desired)
    assert profiles is not None and profiles.fields
    assert sf.client.request_count == before
    sf.close()


def test_every_object_read_says_who_changed_it_last_and_when(tmp_path: Path) -> None:
    sf = provider(tmp_path / "sf.db", profile="messy")
    snapshot = sf.read_live(Scope())
    assert snapshot.resources
    for resource in snapshot.resources:
        meta = snapshot.meta.get(resource.id)
        assert meta is not None and meta.updated_by and meta.updated_at, resource.id
        assert snapshot.remote_ids.get(resource.id), resource.id
    sf.close()


def test_a_served_sandbox_on_127_0_0_1_reads_like_the_in_process_one(tmp_path: Path) -> None:
    from revops_as_code.providers.salesforce.sandbox import SandboxConfig, running_server

    db = tmp_path / "sf.db"
    in_process = provider(db, profile="messy")
    expected = in_process.read_live(Scope())
    in_process.close()
    with running_server(SandboxConfig(db_path=db)) as url:
        assert url.startswith("http://127.0.0.1:")
        served = SalesforceProvider({"sandbox": True, "base_url": url})
        live = served.read_live(Scope())
        served.close()
    assert live.resources == expected.resources
    assert live.request_count == expected.request_count


def test_deleting_a_record_type_and_its_process_deactivates_them(tmp_path: Path) -> None:
    # Tooling's RecordType and BusinessProcess take no DELETE; Salesforce asks that they be
    # deactivated first anyway. Removing them from the definitions deactivates them.
    sf = provider(tmp_path / "sf.db")
    stage = sf.read_live(Scope(ids=frozenset({rid("value_set", "OpportunityStage")})))
    first = next(iter(stage.resources)).attributes["values"][0]["value"]  # type: ignore[index]
    process = canonical("business_process", {"object": "Opportunity", "name": "Old Process",
                                             "values": [{"value": first, "default": True}]})  # fmt: skip
    record_type = canonical("record_type", {"object": "Opportunity", "name": "Old_Type",
                                            "label": "Old type", "business_process": "Old Process"})  # fmt: skip
    made = {}
    for kind, key, attrs in (("business_process", "Opportunity.Old Process", process),
                             ("record_type", "Opportunity.Old_Type", record_type)):  # fmt: skip
        change = Change(Action.CREATE, rid(kind, key), None, attrs)
        made[kind] = (change, _outcome(sf, change))
        assert made[kind][1].applied, made[kind][1].error
    for kind in ("record_type", "business_process"):
        change, created = made[kind]
        gone = Change(
            Action.DELETE, change.resource_id, change.after, None, remote_id=created.remote_id
        )
        assert _outcome(sf, gone).applied
    live = sf.read_live(Scope(kinds=frozenset({"business_process", "record_type"})))
    for kind in ("record_type", "business_process"):
        resource = live.resources.get(made[kind][0].resource_id)
        assert resource is not None and resource.attributes["active"] is False
    sf.close()
