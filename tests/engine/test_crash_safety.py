"""Killing a process in the middle of state writes leaves the old or the new state, never a
broken one; and two processes applying at once exclude each other through the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from revops_as_code.resources import ResourceId
from revops_as_code.state import LocalBackend, ResourceState, State

WRITER = textwrap.dedent(
    """
    import sys
    from revops_as_code.state import LocalBackend, State
    backend = LocalBackend(sys.argv[1])
    state = backend.read()
    while True:
        state = state.next_serial()
        backend.write(state)
        print(state.serial, flush=True)
    """
)


def _big_state() -> State:
    state = State.new(environment="dev", targets={"fake": "fake"})
    for n in range(400):
        state = state.with_resource(
            ResourceId("fake", "item", f"k{n:04}"),
            ResourceState(remote_id=f"fake-{n}", attributes={"label": "x" * 200, "n": n}),
        )
    return state.next_serial()


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.35, 0.5])
def test_sigkill_during_writes_leaves_old_or_new_state(tmp_path: Path, delay: float) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    initial = _big_state()
    backend.write(initial)
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(backend.path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # at least one write completed
    assert first.strip()
    time.sleep(delay)  # then kill at an arbitrary point of a later write
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    confirmed = [int(line) for line in [first, *proc.stdout.read().split()] if line.strip()]
    last_confirmed = confirmed[-1]

    survived = backend.read()  # raises if the file were truncated or mixed
    assert survived is not None
    # The write in flight when the kill came either landed completely or not at all.
    assert survived.serial in (last_confirmed, last_confirmed + 1)
    assert survived.lineage == initial.lineage and survived.resources == initial.resources
    backup = State.from_json(backend.backup_path.read_text())
    assert backup.serial in (survived.serial - 1, survived.serial)


APPLIER = textwrap.dedent(
    """
    import sys
    from revops_as_code.apply import apply_plan, ApplyOptions
    from revops_as_code.errors import StateLockedError
    from revops_as_code.providers.fake import FakeProvider, Faults
    from revops_as_code.state import LocalBackend
    from revops_as_code.plan.model import Plan
    state_path, world_path, plan_path = sys.argv[1:4]
    provider = FakeProvider({"path": world_path, "faults": Faults(latency=0.2)})
    backend = LocalBackend(state_path)
    plan = Plan.from_json(open(plan_path).read())

    class Announce:
        def started(self, total):
            print("STARTED", flush=True)
        def change_started(self, change):
            pass
        def change_finished(self, result):
            pass

    try:
        report = apply_plan(plan, provider, backend, listener=Announce())
    except StateLockedError as exc:
        print("LOCKED", exc, flush=True)
        sys.exit(3)
    print("APPLIED", len(report.applied), flush=True)
    """
)


def test_two_processes_applying_at_once_one_fails_naming_the_holder(tmp_path: Path) -> None:
    from revops_as_code.providers.fake import FakeProvider

    from .helpers import item, make_plan

    world_path = tmp_path / "live.json"
    backend = LocalBackend(tmp_path / "state.json")
    plan = make_plan(
        [item(f"k{n}") for n in range(5)], FakeProvider({"path": str(world_path)}), backend
    )
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(plan.to_json())
    args = [str(backend.path), str(world_path), str(plan_path)]
    first = subprocess.Popen(
        [sys.executable, "-c", APPLIER, *args], stdout=subprocess.PIPE, text=True
    )
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "STARTED"  # it holds the lock and is applying
    second = subprocess.run(
        [sys.executable, "-c", APPLIER, *args], capture_output=True, text=True, timeout=120
    )
    rest, _ = first.communicate(timeout=120)
    assert first.returncode == 0 and "APPLIED 5" in rest
    assert second.returncode == 3, second.stdout + second.stderr
    locked = second.stdout
    assert "is locked" in locked and f"pid {first.pid}" in locked and "'apply'" in locked
    assert "lock id" in locked
    state = backend.read()
    assert state is not None and len(state.ids()) == 5
    assert backend.current_lock() is None
    assert json.loads(world_path.read_text())["objects"].keys() == {
        f"fake/item/k{n}" for n in range(5)
    }
