"""Property-based tests of the differ (STYLE: plan(a, a) is empty; applying plan(b, live) to
live gives b; plans do not depend on the order live objects are read in)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.changes import Action
from revops_as_code.diff.state_view import StateView
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from .core_factories import apply_to, plan_of, rid

KEYS = st.sampled_from(["a", "b", "c", "d", "e"])
TEXT = st.sampled_from(["", "x", "y", "Zed", "Ünï"])
OPTION = st.fixed_dictionaries({"value": st.sampled_from(list("pqrstu")), "label": TEXT})


def _unique_options(draw: st.DrawFn) -> list[dict[str, Any]]:
    return draw(st.lists(OPTION, max_size=5, unique_by=lambda o: o["value"]))


@st.composite
def field(draw: st.DrawFn, key: str, live: bool) -> Resource:
    attrs: dict[str, Any] = {}
    if draw(st.booleans()):
        attrs["label"] = draw(TEXT)
    if draw(st.booleans()):
        attrs["type"] = draw(st.sampled_from(["string", "number"]))
    if draw(st.booleans()):
        # Live may hold duplicate option values (messy portals); definitions never do.
        attrs["options"] = draw(st.lists(OPTION, max_size=5)) if live else _unique_options(draw)
    if draw(st.booleans()):
        attrs["hidden"] = draw(st.booleans())
    if live and draw(st.booleans()):
        attrs["created_at"] = draw(st.sampled_from(["2020", "2024"]))
    if live and draw(st.booleans()):
        attrs["unmanaged"] = draw(TEXT)
    return Resource(rid("field", key), attrs)


@st.composite
def stage(draw: st.DrawFn, key: str, live: bool) -> Resource:
    attrs = {"label": draw(TEXT), "probability": draw(st.sampled_from([0, 10, 50, 100]))}
    if draw(st.booleans()):
        attrs["checks"] = draw(st.lists(st.sampled_from(["m", "n", "o"]), max_size=3))
    return Resource(rid("stage", key), attrs, depends_on=(rid("pipeline", "p"),))


@st.composite
def resource_set(draw: st.DrawFn, live: bool = False) -> list[Resource]:
    fields = [draw(field(k, live)) for k in draw(st.sets(KEYS, max_size=4))]
    stages = [draw(stage(k, live)) for k in draw(st.sets(KEYS, max_size=3))]
    pipeline = (
        [Resource(rid("pipeline", "p"), {"label": draw(TEXT)})]
        if stages or draw(st.booleans())
        else []
    )
    return fields + stages + pipeline


def _managed_view(resources: list[Resource], like: list[Resource]) -> dict[ResourceId, Any]:
    """For each resource in `like`, the live values of the attributes it sets."""
    by_id = {r.id: r for r in resources}
    return {
        r.id: {a: by_id[r.id].attributes.get(a) for a in r.attributes if a != "created_at"}
        for r in like
    }


@settings(max_examples=150, deadline=None)
@given(resource_set(live=True))
def test_plan_of_a_against_itself_is_empty(a: list[Resource]) -> None:
    plan = plan_of(a, a, owned_all=True)
    assert plan.changes == ()
    assert str(plan.summary()) == "No changes."


@settings(max_examples=200, deadline=None)
@given(resource_set(), resource_set(live=True))
def test_applying_plan_b_to_live_yields_b(b: list[Resource], live: list[Resource]) -> None:
    plan = plan_of(b, live, owned_all=True)
    after = apply_to(plan, live)
    # Every desired object exists with the desired value of every attribute it sets ...
    assert ResourceSet.of(after).ids() == ResourceSet.of(b).ids()
    assert _managed_view(after, b) == {
        r.id: {a: v for a, v in r.attributes.items() if a != "created_at"} for r in b
    }
    # ... and planning again finds nothing left to do.
    assert plan_of(b, after, owned_all=True).changes == ()


@settings(max_examples=100, deadline=None)
@given(resource_set(), resource_set(live=True), st.randoms(use_true_random=False))
def test_plan_json_is_byte_identical_whatever_the_live_order(
    b: list[Resource], live: list[Resource], rnd: random.Random
) -> None:
    shuffled = [
        Resource(
            r.id,
            dict(rnd.sample(list(r.attributes.items()), len(r.attributes))),
            depends_on=tuple(rnd.sample(r.depends_on, len(r.depends_on))),
        )
        for r in rnd.sample(live, len(live))
    ]
    remote_ids = {r.id: f"id-{r.id.key}" for r in live}
    shuffled_ids = dict(rnd.sample(list(remote_ids.items()), len(remote_ids)))
    one = plan_of(b, live, owned_all=True, remote_ids=remote_ids)
    two = plan_of(b, shuffled, owned_all=True, remote_ids=shuffled_ids)
    assert one.to_json() == two.to_json()


@settings(max_examples=100, deadline=None)
@given(resource_set(), resource_set(live=True))
def test_plan_survives_a_json_round_trip(b: list[Resource], live: list[Resource]) -> None:
    plan = plan_of(b, live, owned_all=True)
    again = type(plan).from_json(plan.to_json())
    assert again == plan
    assert again.to_json() == plan.to_json()


@settings(max_examples=100, deadline=None)
@given(resource_set(), resource_set(live=True))
def test_nothing_unowned_is_ever_deleted(b: list[Resource], live: list[Resource]) -> None:
    plan = plan_of(b, live, state=StateView())
    assert not [c for c in plan.changes if c.action is Action.DELETE]


@settings(max_examples=100, deadline=None)
@given(resource_set(live=True))
def test_drift_is_marked_exactly_where_live_left_last_applied(live: list[Resource]) -> None:
    """Desired = last applied; live differs from it by hand edits → every change is drift."""
    edited = [
        Resource(r.id, {**r.attributes, "label": str(r.attributes.get("label", "")) + "!"})
        for r in live
    ]
    last = {r.id: dict(r.attributes) for r in live}
    state = StateView(owned=frozenset(last), last_applied=last)
    plan = plan_of(live, edited, state=state)
    for change in plan.changes:
        for ac in change.attribute_changes:
            assert ac.drift == (ac.path == "label")
    assert all(c.has_drift for c in plan.changes)
