"""Stateful property test: with failures injected anywhere, repeated applies converge.

A Hypothesis state machine changes the desired configuration, edits the live system by hand,
and applies with faults injected on random calls (some failing *after* the write took
effect, as a timeout does). Whatever happened before, one clean apply must leave the live
system equal to the desired one, state owning exactly the desired objects, and the next plan
empty; and at every step state is readable.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.errors import RevopsError
from revops_as_code.providers.fake import FakeProvider, FakeWorld, Faults
from revops_as_code.resources import Resource
from revops_as_code.state import LocalBackend

from .helpers import item, make_plan, rid

KEYS = ["a", "b", "c", "d", "e"]
OPTIONS = ["x", "y", "z"]

resources = st.lists(
    st.tuples(
        st.sampled_from(KEYS),
        st.sampled_from(["One", "Two"]),
        st.sampled_from(["text", "number"]),
        st.permutations(OPTIONS),
        st.booleans(),
    ),
    unique_by=lambda t: t[0],
    max_size=len(KEYS),
)


def _desired(spec: list[tuple[str, str, str, list[str], bool]]) -> list[Resource]:
    chosen = sorted(k for k, *_ in spec)
    out = []
    for key, label, type_, options, depend in spec:
        # Depend on the previous chosen key, if any: chains exercise skip-on-failure.
        earlier = [k for k in chosen if k < key]
        deps = [earlier[-1]] if depend and earlier else []
        out.append(
            item(
                key,
                depends_on=deps,
                label=label,
                type=type_,
                options=[{"value": o} for o in options],
            )
        )
    return out


class Convergence(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="revops-stateful-"))
        self.world = FakeWorld()
        self.backend = LocalBackend(self.dir / "state.json")
        self.desired: list[Resource] = []

    def teardown(self) -> None:
        try:
            self.apply_cleanly_converges()  # every sequence ends converged
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    @rule(spec=resources)
    def change_definitions(self, spec: list[tuple[str, str, str, list[str], bool]]) -> None:
        self.desired = _desired(spec)

    @rule(key=st.sampled_from(KEYS), label=st.sampled_from(["Hand", "Edit"]))
    def edit_by_hand(self, key: str, label: str) -> None:
        if rid(key) in self.world.objects:
            self.world.edit(rid(key), label=label)

    @rule(key=st.sampled_from(KEYS))
    def delete_by_hand(self, key: str) -> None:
        self.world.remove(rid(key))

    @rule(offsets=st.sets(st.integers(1, 6), max_size=3), after_write=st.booleans())
    def apply_with_faults(self, offsets: set[int], after_write: bool) -> None:
        healthy = FakeProvider({"world": self.world})
        plan = make_plan(self.desired, healthy, self.backend)
        faults = Faults(fail_calls={self.world.calls + o for o in offsets}, after_write=after_write)
        flaky = FakeProvider({"world": self.world, "faults": faults})
        options = ApplyOptions(allow_destructive=True, overwrite_drift=True)
        # A failure may surface as an exception (e.g. the staleness re-read failed: nothing
        # was written) or as failed changes in the report; either way the next step copes.
        with contextlib.suppress(RevopsError):
            apply_plan(plan, flaky, self.backend, options=options)
        assert self.backend.current_lock() is None

    @rule()
    def apply_cleanly_converges(self) -> None:
        provider = FakeProvider({"world": self.world})
        plan = make_plan(self.desired, provider, self.backend)
        options = ApplyOptions(allow_destructive=True, overwrite_drift=True)
        report = apply_plan(plan, provider, self.backend, options=options)
        assert report.ok, report.summary()
        want = {r.id: dict(r.attributes) for r in self.desired}
        assert self.world.snapshot() == want
        state = self.backend.read()
        assert (set(state.ids()) if state else set()) == set(want)
        assert not make_plan(self.desired, provider, self.backend).has_changes

    @invariant()
    def state_is_always_readable(self) -> None:
        self.backend.read()


Convergence.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestConvergence = Convergence.TestCase
