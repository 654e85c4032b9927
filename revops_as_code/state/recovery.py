"""Unrecorded state: what a backend does when it cannot store state after live changes.

By the time apply writes state, the live system has already changed; a state write that
fails (a full disk, a read-only directory, a lost database connection) must therefore not
lose what state would have said. The backend saves that state to a *recovery file* — beside
the state when it can, else in the system's temporary directory — and raises a
`StateError` that names it (apply stops: exit 1, never "all clear"). Every later command
that reads the state finds the file first and refuses to go on until it is pushed back
(`revops state push FILE`) or set aside, so nobody plans against a state that forgot what
was done.

File names carry the state's name and serial: `<name>.unrecorded-<serial>.json`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path

from revops_as_code.errors import StateError
from revops_as_code.state.model import State

_SUFFIX = ".unrecorded-"


def describe_os_error(exc: OSError) -> str:
    """`No space left on device` / `Permission denied`: the OS's words, no traceback."""
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno in (errno.EROFS,):
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def is_recovery_file(path: Path) -> bool:
    """Whether `path` is named like a recovery file (`state push` removes it once stored)."""
    return re.search(rf"{re.escape(_SUFFIX)}[0-9]+\.json$", path.name) is not None


def _places(directory: Path, name: str) -> list[tuple[Path, str]]:
    """Where a recovery file of state `name` goes: beside it, else the temporary directory
    under a name that says which project's state it is (two projects share /tmp)."""
    digest = hashlib.sha256(str(directory.absolute()).encode()).hexdigest()[:10]
    return [(directory, name), (Path(tempfile.gettempdir()), f"revops-{digest}-{name}")]


def candidates(directory: Path, name: str) -> list[Path]:
    """Recovery files for state `name` in `directory` and in the temporary directory."""
    found: list[Path] = []
    for place, stem in _places(directory, name):
        with contextlib.suppress(OSError):
            found.extend(place.glob(f"{_glob_name(stem)}{_SUFFIX}*.json"))
    return sorted(set(found), key=lambda p: p.stat().st_mtime if p.exists() else 0)


def _glob_name(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def save(directory: Path, name: str, state: State) -> Path | None:
    """Write `state` to a recovery file; its path, or None if nothing could be written."""
    data = state.to_json().encode("utf-8")
    for place, stem in _places(directory, name):
        filename = f"{stem}{_SUFFIX}{state.serial}.json"
        target = place / filename
        tmp = place / f".{filename}.{uuid.uuid4().hex}.tmp"
        try:
            place.mkdir(parents=True, exist_ok=True)  # a PostgreSQL project may have none yet
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            if tmp.read_bytes() != data:  # read back: a recovery file must be whole
                raise OSError(errno.EIO, "recovery file read back differently")
            os.replace(tmp, target)
            return target
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return None


def write_failed(
    location: str,
    exc: OSError | str,
    saved: Path | None,
    state: State,
    unrecorded: Iterable[object] = (),
) -> StateError:
    """The error for a state write that failed: names the recovery file and what to do."""
    why = describe_os_error(exc) if isinstance(exc, OSError) else exc
    if saved is not None:
        return StateError(
            f"could not write state {location} ({why}); live changes made so far are recorded "
            f"in {saved} (serial {state.serial}) instead",
            hint=f"fix the cause (free disk space, permissions, the connection), then run "
            f"`revops state push {saved}`; do not apply again before that",
        )
    names = sorted(str(r) for r in unrecorded) or sorted(state.resources)
    shown = ", ".join(names[:10]) + ("" if len(names) <= 10 else f" and {len(names) - 10} more")
    return StateError(
        f"could not write state {location} ({why}), nor a recovery file anywhere: the "
        f"stored state does not record these changes: {shown or 'none'}",
        hint="fix the cause, then run `revops import` (or `revops plan`, which adopts "
        "objects that match their definitions) before applying again",
    )


def refuse_if_unrecorded(directory: Path, name: str, location: str) -> None:
    """The next command after a failed write: stop and say how to recover."""
    found = candidates(directory, name)
    if found:
        shown = found[-1]
        raise StateError(
            f"an earlier run could not record its state in {location}; the unrecorded state "
            f"is in {shown}",
            hint=f"push it back with `revops state push {shown}` (then delete the file), or "
            "move the file away if you have already recovered",
        )


__all__ = [
    "candidates",
    "describe_os_error",
    "is_recovery_file",
    "refuse_if_unrecorded",
    "save",
    "write_failed",
]
