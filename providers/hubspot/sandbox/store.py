"""`HubSpotStore`: the persistent portal behind the HubSpot sandbox (SQLite, stdlib).

The API routes read and write through it, and the seed fills it in bulk. Usage::

    store = HubSpotStore(".revops/sandbox/hubspot.db")
    store.reset()
    store.insert_property_groups("contacts", [{"name": "contactinformation", "label": ...}])
    store.insert_properties("contacts", [{"name": "email", "label": "Email", "type": "string",
                                          "fieldType": "text", "groupName": "contactinformation",
                                          "hubspotDefined": True}])
    store.insert_pipelines("deals", [{"id": "default", "label": "Sales Pipeline", ...}])
    store.insert_owners([{"id": 101, "email": "ada@example.com", ...}])
    ids = store.insert_objects("contacts", [{"properties": {"email": "x@y.z"}}])
    store.insert_associations("contacts", "companies", [(ids[0], company_id)], primary=True)
    store.counts()

Bulk inserts take HubSpot's own JSON shapes, fill HubSpot's defaults and run in one
transaction each; they do not validate (the seed plants values the API would refuse). Object
types are the canonical plural names (`contacts`, `companies`, `deals`, `tickets`).
"""

from __future__ import annotations

import json

from .store_base import TABLES
from .store_config import ConfigTables
from .store_records import ASSOCIATION_TYPES, RecordTables

__all__ = ["ASSOCIATION_TYPES", "HubSpotStore"]


class HubSpotStore(ConfigTables, RecordTables):
    """One HubSpot portal in one SQLite file; safe to open from several processes."""

    def reset(self) -> None:
        """Delete everything in the portal (one transaction); the file and schema stay."""
        with self.transaction() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta WHERE key != 'schema_version'")
            conn.execute("DELETE FROM sqlite_sequence WHERE name = 'pipeline_audit'")

    def counts(self) -> dict[str, int]:
        """Live (non-archived) counts: `property_groups`, `properties`, `pipelines`,
        `stages`, `owners`, `associations`, and one entry per object type with records."""
        out: dict[str, int] = {}
        for table in ("property_groups", "properties", "pipelines", "owners"):
            out[table] = int(
                self.query(f"SELECT COUNT(*) AS n FROM {table} WHERE archived = 0")[0]["n"]
            )
        out["stages"] = sum(
            1
            for r in self.query("SELECT data FROM pipelines WHERE archived = 0")
            for s in json.loads(r["data"])["stages"]
            if not s["archived"]
        )
        for object_type in ("contacts", "companies", "deals", "tickets"):
            out[object_type] = 0
        for row in self.query(
            "SELECT object_type, COUNT(*) AS n FROM objects WHERE archived = 0 GROUP BY object_type"
        ):
            out[row["object_type"]] = int(row["n"])
        # Each association is stored in both directions; count pairs once.
        out["associations"] = (
            int(self.query("SELECT COUNT(*) AS n FROM associations WHERE label IS NULL")[0]["n"])
            // 2
        )
        return out
