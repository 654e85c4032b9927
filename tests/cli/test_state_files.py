"""State and plan files that are not what they should be — not UTF-8, a directory, on a
read-only file system, somewhere unwritable — end in exit 1 and a message naming the file,
never a traceback or a crash report, and the state stays valid."""

from __future__ import annotations

import contextlib
import os
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.providers.fake import FakeWorld
from revops_as_code.state import LocalBackend

PIPELINE = textwrap.dedent(
    """\
    apiVersion: revops.dev/v1
    kind: Pipeline
    key: {key}
    label: Pipeline {key}
    stages:
      - {{key: open, label: Open, probability: 10.0, forecast_category: pipeline}}
    """
)


def make_project(root: Path, state_path: str = ".revops/state/dev.json") -> Path:
    (root / "definitions").mkdir(parents=True)
    (root / "revops.yaml").write_text(
        textwrap.dedent(
            f"""\
            definitions: definitions/
            default_environment: dev
            environments:
              dev:
                provider: fake
                settings: {{path: .revops/fake/live.json}}
                state: {{backend: local, path: {state_path}}}
            """
        )
    )
    (root / "definitions/a.yaml").write_text(PIPELINE.format(key="a"))
    return root


def run(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(root), *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "crash report" not in result.output
    return result


def test_a_plan_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    bad = root / "plan.json"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = run(root, "apply", str(bad), "--auto-approve")
    assert result.exit_code == 1 and f"plan file {bad} is not UTF-8" in result.output
    assert FakeWorld.at(root / ".revops/fake/live.json").snapshot() == {}


def test_a_plan_path_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "plans").mkdir()
    assert run(root, "apply", str(root / "plans"), "--auto-approve").exit_code == 1
    out = run(root, "plan", "--out", str(root / "plans"))
    assert out.exit_code == 1 and "is a directory" in out.output


def test_a_plan_that_cannot_be_saved_is_an_error_naming_the_path(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "blocker").write_text("a file where a directory should be")
    target = root / "blocker" / "plan.json"
    result = run(root, "plan", "--out", str(target))
    assert result.exit_code == 1 and f"cannot write the plan to {target}" in result.output


def test_a_state_file_that_is_not_utf8_stops_every_command(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    assert run(root, "apply", "--auto-approve").exit_code == 0
    (root / "definitions/b.yaml").write_text(PIPELINE.format(key="b"))
    assert run(root, "apply", "--auto-approve").exit_code == 0  # the first state is the backup
    state = root / ".revops/state/dev.json"
    state.write_bytes(b"\xff" + state.read_bytes()[1:])
    for command in (["plan"], ["apply", "--auto-approve"], ["drift"], ["state", "list"]):
        result = run(root, *command)
        assert result.exit_code == 1 and "is not UTF-8" in result.output, command
        assert "dev.json.backup" in result.output  # the way back is named
    assert len(FakeWorld.at(root / ".revops/fake/live.json").snapshot()) == 2


def test_a_state_path_that_is_a_directory_stops_every_command(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / ".revops/state/dev.json").mkdir(parents=True)
    for command in (["plan"], ["apply", "--auto-approve"], ["state", "list"]):
        result = run(root, *command)
        assert result.exit_code == 1 and "is a directory" in result.output, command


@contextlib.contextmanager
def small_disk(path: Path) -> Iterator[Path]:
    path.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root in a container that allows it)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a read-only tmpfs needs root")
def test_state_on_a_read_only_file_system(tmp_path: Path) -> None:
    """Read-only for root too (EROFS): plan still reads it; apply stops before any change."""
    with small_disk(tmp_path / "ro") as disk:
        root = make_project(tmp_path / "p", state_path=str(disk / "dev.json"))
        assert run(root, "apply", "--auto-approve").exit_code == 0
        before = (disk / "dev.json").read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        (root / "definitions/b.yaml").write_text(PIPELINE.format(key="b"))
        assert run(root, "plan", "--detailed-exitcode").exit_code == 2
        result = run(root, "apply", "--auto-approve")
        assert result.exit_code == 1
        assert "read-only" in result.output and "nothing was changed" in result.output
        assert (disk / "dev.json").read_bytes() == before
        live = FakeWorld.at(root / ".revops/fake/live.json").snapshot()
        assert len(live) == 1  # b was not created behind state's back
        assert LocalBackend(disk / "dev.json").read() is not None
