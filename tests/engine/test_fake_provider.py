"""The fake provider behaves like a careful CRM API, and its faults fire as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, NotFoundError, RateLimitError, ServerError
from revops_as_code.providers.base import Scope
from revops_as_code.providers.fake import FakeProvider, FakeWorld, Faults
from revops_as_code.registry import available_providers, create_provider

from .helpers import rid


def _create(key: str, **attrs: object) -> Change:
    return Change(Action.CREATE, rid(key), None, attrs or {"label": key})


def test_registered_through_the_entry_point() -> None:
    assert "fake" in available_providers()
    assert isinstance(create_provider("fake"), FakeProvider)


def test_create_assigns_server_ids_and_conflicts_on_repeat() -> None:
    provider = FakeProvider()
    first = provider.apply(_create("a"))
    second = provider.apply(_create("b"))
    assert first.remote_id != second.remote_id and first.attributes == {"label": "a"}
    with pytest.raises(ConflictError):
        provider.apply(_create("a"))


def test_update_and_delete_of_missing_objects_are_not_found() -> None:
    provider = FakeProvider()
    with pytest.raises(NotFoundError):
        provider.apply(Change(Action.UPDATE, rid("x"), {}, {"label": "x"}))
    with pytest.raises(NotFoundError):
        provider.apply(Change(Action.DELETE, rid("x"), {}, None))


def test_update_keeps_attributes_the_change_does_not_mention() -> None:
    provider = FakeProvider()
    provider.apply(_create("a", label="A", note="by hand"))
    result = provider.apply(Change(Action.UPDATE, rid("a"), {}, {"label": "B"}))
    assert result.attributes == {"label": "B", "note": "by hand"}


def test_read_live_scopes_by_kind_and_id() -> None:
    provider = FakeProvider()
    provider.apply(_create("a"))
    provider.apply(_create("b"))
    assert provider.read_live(Scope(ids=frozenset({rid("a")}))).resources.ids() == {rid("a")}
    assert len(provider.read_live(Scope(kinds=frozenset({"other"}))).resources) == 0
    snapshot = provider.read_live()
    assert snapshot.remote_ids[rid("a")] == "fake-1" and snapshot.request_count == 1


def test_fail_the_nth_call() -> None:
    provider = FakeProvider({"faults": {"fail_calls": [2]}})
    provider.read_live()
    with pytest.raises(ServerError, match="injected"):
        provider.read_live()
    provider.read_live()


def test_fail_one_object_with_a_chosen_error() -> None:
    provider = FakeProvider({"faults": Faults(fail_ids={"fake/item/b"}, error="rate_limit")})
    provider.apply(_create("a"))
    with pytest.raises(RateLimitError) as info:
        provider.apply(_create("b"))
    assert info.value.status == 429
    assert rid("b") not in provider.world.snapshot()


def test_failure_after_write_leaves_the_write_done() -> None:
    provider = FakeProvider({"faults": Faults(fail_calls={1}, after_write=True)})
    with pytest.raises(ServerError):
        provider.apply(_create("a"))
    assert rid("a") in provider.world.snapshot()


def test_out_of_band_edits_are_visible_and_attributed() -> None:
    world = FakeWorld()
    provider = FakeProvider({"world": world})
    provider.apply(_create("a", label="A"))
    world.edit(rid("a"), label="edited")
    snapshot = provider.read_live()
    assert snapshot.resources[rid("a")].attributes == {"label": "edited"}
    assert snapshot.meta[rid("a")].updated_by == "someone"


def test_file_backed_world_is_shared_between_instances(tmp_path: Path) -> None:
    settings = {"path": "live.json", "project_dir": str(tmp_path)}
    FakeProvider(settings).apply(_create("a"))
    again = FakeProvider(settings)
    assert again.read_live().resources.ids() == {rid("a")}
    assert (tmp_path / "live.json").is_file()
    assert FakeWorld.at(tmp_path / "live.json").snapshot() == {rid("a"): {"label": "a"}}


def test_unknown_fault_error_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        Faults.from_settings({"error": "gremlins"})
