"""The state lock: exclusive, names its holder, broken only by force-unlock with its id."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from revops_as_code.errors import StateError, StateLockedError
from revops_as_code.state import LocalBackend, LockInfo


def test_second_acquire_fails_naming_holder_operation_time_and_id(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    held = backend.acquire_lock("apply")
    with pytest.raises(StateLockedError) as info:
        LocalBackend(tmp_path / "state.json").acquire_lock("import")
    message = str(info.value)
    assert held.id in message
    assert held.holder in message and f"pid {os.getpid()}" in message
    assert "'apply'" in message and held.created in message
    assert f"force-unlock {held.id}" in message


def test_release_then_acquire(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    with backend.locked("apply") as info:
        assert backend.current_lock() == info
    assert backend.current_lock() is None
    backend.release_lock(backend.acquire_lock("apply"))
    assert not backend.lock_path.exists()


def test_waiter_gets_the_lock_once_it_is_released(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    held = backend.acquire_lock("apply")
    got: list[LockInfo] = []
    waiter = threading.Thread(
        target=lambda: got.append(LocalBackend(backend.path).acquire_lock("apply", timeout=30))
    )
    waiter.start()
    backend.release_lock(held)
    waiter.join(timeout=60)
    assert got and got[0].id != held.id


def test_force_unlock_needs_the_right_id(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    held = backend.acquire_lock("apply")
    with pytest.raises(StateError, match="does not match"):
        backend.force_unlock("not-the-id")
    assert backend.current_lock() == held
    assert backend.force_unlock(held.id) == held
    assert backend.current_lock() is None
    with pytest.raises(StateError, match="not locked"):
        backend.force_unlock(held.id)


def test_release_after_force_unlock_does_not_drop_a_new_holder(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    old = backend.acquire_lock("apply")
    backend.force_unlock(old.id)
    new = backend.acquire_lock("apply")
    backend.release_lock(old)
    assert backend.current_lock() == new


def test_dead_holder_is_pointed_out(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    held = backend.acquire_lock("apply")
    dead = LockInfo(**{**held.to_dict(), "pid": 2**22 + 12345})
    backend.lock_path.write_text(__import__("json").dumps(dead.to_dict()))
    with pytest.raises(StateLockedError, match="no longer running"):
        backend.acquire_lock("apply")
