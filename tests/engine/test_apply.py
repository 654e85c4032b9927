"""The applier against the fake provider: refusals, per-change state, failures, convergence."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from revops_as_code.apply import ApplyOptions, Outcome, apply_plan
from revops_as_code.errors import PlanError, StalePlanError, StateLockedError
from revops_as_code.providers.fake import FakeProvider, FakeWorld, Faults
from revops_as_code.state import LocalBackend

from .helpers import converge, item, make_plan, rid


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def provider(world: FakeWorld) -> FakeProvider:
    return FakeProvider({"world": world})


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "state.json")


def test_apply_creates_then_plan_is_empty(provider: FakeProvider, backend: LocalBackend) -> None:
    desired = [item("a"), item("b", depends_on=["a"])]
    report = converge(desired, provider, backend)
    assert report.ok and len(report.applied) == 2
    assert provider.world.snapshot() == {rid("a"): {"label": "A"}, rid("b"): {"label": "B"}}
    state = backend.read()
    assert state is not None and set(state.ids()) == {rid("a"), rid("b")}
    assert state.serial == 2  # persisted after each change
    assert not make_plan(desired, provider, backend).has_changes


def test_state_is_persisted_after_each_success(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    serials: list[int] = []

    class Spy:
        def started(self, total: int) -> None: ...
        def change_started(self, change: object) -> None: ...
        def change_finished(self, result: object) -> None:
            state = backend.read()
            serials.append(state.serial if state else 0)

    plan = make_plan([item("a"), item("b"), item("c")], provider, backend)
    apply_plan(plan, provider, backend, listener=Spy())
    assert serials == [1, 2, 3]


def test_failed_change_skips_dependents_and_rerun_converges(
    world: FakeWorld, backend: LocalBackend
) -> None:
    desired = [item("a"), item("b", depends_on=["a"]), item("c", depends_on=["b"]), item("z")]
    flaky = FakeProvider({"world": world, "faults": Faults(fail_ids={"fake/item/a"})})
    report = converge(desired, flaky, backend)
    assert not report.ok
    assert [str(r.change.resource_id) for r in report.failed] == ["fake/item/a"]
    skipped = {str(r.change.resource_id): r.blocked_by for r in report.skipped}
    assert skipped == {"fake/item/b": rid("a"), "fake/item/c": rid("b")}
    assert set(world.snapshot()) == {rid("z")}
    healthy = FakeProvider({"world": world})
    assert converge(desired, healthy, backend).ok
    assert not make_plan(desired, healthy, backend).has_changes


def test_destructive_changes_need_the_flag(provider: FakeProvider, backend: LocalBackend) -> None:
    converge([item("a"), item("b")], provider, backend)
    plan = make_plan([item("a")], provider, backend)
    with pytest.raises(PlanError, match="destructive"):
        apply_plan(plan, provider, backend)
    assert rid("b") in provider.world.snapshot()
    apply_plan(plan, provider, backend, options=ApplyOptions(allow_destructive=True))
    assert rid("b") not in provider.world.snapshot()


def test_drift_overwrite_needs_the_flag(provider: FakeProvider, backend: LocalBackend) -> None:
    converge([item("a", label="A")], provider, backend)
    provider.world.edit(rid("a"), label="Changed by hand")
    plan = make_plan([item("a", label="A")], provider, backend)
    assert plan.has_drift
    with pytest.raises(PlanError, match="outside revops"):
        apply_plan(plan, provider, backend)
    apply_plan(plan, provider, backend, options=ApplyOptions(overwrite_drift=True))
    assert provider.world.snapshot()[rid("a")] == {"label": "A"}


def test_stale_plan_is_refused_naming_the_object(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    converge([item("a", label="A"), item("b", label="B")], provider, backend)
    plan = make_plan([item("a", label="A2"), item("b", label="B2")], provider, backend)
    provider.world.edit(rid("b"), label="someone else")
    with pytest.raises(StalePlanError) as info:
        apply_plan(plan, provider, backend)
    assert "fake/item/b" in str(info.value) and "fake/item/a" not in str(info.value)
    assert provider.world.snapshot()[rid("a")] == {"label": "A"}


def test_plan_made_against_older_state_is_refused(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    plan = make_plan([item("a")], provider, backend)
    converge([item("z")], provider, backend)
    with pytest.raises(StalePlanError, match="serial"):
        apply_plan(plan, provider, backend)


def test_blocking_findings_refuse_apply(provider: FakeProvider, backend: LocalBackend) -> None:
    from revops_as_code.diagnostics import Severity
    from revops_as_code.validators.finding import Finding

    plan = make_plan([item("a")], provider, backend)
    bad = dataclasses.replace(
        plan, findings=(Finding(Severity.ERROR, "RV999", "no", "don't", rid("a")),)
    )
    with pytest.raises(PlanError, match="errors"):
        apply_plan(bad, provider, backend)
    assert provider.world.snapshot() == {}


def test_protected_object_survives_removal_of_its_definition(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    converge([item("a", protect=True), item("b")], provider, backend)
    state = backend.read()
    assert state is not None and state.protected() == frozenset({rid("a")})
    plan = make_plan([item("b")], provider, backend)  # the YAML block of "a" is gone
    deletes = [c for c in plan.changes if c.resource_id == rid("a")]
    assert all(c.protected for c in deletes)
    with pytest.raises(PlanError, match="fake/item/a"):
        apply_plan(plan, provider, backend, options=ApplyOptions(allow_destructive=True))
    assert rid("a") in provider.world.snapshot()
    # Lifting it takes an explicit `protect: false` on a present definition, then removal.
    converge([item("a"), item("b")], provider, backend)
    state = backend.read()
    assert state is not None and state.protected() == frozenset()
    converge([item("b")], provider, backend)
    assert rid("a") not in provider.world.snapshot()


def test_lock_held_elsewhere_fails_before_any_write(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    held = LocalBackend(backend.path).acquire_lock("apply")
    plan = make_plan([item("a")], provider, backend)
    with pytest.raises(StateLockedError, match=held.id):
        apply_plan(plan, provider, backend)
    assert provider.world.snapshot() == {}


def test_cancelled_confirmation_writes_nothing(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    plan = make_plan([item("a")], provider, backend)
    with pytest.raises(Exception, match="cancelled"):
        apply_plan(plan, provider, backend, confirm=lambda p: False)
    assert provider.world.snapshot() == {} and backend.read() is None
    assert backend.current_lock() is None


def test_delete_of_already_deleted_object_converges(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    converge([item("a"), item("b")], provider, backend)
    plan = make_plan([item("a")], provider, backend)
    provider.world.remove(rid("b"))
    # The plan is now stale for b; a fresh plan has nothing left to delete but state keeps b.
    with pytest.raises(StalePlanError):
        apply_plan(plan, provider, backend, options=ApplyOptions(allow_destructive=True))
    report = converge([item("a")], provider, backend)
    assert report.ok
    state = backend.read()
    assert state is not None and rid("b") not in state.ids()


def test_interrupt_finishes_the_change_in_flight(
    provider: FakeProvider, backend: LocalBackend
) -> None:
    import os
    import signal

    class InterruptAfterFirst:
        sent = False

        def started(self, total: int) -> None: ...
        def change_started(self, change: object) -> None: ...
        def change_finished(self, result: object) -> None:
            if not self.sent:
                self.sent = True
                os.kill(os.getpid(), signal.SIGINT)

    plan = make_plan([item("a"), item("b"), item("c")], provider, backend)
    report = apply_plan(plan, provider, backend, listener=InterruptAfterFirst())
    assert report.interrupted and not report.ok
    assert [r.outcome for r in report.results] == [
        Outcome.APPLIED,
        Outcome.NOT_STARTED,
        Outcome.NOT_STARTED,
    ]
    state = backend.read()
    assert state is not None and state.ids() == [rid("a")]


def test_a_second_interrupt_stops_at_once(provider: FakeProvider, backend: LocalBackend) -> None:
    import os
    import signal

    class InterruptTwice:
        def started(self, total: int) -> None: ...
        def change_started(self, change: object) -> None: ...
        def change_finished(self, result: object) -> None:
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGINT)

    previous = signal.getsignal(signal.SIGINT)
    plan = make_plan([item("a"), item("b")], provider, backend)
    with pytest.raises(KeyboardInterrupt):
        apply_plan(plan, provider, backend, listener=InterruptTwice())
    state = backend.read()
    assert state is not None and state.ids() == [rid("a")]  # what finished is kept
    assert backend.current_lock() is None
    assert signal.getsignal(signal.SIGINT) is previous


def test_ambiguous_create_is_adopted_or_left_pending(
    world: FakeWorld, backend: LocalBackend
) -> None:
    healthy = FakeProvider({"world": world})
    plan = make_plan([item("a"), item("b")], healthy, backend)
    # call 1: staleness re-read; 2: create a (written, then "times out"); 3: create b;
    # 4: the adoption re-read fails too, so a is recorded as pending.
    flaky = FakeProvider({"world": world, "faults": Faults(fail_calls={2, 4}, after_write=True)})
    flaky.world.calls = 0
    report = apply_plan(plan, flaky, backend)
    assert [str(r.change.resource_id) for r in report.failed] == ["fake/item/a"]
    state = backend.read()
    assert state is not None and state.pending() == frozenset({rid("a")})
    assert rid("a") not in state.last_applied()  # never reported as drift
    # Removing it from the definitions deletes it: it is owned.
    converge([item("b")], healthy, backend)
    assert set(world.snapshot()) == {rid("b")}
    state = backend.read()
    assert state is not None and state.pending() == frozenset()


def test_pending_object_that_exists_is_settled_by_the_next_apply(
    world: FakeWorld, backend: LocalBackend
) -> None:
    healthy = FakeProvider({"world": world})
    plan = make_plan([item("a")], healthy, backend)
    world.calls = 0
    flaky = FakeProvider({"world": world, "faults": Faults(fail_calls={2, 3}, after_write=True)})
    apply_plan(plan, flaky, backend)
    state = backend.read()
    assert state is not None and state.pending() == frozenset({rid("a")})
    converge([item("a")], healthy, backend)  # no change to make; the entry is settled
    state = backend.read()
    assert state is not None and not state.pending()
    assert state.remote_ids() == {rid("a"): "fake-1"}
    assert state.last_applied()[rid("a")] == {"label": "A"}


def test_a_batch_is_one_group_persisted_in_one_write_and_each_create_sent_once(
    world: FakeWorld, backend: LocalBackend
) -> None:
    """The fake batches like a batch endpoint (`group_size`): 250 creates are 3 groups, and
    state is written once per group, plus once to record the object adopted as it was."""
    world.put(rid("legacy"), {"label": "Legacy"})  # already as defined: adopted, not created
    batching = FakeProvider({"world": world, "group_size": 100})
    desired = [item(f"p{i:03}") for i in range(250)] + [item("legacy", label="Legacy")]
    plan = make_plan(desired, batching, backend)
    assert [len(g.members) for g in plan.groups] == [100, 100, 50]
    assert [a.resource_id for a in plan.adoptions] == [rid("legacy")]

    serials: list[int] = []

    class Spy:
        def started(self, total: int) -> None: ...
        def change_started(self, change: object) -> None: ...
        def change_finished(self, result: object) -> None:
            state = backend.read()
            serials.append(state.serial if state else 0)

    world.calls = 0
    report = apply_plan(plan, batching, backend, listener=Spy())
    assert report.ok and len(report.applied) == 250 and report.adopted == 1
    assert report.state_writes == 3 + 1 and report.state_serial == 4
    # Each group's outcomes are in state before the listener hears of them.
    assert serials == [1] * 100 + [2] * 100 + [3] * 50
    assert world.calls == 1 + 250  # the staleness re-read, then every create exactly once
    state = backend.read()
    assert state is not None and state.serial == 4 and len(state.ids()) == 251
    assert state.get(rid("legacy")).ownership == "adopted"  # type: ignore[union-attr]
    assert {state.get(rid(f"p{i:03}")).ownership for i in range(250)} == {"created"}  # type: ignore[union-attr]
    assert not make_plan(desired, batching, backend).has_changes
