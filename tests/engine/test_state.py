"""State model and the local backend: round-trip, refusal of broken/newer state, backups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId
from revops_as_code.state import STATE_FORMAT_VERSION, LocalBackend, ResourceState, State

RID = ResourceId("fake", "item", "a")


def _state(serial: int = 1) -> State:
    state = State.new(environment="dev", targets={"fake": "fake"})
    state = state.with_resource(
        RID, ResourceState(remote_id="fake-1", attributes={"x": 1}, protect=True)
    )
    return state.model_copy(update={"serial": serial})


def test_round_trip_keeps_everything(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    state = _state()
    backend.write(state)
    loaded = backend.read()
    assert loaded == state
    assert loaded is not None and loaded.protected() == frozenset({RID})
    assert loaded.remote_ids() == {RID: "fake-1"}


def test_missing_state_is_none_but_empty_state_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    backend = LocalBackend(path)
    assert backend.read() is None
    path.write_text("")
    with pytest.raises(StateError, match="is empty"):
        backend.read()


def test_unparseable_state_points_at_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    backend = LocalBackend(path)
    first = _state(1)
    backend.write(first)
    backend.write(first.next_serial())
    path.write_text('{"lineage": ')
    with pytest.raises(StateError) as info:
        backend.read()
    assert str(backend.backup_path) in str(info.value)
    assert State.from_json(backend.backup_path.read_text()).serial == 1


def test_newer_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    data = json.loads(_state().to_json())
    data["format_version"] = STATE_FORMAT_VERSION + 1
    path.write_text(json.dumps(data))
    with pytest.raises(StateError, match="format_version"):
        LocalBackend(path).read()


def test_backup_holds_the_previous_state(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "s" / "state.json")
    first = _state(1)
    backend.write(first)
    assert not backend.backup_path.exists()
    second = first.without([RID]).next_serial()
    backend.write(second)
    assert State.from_json(backend.backup_path.read_text()) == first
    assert backend.read() == second


def test_a_broken_file_never_becomes_the_backup(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    first = _state(1)
    backend.write(first)
    backend.write(first.next_serial())
    backend.path.write_text("garbage")
    backend.write(first.next_serial().next_serial())
    assert State.from_json(backend.backup_path.read_text()).serial == 1


def test_refuses_other_lineage_and_older_serial(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    backend.write(_state(3))
    with pytest.raises(StateError, match="lineage"):
        backend.write(State.new().next_serial())
    current = backend.read()
    assert current is not None
    with pytest.raises(StateError, match="newer serial"):
        backend.write(current.model_copy(update={"serial": 2}))


def test_state_json_is_deterministic() -> None:
    state = _state()
    other = State.from_json(state.to_json())
    assert other.to_json() == state.to_json()
    assert state.to_json().endswith("\n")


def test_no_temporary_files_left_behind(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    state = _state(1)
    for _ in range(3):
        state = state.next_serial()
        backend.write(state)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.backup"]


def test_state_file_holds_one_resource_a_line_with_sorted_keys() -> None:
    state = _state().with_resource(
        ResourceId("fake", "item", "b"), ResourceState(attributes={"z": [2, {"b": 1, "a": 0}]})
    )
    lines = state.to_json().splitlines()
    resource_lines = [line for line in lines if line.startswith('    "fake/item/')]
    assert [line.split('"')[1] for line in resource_lines] == ["fake/item/a", "fake/item/b"]
    assert '{"attributes": {"z": [2, {"a": 0, "b": 1}]}' in resource_lines[1]
    keys = [line.split('"')[1] for line in lines if line.startswith('  "')]
    assert keys == sorted(keys)
    assert json.loads(state.to_json()) == json.loads(
        json.dumps(state.model_dump(mode="json"), sort_keys=True)
    )


def test_a_file_changed_behind_the_backends_back_is_read_again(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    state = _state(serial=1)
    backend.write(state)
    # Another process writes a newer serial: the cached last write must not hide it.
    LocalBackend(tmp_path / "state.json").write(state.model_copy(update={"serial": 5}))
    with pytest.raises(StateError, match="newer serial 5"):
        backend.write(state.model_copy(update={"serial": 2}))
