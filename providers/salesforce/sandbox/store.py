"""`SalesforceStore`: one sandbox org in one SQLite file (stdlib only).

The org is kept as documents: fields (`OrgField` as a dict), configuration (value sets,
business processes, record types, validation rules), users and records. `load(org)` replaces
everything with an `Org` the seed built; `org()` returns the configuration as an `Org` (records
left out), cached until the next write, so a describe or Tooling query over 10,000 fields does
not re-read the file. Every write runs in `transaction()` (`BEGIN IMMEDIATE`, re-entrant: a
composite request's subrequests join one transaction and roll back together). Ids are minted
here (`next_id`) above every serial the org already holds.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from .org import KEY_PREFIXES, Org, OrgField, sf_id
from .store_base import TABLES, StoreBase, _dumps, now_iso, serial_of
from .view import OrgView

VALUE_SET = "value_set"
BUSINESS_PROCESS = "business_process"
RECORD_TYPE = "record_type"
VALIDATION_RULE = "validation_rule"


def _field(data: Mapping[str, Any]) -> OrgField:
    return OrgField(**dict(data))


def _name_of(kind: str, doc: Mapping[str, Any]) -> str:
    if kind == VALUE_SET:
        return str(doc["name"])
    return f"{doc['object']}.{doc['name']}"


class SalesforceStore(StoreBase):
    """One org in one SQLite file; safe to share between threads of one process."""

    # -- whole org --------------------------------------------------------------------------

    def reset(self) -> None:
        """Delete everything (one transaction); the file and schema stay."""
        with self.transaction() as conn:
            for table in TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM meta WHERE key != 'revision'")
            self._changed()

    def load(self, org: Org) -> None:
        """Replace the org with `org` (one transaction); ids are kept as the seed made them."""
        with self.transaction() as conn:
            self.reset()
            conn.executemany(
                "INSERT INTO users (id, data) VALUES (?, ?)",
                [(u["Id"], _dumps(u)) for u in org.users],
            )
            conn.executemany(
                "INSERT INTO fields (object, name, data) VALUES (?, ?, ?)",
                [(f.object, f.name, _dumps(asdict(f))) for f in org.fields],
            )
            for name, values in org.value_sets.items():
                meta = dict(org.value_set_meta.get(name, {}))
                set_id = str(meta.pop("Id", "") or self.next_id("StandardValueSet"))
                doc = {"Id": set_id, "name": name, "values": values, **meta}
                self._put_config(VALUE_SET, doc)
            for kind, docs in (
                (BUSINESS_PROCESS, org.business_processes),
                (RECORD_TYPE, org.record_types),
                (VALIDATION_RULE, org.validation_rules),
            ):
                for doc in docs:
                    self._put_config(kind, dict(doc))
            for sobject, rows in org.records.items():
                conn.executemany(
                    "INSERT INTO records (sobject, id, deleted, data) VALUES (?, ?, ?, ?)",
                    [(sobject, r["Id"], int(bool(r.get("IsDeleted"))), _dumps(r)) for r in rows],
                )
            self._bump_serials(org)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('manifest', ?)",
                (_dumps(org.manifest),),
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('loaded_at', ?)", (now_iso(),)
            )

    def _bump_serials(self, org: Org) -> None:
        ids: list[str] = [u["Id"] for u in org.users] + [f.id for f in org.fields if f.id]
        ids += [str(d.get("Id", "")) for d in org.business_processes + org.record_types]
        ids += [str(d.get("Id", "")) for d in org.validation_rules]
        ids += [str(m.get("Id", "")) for m in org.value_set_meta.values()]
        ids += [r["Id"] for rows in org.records.values() for r in rows]
        top: dict[str, int] = {}
        for record_id in ids:
            if len(record_id) >= 15:
                prefix = record_id[:3]
                top[prefix] = max(top.get(prefix, 0), serial_of(record_id))
        for prefix, n in top.items():
            self._conn.execute(
                "INSERT INTO serials (prefix, n) VALUES (?, ?) "
                "ON CONFLICT(prefix) DO UPDATE SET n = MAX(n, excluded.n)",
                (prefix, n),
            )

    def next_id(self, object_name: str) -> str:
        """A fresh 18-character id for `object_name` (a KEY_PREFIXES key)."""
        prefix = KEY_PREFIXES[object_name]
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO serials (prefix, n) VALUES (?, 1) "
                "ON CONFLICT(prefix) DO UPDATE SET n = n + 1",
                (prefix,),
            )
            n = int(conn.execute("SELECT n FROM serials WHERE prefix = ?", (prefix,)).fetchone()[0])
        return sf_id(prefix, n)

    def org(self) -> Org:
        """The configuration and users as an `Org` (records empty). Cached per revision:
        callers copy a document before changing it."""
        with self._lock:
            revision = self.revision()
            if self._cache is not None and self._cache[0] == revision:
                return self._cache[1]
            org = Org()
            org.users = [json.loads(r["data"]) for r in self.query("SELECT data FROM users")]
            org.fields = [
                _field(json.loads(r["data"]))
                for r in self.query("SELECT data FROM fields ORDER BY rowid")
            ]
            for row in self.query("SELECT kind, data FROM config ORDER BY rowid"):
                doc = json.loads(row["data"])
                if row["kind"] == VALUE_SET:
                    org.value_sets[doc["name"]] = doc["values"]
                    org.value_set_meta[doc["name"]] = {
                        k: v for k, v in doc.items() if k not in ("name", "values")
                    }
                elif row["kind"] == BUSINESS_PROCESS:
                    org.business_processes.append(doc)
                elif row["kind"] == RECORD_TYPE:
                    org.record_types.append(doc)
                else:
                    org.validation_rules.append(doc)
            manifest = self.get_meta("manifest")
            org.manifest = json.loads(manifest) if manifest else {}
            self._cache = (revision, org)
            self._view = None
            return org

    def view(self) -> OrgView:
        """An `OrgView` over `org()`, cached with it (field writes keep both up to date, so a
        bulk create of 10,000 fields does not rebuild the org per field)."""
        with self._lock:
            org = self.org()
            if self._view is None or self._view.org is not org:
                self._view = OrgView(org)
            return self._view

    def counts(self) -> dict[str, int]:
        out = {
            "users": int(self.query("SELECT COUNT(*) AS n FROM users")[0]["n"]),
            "fields": int(self.query("SELECT COUNT(*) AS n FROM fields")[0]["n"]),
        }
        for kind in (VALUE_SET, BUSINESS_PROCESS, RECORD_TYPE, VALIDATION_RULE):
            rows = self.query("SELECT COUNT(*) AS n FROM config WHERE kind = ?", (kind,))
            out[kind + "s"] = int(rows[0]["n"])
        for sobject in ("Lead", "Contact", "Account", "Opportunity", "Case"):
            rows = self.query(
                "SELECT COUNT(*) AS n FROM records WHERE sobject = ? AND deleted = 0", (sobject,)
            )
            out[sobject] = int(rows[0]["n"])
        return out

    def put_user(self, user: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO users (id, data) VALUES (?, ?)",
                (user["Id"], _dumps(dict(user))),
            )
            self._changed()

    # -- configuration --------------------------------------------------------------------

    def put_field(self, field: OrgField) -> None:
        """Insert or replace a field; the cached org and view follow in place."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fields (object, name, data) VALUES (?, ?, ?) ON CONFLICT(object, "
                "name) DO UPDATE SET data = excluded.data",
                (field.object, field.name, _dumps(asdict(field))),
            )
            cache, view = self._cache, self._view
            self._touch(conn, field.object)  # drops the caches; put back what follows
            if cache is None:
                return
            org = cache[1]
            live_view = view if view is not None and view.org is org else None
            if live_view is not None and not live_view.has_exact(field.object, field.name):
                org.fields.append(field)
            else:
                index = next(
                    (
                        i
                        for i, f in enumerate(org.fields)
                        if f.object == field.object and f.name == field.name
                    ),
                    None,
                )
                if index is None:
                    org.fields.append(field)
                else:
                    org.fields[index] = field
            self._cache = cache
            if live_view is not None:
                live_view.put_field(field)
                self._view = live_view

    def delete_field(self, object_name: str, name: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM fields WHERE object = ? AND name = ?", (object_name, name))
            self._touch(conn, object_name)

    def put_config(self, kind: str, doc: Mapping[str, Any]) -> None:
        """Insert or replace one configuration document (by `Id`)."""
        with self.transaction() as conn:
            self._put_config(kind, doc)
            self._touch(conn, str(doc.get("object", "*")))

    def _put_config(self, kind: str, doc: Mapping[str, Any]) -> None:
        self._conn.execute(
            "INSERT INTO config (kind, id, name, data) VALUES (?, ?, ?, ?) ON CONFLICT(kind, id) "
            "DO UPDATE SET name = excluded.name, data = excluded.data",
            (kind, doc["Id"], _name_of(kind, doc), _dumps(doc)),
        )
        self._changed()

    def delete_config(self, kind: str, config_id: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM config WHERE kind = ? AND id = ?", (kind, config_id))
            self._touch(conn, "*")

    def _touch(self, conn: sqlite3.Connection, object_name: str) -> None:
        """Remember when an object's describe last changed (for `If-Modified-Since`)."""
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            (f"changed:{object_name}", now_iso()),
        )
        self._changed()

    def changed_at(self, object_name: str) -> str | None:
        """When `object_name`'s describe last changed (any config change counts for `*`)."""
        stamps = [
            self.get_meta(f"changed:{object_name}"),
            self.get_meta("changed:*"),
            self.get_meta("loaded_at"),
        ]
        present = [s for s in stamps if s]
        return max(present) if present else None

    # -- records ----------------------------------------------------------------------------

    def records(self, sobject: str, *, deleted: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT data FROM records WHERE sobject = ?"
        if not deleted:
            sql += " AND deleted = 0"
        return [json.loads(r["data"]) for r in self.query(sql + " ORDER BY rowid", (sobject,))]

    def record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        rows = self.query(
            "SELECT sobject, data FROM records WHERE id = ? AND deleted = 0", (record_id,)
        )
        if not rows:
            return None
        return str(rows[0]["sobject"]), json.loads(rows[0]["data"])

    def put_record(self, sobject: str, data: Mapping[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO records (sobject, id, deleted, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET deleted = excluded.deleted, data = excluded.data",
                (sobject, data["Id"], int(bool(data.get("IsDeleted"))), _dumps(dict(data))),
            )

    def copy_doc(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """A deep copy of a cached document, safe to change."""
        return copy.deepcopy(dict(doc))


__all__ = [
    "BUSINESS_PROCESS",
    "RECORD_TYPE",
    "VALIDATION_RULE",
    "VALUE_SET",
    "SalesforceStore",
    "now_iso",
    "serial_of",
]
