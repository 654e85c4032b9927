"""CRM records (contacts, companies, deals, tickets) and the associations between them.

A record is one row: its property values as a JSON object of strings (HubSpot sends every
value as a string), timestamps and the archived flag. Search filters compile to SQL over
`json_extract(props, ...)` (see `search.py`), so even the large profile is searched in SQLite.
Associations are stored once per direction, with HubSpot's default type ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .objecttypes import LAST_MODIFIED
from .shapes import JSON
from .store_base import StoreBase, now_iso

# HubSpot's HUBSPOT_DEFINED association type ids, (from, to) -> (unlabeled, primary or None);
# from the "Associations v4" docs' type-id table (not in the spec notes: unverified).
ASSOCIATION_TYPES: dict[tuple[str, str], tuple[int, int | None]] = {
    ("contacts", "companies"): (279, 1),
    ("companies", "contacts"): (280, 2),
    ("deals", "contacts"): (3, None),
    ("contacts", "deals"): (4, None),
    ("deals", "companies"): (341, 5),
    ("companies", "deals"): (342, 6),
    ("contacts", "tickets"): (15, None),
    ("tickets", "contacts"): (16, None),
    ("companies", "tickets"): (340, 25),
    ("tickets", "companies"): (339, 26),
    ("deals", "tickets"): (27, None),
    ("tickets", "deals"): (28, None),
}
PRIMARY_LABEL = "Primary"


def wire_value(value: Any) -> str:
    """A property value as HubSpot stores and returns it: a string (`true`/`false` for bools)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def record_doc(row: sqlite3.Row) -> JSON:
    """A `SimplePublicObject` from a stored row."""
    doc: JSON = {
        "id": str(row["id"]),
        "properties": json.loads(row["props"]),
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "archived": bool(row["archived"]),
    }
    if row["archived_at"]:
        doc["archivedAt"] = row["archived_at"]
    return doc


