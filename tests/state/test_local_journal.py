"""The local backend's journal: a group's write costs the group, and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId
from revops_as_code.state import LocalBackend, ResourceState, State


def rid(key: str) -> ResourceId:
    return ResourceId("fake", "item", key)


def entry(label: str) -> ResourceState:
    return ResourceState(attributes={"label": label}, ownership="created")


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    return LocalBackend(tmp_path / "state.json")


def _base(backend: LocalBackend, n: int = 50) -> State:
    state = State.new(environment="dev", targets={"fake": "fake"})
    state = state.with_resources({rid(f"k{i:02}"): entry(f"K{i}") for i in range(n)}).next_serial()
    backend.write(state)
    return state


def test_a_delta_appends_one_line_and_leaves_the_file_alone(backend: LocalBackend) -> None:
    state = _base(backend)
    file_bytes = backend.path.read_bytes()
    changed = {rid("new"): entry("New")}
    after = state.with_resources(changed).without([rid("k00")]).next_serial()
    backend.write_delta(after, changed, [rid("k00")])
    assert backend.path.read_bytes() == file_bytes
    lines = backend.journal_path.read_text().splitlines()
    assert len(lines) == 1 and '"fake/item/new"' in lines[0] and '"fake/item/k01"' not in lines[0]
    assert LocalBackend(backend.path).read() == after


def test_compact_folds_the_journal_into_the_file(backend: LocalBackend) -> None:
    state = _base(backend)
    for i in range(3):
        changed = {rid(f"n{i}"): entry(f"N{i}")}
        state = state.with_resources(changed).next_serial()
        backend.write_delta(state, changed, [])
    backend.compact()
    assert not backend.journal_path.exists()
    assert State.from_json(backend.path.read_text()) == state


def test_a_torn_last_line_is_a_group_that_was_never_recorded(backend: LocalBackend) -> None:
    state = _base(backend)
    changed = {rid("a"): entry("A")}
    first = state.with_resources(changed).next_serial()
    backend.write_delta(first, changed, [])
    with backend.journal_path.open("ab") as journal:
        journal.write(b'{"drop": [], "lineage": "')  # the process died mid-append
    assert LocalBackend(backend.path).read() == first


def test_lines_already_in_the_file_are_skipped(backend: LocalBackend) -> None:
    """A crash between replacing the file and removing the journal."""
    state = _base(backend)
    changed = {rid("a"): entry("A")}
    after = state.with_resources(changed).next_serial()
    backend.write_delta(after, changed, [])
    journal = backend.journal_path.read_bytes()
    backend.write(after.next_serial())  # folds and removes the journal...
    backend.journal_path.write_bytes(journal)  # ...which a crash would have left behind
    read = LocalBackend(backend.path).read()
    assert read is not None and read.serial == after.serial + 1 and read.get(rid("a")) is not None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"not json\n", "unreadable"),
        (b'{"drop": [], "lineage": "other", "serial": 2, "set": {}}\n', "lineage"),
    ],
)
def test_a_damaged_or_foreign_journal_is_an_error_not_a_guess(
    backend: LocalBackend, line: bytes, message: str
) -> None:
    _base(backend)
    backend.journal_path.write_bytes(line)
    with pytest.raises(StateError, match=message) as info:
        LocalBackend(backend.path).read()
    assert info.value.hint


def test_a_gap_in_serials_is_refused(backend: LocalBackend) -> None:
    state = _base(backend)
    backend.journal_path.write_text(
        f'{{"drop": [], "lineage": "{state.lineage}", "serial": {state.serial + 2}, "set": {{}}}}\n'
    )
    with pytest.raises(StateError, match="jumps"):
        LocalBackend(backend.path).read()
