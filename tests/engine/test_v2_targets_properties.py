"""Across targets (Hypothesis): `plan(a, a)` is empty and applying `plan(b, live)` gives `b`,
with two fake systems bound as targets `crm` and `map` of one environment, one state."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.engine import state_view
from revops_as_code.errors import StateError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import ChangeGroup, CompileResult, Scope
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.state import LocalBackend, State
from revops_as_code.targets import BoundTarget, merge_snapshots

TARGETS = ("crm", "map")
LABELS = st.sampled_from(["A", "B", "Ünï", ""])


@st.composite
def desired_sets(draw: st.DrawFn) -> list[Resource]:
    out = []
    for target in TARGETS:
        for key in sorted(draw(st.sets(st.sampled_from(list("abcd")), max_size=3))):
            attrs: dict[str, Any] = {"label": draw(LABELS)}
            if draw(st.booleans()):
                attrs["options"] = [
                    {"value": v}
                    for v in draw(st.lists(st.sampled_from("pqr"), unique=True, max_size=3))
                ]
            out.append(Resource(ResourceId(target, "item", key), attrs))
    return out


def _bind() -> tuple[dict[str, BoundTarget], dict[str, FakeWorld]]:
    worlds = {t: FakeWorld() for t in TARGETS}
    bound = {
        t: BoundTarget(
            "fake" if False else t, "fake", lambda w=worlds[t]: FakeProvider({"world": w})
        )
        for t in TARGETS
    }  # type: ignore[misc]
    return bound, worlds


def _plan(targets: dict[str, BoundTarget], backend: LocalBackend, desired: list[Resource]) -> Plan:
    live = merge_snapshots({n: t.read_live(Scope()) for n, t in targets.items()})
    state = backend.read()

    def group(changes: Any) -> list[ChangeGroup]:
        groups: list[ChangeGroup] = []
        for name, target in targets.items():
            mine = [c for c in changes if c.resource_id.target == name]
            if mine:
                groups.extend(target.group(mine))
        return groups

    return build_plan(
        CompileResult(ResourceSet.of(desired)),
        live,
        Meaning({n: t.meaning for n, t in targets.items()}),
        state_view(state),
        environment="multi",
        targets={t: "fake" for t in TARGETS},
        group=group,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=desired_sets(), second=desired_sets())
def test_apply_converges_every_target_and_replans_empty(
    first: list[Resource], second: list[Resource]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        backend = LocalBackend(Path(tmp) / "state.json")
        targets, worlds = _bind()
        for desired in (first, second):
            plan = _plan(targets, backend, desired)
            options = ApplyOptions(allow_destructive=True, overwrite_drift=True)
            report = apply_plan(plan, targets, backend, options=options)
            assert report.ok
            for target in TARGETS:
                # The fake's own namespace: ids come back as `fake/...` inside each world.
                live = {r.key: a for r, a in worlds[target].snapshot().items()}
                want = {r.id.key: dict(r.attributes) for r in desired if r.id.target == target}
                assert set(live) == set(want)
                # Every attribute the definition sets is as defined; attributes it does not
                # set are left as they were (revops manages only what it describes).
                for key, attrs in want.items():
                    assert {a: live[key].get(a) for a in attrs} == attrs
            assert not _plan(targets, backend, desired).has_changes
        state = backend.read()
        assert state is not None
        assert {str(r) for r in state.ids()} == {str(r.id) for r in second}


def test_a_state_of_another_environment_or_target_set_is_refused(tmp_path: Path) -> None:
    from revops_as_code.engine import check_state_belongs

    backend = LocalBackend(tmp_path / "state.json")
    other = State.new(environment="production", targets={"crm": "fake"})
    try:
        check_state_belongs(other, "staging", {"crm": "fake"}, backend)
    except StateError as exc:
        assert "belongs to environment 'production'" in exc.message
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("another environment's state was accepted")
    entries = State.new(environment="staging", targets={"old": "fake"})
    from revops_as_code.state import ResourceState

    entries = entries.with_resources(
        {ResourceId("old", "item", str(i)): ResourceState() for i in range(3001)}
    )
    try:
        check_state_belongs(entries, "staging", {"crm": "fake"}, backend)
    except StateError as exc:
        assert "3001 object(s) of target(s) old" in exc.message
    else:  # pragma: no cover
        raise AssertionError("3,001 entries of an unknown target were accepted")
