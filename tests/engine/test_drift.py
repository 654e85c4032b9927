"""Drift is state vs live: out-of-band edits and deletions, attribute by attribute."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from revops_as_code.drift import detect_drift
from revops_as_code.providers.base import LiveObjectMeta
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.state import LocalBackend

from .helpers import converge, item, rid


def test_no_drift_after_apply_then_edit_and_delete_are_reported(tmp_path: Path) -> None:
    world = FakeWorld()
    provider = FakeProvider({"world": world})
    backend = LocalBackend(tmp_path / "state.json")
    converge([item("a", label="A", size=1), item("b")], provider, backend)
    state = backend.read()
    assert state is not None
    clean = detect_drift(state, provider.read_live())
    assert not clean.has_drift and clean.checked == 2
    assert "No drift" in clean.render_text()

    world.edit(rid("a"), label="Edited")
    world.remove(rid("b"))
    report = detect_drift(state, provider.read_live())
    assert report.has_drift
    by_id = {item.resource_id: item for item in report.items}
    assert by_id[rid("b")].status == "deleted"
    changed = by_id[rid("a")]
    assert changed.status == "changed" and changed.updated_by == "someone"
    assert [(a.name, a.last_applied, a.live) for a in changed.attributes] == [
        ("label", "A", "Edited")
    ]
    text = report.render_text()
    assert 'label: "A" → "Edited"' in text and "fake/item/b: deleted" in text
    assert report.to_json()["has_drift"] is True


def test_objects_not_in_state_are_not_drift(tmp_path: Path) -> None:
    world = FakeWorld()
    provider = FakeProvider({"world": world})
    backend = LocalBackend(tmp_path / "state.json")
    converge([item("a")], provider, backend)
    world.put(rid("unmanaged"), {"label": "x"})
    state = backend.read()
    assert state is not None
    assert not detect_drift(state, provider.read_live()).has_drift


def test_drift_says_who_changed_an_object_and_when_where_the_live_system_says(
    tmp_path: Path,
) -> None:
    world = FakeWorld()
    provider = FakeProvider({"world": world})
    backend = LocalBackend(tmp_path / "state.json")
    converge([item("a", label="A"), item("b", label="B")], provider, backend)
    state = backend.read()
    assert state is not None
    world.edit(rid("a"), label="Edited")
    world.edit(rid("b"), label="Also edited")
    live = provider.read_live()
    meta = {
        rid("a"): LiveObjectMeta(updated_at="2026-11-24T16:35:14Z", updated_by="ana@example.com"),
        rid("b"): LiveObjectMeta(),  # an API that says nothing about history
    }
    report = detect_drift(state, dataclasses.replace(live, meta=meta))
    text = report.render_text()
    assert (
        "fake/item/a: changed outside revops (last changed 2026-11-24T16:35:14Z by ana@example.com)"
        in text
    )
    assert "fake/item/b: changed outside revops\n" in text
    items = {i["resource"]: i for i in report.to_json()["items"]}  # type: ignore[union-attr]
    assert items["fake/item/a"]["updated_at"] == "2026-11-24T16:35:14Z"  # type: ignore[index]
    assert items["fake/item/b"]["updated_by"] is None  # type: ignore[index]
