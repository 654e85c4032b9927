"""The portal's configuration tables: property groups, properties, pipelines, owners.

Each object is stored as the complete JSON document HubSpot returns (see `shapes.py`), keyed
by object type and natural key, with an `archived` column for the common filter. Writers
replace whole documents; the API layer decides what changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .shapes import JSON, complete_group, complete_owner, complete_pipeline, complete_property
from .store_base import StoreBase, dumps, now_iso


class ConfigTables(StoreBase):
    """Reads and writes of configuration documents (mixed into `HubSpotStore`)."""

    # -- property groups ----------------------------------------------------------------

    def insert_property_groups(self, object_type: str, groups: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace groups (`{name, label, displayOrder?, archived?}`) in one
        transaction; returns how many were written."""
        rows = [complete_group(g) for g in groups]
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO property_groups (object_type, name, archived, data) "
                "VALUES (?, ?, ?, ?)",
                [(object_type, g["name"], int(g["archived"]), dumps(g)) for g in rows],
            )
        return len(rows)

    def list_groups(self, object_type: str, *, archived: bool = False) -> list[JSON]:
        """Groups of `object_type`: the live ones, or with `archived=True` only archived ones."""
        rows = self.query(
            "SELECT data FROM property_groups WHERE object_type = ? AND archived = ? ORDER BY name",
            (object_type, int(archived)),
        )
        return [json.loads(r["data"]) for r in rows]

    def get_group(self, object_type: str, name: str) -> JSON | None:
        """One group document (live or archived), or None."""
        rows = self.query(
            "SELECT data FROM property_groups WHERE object_type = ? AND name = ?",
            (object_type, name),
        )
        return json.loads(rows[0]["data"]) if rows else None

    # -- properties ---------------------------------------------------------------------

    def insert_properties(self, object_type: str, properties: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace property definitions in one transaction.

        Each entry is a `Property` as HubSpot returns it; at least `name`, `label`, `type`,
        `fieldType` and `groupName`. Missing fields get HubSpot's defaults (`shapes.
        complete_property`): `hubspotDefined: true` entries become read-only definitions
        unless `modificationMetadata` says otherwise. No validation happens here: the seed
        may plant definitions the API would refuse. Returns how many were written.
        """
        stamp = now_iso()
        docs = [complete_property(p, now=stamp) for p in properties]
        self.put_properties(object_type, docs)
        return len(docs)

    def put_properties(self, object_type: str, docs: Iterable[JSON]) -> None:
        """Write complete property documents as given (the API layer's writer)."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO properties (object_type, name, archived, data) "
                "VALUES (?, ?, ?, ?)",
                [(object_type, d["name"], int(bool(d.get("archived"))), dumps(d)) for d in docs],
            )

    def list_properties(self, object_type: str, *, archived: bool = False) -> list[JSON]:
        """Property documents: live ones, or with `archived=True` only archived ones."""
        rows = self.query(
            "SELECT data FROM properties WHERE object_type = ? AND archived = ? ORDER BY name",
            (object_type, int(archived)),
        )
        return [json.loads(r["data"]) for r in rows]

    def get_property(self, object_type: str, name: str) -> JSON | None:
        """One property document (live or archived), or None."""
        rows = self.query(
            "SELECT data FROM properties WHERE object_type = ? AND name = ?", (object_type, name)
        )
        return json.loads(rows[0]["data"]) if rows else None

    def property_map(self, object_type: str) -> dict[str, JSON]:
        """Every live property of `object_type` by name (for record validation and search)."""
        return {p["name"]: p for p in self.list_properties(object_type)}

    # -- pipelines ----------------------------------------------------------------------

    def insert_pipelines(self, object_type: str, pipelines: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace pipelines with their stages, in one transaction.

        Each entry: `{id, label, displayOrder, stages: [{id, label, displayOrder, metadata}],
        createdAt?}`. Metadata values are stored as strings (`0.2` becomes `"0.2"`); pass
        `createdAt: "1970-01-01T00:00:00Z"` for HubSpot's default pipelines (they report 0).
        No audit entries are written. Returns how many pipelines were written.
        """
        stamp = now_iso()
        docs = [complete_pipeline(p, now=stamp) for p in pipelines]
        for doc in docs:
            self.put_pipeline(object_type, doc)
        return len(docs)

    def put_pipeline(self, object_type: str, doc: JSON) -> None:
        """Write one complete pipeline document (stages inside) as given."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO pipelines (object_type, id, archived, data) "
                "VALUES (?, ?, ?, ?)",
                (object_type, doc["id"], int(bool(doc.get("archived"))), dumps(doc)),
            )

    def list_pipelines(self, object_type: str, *, archived: bool = False) -> list[JSON]:
        """Pipelines sorted as HubSpot sorts them: `displayOrder`, then label."""
        rows = self.query(
            "SELECT data FROM pipelines WHERE object_type = ? AND archived = ?",
            (object_type, int(archived)),
        )
        docs = [json.loads(r["data"]) for r in rows]
        return sorted(docs, key=lambda d: (d["displayOrder"], d["label"]))

    def get_pipeline(self, object_type: str, pipeline_id: str) -> JSON | None:
        """One pipeline document (live or archived), or None."""
        rows = self.query(
            "SELECT data FROM pipelines WHERE object_type = ? AND id = ?",
            (object_type, pipeline_id),
        )
        return json.loads(rows[0]["data"]) if rows else None

    def add_audit(
        self, object_type: str, pipeline_id: str, stage_id: str | None, entry: JSON
    ) -> None:
        """Append a `PublicAuditInfo` entry for a pipeline (and stage, when given)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO pipeline_audit (object_type, pipeline_id, stage_id, data) "
                "VALUES (?, ?, ?, ?)",
                (object_type, pipeline_id, stage_id, dumps(entry)),
            )

    def list_audit(
        self, object_type: str, pipeline_id: str, stage_id: str | None = None
    ) -> list[JSON]:
        """Audit entries, newest first (stage entries only when `stage_id` is given)."""
        sql = "SELECT data FROM pipeline_audit WHERE object_type = ? AND pipeline_id = ?"
        params: list[Any] = [object_type, pipeline_id]
        if stage_id is not None:
            sql += " AND stage_id = ?"
            params.append(stage_id)
        rows = self.query(sql + " ORDER BY seq DESC", params)
        return [json.loads(r["data"]) for r in rows]

    # -- owners -------------------------------------------------------------------------

    def insert_owners(self, owners: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace owners in one transaction.

        Each entry: `{id, email, firstName, lastName, userId?, type?, teams: [{id, name,
        primary}], archived?}`; `id` must be numeric (HubSpot owner ids are). Returns the count.
        """
        stamp = now_iso()
        docs = [complete_owner(o, now=stamp) for o in owners]
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO owners (id, archived, email, data) VALUES (?, ?, ?, ?)",
                [(int(d["id"]), int(d["archived"]), d.get("email"), dumps(d)) for d in docs],
            )
        return len(docs)

    def list_owners(
        self, *, archived: bool, after: int, limit: int, email: str | None = None
    ) -> list[JSON]:
        """Owners with id greater than `after`, by id, at most `limit` (the API's paging)."""
        sql = "SELECT data FROM owners WHERE archived = ? AND id > ?"
        params: list[Any] = [int(archived), after]
        if email is not None:
            sql += " AND lower(email) = lower(?)"
            params.append(email)
        rows = self.query(sql + " ORDER BY id LIMIT ?", [*params, limit])
        return [json.loads(r["data"]) for r in rows]

    def get_owner(self, owner_id: str, *, by_user_id: bool = False) -> JSON | None:
        """One owner by owner id (or by `userId` when `by_user_id`), or None."""
        for owner in self.list_owners(archived=False, after=-1, limit=1_000_000) + (
            self.list_owners(archived=True, after=-1, limit=1_000_000)
        ):
            key = owner.get("userId") if by_user_id else owner["id"]
            if str(key) == owner_id:
                return owner
        return None