class RecordTables(StoreBase):
    """Reads and writes of records and associations (mixed into `HubSpotStore`)."""

    def insert_objects(self, object_type: str, records: Iterable[Mapping[str, Any]]) -> list[str]:
        """Insert records in one transaction (`executemany`); returns their ids, in order.

        Each record: `{"properties": {name: value}, "id"?, "createdAt"?, "updatedAt"?,
        "archived"?}`. Values are stored as strings (bools as `true`/`false`; None dropped);
        timestamps are ISO 8601 (`2024-03-01T12:00:00.000Z`) and default to now. Ids are
        allocated after the highest existing id unless given. The system properties
        `hs_object_id`, `createdate` and the last-modified one are set from the id and
        timestamps. No validation happens here: the seed may plant values the API refuses.
        """
        stamp = now_iso()
        last_modified = LAST_MODIFIED[object_type]
        with self.transaction() as conn:
            (next_id,) = conn.execute(
                "SELECT COALESCE(MAX(id), 100) + 1 FROM objects WHERE object_type = ?",
                (object_type,),
            ).fetchone()
            rows: list[tuple[Any, ...]] = []
            ids: list[str] = []
            for record in records:
                object_id = int(record["id"]) if record.get("id") is not None else next_id
                next_id = max(next_id, object_id) + 1
                created = str(record.get("createdAt") or stamp)
                updated = str(record.get("updatedAt") or created)
                props = {
                    k: wire_value(v)
                    for k, v in (record.get("properties") or {}).items()
                    if v is not None
                }
                props["hs_object_id"] = str(object_id)
                props.setdefault("createdate", created)
                props[last_modified] = updated
                archived = bool(record.get("archived", False))
                rows.append(
                    (
                        object_type,
                        object_id,
                        int(archived),
                        created,
                        updated,
                        updated if archived else None,
                        json.dumps(props, separators=(",", ":")),
                    )
                )
                ids.append(str(object_id))
            conn.executemany(
                "INSERT INTO objects (object_type, id, archived, created_at, updated_at, "
                "archived_at, props) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return ids

    def get_objects(
        self, object_type: str, ids: Sequence[int], *, archived: bool | None = False
    ) -> dict[int, JSON]:
        """Records by id (`archived=None` for either state); missing ids are absent."""
        found: dict[int, JSON] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            sql = (
                f"SELECT * FROM objects WHERE object_type = ? AND id IN "
                f"({','.join('?' * len(chunk))})"
            )
            params: list[Any] = [object_type, *chunk]
            if archived is not None:
                sql += " AND archived = ?"
                params.append(int(archived))
            for row in self.query(sql, params):
                found[int(row["id"])] = record_doc(row)
        return found

    def list_objects(
        self, object_type: str, *, after: int, limit: int, archived: bool = False
    ) -> list[JSON]:
        """Records with id greater than `after`, by id, at most `limit` (the API's paging)."""
        rows = self.query(
            "SELECT * FROM objects WHERE object_type = ? AND archived = ? AND id > ? "
            "ORDER BY id LIMIT ?",
            (object_type, int(archived), after, limit),
        )
        return [record_doc(r) for r in rows]

    def update_objects(self, object_type: str, updates: Mapping[int, Mapping[str, Any]]) -> None:
        """Merge property values into live records in one transaction (`""` or None clears
        a value, as in HubSpot); bumps `updatedAt` and the last-modified property."""
        stamp = now_iso()
        last_modified = LAST_MODIFIED[object_type]
        with self.transaction() as conn:
            current = self.get_objects(object_type, list(updates), archived=False)
            rows = []
            for object_id, values in updates.items():
                props = dict(current[object_id]["properties"])
                for name, value in values.items():
                    if value is None or value == "":
                        props.pop(name, None)
                    else:
                        props[name] = wire_value(value)
                props[last_modified] = stamp
                rows.append(
                    (stamp, json.dumps(props, separators=(",", ":")), object_type, object_id)
                )
            conn.executemany(
                "UPDATE objects SET updated_at = ?, props = ? WHERE object_type = ? AND id = ?",
                rows,
            )

    def archive_objects(self, object_type: str, ids: Iterable[int]) -> int:
        """Archive live records (soft delete, as HubSpot's recycle bin); returns how many."""
        stamp = now_iso()
        with self.transaction() as conn:
            cursor = conn.executemany(
                "UPDATE objects SET archived = 1, archived_at = ?, updated_at = ? "
                "WHERE object_type = ? AND id = ? AND archived = 0",
                [(stamp, stamp, object_type, int(i)) for i in ids],
            )
            return cursor.rowcount

    def count_where(self, object_type: str, where: str, params: Sequence[Any]) -> int:
        """How many live records of `object_type` match an SQL condition over `props`."""
        rows = self.query(
            f"SELECT COUNT(*) AS n FROM objects WHERE object_type = ? AND archived = 0 AND ({where})",
            [object_type, *params],
        )
        return int(rows[0]["n"])

    # -- associations -------------------------------------------------------------------

    def insert_associations(
        self,
        from_type: str,
        to_type: str,
        pairs: Iterable[tuple[int | str, int | str]],
        *,
        primary: bool = False,
    ) -> int:
        """Associate records in both directions with HubSpot's default (unlabeled) types.

        `pairs` are `(from_id, to_id)`. With `primary=True` the primary type (e.g. a
        contact's primary company, type 1/2) is added too where HubSpot has one. One
        transaction; existing associations are kept. Returns how many pairs were given.
        """
        forward = ASSOCIATION_TYPES[(from_type, to_type)]
        backward = ASSOCIATION_TYPES[(to_type, from_type)]
        rows: list[tuple[Any, ...]] = []
        count = 0
        for from_id, to_id in pairs:
            count += 1
            a, b = int(from_id), int(to_id)
            rows.append((from_type, a, to_type, b, forward[0], "HUBSPOT_DEFINED", None))
            rows.append((to_type, b, from_type, a, backward[0], "HUBSPOT_DEFINED", None))
            if primary and forward[1] is not None and backward[1] is not None:
                rows.append(
                    (from_type, a, to_type, b, forward[1], "HUBSPOT_DEFINED", PRIMARY_LABEL)
                )
                rows.append(
                    (to_type, b, from_type, a, backward[1], "HUBSPOT_DEFINED", PRIMARY_LABEL)
                )
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO associations (from_type, from_id, to_type, to_id, "
                "type_id, category, label) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return count

    def associations_of(
        self, from_type: str, from_ids: Sequence[int], to_type: str
    ) -> dict[int, dict[int, list[JSON]]]:
        """`{from_id: {to_id: [{category, typeId, label}]}}` for live target records."""
        out: dict[int, dict[int, list[JSON]]] = {}
        for start in range(0, len(from_ids), 500):
            chunk = list(from_ids[start : start + 500])
            rows = self.query(
                "SELECT a.from_id, a.to_id, a.type_id, a.category, a.label FROM associations a "
                "JOIN objects o ON o.object_type = a.to_type AND o.id = a.to_id "
                "AND o.archived = 0 WHERE a.from_type = ? AND a.to_type = ? AND a.from_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY a.from_id, a.to_id, a.type_id",
                [from_type, to_type, *chunk],
            )
            for r in rows:
                types = out.setdefault(int(r["from_id"]), {}).setdefault(int(r["to_id"]), [])
                types.append(
                    {"category": r["category"], "typeId": r["type_id"], "label": r["label"]}
                )
        return out
