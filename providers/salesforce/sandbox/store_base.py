"""The SQLite connection under the Salesforce sandbox: schema, transactions, metadata.

One file holds one org. Every write runs inside `transaction()` (`BEGIN IMMEDIATE`, so two
processes writing the same file queue instead of failing); nested blocks are savepoints, so
a composite request's subrequests commit together or not at all. WAL mode lets a second
process read while the first writes. A `revision` in `meta` counts committed configuration
writes, so a cached org is known stale when another process changed the file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .org import Org
    from .view import OrgView

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fields (
    object TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (object, name));
CREATE TABLE IF NOT EXISTS config (
    kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (kind, id), UNIQUE (kind, name));
CREATE TABLE IF NOT EXISTS records (
    sobject TEXT NOT NULL, id TEXT PRIMARY KEY, deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_object ON records (sobject, deleted);
CREATE TABLE IF NOT EXISTS serials (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
"""

TABLES = ("users", "fields", "config", "records", "serials")

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def now_iso(moment: datetime | None = None) -> str:
    """A datetime as Salesforce writes it: `2026-12-01T19:08:46.000+0000`."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def serial_of(record_id: str) -> int:
    """The base-62 serial `sf_id` put in characters 10-15 of an id (0 if unreadable)."""
    n = 0
    for ch in record_id[9:15]:
        index = _ALPHABET.find(ch)
        if index < 0:
            return 0
        n = n * 62 + index
    return n


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class StoreBase:
    """The connection, transactions (savepoints when nested), metadata and the caches' slots;
    `SalesforceStore` adds the org's documents."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._depth = 0
        self._dirty = False
        self._cache: tuple[str, Org] | None = None
        self._view: OrgView | None = None
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA busy_timeout=30000")
        with self._lock:
            self._conn.executescript(_SCHEMA)

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: commits (and bumps the revision) on success, rolls back on any
        exception. Nested blocks are savepoints: an inner failure undoes only its own writes
        when the caller catches it (a collection inside a composite request)."""
        with self._lock:
            depth = self._depth
            if depth == 0:
                self._conn.execute("BEGIN IMMEDIATE")
                self._dirty = False
            else:
                self._conn.execute(f"SAVEPOINT sp{depth}")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                self._cache = None
                self._view = None
                if depth == 0:
                    self._conn.execute("ROLLBACK")
                else:
                    self._conn.execute(f"ROLLBACK TO sp{depth}")
                    self._conn.execute(f"RELEASE sp{depth}")
                raise
            self._depth -= 1
            if depth > 0:
                self._conn.execute(f"RELEASE sp{depth}")
                return
            if self._dirty:
                self._conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('revision', '1') ON CONFLICT(key) "
                    "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
                )
            self._conn.execute("COMMIT")
            if self._dirty and self._cache is not None:
                # The cache was kept up to date in place: it is this new revision's.
                self._cache = (self.revision(), self._cache[1])

    def _changed(self) -> None:
        """A configuration write the cache cannot follow: drop it."""
        self._dirty = True
        self._cache = None
        self._view = None

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def revision(self) -> str:
        return self.get_meta("revision") or "0"
