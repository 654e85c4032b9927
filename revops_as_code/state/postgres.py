"""The PostgreSQL state backend: one state shared by every CI runner and laptop of a team.

Selected in `revops.yaml` with `state: {backend: postgres, dsn_env: REVOPS_STATE_DSN}`; the
connection string is read from that environment variable at run time and never printed
(errors show host and database only). Tables are created on first use, in the schema the
connection's `search_path` names (`options=-csearch_path=revops` in the DSN to pick one):

- `revops_state`            one row per state name: lineage, serial, the serial of its
                            snapshot (`base_serial`);
- `revops_state_snapshots`  a full state per row (`state push`, `compact` at the end of an
                            apply), kept: `state pull --serial N` reads an old one;
- `revops_state_deltas`     one row per change group since the last snapshot (its entries
                            set and removed), so a group's write costs the group, as the
                            local journal does; read replays them over the snapshot;
- `revops_state_history`    one row per apply: who, when, plan digest, serial, summary;
- `revops_state_locks`      who holds each state's lock (holder readable by everyone).

The lock is a session-level advisory lock taken on a *dedicated* connection that does
nothing else and is held for the whole apply; its holder's `LockInfo` and backend pid are
in `revops_state_locks`. A row whose pid no longer holds the advisory lock is stale (the
server released the lock when that session ended: the process died or lost its
connection, and can therefore write nothing more), so it does not block. Every state write
checks, in its transaction, that this process's lock session still holds the lock: a run
whose lock was broken cannot write. `force_unlock(id)` terminates exactly the session that
holds lock `id` — it holds nothing else — and removes its row.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId
from revops_as_code.state import recovery
from revops_as_code.state.backend import HistoryEntry, StateBackend
from revops_as_code.state.model import ResourceState, State
from revops_as_code.state.pg_lock import PostgresSession
from revops_as_code.state.pg_sql import (
    describe_dsn,
    from_environment,
    lock_key,
    scrub,
    who,
)


class PostgresBackend(PostgresSession, StateBackend):
    """State `name` (normally the environment's name) in the database `dsn` points at;
    connections and the lock come from `PostgresSession` (pg_lock.py)."""

    # -- state ----------------------------------------------------------------------------

    def refuse_if_unrecorded(self) -> None:
        recovery.refuse_if_unrecorded(self.recovery_dir, self._recovery_name, self.location)

    @property
    def _recovery_name(self) -> str:
        return f"postgres-{re.sub(r'[^A-Za-z0-9_.-]', '_', self.name)}"

    def read_stored(self) -> State | None:
        with self._mapped("cannot read from"):
            return self._read(self._db())

    def read_serial(self, serial: int) -> State:
        """The snapshot written at `serial` (`state pull --serial`)."""
        with self._mapped("cannot read from"):
            row = (
                self._db()
                .execute(
                    "SELECT body FROM revops_state_snapshots WHERE name = %s AND serial = %s "
                    "ORDER BY written_at DESC LIMIT 1",
                    (self.name, serial),
                )
                .fetchone()
            )
        if row is None:
            raise StateError(f"no snapshot of serial {serial} in {self.location}")
        return State.from_json(row[0], origin=f"snapshot {serial} in {self.location}")

    def _read(self, conn: psycopg.Connection[Any]) -> State | None:
        head = conn.execute(
            "SELECT lineage, serial, base_serial FROM revops_state WHERE name = %s", (self.name,)
        ).fetchone()
        if head is None:
            return None
        lineage, serial, base_serial = head
        if self._cached is not None and self._head == (lineage, serial):
            return self._cached
        row = conn.execute(
            "SELECT body FROM revops_state_snapshots WHERE name = %s AND lineage = %s "
            "AND serial = %s",
            (self.name, lineage, base_serial),
        ).fetchone()
        if row is None:
            raise StateError(
                f"state {self.location} names snapshot {base_serial}, which is missing",
                hint="restore the database, or push a saved state with `revops state push`",
            )
        state = State.from_json(row[0], origin=f"state {self.location}")
        deltas = conn.execute(
            "SELECT serial, body FROM revops_state_deltas WHERE name = %s AND lineage = %s "
            "AND serial > %s AND serial <= %s ORDER BY serial",
            (self.name, lineage, base_serial, serial),
        ).fetchall()
        for delta_serial, body in deltas:
            if delta_serial != state.serial + 1:
                raise StateError(
                    f"state {self.location} lacks the change of serial {state.serial + 1}",
                    hint="restore the database, or push a saved state with `revops state push`",
                )
            record = json.loads(body)
            changed = {
                ResourceId.parse(k): ResourceState.model_validate(v)
                for k, v in record["set"].items()
            }
            removed = [ResourceId.parse(r) for r in record["drop"]]
            state = state.without(removed).with_resources(changed)
            state = state.model_copy(
                update={"serial": delta_serial, "tool_version": record["tool_version"]}
            )
        if state.serial != serial:
            raise StateError(
                f"state {self.location} is at serial {serial} but its changes end at "
                f"{state.serial}",
                hint="restore the database, or push a saved state with `revops state push`",
            )
        self._head, self._cached = (lineage, serial), state
        return state

    def write(self, state: State) -> None:
        self._store(state, None)

    def write_delta(
        self,
        state: State,
        changed: Mapping[ResourceId, ResourceState],
        removed: Iterable[ResourceId],
    ) -> None:
        if self._head is not None and self._head == (state.lineage, state.serial - 1):
            drop = sorted(str(r) for r in removed)
            body = (
                f'{{"drop": {json.dumps(drop)}, "set": {{'
                + ", ".join(f"{json.dumps(str(k))}: {v.encoded}" for k, v in changed.items())
                + f'}}, "tool_version": {json.dumps(state.tool_version)}}}'
            )
            self._store(state, body)
        else:
            self._store(state, None)

    def compact(self) -> None:
        with self._mapped("cannot read from"):
            head = (
                self._db()
                .execute(
                    "SELECT serial, base_serial FROM revops_state WHERE name = %s", (self.name,)
                )
                .fetchone()
            )
        if head is not None and head[0] != head[1]:
            state = self.read_stored()
            if state is not None:
                self._store(state, None)

    def _store(self, state: State, delta: str | None) -> None:
        """One transaction: check lock, lineage and serial, then a delta or a snapshot."""
        try:
            conn = self._db()
            with conn.transaction():
                self._check_lock(conn)
                head = conn.execute(
                    "SELECT lineage, serial FROM revops_state WHERE name = %s FOR UPDATE",
                    (self.name,),
                ).fetchone()
                if head is not None:
                    if head[0] != state.lineage:
                        raise StateError(
                            f"refusing to overwrite state {self.location}: lineage {head[0]} "
                            f"is not {state.lineage}",
                            hint="this state belongs to another history; check --env and "
                            "the state settings in revops.yaml",
                        )
                    if head[1] > state.serial:
                        raise StateError(
                            f"refusing to write serial {state.serial} over newer serial "
                            f"{head[1]} in {self.location}"
                        )
                if delta is not None and head is not None and head[1] == state.serial - 1:
                    conn.execute(
                        "INSERT INTO revops_state_deltas (name, lineage, serial, body) "
                        "VALUES (%s, %s, %s, %s)",
                        (self.name, state.lineage, state.serial, delta),
                    )
                    conn.execute(
                        "UPDATE revops_state SET serial = %s, updated_at = now() WHERE name = %s",
                        (state.serial, self.name),
                    )
                else:
                    conn.execute(
                        "INSERT INTO revops_state_snapshots (name, lineage, serial, body, "
                        "written_by) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (name, lineage, "
                        "serial) DO UPDATE SET body = EXCLUDED.body, written_at = now()",
                        (self.name, state.lineage, state.serial, state.to_json(), who()),
                    )
                    conn.execute(
                        "INSERT INTO revops_state (name, lineage, serial, base_serial) "
                        "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
                        "lineage = EXCLUDED.lineage, serial = EXCLUDED.serial, "
                        "base_serial = EXCLUDED.base_serial, updated_at = now()",
                        (self.name, state.lineage, state.serial, state.serial),
                    )
                    conn.execute(
                        "DELETE FROM revops_state_deltas WHERE name = %s", (self.name,)
                    )  # folded into the snapshot just written
        except psycopg.Error as exc:
            if self._conn is not None and self._conn.broken:
                self._conn = None
            saved = recovery.save(self.recovery_dir, self._recovery_name, state)
            why = scrub(str(exc).strip().splitlines()[0] if str(exc).strip() else "", self._dsn)
            raise recovery.write_failed(
                self.location, why or type(exc).__name__, saved, state
            ) from None
        self._head, self._cached = (state.lineage, state.serial), state

    # -- history --------------------------------------------------------------------------

    def record_history(self, entry: HistoryEntry) -> None:
        with self._mapped("cannot record history in"):
            self._db().execute(
                "INSERT INTO revops_state_history (name, at, who, operation, lineage, serial, "
                "plan_digest, summary) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    self.name,
                    entry.at,
                    entry.who,
                    entry.operation,
                    entry.lineage,
                    entry.serial,
                    entry.plan_digest,
                    entry.summary,
                ),
            )

    def history(self, limit: int = 20) -> list[HistoryEntry]:
        with self._mapped("cannot read history from"):
            rows = (
                self._db()
                .execute(
                    "SELECT at, who, operation, serial, summary, plan_digest, lineage FROM "
                    "revops_state_history WHERE name = %s ORDER BY id DESC LIMIT %s",
                    (self.name, limit),
                )
                .fetchall()
            )
        return [
            HistoryEntry(
                at=at.isoformat(timespec="seconds"),
                who=who,
                operation=op,
                serial=int(serial),
                summary=summary,
                plan_digest=digest,
                lineage=lineage,
            )
            for at, who, op, serial, summary, digest, lineage in rows
        ]


__all__ = ["PostgresBackend", "describe_dsn", "from_environment", "lock_key"]
