"""The PostgreSQL backend's sessions: the shared connection, and the lock held on a
dedicated one for the whole apply (`postgres.py`'s docstring has the tables and the design).

Split from `postgres.py` along this seam: everything here is about reaching the server and
who holds the lock; `PostgresBackend` adds reading, writing and history on top.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from revops_as_code.errors import StateError
from revops_as_code.state.backend import LockInfo, locked_error
from revops_as_code.state.model import State
from revops_as_code.state.pg_sql import (
    LOCK_CLASS,
    SCHEMA,
    describe_dsn,
    lock_key,
    scrub,
)

_POLL_SECONDS = 0.1
_CONNECT_TIMEOUT = 10


class PostgresSession:
    """Connections to state `name` in the database `dsn` points at, and its lock."""

    def __init__(self, dsn: str, name: str, *, recovery_dir: str | Path = ".") -> None:
        self._dsn = dsn
        self.name = name
        self.recovery_dir = Path(recovery_dir)
        self._conn: psycopg.Connection[Any] | None = None
        self._lock_conn: psycopg.Connection[Any] | None = None
        self._lock: LockInfo | None = None
        self._head: tuple[str, int] | None = None
        """(lineage, serial) of the last state this backend read or wrote."""
        self._cached: State | None = None

    @property
    def location(self) -> str:
        return f"{describe_dsn(self._dsn)} (state {self.name!r})"

    # -- connections ----------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(
                self._dsn,
                autocommit=True,
                connect_timeout=_CONNECT_TIMEOUT,
                application_name="revops",
                row_factory=tuple_row,
            )
        except psycopg.Error as exc:
            raise self._error("cannot connect to", exc) from None
        return conn

    def _db(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
            self._ensure_schema(self._conn)
        return self._conn

    @staticmethod
    def _ensure_schema(conn: psycopg.Connection[Any]) -> None:
        # Two first runs at once would race on CREATE TABLE IF NOT EXISTS (it is not
        # atomic in PostgreSQL): a transaction-level advisory lock serialises them.
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS,))
            conn.execute(SCHEMA)

    def _error(self, doing: str, exc: psycopg.Error) -> StateError:
        text = scrub(str(exc).strip().splitlines()[0] if str(exc).strip() else "", self._dsn)
        return StateError(
            f"{doing} state database {self.location}: {text or type(exc).__name__}",
            hint="check the server, and the connection string in the variable revops.yaml "
            "names in state.dsn_env",
        )

    @contextlib.contextmanager
    def _mapped(self, doing: str) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            if self._conn is not None and self._conn.broken:
                self._conn = None
            raise self._error(doing, exc) from None

    def close(self) -> None:
        for conn in (self._conn, self._lock_conn):
            if conn is not None:
                with contextlib.suppress(psycopg.Error):
                    conn.close()
        self._conn = self._lock_conn = None
        self._lock = None

    def _check_lock(self, conn: psycopg.Connection[Any]) -> None:
        """Inside a write's transaction: our lock session must still hold the lock."""
        if self._lock is None or self._lock_conn is None:
            return  # an unlocked write (tests, the Python API): nothing to check against
        held = conn.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = %s "
            "AND objid::bigint = %s AND objsubid = 2 AND granted AND pid = %s",
            (LOCK_CLASS & 0xFFFFFFFF, lock_key(self.name) & 0xFFFFFFFF, self._lock_pid),
        ).fetchone()
        if held is None:
            raise StateError(
                f"the state lock {self._lock.id} of {self.location} was broken while this run "
                "held it (force-unlock); refusing to write",
                hint="another run may be applying now; re-plan once it is done",
            )

    # -- lock -----------------------------------------------------------------------------

    _lock_pid: int = 0

    def acquire_lock(self, operation: str, *, timeout: float = 0.0) -> LockInfo:
        info = LockInfo.new(operation)
        self._db()  # the tables exist before anyone reads the lock table
        conn = self._connect()
        key = (LOCK_CLASS, lock_key(self.name))
        deadline = time.monotonic() + max(timeout, 0.0)
        try:
            while True:
                got = conn.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()
                if got is not None and got[0]:
                    break
                if time.monotonic() >= deadline:
                    held = self.current_lock()
                    if held is None:  # released between our attempt and the read
                        continue
                    conn.close()
                    raise locked_error(held, self.location)
                time.sleep(_POLL_SECONDS)
            pid_row = conn.execute("SELECT pg_backend_pid()").fetchone()
            assert pid_row is not None
            conn.execute(
                "INSERT INTO revops_state_locks (name, lock_id, info, backend_pid) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                "lock_id = EXCLUDED.lock_id, info = EXCLUDED.info, "
                "backend_pid = EXCLUDED.backend_pid",
                (self.name, info.id, json.dumps(info.to_dict()), pid_row[0]),
            )
        except psycopg.Error as exc:
            with contextlib.suppress(psycopg.Error):
                conn.close()
            raise self._error("cannot take the lock in", exc) from None
        self._lock_conn, self._lock, self._lock_pid = conn, info, int(pid_row[0])
        return info

    def release_lock(self, lock: LockInfo) -> None:
        if self._lock is None or self._lock.id != lock.id or self._lock_conn is None:
            return
        conn, self._lock_conn, self._lock = self._lock_conn, None, None
        with contextlib.suppress(psycopg.Error):
            conn.execute(
                "DELETE FROM revops_state_locks WHERE name = %s AND lock_id = %s",
                (self.name, lock.id),
            )
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_CLASS, lock_key(self.name)))
        with contextlib.suppress(psycopg.Error):
            conn.close()  # closing the session releases the lock in any case

    def _live_lock(self) -> tuple[LockInfo, int] | None:
        row = (
            self._db()
            .execute(
                "SELECT l.info, l.backend_pid FROM revops_state_locks l JOIN pg_locks p ON "
                "p.pid = l.backend_pid AND p.locktype = 'advisory' AND p.classid::bigint = %s AND "
                "p.objid::bigint = %s AND p.objsubid = 2 AND p.granted WHERE l.name = %s",
                (LOCK_CLASS & 0xFFFFFFFF, lock_key(self.name) & 0xFFFFFFFF, self.name),
            )
            .fetchone()
        )
        if row is None:
            return None
        return LockInfo.from_dict(json.loads(row[0])), int(row[1])

    def current_lock(self) -> LockInfo | None:
        with self._mapped("cannot read the lock in"):
            found = self._live_lock()
            if found is not None:
                return found[0]
            # Held but not yet described (the holder is between taking it and saying so).
            busy = (
                self._db()
                .execute(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = %s "
                    "AND objid::bigint = %s AND objsubid = 2 AND granted",
                    (LOCK_CLASS & 0xFFFFFFFF, lock_key(self.name) & 0xFFFFFFFF),
                )
                .fetchone()
            )
        if busy is not None:
            return LockInfo(id=f"pid-{busy[0]}", holder="unknown", operation="unknown", created="")
        return None

    def force_unlock(self, lock_id: str) -> LockInfo:
        with self._mapped("cannot break the lock in"):
            found = self._live_lock()
            if found is None:
                raise StateError(f"state {self.location} is not locked")
            info, pid = found
            if info.id != lock_id:
                raise StateError(
                    f"lock id {lock_id} does not match the current lock: {info.describe()}"
                )
            # The holder's dedicated session holds this lock and nothing else: ending it
            # breaks exactly this lock (any write it tries afterwards fails).
            self._db().execute("SELECT pg_terminate_backend(%s)", (pid,))
            # Termination is asynchronous: return only once the lock is really gone, so the
            # person who broke it is never told so while the old holder can still write.
            deadline = time.monotonic() + 10
            while self._live_lock() is not None and time.monotonic() < deadline:
                time.sleep(0.02)
            self._db().execute(
                "DELETE FROM revops_state_locks WHERE name = %s AND lock_id = %s",
                (self.name, lock_id),
            )
        return info


__all__ = ["PostgresSession"]
