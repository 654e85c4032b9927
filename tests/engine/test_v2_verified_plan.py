"""A saved plan is verified, never trusted: every hand edit of its safety fields is refused
with zero writes (engine v2: 'a verified plan')."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.errors import PlanError, StalePlanError
from revops_as_code.plan.io import digest_of
from revops_as_code.plan.model import Plan
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.state import LocalBackend

from .helpers import converge, item, make_plan, rid

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def provider(world: FakeWorld) -> FakeProvider:
    return FakeProvider({"world": world})


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "state.json")


def _saved_plan(provider: FakeProvider, backend: LocalBackend) -> dict[str, Any]:
    """State: a and b created (b protected); the plan relabels a (a safe update)."""
    converge([item("a"), item("b", protect=True)], provider, backend)
    plan = make_plan([item("a", label="Renamed"), item("b", protect=True)], provider, backend)
    assert [c.action.value for c in plan.changes] == ["update"]
    data: dict[str, Any] = json.loads(plan.to_json())
    return data


def _reseal(data: dict[str, Any]) -> None:
    """What an adversary who read the docs does: recompute the checksum after editing."""
    data["digest"] = digest_of(data)


def _update_to_delete(data: dict[str, Any]) -> None:
    change = data["changes"][0]
    change["action"] = "delete"
    change["after"] = None
    change["attribute_changes"] = []
    data["counts_by_action"] = {"create": 0, "update": 0, "delete": 1, "replace": 0}
    data["counts_by_kind"] = {"item": {"create": 0, "update": 0, "delete": 1, "replace": 0}}
    data["summary"] = {
        "add": 0, "change": 0, "destroy": 1, "adopt": 0, "forget": 0,
        "text": "Plan: 0 to add, 0 to change, 1 to destroy.",
    }  # fmt: skip


def _protected_delete(data: dict[str, Any]) -> None:
    _update_to_delete(data)
    change = data["changes"][0]
    change["resource"] = change["before"] and "fake/item/b"
    change["key"] = "b"
    change["protected"] = False
    change["desired_protect"] = False
    data["groups"][0]["members"] = ["fake/item/b"]


def _risk(data: dict[str, Any]) -> None:
    data["changes"][0]["risk"] = "destructive"
    data["max_risk"] = "destructive"


def _values(data: dict[str, Any]) -> None:
    data["changes"][0]["after"]["label"] = "Something else"


def _values_and_diff(data: dict[str, Any]) -> None:
    change = data["changes"][0]
    change["after"]["label"] = "Something else"
    change["attribute_changes"][0]["after"] = "Something else"


def _target(data: dict[str, Any]) -> None:
    change = data["changes"][0]
    change["resource"] = "other/item/a"
    change["target"] = "other"
    data["groups"][0]["members"] = ["other/item/a"]
    data["groups"][0]["target"] = "other"


def _plan_targets(data: dict[str, Any]) -> None:
    data["targets"] = {"fake": "fake", "crm": "fake"}


def _summary(data: dict[str, Any]) -> None:
    data["summary"]["change"] = 0
    data["summary"]["text"] = "No changes."


def _drift(data: dict[str, Any]) -> None:
    data["changes"][0]["attribute_changes"][0]["drift"] = True
    data["changes"][0]["drift"] = True
    data["has_drift"] = True


EDITS: dict[str, Edit] = {
    "update turned into a delete": _update_to_delete,
    "protected object deleted with protected=false": _protected_delete,
    "risk raised": _risk,
    "after values": _values,
    "after values and their attribute change": _values_and_diff,
    "change moved to another target": _target,
    "plan targets": _plan_targets,
    "summary": _summary,
    "drift flag": _drift,
}


CASES = [(name, False) for name in sorted(EDITS)] + [
    # Resealed after editing: safety fields are recomputed, so these are still refused. (New
    # values with a matching diff and a recomputed checksum read exactly like a plan made
    # from other definitions: the digest is a checksum, not a signature; see plan/io.py.)
    (name, True)
    for name in sorted(EDITS)
    if name != "after values and their attribute change"
]


@pytest.mark.parametrize(("name", "sealed"), CASES)
def test_every_hand_edit_is_refused_with_zero_writes(
    name: str, sealed: bool, provider: FakeProvider, backend: LocalBackend, world: FakeWorld
) -> None:
    data = _saved_plan(provider, backend)
    EDITS[name](data)
    if sealed:
        _reseal(data)
    live_before = world.snapshot()
    state_before = backend.path.read_bytes()
    calls_before = world.calls
    with pytest.raises(PlanError):
        plan = Plan.from_json(json.dumps(data))
        apply_plan(plan, provider, backend, options=ApplyOptions(allow_destructive=True))
    assert world.snapshot() == live_before
    assert backend.path.read_bytes() == state_before
    # At most the staleness re-read: never a write.
    assert world.calls - calls_before <= 1


def test_an_unedited_saved_plan_applies(provider: FakeProvider, backend: LocalBackend) -> None:
    data = _saved_plan(provider, backend)
    report = apply_plan(Plan.from_json(json.dumps(data)), provider, backend)
    assert report.ok and len(report.applied) == 1


def test_a_plan_for_other_targets_is_refused(provider: FakeProvider, backend: LocalBackend) -> None:
    data = _saved_plan(provider, backend)
    _plan_targets(data)
    _reseal(data)
    plan = Plan.from_json(json.dumps(data))
    with pytest.raises(PlanError, match="targets"):
        apply_plan(plan, provider, backend)


def test_a_stale_plan_is_refused(
    provider: FakeProvider, backend: LocalBackend, world: FakeWorld
) -> None:
    data = _saved_plan(provider, backend)
    world.edit(rid("a"), label="Edited by hand")
    with pytest.raises(StalePlanError, match="fake/item/a"):
        apply_plan(Plan.from_json(json.dumps(data)), provider, backend)


def test_revops_never_deletes_what_it_adopted(
    provider: FakeProvider, backend: LocalBackend, world: FakeWorld
) -> None:
    """Even a consistent plan (edited and resealed with every field right) cannot delete an
    adopted object: only state's `created` ownership allows a delete."""
    world.put(rid("legacy"), {"label": "Legacy"})
    converge([item("legacy", label="Legacy")], provider, backend)
    state = backend.read()
    assert state is not None and state.get(rid("legacy")).ownership == "adopted"  # type: ignore[union-attr]
    plan = make_plan([], provider, backend)
    assert plan.changes == () and plan.forgets == (rid("legacy"),)
    report = apply_plan(plan, provider, backend, options=ApplyOptions(allow_destructive=True))
    assert report.forgotten == 1
    assert rid("legacy") in world.snapshot()
    after = backend.read()
    assert after is not None and after.get(rid("legacy")) is None
