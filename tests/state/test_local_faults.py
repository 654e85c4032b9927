"""The local backend under file-system faults: a full disk, a read-only directory, a state
path that is a directory or not UTF-8. Each ends in a `StateError` naming the file, a valid
state, and — when live changes could not be recorded — a recovery file the next read finds."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId
from revops_as_code.state import LocalBackend, ResourceState, State
from revops_as_code.state import local as local_module


def rid(key: str) -> ResourceId:
    return ResourceId("fake", "item", key)


def entry(label: str) -> ResourceState:
    return ResourceState(attributes={"label": label}, ownership="created")


def first_state(n: int = 40) -> State:
    state = State.new(environment="dev", targets={"fake": "fake"})
    return state.with_resources(
        {rid(f"k{i:02}"): entry(f"K{i}" * 20) for i in range(n)}
    ).next_serial()


@pytest.fixture
def backend(tmp_path: Path) -> LocalBackend:
    backend = LocalBackend(tmp_path / "state" / "dev.json")
    backend.write(first_state())
    return backend


class DiskFull:
    """`os.write` that accepts `budget` more bytes (short writes first), then ENOSPC —
    what a file system that runs out of space does mid-file."""

    def __init__(self, budget: int, under: Path | None = None) -> None:
        self.budget = budget
        self.under = under
        """Only files in this directory are on the full disk (the temp dir is elsewhere)."""
        self.real = os.write

    def __call__(self, fd: int, data: bytes | memoryview) -> int:
        if self.under is not None and not os.readlink(f"/proc/self/fd/{fd}").startswith(
            str(self.under)
        ):
            return self.real(fd, data)
        if self.budget <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), self.budget, 4096)  # short writes, as a filling disk gives
        self.budget -= n
        return self.real(fd, bytes(data[:n]))


@pytest.mark.parametrize("budget", [0, 1, 4096, 20480])
def test_disk_full_on_a_whole_write_keeps_the_old_state_and_names_a_recovery_file(
    backend: LocalBackend,
    monkeypatch: pytest.MonkeyPatch,
    budget: int,
    request_cleanup: list[Path],
) -> None:
    before = backend.path.read_bytes()
    old = backend.read()
    assert old is not None
    bigger = old.with_resources({rid(f"n{i}"): entry("N" * 200) for i in range(200)}).next_serial()
    monkeypatch.setattr(local_module.os, "write", DiskFull(budget, under=backend.path.parent))
    with pytest.raises(StateError) as caught:
        backend.write(bigger)
    monkeypatch.undo()
    message = str(caught.value)
    assert "no space left on device" in message and "revops state push" in message
    assert backend.path.read_bytes() == before  # never a truncated file
    assert not list(backend.path.parent.glob(".*.tmp"))  # no temporary left behind
    # The state's disk is full: the recovery file went to the temporary directory.
    saved = Path(message.split(" recorded in ")[1].split(" (serial")[0])
    request_cleanup.append(saved)
    assert State.from_json(saved.read_text()) == bigger
    with pytest.raises(StateError, match="could not record its state") as next_run:
        LocalBackend(backend.path).read()
    assert f"revops state push {saved}" in str(next_run.value)
    assert LocalBackend(backend.path).read_stored() == old


@pytest.fixture
def request_cleanup() -> Iterator[list[Path]]:
    """Recovery files a test made in the shared temporary directory, removed after it."""
    made: list[Path] = []
    yield made
    for path in made:
        path.unlink(missing_ok=True)


def test_disk_full_everywhere_names_what_was_not_recorded(
    backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = backend.read()
    assert state is not None
    changed = {rid("made-live"): entry("M")}
    newer = state.with_resources(changed).next_serial()
    monkeypatch.setattr(local_module.os, "write", DiskFull(0))
    with pytest.raises(StateError) as caught:
        backend.write_delta(newer, changed, [])
    monkeypatch.undo()
    message = str(caught.value)
    assert "nor a recovery file" in message and "fake/item/made-live" in message
    assert "revops import" in message
    assert LocalBackend(backend.path).read() == state  # still a valid state


@pytest.mark.parametrize("budget", [0, 10, 300])
def test_disk_full_on_a_journal_append_cuts_it_back_to_whole_lines(
    backend: LocalBackend,
    monkeypatch: pytest.MonkeyPatch,
    budget: int,
    request_cleanup: list[Path],
) -> None:
    state = backend.read()
    assert state is not None
    changed = {rid("a"): entry("A")}
    first = state.with_resources(changed).next_serial()
    backend.write_delta(first, changed, [])
    journal = backend.journal_path.read_bytes()
    big = {rid(f"b{i}"): entry("B" * 100) for i in range(20)}
    second = first.with_resources(big).next_serial()
    monkeypatch.setattr(local_module.os, "write", DiskFull(budget, under=backend.path.parent))
    with pytest.raises(StateError, match="no space left on device") as caught:
        backend.write_delta(second, big, [])
    monkeypatch.undo()
    assert backend.journal_path.read_bytes() == journal  # the partial line is gone
    saved = Path(str(caught.value).split(" recorded in ")[1].split(" (serial")[0])
    request_cleanup.append(saved)
    assert State.from_json(saved.read_text()) == second
    with pytest.raises(StateError, match="could not record its state"):
        LocalBackend(backend.path).read()
    assert LocalBackend(backend.path).read_stored() == first
    # After recovery (the file set aside), the next append lands on a clean line.
    saved.unlink()
    again = LocalBackend(backend.path)
    assert again.read() == first
    again.write_delta(second, big, [])
    assert LocalBackend(backend.path).read() == second


def test_a_torn_line_left_by_a_crash_is_cut_before_the_next_append(backend: LocalBackend) -> None:
    state = backend.read()
    assert state is not None
    changed = {rid("a"): entry("A")}
    first = state.with_resources(changed).next_serial()
    backend.write_delta(first, changed, [])
    with backend.journal_path.open("ab") as f:
        f.write(b'{"drop": [], "lineage": "torn')  # a crash mid-append
    reader = LocalBackend(backend.path)
    assert reader.read() == first
    more = {rid("b"): entry("B")}
    second = first.with_resources(more).next_serial()
    reader.write_delta(second, more, [])
    assert LocalBackend(backend.path).read() == second


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_a_read_only_state_directory_fails_before_any_change(backend: LocalBackend) -> None:
    backend.path.parent.chmod(0o555)
    try:
        with pytest.raises(StateError, match="cannot take the state lock") as caught:
            backend.acquire_lock("apply")
        assert "permission denied" in str(caught.value)
        assert LocalBackend(backend.path).read() is not None
    finally:
        backend.path.parent.chmod(0o755)


def test_a_write_refused_by_the_file_system_saves_a_recovery_file(
    backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-only as root sees it too: `os.open` of the temporary file fails with EROFS."""
    real_open = os.open
    state = backend.read()
    assert state is not None
    target_dir = str(backend.path.parent)

    def read_only(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if str(path).startswith(target_dir) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, mode)

    monkeypatch.setattr(local_module.os, "open", read_only)
    monkeypatch.setattr("revops_as_code.state.recovery.os.open", read_only)
    newer = state.with_resources({rid("x"): entry("X")}).next_serial()
    with pytest.raises(StateError) as caught:
        backend.write(newer)
    message = str(caught.value)
    assert "read-only" in message
    monkeypatch.undo()
    # The state directory refused it, so the recovery file went to the temp directory.
    assert "unrecorded" in message
    saved = Path(message.split(" recorded in ")[1].split(" (serial")[0])
    try:
        assert saved.parent != backend.path.parent and State.from_json(saved.read_text()) == newer
        with pytest.raises(StateError, match=str(saved)):
            LocalBackend(backend.path).read()
    finally:
        saved.unlink()
    assert LocalBackend(backend.path).read() == state


