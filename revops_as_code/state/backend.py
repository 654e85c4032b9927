"""The state backend interface: where state lives and how writers exclude each other.

A backend stores one environment's `State` and an exclusive lock. The local backend
(`local.py`) keeps both in files next to each other; a PostgreSQL backend can implement the
same five methods with a row per state and an advisory lock held on one session. Everything
above this interface (apply, import, the CLI) is backend-agnostic.

Lock semantics every backend keeps: acquiring a held lock waits up to `timeout` seconds and
then raises `StateLockedError` naming the holder, the operation, when it was taken and the
lock id; only the holder releases it, and `force_unlock(lock_id)` — with the id, so nobody
breaks a lock they have not looked at — is the only way to break someone else's.

Every backend also keeps the apply history (`record_history` / `history`: who applied, when,
which plan, what it did) and refuses to read while an unrecorded-state recovery file from a
failed write is waiting (`recovery.py`); `read_stored` reads past that, for `state push`.
"""

from __future__ import annotations

import abc
import getpass
import os
import socket
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from revops_as_code.errors import StateLockedError
from revops_as_code.resources import ResourceId
from revops_as_code.state.model import ResourceState, State


@dataclass(frozen=True)
class LockInfo:
    """Who holds the state lock, doing what, since when."""

    id: str
    """Random id; `revops state force-unlock ID` needs it."""
    holder: str
    """`user@host (pid N)` of the process that took the lock."""
    operation: str
    """What the holder is doing: `apply`, `import`, `state rm`, ..."""
    created: str
    """When the lock was taken (ISO 8601, UTC)."""
    host: str = ""
    pid: int = 0

    @classmethod
    def new(cls, operation: str) -> LockInfo:
        host = socket.gethostname()
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry (containers)
            user = "unknown"
        pid = os.getpid()
        return cls(
            id=str(uuid.uuid4()),
            holder=f"{user}@{host} (pid {pid})",
            operation=operation,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            host=host,
            pid=pid,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LockInfo:
        fields = {"id", "holder", "operation", "created", "host", "pid"}
        return cls(**{k: v for k, v in data.items() if k in fields})

    def describe(self) -> str:
        return (
            f"held by {self.holder} for {self.operation!r} since {self.created} (lock id {self.id})"
        )

    def holder_is_gone(self) -> bool:
        """True when the holder ran on this host and its process no longer exists."""
        if self.host != socket.gethostname() or self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def locked_error(info: LockInfo, location: str) -> StateLockedError:
    """The one wording of 'someone else holds the lock', shared by every backend."""
    hint = f"wait for it to finish, or if it is gone: revops state force-unlock {info.id}"
    if info.holder_is_gone():
        hint = (
            f"the holder process {info.pid} is no longer running; if no one else is applying, "
            f"break the lock with: revops state force-unlock {info.id}"
        )
    return StateLockedError(f"state {location} is locked: {info.describe()}", hint=hint)


@dataclass(frozen=True)
class HistoryEntry:
    """One apply (or other state-changing command) as the history keeps it."""

    at: str
    """When it finished (ISO 8601, UTC)."""
    who: str
    """`user@host (pid N)` of the process."""
    operation: str
    """`apply`, `import`, `state push`, ..."""
    serial: int
    """State serial after it."""
    summary: str
    """What it did, in one line (`Apply complete! 3 applied, 0 failed, 0 skipped.`)."""
    plan_digest: str = ""
    """SHA-256 of the plan it applied (empty for commands without a plan)."""
    lineage: str = ""

    @classmethod
    def now(
        cls, operation: str, serial: int, summary: str, *, plan_digest: str = "", lineage: str = ""
    ) -> HistoryEntry:
        return cls(
            at=datetime.now(UTC).isoformat(timespec="seconds"),
            who=LockInfo.new(operation).holder,
            operation=operation,
            serial=serial,
            summary=summary,
            plan_digest=plan_digest,
            lineage=lineage,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HistoryEntry:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})


class StateBackend(abc.ABC):
    """Stores one environment's state and its lock."""

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the state lives, as shown to a person (a path, a table name)."""

    def read(self) -> State | None:
        """The stored state; None only if none was ever written.

        An empty or unreadable state is a `StateError` (pointing at a backup when there is
        one), never "nothing managed": that would plan to create everything again. So is a
        waiting recovery file: an earlier write failed after live changes were made.
        """
        self.refuse_if_unrecorded()
        return self.read_stored()

    @abc.abstractmethod
    def read_stored(self) -> State | None:
        """`read` without the recovery-file check (`state push` of that file uses it)."""

    def refuse_if_unrecorded(self) -> None:  # noqa: B027 - optional hook
        """Raise `StateError` naming a recovery file left by a failed write, if any."""

    @abc.abstractmethod
    def record_history(self, entry: HistoryEntry) -> None:
        """Keep one history row (apply calls it once, at the end, with the plan's digest)."""

    @abc.abstractmethod
    def history(self, limit: int = 20) -> list[HistoryEntry]:
        """The latest `limit` history rows, newest first."""

    @abc.abstractmethod
    def write(self, state: State) -> None:
        """Store `state` atomically: a reader sees the old or the new value, never a mix."""

    def write_delta(
        self,
        state: State,
        changed: Mapping[ResourceId, ResourceState],
        removed: Iterable[ResourceId],
    ) -> None:
        """Store `state`, which differs from the last stored one by `changed` and `removed`
        only. A backend may record just the difference (cost grows with the change, not the
        state); by default it stores the whole state."""
        self.write(state)

    def compact(self) -> None:  # noqa: B027 - optional hook
        """Fold recorded differences into the stored state (apply calls it when done)."""

    @abc.abstractmethod
    def acquire_lock(self, operation: str, *, timeout: float = 0.0) -> LockInfo:
        """Take the exclusive lock, waiting up to `timeout` s; else `StateLockedError`."""

    @abc.abstractmethod
    def release_lock(self, lock: LockInfo) -> None:
        """Release a lock this process holds (a no-op if it was force-unlocked meanwhile)."""

    @abc.abstractmethod
    def current_lock(self) -> LockInfo | None:
        """Who holds the lock now, if anyone."""

    @abc.abstractmethod
    def force_unlock(self, lock_id: str) -> LockInfo:
        """Break the lock whose id is `lock_id`; returns what was broken."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections (a database backend's); the state stays as written."""

    @contextmanager
    def locked(self, operation: str, *, timeout: float = 0.0) -> Iterator[LockInfo]:
        """`with backend.locked("apply"):` — released however the block ends."""
        info = self.acquire_lock(operation, timeout=timeout)
        try:
            yield info
        finally:
            self.release_lock(info)


__all__ = ["HistoryEntry", "LockInfo", "StateBackend", "locked_error"]
