"""The local state backend: a JSON file, its `.backup`, a `.journal` and a lock file beside it.

Cost of a write grows with the change: apply records each change group with `write_delta`,
which appends one line (the group's entries set and removed, with lineage and serial) to
`<file>.journal` and fsyncs it, instead of rewriting a file that may hold 10,000 objects.
`read` replays the journal over the file; a full `write` (or `compact`, which apply calls
when it is done) folds it back in and removes it. A crash mid-append leaves a line without
its newline: that group was never recorded (exactly as if the process had died before a
whole-file write), and the line is ignored. Journal lines at or below the file's serial
(a crash between replacing the file and removing the journal) are already in the file.

Crash safety: every write goes to a temporary file in the same directory, is fsynced, and
replaces the target with `os.replace` (atomic on POSIX), after which the directory is
fsynced. Before the state is replaced, the current (parseable) state is copied the same way
to `<file>.backup`. A process killed at any instant therefore leaves the old or the new state
in place, never a truncated one, and the backup holds the one before.

The lock is `<file>.lock`, a small JSON `LockInfo`, created atomically *with* its content
(written to a temporary file and hard-linked into place, which fails if the lock exists), so
a reader never sees a half-written lock. A lock left behind by a killed process stays until
`force_unlock(id)`: breaking locks automatically is how two applies end up interleaved.

Faults of the file system are errors, never tracebacks and never a damaged state: a state
file is read back and compared with what was meant before it replaces the old one; a
journal append that fails (a full disk) is cut back to the last whole line; a write that
fails after live changes leaves the state it would have written in a recovery file
(`recovery.py`) that the error names and the next command finds. A state path that is a
directory, unreadable, or not UTF-8 is a `StateError` naming it. `<file>.history` keeps one
JSON line per apply (`revops state history`).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

from revops_as_code.errors import StateError
from revops_as_code.resources import ResourceId
from revops_as_code.state import files, recovery
from revops_as_code.state.backend import HistoryEntry, LockInfo, StateBackend, locked_error
from revops_as_code.state.model import ResourceState, State

_POLL_SECONDS = 0.1


class LocalBackend(StateBackend):
    """State in `path` (e.g. `.revops/state/sandbox.json`), backup and lock next to it."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.backup_path = self.path.with_name(self.path.name + ".backup")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.history_path = self.path.with_name(self.path.name + ".history")
        self._written: tuple[tuple[tuple[int, int, int], int], State] | None = None
        """The file this backend wrote last (inode, size, mtime) and the state it holds: when
        the file on disk is still that one, it need not be read and parsed again."""

    @property
    def location(self) -> str:
        return str(self.path)

    # -- state --------------------------------------------------------------------------

    def refuse_if_unrecorded(self) -> None:
        recovery.refuse_if_unrecorded(self.path.parent, self.path.name, str(self.path))

    def read_stored(self) -> State | None:
        try:
            return self._read()
        except UnicodeDecodeError as exc:
            raise StateError(
                f"state file {self.path} is not UTF-8 text (byte {exc.start}): it is not a "
                "revops state, or it was damaged",
                hint=self._restore_hint(),
            ) from None
        except IsADirectoryError:
            raise StateError(
                f"state path {self.path} is a directory, not a state file",
                hint="point the environment's state path in revops.yaml at a file",
            ) from None
        except OSError as exc:
            raise StateError(
                f"cannot read state file {self.path} ({recovery.describe_os_error(exc)})",
                hint="check the file's permissions and the state path in revops.yaml",
            ) from None

    def _read(self) -> State | None:
        if not self.path.exists():
            if self.backup_path.exists():
                raise StateError(
                    f"state file {self.path} is missing but its backup exists",
                    hint=self._restore_hint(),
                )
            return None
        if self.path.is_dir():
            raise IsADirectoryError(self.path)
        text = self.path.read_bytes().decode("utf-8")
        if not text.strip():
            raise StateError(f"state file {self.path} is empty", hint=self._restore_hint())
        try:
            base = State.from_json(text, origin=f"state file {self.path}")
        except StateError as exc:
            if "format_version" in exc.message:  # newer format: a backup would not help
                raise
            raise StateError(exc.message, hint=self._restore_hint()) from None
        return self._replay(base)

    # -- the journal ----------------------------------------------------------------------

    def _replay(self, base: State) -> State:
        """`base` with the journal's complete lines applied in serial order."""
        try:
            data = self.journal_path.read_bytes()
        except FileNotFoundError:
            return base
        state = base
        lines = data.split(b"\n")
        for number, raw in enumerate(lines[:-1], start=1):  # the last piece lacks "\n"
            try:
                record = json.loads(raw.decode("utf-8"))
                lineage, serial = record["lineage"], int(record["serial"])
                changed = {
                    ResourceId.parse(k): ResourceState.model_validate(v)
                    for k, v in dict(record["set"]).items()
                }
                removed = [ResourceId.parse(r) for r in record["drop"]]
            except (ValueError, KeyError, TypeError) as exc:
                raise StateError(
                    f"state journal {self.journal_path}:{number} is unreadable ({exc})",
                    hint=f"the state before it is in {self.path}; inspect the journal, then "
                    "remove it to fall back to that state (`revops plan` shows what is left)",
                ) from None
            if lineage != base.lineage:
                raise StateError(
                    f"state journal {self.journal_path}:{number} belongs to lineage {lineage}, "
                    f"not {base.lineage}",
                    hint=f"it is not this state's journal; move it away from {self.path}",
                )
            if serial <= state.serial:
                continue  # already folded into the file
            if serial != state.serial + 1:
                raise StateError(
                    f"state journal {self.journal_path}:{number} jumps from serial "
                    f"{state.serial} to {serial}",
                    hint="a line is missing; restore the journal, or remove it to fall back to "
                    f"the state in {self.path}",
                )
            state = state.without(removed).with_resources(changed)
            state = state.model_copy(
                update={
                    "serial": serial,
                    "tool_version": record.get("tool_version", state.tool_version),
                }
            )
        return state

    def write_delta(
        self,
        state: State,
        changed: Mapping[ResourceId, ResourceState],
        removed: Iterable[ResourceId],
    ) -> None:
        previous = self._current()
        if (
            previous is None
            or previous.lineage != state.lineage
            or previous.serial + 1 != state.serial
        ):
            self.write(state)  # no file to append to, or not the next serial: say so in full
            return
        drop = sorted(str(r) for r in removed)
        entries = ", ".join(
            f"{json.dumps(str(k))}: {v.encoded}" for k, v in sorted(changed.items())
        )
        line = (
            f'{{"drop": {json.dumps(drop)}, "lineage": {json.dumps(state.lineage)}, '
            f'"serial": {state.serial}, "set": {{{entries}}}, '
            f'"tool_version": {json.dumps(state.tool_version)}}}\n'
        )
        try:
            self._append(line.encode("utf-8"))
        except OSError as exc:
            raise self._unrecorded(exc, state, [*changed, *drop]) from None
        self._written = (self._signature(), state)

    def _append(self, line: bytes) -> None:
        """Append one whole line, or nothing: a failed append is cut back to where it began,
        and a torn line a crash left at the end is cut off before appending (else the two
        would run together into one unreadable line)."""
        new_file = not self.journal_path.exists()
        fd = os.open(self.journal_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            size = os.fstat(fd).st_size
            whole = files.whole_lines(fd, size)
            if whole != size:
                os.ftruncate(fd, whole)
            os.lseek(fd, whole, os.SEEK_SET)
            try:
                files.write_all(fd, line)
                os.fsync(fd)
            except OSError:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, whole)
                    os.fsync(fd)
                raise
        finally:
            os.close(fd)
        if new_file:
            files.fsync_dir(self.journal_path.parent)

    def _unrecorded(
        self, exc: OSError, state: State, unrecorded: Iterable[object] = ()
    ) -> StateError:
        saved = recovery.save(self.path.parent, self.path.name, state)
        return recovery.write_failed(str(self.path), exc, saved, state, unrecorded)

    def compact(self) -> None:
        if not self.journal_path.exists():
            return
        state = self._current() or self.read()  # what this backend wrote last, if unchanged
        if state is None:
            return
        try:
            self._write(state)
        except OSError as exc:
            # Nothing is lost: the file and its journal hold the whole state. Still an error,
            # so a full disk is never reported as "all clear".
            raise StateError(
                f"state {self.path} is complete (file and journal), but folding the journal "
                f"into it failed ({recovery.describe_os_error(exc)})",
                hint="free disk space; the next write folds it in, nothing needs restoring",
            ) from None

    def _signature(self) -> tuple[tuple[int, int, int], int]:
        try:
            journal = self.journal_path.stat().st_size
        except FileNotFoundError:
            journal = -1
        return (files.signature(self.path), journal)

    def write(self, state: State) -> None:
        try:
            self._write(state)
        except OSError as exc:
            raise self._unrecorded(exc, state) from None

    def _write(self, state: State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise StateError(
                f"state path {self.path} is a directory, not a state file",
                hint="point the environment's state path in revops.yaml at a file",
            )
        previous = self._current()
        if previous is not None:
            if previous.lineage != state.lineage:
                raise StateError(
                    f"refusing to overwrite state {self.path}: lineage {previous.lineage} "
                    f"is not {state.lineage}",
                    hint="this state belongs to another history; check --env and the path",
                )
            if previous.serial > state.serial:
                raise StateError(
                    f"refusing to write serial {state.serial} over newer serial "
                    f"{previous.serial} in {self.path}"
                )
            self._keep_backup()
        data = state.to_json().encode("utf-8")
        files.atomic_write(self.path, data, check=_parses)
        if self.journal_path.exists():  # folded into the file just written
            self.journal_path.unlink()
            files.fsync_dir(self.journal_path.parent)
        self._written = (self._signature(), state)

    def _keep_backup(self) -> None:
        """The current file becomes the backup: a hard link to it (no copy of its bytes),
        swapped in atomically; a copy where the file system has no hard links."""
        tmp = self.backup_path.with_name(f".{self.backup_path.name}.{uuid.uuid4().hex}.tmp")
        try:
            os.link(self.path, tmp)
        except OSError:
            files.atomic_write(self.backup_path, self.path.read_bytes())
            return
        os.replace(tmp, self.backup_path)

    def _current(self) -> State | None:
        """The current state, if it parses (a broken file never becomes the backup)."""
        try:
            signature = self._signature()
        except FileNotFoundError:
            return None
        if self._written is not None and self._written[0] == signature:
            return self._written[1]  # what this backend wrote last: no need to re-parse
        try:
            return self._replay(State.from_json(self.path.read_bytes().decode("utf-8")))
        except (StateError, UnicodeDecodeError, OSError):
            return None

    def _restore_hint(self) -> str:
        if self.backup_path.exists():
            return (
                f"the previous state is in {self.backup_path}; inspect it and restore with: "
                f"cp {self.backup_path} {self.path}"
            )
        return "no backup exists; re-create state with `revops import`"

    # -- lock ---------------------------------------------------------------------------

    def acquire_lock(self, operation: str, *, timeout: float = 0.0) -> LockInfo:
        try:
            return self._acquire_lock(operation, timeout)
        except OSError as exc:
            raise StateError(
                f"cannot take the state lock {self.lock_path} "
                f"({recovery.describe_os_error(exc)}); nothing was changed",
                hint="the state directory must be writable (and have free space); check the "
                "state path in revops.yaml",
            ) from None

    def _acquire_lock(self, operation: str, timeout: float) -> LockInfo:
        info = LockInfo.new(operation)
        payload = json.dumps(info.to_dict(), indent=2).encode("utf-8")
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            if self._try_create_lock(payload):
                return info
            if time.monotonic() >= deadline:
                held = self.current_lock()
                if held is None:  # released between our attempt and the read: try again
                    continue
                raise locked_error(held, str(self.path))
            time.sleep(_POLL_SECONDS)

    def _try_create_lock(self, payload: bytes) -> bool:
        tmp = self.lock_path.with_name(f".{self.lock_path.name}.{uuid.uuid4().hex}.tmp")
        files.write_synced(tmp, payload)
        try:
            os.link(tmp, self.lock_path)
        except FileExistsError:
            return False
        finally:
            tmp.unlink(missing_ok=True)
        files.fsync_dir(self.lock_path.parent)
        return True

    def release_lock(self, lock: LockInfo) -> None:
        held = self.current_lock()
        if held is not None and held.id == lock.id:
            self.lock_path.unlink(missing_ok=True)

    def current_lock(self) -> LockInfo | None:
        try:
            text = self.lock_path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError):
            return LockInfo(id="unreadable", holder="unknown", operation="unknown", created="")
        try:
            return LockInfo.from_dict(json.loads(text))
        except (json.JSONDecodeError, TypeError, AttributeError):
            # Never happens with locks we create; report it rather than ignore a lock file.
            return LockInfo(id="unreadable", holder="unknown", operation="unknown", created="")

    def force_unlock(self, lock_id: str) -> LockInfo:
        held = self.current_lock()
        if held is None:
            raise StateError(f"state {self.path} is not locked")
        if held.id != lock_id:
            raise StateError(
                f"lock id {lock_id} does not match the current lock: {held.describe()}"
            )
        self.lock_path.unlink(missing_ok=True)
        return held

    # -- history --------------------------------------------------------------------------

    def record_history(self, entry: HistoryEntry) -> None:
        line = json.dumps(entry.to_dict(), sort_keys=True) + "\n"
        try:
            fd = os.open(self.history_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                files.write_all(fd, line.encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StateError(
                f"state was written, but its history {self.history_path} could not be "
                f"({recovery.describe_os_error(exc)})",
                hint="free disk space or fix permissions; the state itself is complete",
            ) from None

    def history(self, limit: int = 20) -> list[HistoryEntry]:
        try:
            data = self.history_path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StateError(
                f"cannot read {self.history_path} ({recovery.describe_os_error(exc)})"
            ) from None
        entries: list[HistoryEntry] = []
        for raw in data.split(b"\n")[:-1]:  # a torn last line was never recorded
            try:
                entries.append(HistoryEntry.from_dict(json.loads(raw.decode("utf-8"))))
            except (ValueError, TypeError):
                continue  # history is informative: one damaged line must not hide the rest
        return entries[::-1][:limit]


def _parses(data: bytes) -> None:
    """What a state file must be before it replaces the last good one."""
    State.from_json(data.decode("utf-8"))


__all__ = ["LocalBackend"]