def test_non_utf8_state_is_an_error_naming_the_file_and_the_backup(backend: LocalBackend) -> None:
    state = backend.read()
    assert state is not None
    backend.write(state.next_serial())  # now there is a backup
    backend.path.write_bytes(b'{"lineage": "\xff\xfe"}')
    with pytest.raises(StateError) as caught:
        LocalBackend(backend.path).read()
    assert "is not UTF-8" in str(caught.value) and str(backend.backup_path) in str(caught.value)


def test_a_state_path_that_is_a_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "dev.json").mkdir()
    backend = LocalBackend(tmp_path / "dev.json")
    with pytest.raises(StateError, match="is a directory"):
        backend.read()
    with pytest.raises(StateError, match="is a directory"):
        backend.write(first_state())


def test_the_new_file_is_read_back_before_it_replaces_the_old_one(
    backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system that acknowledges bytes it did not keep: the temporary file reads back
    short, and the good state is not replaced."""
    before = backend.path.read_bytes()
    real_read_bytes = Path.read_bytes

    def lossy(self: Path) -> bytes:
        data = real_read_bytes(self)
        return (
            data[: len(data) // 2]
            if self.name.endswith(".tmp") and "dev.json" in self.name
            else data
        )

    monkeypatch.setattr(Path, "read_bytes", lossy)
    state = State.from_json(before.decode())
    with pytest.raises(StateError, match="could not write state"):
        backend.write(state.next_serial())
    monkeypatch.undo()
    assert backend.path.read_bytes() == before
