"""The SQLite connection under the HubSpot sandbox: schema, transactions, timestamps.

One file holds one portal. Every write runs inside `transaction()` (`BEGIN IMMEDIATE`, so two
processes writing the same file queue instead of failing), and nested `transaction()` blocks
join the outer one: an API call that writes several rows commits all of them or none. WAL mode
lets a second process read while the first writes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS property_groups (
    object_type TEXT NOT NULL, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL, PRIMARY KEY (object_type, name));
CREATE TABLE IF NOT EXISTS properties (
    object_type TEXT NOT NULL, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL, PRIMARY KEY (object_type, name));
CREATE TABLE IF NOT EXISTS pipelines (
    object_type TEXT NOT NULL, id TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL, PRIMARY KEY (object_type, id));
CREATE TABLE IF NOT EXISTS pipeline_audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, object_type TEXT NOT NULL,
    pipeline_id TEXT NOT NULL, stage_id TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS owners (
    id INTEGER PRIMARY KEY, archived INTEGER NOT NULL DEFAULT 0, email TEXT,
    data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS objects (
    object_type TEXT NOT NULL, id INTEGER NOT NULL, archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT,
    props TEXT NOT NULL, PRIMARY KEY (object_type, id));
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (object_type, archived, id);
CREATE TABLE IF NOT EXISTS associations (
    from_type TEXT NOT NULL, from_id INTEGER NOT NULL, to_type TEXT NOT NULL,
    to_id INTEGER NOT NULL, type_id INTEGER NOT NULL, category TEXT NOT NULL,
    label TEXT, PRIMARY KEY (from_type, from_id, to_type, to_id, type_id));
"""

TABLES: tuple[str, ...] = (
    "property_groups",
    "properties",
    "pipelines",
    "pipeline_audit",
    "owners",
    "objects",
    "associations",
)
"""Every data table (not `meta`), in an order that `reset()` can clear."""


def now_iso() -> str:
    """The current time as HubSpot writes timestamps: ISO 8601, UTC, milliseconds, `Z`."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def dumps(value: Any) -> str:
    """Compact JSON for a stored document."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class StoreBase:
    """Owns the connection; subclasses add the tables' reads and writes.

    The connection is shared by the threads of one process (the ASGI app's event loop, the
    in-process transport's portal) and guarded by a re-entrant lock.
    """

    def __init__(self, path: str | Path) -> None:
        """Open (creating if needed) the portal stored at `path`; parent dirs are created."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._depth = 0
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._create_schema()

    def _create_schema(self) -> None:
        with self._lock:
            # executescript commits on its own; the statements are idempotent.
            self._conn.executescript(_SCHEMA)
            self._conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: commits on success, rolls back on any exception. Re-entrant."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[sqlite3.Row]:
        """Run a read and return every row (reads see the last committed state)."""
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def close(self) -> None:
        """Close the connection; the store must not be used afterwards."""
        with self._lock:
            self._conn.close()

    def get_meta(self, key: str) -> str | None:
        """A value from the portal's key/value metadata (e.g. what seeded it), or None."""
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a metadata value (kept by `reset()` only for `schema_version`)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
