"""Soak: a seeded, bounded run of plan/apply cycles with random definition edits and random
faults, on both state backends. After every cycle (and a fault-free re-run) state equals
live, every object in state has the id live has, and no object was made twice (the fake
system's id counter grows only by the objects that became live).

`.ci/run` runs `REVOPS_SOAK_CYCLES` (default 25) cycles per backend; `benchmarks/soak.py`
runs the full 200 and reports the time.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import random
from collections.abc import Iterable
from pathlib import Path

import psycopg
import pytest

from revops_as_code.apply import ApplyOptions, ApplyReport, apply_plan
from revops_as_code.engine import state_view
from revops_as_code.errors import RevopsError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import CompileResult, Scope
from revops_as_code.providers.fake import FakeProvider
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.state import LocalBackend, State, StateBackend, files, recovery
from revops_as_code.state.postgres import PostgresBackend

CYCLES = int(os.environ.get("REVOPS_SOAK_CYCLES", "25"))
FAULTS = ("server", "transport", "rate_limit", "auth")


def rid(key: str) -> ResourceId:
    return ResourceId("fake", "item", key)


def apply(
    desired: Iterable[Resource], provider: FakeProvider, backend: StateBackend
) -> ApplyReport:
    state = backend.read()
    plan = build_plan(
        CompileResult(resources=ResourceSet.of(desired)),
        provider.read_live(Scope()),
        Meaning.single(provider.capabilities, provider.declarations),
        state_view(state),
        environment="dev",
        provider="fake",
        group=lambda changes: [
            dataclasses.replace(g, target="fake") for g in provider.group(changes)
        ],
        state_protect={r: e.protect for r, e in state.resources_by_id().items()} if state else {},
    )
    options = ApplyOptions(allow_destructive=True, overwrite_drift=True)
    return apply_plan(plan, provider, backend, options=options)


class StoreFault:
    """A one-shot failure of the state store at its Nth write from now: ENOSPC inside the
    local backend's file writes, or the PostgreSQL session killed under the backend."""

    def __init__(self, backend: StateBackend, monkeypatch: pytest.MonkeyPatch) -> None:
        self.backend = backend
        self.countdown = 0
        self.fired = 0
        if isinstance(backend, PostgresBackend):
            real_store = PostgresBackend._store

            def store(this: PostgresBackend, state: State, delta: str | None) -> None:
                if self._due():
                    conn = this._db()
                    pid = conn.execute("SELECT pg_backend_pid()").fetchone()
                    with psycopg.connect(this._dsn, autocommit=True) as killer:
                        killer.execute("SELECT pg_terminate_backend(%s)", pid)
                real_store(this, state, delta)

            monkeypatch.setattr(PostgresBackend, "_store", store)
        else:
            real_write_all = files.write_all

            def write_all(fd: int, data: bytes) -> None:
                if self._due():
                    raise OSError(errno.ENOSPC, "No space left on device")
                real_write_all(fd, data)

            monkeypatch.setattr(files, "write_all", write_all)

    def arm(self, writes_from_now: int) -> None:
        self.countdown = writes_from_now

    def _due(self) -> bool:
        if self.countdown <= 0:
            return False
        self.countdown -= 1
        if self.countdown == 0:
            self.fired += 1
            return True
        return False


def push_recovery_file(backend: StateBackend, directory: Path, name: str) -> bool:
    """What `revops state push FILE` does with the recovery file a failed write left."""
    found = recovery.candidates(directory, name)
    if not found:
        return False
    (saved,) = found
    incoming = State.from_json(saved.read_text(encoding="utf-8"))
    with backend.locked("state push"):
        current = backend.read_stored()
        assert current is None or current.lineage == incoming.lineage
        serial = max(incoming.serial, current.serial if current else 0)
        backend.write(incoming.model_copy(update={"serial": serial}).next_serial())
    saved.unlink()
    return True


def soak(
    backend: StateBackend,
    seed: int,
    cycles: int,
    store_fault: StoreFault,
    recovery_at: tuple[Path, str],
) -> None:
    rng = random.Random(seed)
    provider = FakeProvider({"group_size": 3})
    world = provider.world
    desired: dict[str, str] = {}
    live_before: set[ResourceId] = set()
    made = hurt = recovered = 0
    for cycle in range(cycles):
        for _ in range(rng.randint(1, 4)):  # random definition edits
            roll = rng.random()
            if roll < 0.5 or not desired:
                desired[f"k{rng.randint(0, 40):02}"] = f"L{cycle}"
            elif roll < 0.8:
                desired[rng.choice(sorted(desired))] = f"L{cycle}-{rng.randint(0, 9)}"
            else:
                desired.pop(rng.choice(sorted(desired)))
        resources = [Resource(id=rid(k), attributes={"label": v}) for k, v in desired.items()]
        faults = provider.faults
        faults.fail_calls = {world.calls + rng.randint(1, 8)} if rng.random() < 0.6 else set()
        faults.error = rng.choice(FAULTS)
        faults.after_write = rng.random() < 0.3  # the write took effect; the answer was lost
        if rng.random() < 0.2:
            store_fault.arm(rng.randint(2, 5))  # past the lock's own write, usually
        try:
            first = apply(resources, provider, backend)
            hurt += bool(first.failed or first.skipped)
        except RevopsError:  # a refusal, or the state store failed: recover as a user would
            hurt += 1
        store_fault.arm(0)
        recovered += push_recovery_file(backend, *recovery_at)
        faults.fail_calls = set()
        for _ in range(3):  # fault-free re-runs converge
            report = apply(resources, provider, backend)
            if not report.results:
                break
        state = backend.read()
        assert state is not None
        live = {r: obj.remote_id for r, obj in world.objects.items()}
        wanted = {rid(k) for k in desired}
        assert set(live) == wanted, f"cycle {cycle}: live is not the definitions"
        assert set(state.ids()) == wanted, f"cycle {cycle}: state is not live"
        assert {r: state.get(r).remote_id for r in wanted} == live  # type: ignore[union-attr]
        for r in wanted:
            assert world.objects[r].attributes["label"] == desired[r.key]
        made += len(set(live) - live_before)
        assert world.next_id - 1 == made, f"cycle {cycle}: an object was created twice"
        live_before = set(live)
    assert hurt >= cycles // 5, f"only {hurt} of {cycles} cycles met a fault: the soak is too mild"
    assert store_fault.fired >= cycles // 20, "the state store never failed: the soak is too mild"
    assert recovered > 0 or cycles < 100, "no write failed mid-apply: recovery never ran"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_soak_local(tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    backend = LocalBackend(tmp_path / "dev.json")
    fault = StoreFault(backend, monkeypatch)
    soak(backend, seed, CYCLES, fault, (tmp_path, "dev.json"))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3])
def test_soak_postgres(
    pg_dsn: str, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = PostgresBackend(pg_dsn, "dev", recovery_dir=tmp_path)
    fault = StoreFault(backend, monkeypatch)
    try:
        soak(backend, seed, CYCLES, fault, (tmp_path, "postgres-dev"))
    finally:
        backend.close()
