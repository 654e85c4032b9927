"""`revops state pull|push|history|migrate`, apply and the lock through the CLI, on the local
and the PostgreSQL backend (a real server on 127.0.0.1), and a full disk under a real apply."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.providers.fake import FakeWorld
from revops_as_code.state import LocalBackend, State
from revops_as_code.state.pg_server import SKIP_REASON, shared_server
from revops_as_code.state.postgres import PostgresBackend

CANARY = "canary-token-5b4a3c2d"
DSN_VAR = "REVOPS_TEST_STATE_DSN"


def revops_yaml(backend: str, state_path: str = ".revops/state/dev.json") -> str:
    state = (
        f"{{backend: postgres, dsn_env: {DSN_VAR}}}"
        if backend == "postgres"
        else f"{{backend: local, path: {state_path}}}"
    )
    return textwrap.dedent(
        f"""\
        definitions: definitions/
        default_environment: dev
        environments:
          dev:
            provider: fake
            settings: {{path: .revops/fake/live.json}}
            credentials_env: FAKE_TOKEN
            state: {state}
        """
    )


def pipeline(key: str) -> str:
    return textwrap.dedent(
        f"""\
        apiVersion: revops.dev/v1
        kind: Pipeline
        key: {key}
        label: Pipeline {key}
        stages:
          - {{key: open, label: Open, probability: 10.0, forecast_category: pipeline}}
          - {{key: won, label: Won, probability: 100.0, forecast_category: closed, outcome: won}}
        """
    )


@dataclass
class Project:
    root: Path
    dsn: str = ""
    outputs: list[str] = field(default_factory=list)

    def configure(self, backend: str, state_path: str = ".revops/state/dev.json") -> None:
        (self.root / "revops.yaml").write_text(revops_yaml(backend, state_path))

    def pipelines(self, *keys: str) -> None:
        for key in keys:
            (self.root / "definitions" / f"{key}.yaml").write_text(pipeline(key))

    def revops(self, *args: str) -> Result:
        env = {"FAKE_TOKEN": CANARY, "NO_COLOR": "1", DSN_VAR: self.dsn or None}
        result = CliRunner().invoke(cli, ["-C", str(self.root), *args], env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.output
        self.outputs.append(result.output)
        return result

    def backend(self) -> LocalBackend | PostgresBackend:
        if self.dsn:
            return PostgresBackend(self.dsn, "dev", recovery_dir=self.root / ".revops/state")
        return LocalBackend(self.root / ".revops/state/dev.json")


def _dsn() -> str:
    server = shared_server()
    if server is None:
        if os.environ.get("REVOPS_REQUIRE_POSTGRES"):
            pytest.fail(SKIP_REASON)
        pytest.skip(SKIP_REASON)
    return server.new_database()


@pytest.fixture(params=["local", "postgres"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    made = Project(root, dsn=_dsn() if request.param == "postgres" else "")
    made.configure(request.param)
    return made


def test_apply_records_history_and_pull_push_round_trip(project: Project) -> None:
    project.pipelines("alpha", "beta")
    saved = project.root / "plan.json"
    assert project.revops("plan", "--out", str(saved)).exit_code == 0
    applied = project.revops("apply", "--auto-approve", str(saved))
    assert applied.exit_code == 0, applied.output
    history = project.revops("state", "history", "--json")
    assert history.exit_code == 0, history.output
    (row,) = [json.loads(line) for line in history.output.splitlines()]
    # The history names the plan by the digest its saved file carries.
    assert row["operation"] == "apply"
    assert row["plan_digest"] == json.loads(saved.read_text())["digest"]
    assert "2 applied" in row["summary"] and "@" in row["who"]

    pulled = project.revops("state", "pull")
    assert pulled.exit_code == 0
    state = State.from_json(pulled.output)
    assert sorted(state.resources) == ["fake/pipeline/alpha", "fake/pipeline/beta"]
    saved = project.root / "pulled.json"
    saved.write_text(pulled.output)

    pushed = project.revops("state", "push", str(saved))
    assert pushed.exit_code == 0, pushed.output
    after = project.backend().read()
    assert after is not None and after.serial == state.serial + 1
    assert after.resources == state.resources
    assert project.revops("plan", "--detailed-exitcode").exit_code == 0

    # An older serial is a roll-back: refused without --force.
    older = project.revops("state", "push", str(saved))
    assert older.exit_code == 1 and "--force" in older.output
    foreign = State.new(environment="dev").next_serial()
    other = project.root / "other.json"
    other.write_text(foreign.to_json())
    refused = project.revops("state", "push", str(other))
    assert refused.exit_code == 1 and "lineage" in refused.output
    bad = project.root / "bad.json"
    bad.write_bytes(b"\xff\xfe not a state")
    assert "not UTF-8" in project.revops("state", "push", str(bad)).output
    assert CANARY not in "".join(project.outputs)


def test_a_held_lock_names_its_holder_and_force_unlock_breaks_it(project: Project) -> None:
    project.pipelines("alpha")
    holder = project.backend()
    info = holder.acquire_lock("apply")
    blocked = project.revops("apply", "--auto-approve")
    assert blocked.exit_code == 1
    assert info.id in blocked.output and info.holder in blocked.output
    assert f"force-unlock {info.id}" in blocked.output
    assert project.revops("state", "force-unlock", "not-the-id").exit_code == 1
    broken = project.revops("state", "force-unlock", info.id)
    assert broken.exit_code == 0 and info.id in broken.output
    assert project.revops("apply", "--auto-approve").exit_code == 0
    holder.close()


def test_concurrent_cli_applies_one_at_a_time_nothing_lost(project: Project) -> None:
    """Eight applies as separate processes with --lock-timeout: each waits its turn (or
    fails naming the holder), and the objects all of them wanted are in state once."""
    project.pipelines(*(f"p{i}" for i in range(8)))
    env = {**os.environ, "FAKE_TOKEN": CANARY, "NO_COLOR": "1"}
    if project.dsn:
        env[DSN_VAR] = project.dsn
    command = ["-m", "revops_as_code", "-C", str(project.root), "apply", "--auto-approve"]
    procs = [
        subprocess.Popen(
            [os.sys.executable, *command, "--lock-timeout", "60"],  # type: ignore[attr-defined]
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0] * 8, outputs
    assert all("Traceback" not in out for out in outputs)
    state = project.backend().read()
    assert state is not None
    assert sorted(state.resources) == sorted(f"fake/pipeline/p{i}" for i in range(8))
    assert project.revops("plan", "--detailed-exitcode").exit_code == 0


def test_migrate_moves_local_state_into_postgres(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    project = Project(root)
    project.configure("local")
    project.pipelines("alpha", "beta")
    assert project.revops("apply", "--auto-approve").exit_code == 0
    local = LocalBackend(root / ".revops/state/dev.json").read()
    assert local is not None

    project.dsn = _dsn()
    project.configure("postgres")
    assert "state is already" not in project.revops("state", "migrate").output
    moved = PostgresBackend(project.dsn, "dev").read()
    assert moved == local
    assert not (root / ".revops/state/dev.json").exists()
    assert (root / ".revops/state/dev.json.migrated").exists()
    assert project.revops("plan", "--detailed-exitcode").exit_code == 0
    history = project.revops("state", "history")
    assert "state migrate" in history.output
    again = project.revops("state", "migrate")
    assert again.exit_code == 1 and "no local state" in again.output


def test_migrate_on_a_local_environment_says_what_to_configure(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    project = Project(root)
    project.configure("local")
    result = project.revops("state", "migrate")
    assert result.exit_code == 1 and "backend: postgres" in result.output


def test_postgres_without_its_variable_names_the_variable_not_a_value(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    project = Project(root)
    project.configure("postgres")
    result = project.revops("plan")
    assert result.exit_code == 1 and f"${DSN_VAR}" in result.output


# -- a real full disk ------------------------------------------------------------------------


@contextlib.contextmanager
def tiny_disk(path: Path) -> Iterator[Path]:
    path.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root in a container that allows it)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_disk_mid_apply_exits_1_keeps_a_valid_state_and_recovers(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    project = Project(root)
    with tiny_disk(tmp_path / "disk") as disk:
        project.configure("local", state_path=str(disk / "dev.json"))
        project.pipelines("alpha")
        assert project.revops("apply", "--auto-approve").exit_code == 0
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        with contextlib.suppress(OSError):
            while True:  # fill the disk to the last byte
                os.write(fd, b"\0" * 512)
        os.close(fd)
        good = (disk / "dev.json").read_bytes()

        project.pipelines(*(f"p{i:02}" for i in range(30)))
        # Not even the lock fits: the apply stops before changing anything.
        locked_out = project.revops("apply", "--auto-approve")
        assert locked_out.exit_code == 1 and "cannot take the state lock" in locked_out.output
        assert "nothing was changed" in locked_out.output
        assert len(FakeWorld.at(root / ".revops/fake/live.json").snapshot()) == 1
        # Two pages free: the lock and some journal lines fit, then the disk is full
        # mid-apply, after live changes were made.
        os.truncate(filler, filler.stat().st_size - 8192)
        failed = project.revops("apply", "--auto-approve")
        assert failed.exit_code == 1, failed.output
        assert "no space left on device" in failed.output
        assert "revops state push" in failed.output
        assert "Apply complete" not in failed.output
        assert (disk / "dev.json").read_bytes() == good  # the file is whole and unchanged
        saved = Path(failed.output.split(" recorded in ")[1].split(" (serial")[0])
        try:
            assert saved.exists()
            blocked = project.revops("plan")
            assert blocked.exit_code == 1 and str(saved) in blocked.output
            filler.unlink()
            pushed = project.revops("state", "push", str(saved))
            assert pushed.exit_code == 0, pushed.output
            assert not saved.exists()
            # Everything made live before the disk filled is in state: the re-run only
            # creates what was never made, and then nothing is left.
            rerun = project.revops("apply", "--auto-approve")
            assert rerun.exit_code == 0, rerun.output
            assert project.revops("plan", "--detailed-exitcode").exit_code == 0
            state = LocalBackend(disk / "dev.json").read()
            assert state is not None and len(state.resources) == 31
            live = FakeWorld.at(root / ".revops/fake/live.json")
            assert len(live.snapshot()) == 31  # nothing made twice
        finally:
            saved.unlink(missing_ok=True)


def test_lost_state_is_recovered_by_natural_key_never_created_again(project: Project) -> None:
    project.pipelines("alpha", "beta", "gamma")
    assert project.revops("apply", "--auto-approve").exit_code == 0
    world = FakeWorld.at(project.root / ".revops/fake/live.json")
    world.snapshot()  # loads the file-backed world
    ids = {r: o.remote_id for r, o in world.objects.items()}
    if project.dsn:  # the team's database was lost: a new, empty one
        project.dsn = _dsn()
    else:
        for path in (project.root / ".revops/state").iterdir():
            path.unlink()
    assert project.revops("drift").exit_code == 1  # no state is never "no drift"
    plan = project.revops("plan", "--detailed-exitcode")
    assert "0 to add" in plan.output and "3 to adopt" in plan.output, plan.output
    assert project.revops("apply", "--auto-approve").exit_code == 0
    assert project.revops("plan", "--detailed-exitcode").exit_code == 0
    world = FakeWorld.at(project.root / ".revops/fake/live.json")
    world.snapshot()
    assert {r: o.remote_id for r, o in world.objects.items()} == ids  # the same objects
    state = project.backend().read()
    assert state is not None and {r: e.remote_id for r, e in state.resources_by_id().items()} == ids
