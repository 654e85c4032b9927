"""Durable file writes the local backend is built from: every byte written (short writes
looped), fsynced, read back, replaced atomically, the directory fsynced."""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Callable
from pathlib import Path


def whole_lines(fd: int, size: int) -> int:
    """Length of the file's complete lines: read backwards from the end to the last newline
    (only the torn piece is read, not the whole journal)."""
    end = size
    while end > 0:
        start = max(0, end - 65536)
        chunk = os.pread(fd, end - start, start)
        at = chunk.rfind(b"\n")
        if at >= 0:
            return start + at + 1
        end = start
    return 0


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # os.write may write less than asked (a full disk, a signal)
        view = view[os.write(fd, view) :]


def signature(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    target: Path, data: bytes, *, check: Callable[[bytes], None] | None = None
) -> None:
    """temp file in the same directory + fsync + read back (and `check`) + os.replace + fsync
    of the directory. The read-back is what catches a file system that acknowledged bytes it
    did not keep: the old file is replaced only by one known to hold exactly `data`."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        write_synced(tmp, data)
        written = tmp.read_bytes()
        if written != data:
            raise OSError(errno.EIO, f"{tmp} read back {len(written)} of {len(data)} bytes")
        if check is not None:
            check(written)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(target.parent)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "atomic_write",
    "fsync_dir",
    "signature",
    "whole_lines",
    "write_all",
    "write_synced",
]
