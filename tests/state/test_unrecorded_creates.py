"""An ambiguous create (the server committed, the answer was lost) followed by a state write
that fails: the recovery file records the object as revops's own (pending, `created`), so
once pushed back, removing its definition deletes it instead of leaving it live forever."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from revops_as_code.errors import StateError
from revops_as_code.providers.fake import FakeProvider
from revops_as_code.resources import Resource
from revops_as_code.state import LocalBackend, State, files, recovery

from .test_soak import apply, push_recovery_file, rid


def test_an_ambiguous_create_survives_a_failed_state_write_as_owned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = LocalBackend(tmp_path / "dev.json")
    provider = FakeProvider({"group_size": 1})
    provider.faults.fail_ids = {"fake/item/a"}
    provider.faults.after_write = True  # a is created, but apply hears a failure
    real_write_all = files.write_all

    def full_disk_at_b(fd: int, data: bytes) -> None:
        if b'"fake/item/b"' in bytes(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write_all(fd, data)

    monkeypatch.setattr(files, "write_all", full_disk_at_b)
    desired = [Resource(id=rid(k), attributes={"label": k.upper()}) for k in ("a", "b")]
    with pytest.raises(StateError, match="no space left on device"):
        apply(desired, provider, backend)
    monkeypatch.undo()
    provider.faults.fail_ids = set()

    (saved,) = recovery.candidates(tmp_path, "dev.json")
    unrecorded = State.from_json(saved.read_text())
    entry = unrecorded.get(rid("a"))
    assert entry is not None and entry.pending and entry.ownership == "created"
    assert rid("a") in provider.world.objects and rid("b") in provider.world.objects

    assert push_recovery_file(backend, tmp_path, "dev.json")
    apply(desired, provider, backend)  # settles a, adopts b (made, then not recorded)
    settled = backend.read()
    assert settled is not None
    assert settled.get(rid("a")).ownership == "created"  # type: ignore[union-attr]
    assert not settled.get(rid("a")).pending  # type: ignore[union-attr]
    apply([], provider, backend)  # both definitions removed
    assert rid("a") not in provider.world.objects  # revops made it: deleted, not orphaned
