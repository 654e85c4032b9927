"""The Marketo instance in SQLite: lead fields (the schema), leads (with their values, so a
MAP-side value audit can read them) and a little metadata (the seed's manifest).

Writes run inside `transaction()` (`BEGIN IMMEDIATE`: two processes writing one file queue);
WAL lets another process read meanwhile. One re-entrant lock guards the shared connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fields (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leads (
    id INTEGER PRIMARY KEY, email TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS leads_by_email ON leads (email);
"""
TABLES = ("fields", "leads", "meta")


def now_iso() -> str:
    """Marketo's timestamp form: ISO 8601, UTC, seconds, `Z`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


class MarketoStore:
    """One instance in one file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._depth = 0
        self.conn = sqlite3.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=30
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self.conn.execute("COMMIT")

    # -- fields ------------------------------------------------------------------------

    def fields(self) -> list[dict[str, Any]]:
        """Every lead field, in creation order."""
        with self._lock:
            rows = self.conn.execute("SELECT seq, data FROM fields ORDER BY seq").fetchall()
        return [{**json.loads(data), "id": seq} for seq, data in rows]

    def field(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT seq, data FROM fields WHERE name = ?", (name,)
            ).fetchone()
        return None if row is None else {**json.loads(row[1]), "id": row[0]}

    def put_field(self, data: Mapping[str, Any]) -> None:
        """Insert or replace a field (by name), keeping its position when it exists."""
        stored = {k: v for k, v in data.items() if k != "id"}
        with self.transaction() as conn:
            updated = conn.execute(
                "UPDATE fields SET data = ? WHERE name = ?", (_dumps(stored), stored["name"])
            ).rowcount
            if not updated:
                conn.execute(
                    "INSERT INTO fields (name, data) VALUES (?, ?)",
                    (stored["name"], _dumps(stored)),
                )

    # -- what an admin does by hand (no API does it) -----------------------------------

    def admin_change_type(self, name: str, data_type: str) -> None:
        """Change a field's type, as support or an admin's rebuild would: stands in for the
        manual step the plan prints (Marketo's REST API cannot do it). For tests and demos."""
        found = self.field(name)
        if found is None:
            raise KeyError(name)
        self.put_field({**found, "dataType": data_type})

    def admin_delete_field(self, name: str) -> None:
        """Delete a field, as an admin does in Field Management (no API endpoint exists)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM fields WHERE name = ?", (name,))

    # -- leads -------------------------------------------------------------------------

    def leads(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self.conn.execute(
                "SELECT id, created_at, updated_at, data FROM leads ORDER BY id"
            ).fetchall()
        return [
            {**json.loads(data), "id": lead_id, "createdAt": created, "updatedAt": updated}
            for lead_id, created, updated, data in rows
        ]

    def insert_lead(self, values: Mapping[str, Any], at: str | None = None) -> int:
        stamp = at or now_iso()
        data = {k: v for k, v in values.items() if k not in ("id", "createdAt", "updatedAt")}
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO leads (email, created_at, updated_at, data) VALUES (?, ?, ?, ?)",
                (data.get("email"), stamp, stamp, _dumps(data)),
            )
        return int(cursor.lastrowid or 0)

    def update_lead(self, lead_id: int, values: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            row = conn.execute("SELECT data FROM leads WHERE id = ?", (lead_id,)).fetchone()
            if row is None:
                return
            data = {**json.loads(row[0]), **values}
            data = {k: v for k, v in data.items() if k not in ("id", "createdAt", "updatedAt")}
            conn.execute(
                "UPDATE leads SET email = ?, updated_at = ?, data = ? WHERE id = ?",
                (data.get("email"), now_iso(), _dumps(data), lead_id),
            )

    # -- meta and housekeeping ---------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, _dumps(value))
            )

    def counts(self) -> dict[str, int]:
        with self._lock:
            fields = self.conn.execute("SELECT data FROM fields").fetchall()
            leads = self.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0]
        custom = sum(1 for (data,) in fields if json.loads(data).get("isCustom"))
        return {"fields": len(fields), "custom_fields": custom, "leads": int(leads)}

    def reset(self) -> None:
        with self.transaction() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")  # fixed table names, not input
            conn.execute("DELETE FROM sqlite_sequence")
