"""The PostgreSQL state backend against a real server: snapshots, deltas, lock, history."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import psycopg
import pytest

from revops_as_code.errors import StateError, StateLockedError, UsageError
from revops_as_code.resources import ResourceId
from revops_as_code.state import HistoryEntry, ResourceState, State
from revops_as_code.state.postgres import PostgresBackend, from_environment


def rid(key: str) -> ResourceId:
    return ResourceId("fake", "item", key)


def entry(label: str) -> ResourceState:
    return ResourceState(attributes={"label": label}, ownership="created")


def first_state(n: int = 3) -> State:
    state = State.new(environment="dev", targets={"fake": "fake"})
    return state.with_resources({rid(f"k{i}"): entry(f"K{i}") for i in range(n)}).next_serial()


def test_empty_database_has_no_state_and_a_write_reads_back(pg_dsn: str, tmp_path: Path) -> None:
    backend = PostgresBackend(pg_dsn, "dev", recovery_dir=tmp_path)
    assert backend.read() is None
    state = first_state()
    backend.write(state)
    assert PostgresBackend(pg_dsn, "dev").read() == state
    assert PostgresBackend(pg_dsn, "other").read() is None  # states are kept apart by name


def test_deltas_cost_the_group_and_compact_folds_them_into_a_snapshot(pg_dsn: str) -> None:
    backend = PostgresBackend(pg_dsn, "dev")
    state = first_state(50)
    backend.write(state)
    for i in range(3):
        changed = {rid(f"n{i}"): entry(f"N{i}")}
        state = state.with_resources(changed).without([rid(f"k{i}")]).next_serial()
        backend.write_delta(state, changed, [rid(f"k{i}")])
    with psycopg.connect(pg_dsn) as conn:
        deltas = conn.execute("SELECT body FROM revops_state_deltas").fetchall()
        assert len(deltas) == 3 and all('"fake/item/k10"' not in d[0] for d in deltas)
    assert PostgresBackend(pg_dsn, "dev").read() == state
    backend.compact()
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM revops_state_deltas").fetchone() == (0,)
        serials = [r[0] for r in conn.execute("SELECT serial FROM revops_state_snapshots")]
        assert sorted(serials) == [1, 4]  # snapshots are kept: lineage and serial of each
    assert PostgresBackend(pg_dsn, "dev").read() == state
    old = PostgresBackend(pg_dsn, "dev").read_serial(1)
    assert old.serial == 1 and old.lineage == state.lineage and "fake/item/k0" in old.resources


def test_another_lineage_or_an_older_serial_is_refused(pg_dsn: str) -> None:
    backend = PostgresBackend(pg_dsn, "dev")
    state = first_state().next_serial()
    backend.write(state)
    with pytest.raises(StateError, match="lineage"):
        backend.write(first_state())
    with pytest.raises(StateError, match="newer serial"):
        backend.write(state.model_copy(update={"serial": 1}))
    assert backend.read() == state


def test_second_locker_fails_naming_the_holder_which_anyone_can_read(pg_dsn: str) -> None:
    holder = PostgresBackend(pg_dsn, "dev")
    other = PostgresBackend(pg_dsn, "dev")
    with holder.locked("apply") as info:
        seen = other.current_lock()
        assert seen is not None and seen.id == info.id and seen.operation == "apply"
        with pytest.raises(StateLockedError) as caught:
            other.acquire_lock("apply")
        message = str(caught.value)
        assert info.id in message and info.holder in message and "'apply'" in message
        assert f"force-unlock {info.id}" in message
    assert other.current_lock() is None
    other.release_lock(other.acquire_lock("apply"))


def test_a_waiter_gets_the_lock_when_it_is_released(pg_dsn: str) -> None:
    holder = PostgresBackend(pg_dsn, "dev")
    info = holder.acquire_lock("apply")
    threading.Timer(0.5, holder.release_lock, args=(info,)).start()
    waiter = PostgresBackend(pg_dsn, "dev")
    got = waiter.acquire_lock("apply", timeout=20)
    assert got.id != info.id
    waiter.release_lock(got)


def test_force_unlock_breaks_only_the_named_lock_and_the_broken_holder_cannot_write(
    pg_dsn: str,
) -> None:
    a, b = PostgresBackend(pg_dsn, "a"), PostgresBackend(pg_dsn, "b")
    a.write(first_state())
    lock_a, lock_b = a.acquire_lock("apply"), b.acquire_lock("apply")
    breaker = PostgresBackend(pg_dsn, "a")
    with pytest.raises(StateError, match="does not match"):
        breaker.force_unlock(lock_b.id)
    broken = breaker.force_unlock(lock_a.id)
    assert broken.id == lock_a.id
    assert breaker.current_lock() is None
    held_b = PostgresBackend(pg_dsn, "b").current_lock()
    assert held_b is not None and held_b.id == lock_b.id  # the other state's lock stands
    with pytest.raises(StateError, match="was broken"):
        a.write(a.read().next_serial())  # type: ignore[union-attr]
    with pytest.raises(StateError, match="not locked"):
        breaker.force_unlock(lock_a.id)
    b.release_lock(lock_b)


def test_a_killed_holder_releases_the_lock_with_its_session(pg_dsn: str) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from revops_as_code.state.postgres import PostgresBackend
        backend = PostgresBackend({pg_dsn!r}, "dev")
        backend.acquire_lock("apply")
        print("locked", flush=True)
        time.sleep(600)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        assert PostgresBackend(pg_dsn, "dev").current_lock() is not None
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # The server notices the closed socket and drops the session's advisory lock.
        got = PostgresBackend(pg_dsn, "dev").acquire_lock("apply", timeout=20)
        assert got.operation == "apply"
    finally:
        if child.poll() is None:
            child.kill()


def test_eight_concurrent_writers_one_at_a_time_nothing_lost(pg_dsn: str) -> None:
    PostgresBackend(pg_dsn, "dev").write(first_state(0))
    errors: list[BaseException] = []

    def work(n: int) -> None:
        backend = PostgresBackend(pg_dsn, "dev")
        try:
            with backend.locked("apply", timeout=60):
                current = backend.read()
                assert current is not None
                time.sleep(0.02)  # widen the window a lost update would need
                changed = {rid(f"w{n}"): entry(f"W{n}")}
                backend.write_delta(current.with_resources(changed).next_serial(), changed, [])
        except BaseException as exc:
            errors.append(exc)
        finally:
            backend.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = PostgresBackend(pg_dsn, "dev").read()
    assert final is not None and final.serial == 9
    assert sorted(final.resources) == sorted(f"fake/item/w{n}" for n in range(8))


def test_history_rows_newest_first(pg_dsn: str) -> None:
    backend = PostgresBackend(pg_dsn, "dev")
    backend.record_history(HistoryEntry.now("apply", 1, "first", plan_digest="a" * 64))
    backend.record_history(HistoryEntry.now("apply", 2, "second", plan_digest="b" * 64))
    rows = PostgresBackend(pg_dsn, "dev").history()
    assert [r.summary for r in rows] == ["second", "first"]
    assert rows[0].plan_digest == "b" * 64 and "@" in rows[0].who and rows[0].at
    assert PostgresBackend(pg_dsn, "other").history() == []


def test_a_lost_connection_during_a_write_leaves_a_named_recovery_file(
    pg_dsn: str, tmp_path: Path
) -> None:
    project_state = tmp_path / ".revops" / "state"  # not made yet: a PostgreSQL-only project
    backend = PostgresBackend(pg_dsn, "dev", recovery_dir=project_state)
    state = first_state()
    backend.write(state)
    conn = backend._db()
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()
    with psycopg.connect(pg_dsn, autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", pid)
    unrecorded = state.with_resources({rid("late"): entry("Late")}).next_serial()
    with pytest.raises(StateError) as caught:
        backend.write(unrecorded)
    message = str(caught.value)
    (saved,) = project_state.glob("*.unrecorded-*.json")
    assert str(saved) in message and "revops state push" in message
    assert State.from_json(saved.read_text()) == unrecorded
    with pytest.raises(StateError, match="could not record its state"):
        PostgresBackend(pg_dsn, "dev", recovery_dir=project_state).read()


def test_connection_errors_never_show_the_password(tmp_path: Path) -> None:
    dsn = "postgresql://alice:s3cr3t-pw@127.0.0.1:1/db?connect_timeout=2"
    with pytest.raises(StateError) as caught:
        PostgresBackend(dsn, "dev", recovery_dir=tmp_path).read()
    assert "s3cr3t-pw" not in str(caught.value) and "alice" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_an_unset_dsn_variable_is_a_usage_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVOPS_TEST_DSN", raising=False)
    with pytest.raises(UsageError, match=r"\$REVOPS_TEST_DSN"):
        from_environment("REVOPS_TEST_DSN", "dev", ".")
