"""Total ownership and change groups: everything described is in state after apply; an
interrupted group still records every object it created; asynchronous groups are polled and
cancelled; the fake's won-stage change is rated as HubSpot's is."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from revops_as_code.apply import ApplyOptions, Outcome, apply_plan
from revops_as_code.changes import Action, AttributeChange, Risk
from revops_as_code.diff.risk import assess_risk
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.providers.fake.groups import DECLARATIONS
from revops_as_code.state import LocalBackend

from .helpers import converge, item, make_plan, rid


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "state.json")


def test_objects_that_already_match_are_adopted_and_watched(
    world: FakeWorld, backend: LocalBackend
) -> None:
    world.put(rid("same"), {"label": "Same"})
    provider = FakeProvider({"world": world})
    plan = make_plan([item("same", label="Same"), item("new")], provider, backend)
    assert [a.resource_id for a in plan.adoptions] == [rid("same")]
    assert "1 to adopt" in str(plan.summary())
    report = apply_plan(plan, provider, backend)
    assert report.ok and report.adopted == 1
    state = backend.read()
    assert state is not None
    assert state.get(rid("same")).ownership == "adopted"  # type: ignore[union-attr]
    assert state.get(rid("new")).ownership == "created"  # type: ignore[union-attr]
    assert not make_plan([item("same", label="Same"), item("new")], provider, backend).has_changes


def test_removing_the_yaml_of_a_created_object_deletes_it(
    world: FakeWorld, backend: LocalBackend
) -> None:
    provider = FakeProvider({"world": world})
    converge([item("mine")], provider, backend)
    plan = make_plan([], provider, backend)
    assert [(c.action, c.resource_id) for c in plan.changes] == [(Action.DELETE, rid("mine"))]
    assert plan.forgets == ()


def test_ctrl_c_during_a_group_leaves_every_created_object_in_state(
    world: FakeWorld, backend: LocalBackend
) -> None:
    """Five creates in one group; SIGINT arrives while the group is in flight: the group
    finishes, all five are recorded, the next group is not started."""
    provider = FakeProvider({"world": world, "group_size": 5})
    desired = [item(f"s{i}") for i in range(5)] + [item("z", kind_label="later")]
    desired[-1] = item("z", depends_on=["s0"])
    plan = make_plan(desired, provider, backend)
    assert [len(g.members) for g in plan.groups] == [5, 1]

    original = provider.apply
    calls = {"n": 0}

    def interrupting_apply(change):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGINT)  # deferred by the applier until the group ends
        return original(change)

    provider.apply = interrupting_apply  # type: ignore[method-assign]
    report = apply_plan(plan, provider, backend)
    assert report.interrupted
    applied = {r.change.resource_id for r in report.results if r.outcome is Outcome.APPLIED}
    assert applied == {rid(f"s{i}") for i in range(5)}
    state = backend.read()
    assert state is not None
    assert {rid(f"s{i}") for i in range(5)} <= set(state.ids())
    assert rid("z") not in state.ids() and rid("z") not in world.snapshot()


def test_groups_write_state_once_each(world: FakeWorld, backend: LocalBackend) -> None:
    provider = FakeProvider({"world": world, "group_size": 100})
    report = converge([item(f"p{i:03}") for i in range(250)], provider, backend)
    assert report.ok and len(report.applied) == 250
    assert report.state_writes == 3  # one per group; nothing left for the settle write


def test_asynchronous_groups_are_polled_and_cancelled(
    world: FakeWorld, backend: LocalBackend
) -> None:
    provider = FakeProvider({"world": world, "group_size": 4, "async_groups": True})
    plan = make_plan([item(f"a{i}") for i in range(4)], provider, backend)
    seen: list[tuple[int, int]] = []

    class Listener:
        def started(self, total: int) -> None: ...

        def change_started(self, change: object) -> None: ...

        def change_finished(self, result: object) -> None: ...

        def group_progress(self, group: object, progress: object) -> None:
            seen.append((progress.done, progress.total))  # type: ignore[attr-defined]
            if progress.done == 2:  # type: ignore[attr-defined]
                os.kill(os.getpid(), signal.SIGINT)

    report = apply_plan(plan, provider, backend, listener=Listener())
    assert seen[:2] == [(1, 4), (2, 4)]
    assert report.interrupted
    applied = [r.change.resource_id for r in report.results if r.outcome is Outcome.APPLIED]
    assert len(applied) == 2
    state = backend.read()
    assert state is not None and set(applied) <= set(state.ids())
    assert len(world.snapshot()) == 2


def test_the_fakes_won_stage_change_is_rated_as_hubspots() -> None:
    won = AttributeChange("stages[won].outcome", "open", "won")
    assert assess_risk(Action.UPDATE, [won], DECLARATIONS.kind("pipeline")) is Risk.REVIEW
    label = AttributeChange("stages[won].label", "Won", "Closed won")
    assert assess_risk(Action.UPDATE, [label], DECLARATIONS.kind("pipeline")) is Risk.SAFE


def test_a_failed_group_member_blocks_its_dependents_only(
    world: FakeWorld, backend: LocalBackend
) -> None:
    provider = FakeProvider({"world": world, "faults": {"fail_ids": ["fake/item/bad"]}})
    report = converge(
        [item("bad"), item("child", depends_on=["bad"]), item("fine")], provider, backend
    )
    outcomes = {r.change.resource_id.key: r.outcome for r in report.results}
    assert outcomes == {
        "bad": Outcome.FAILED,
        "child": Outcome.SKIPPED,
        "fine": Outcome.APPLIED,
    }
    _ = ApplyOptions
