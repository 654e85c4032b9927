"""Exit codes CI can trust: 1 for every error (usage errors included), 2 only for changes or
drift where the command says so, 0 otherwise; 130 when interrupted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from revops_as_code.cli import main as main_module

from .conftest import revops

USAGE_ERRORS = [
    ("plan", "--bogus"),
    ("plan", "--detailed-exitcode", "--bogus"),
    ("plan", "--bogus", "--detailed-exitcode"),
    ("drift", "--nope"),
    ("plan", "--format", "xml"),  # bad choice
    ("state", "show"),  # missing argument
    ("state", "rm"),  # missing argument (nargs=-1, required)
    ("no-such-command",),
    ("state", "no-such-sub-command"),
    ("plan", "--out"),  # option without its value
    ("--env",),
    ("sandbox", "serve", "--port", "99999"),  # out of range
    (),  # no command at all
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a) or "nothing")
def test_usage_errors_exit_1_with_clicks_message(args: tuple[str, ...], tmp_path: Path) -> None:
    result = revops("-C", str(tmp_path), *args)
    assert result.exit_code == 1, result.output
    assert "Error: " in result.stderr  # click's message (with the usage line when it has one)
    assert "Traceback" not in result.output


def test_the_message_names_the_problem() -> None:
    result = revops("plan", "--bogus")
    assert "No such option '--bogus'" in result.stderr
    assert "Usage: revops plan [OPTIONS]" in result.stderr
    assert "Try 'revops plan --help' for help." in result.stderr


def test_help_and_version_exit_0() -> None:
    assert revops("--help").exit_code == 0
    assert revops("plan", "--help").exit_code == 0
    version = revops("--version")
    assert version.exit_code == 0 and "revops" in version.output


def test_the_console_script_exits_1_on_a_usage_error(tmp_path: Path) -> None:
    # The real entry point, in a real process: no CliRunner in between.
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    for args in (
        ["plan", "--bogus"],
        ["plan", "--detailed-exitcode", "--bogus"],
        ["drift", "--nope"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "revops_as_code", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 1, (args, done.stderr)
        assert "No such option" in done.stderr and "Traceback" not in done.stderr


def test_changes_are_2_only_with_detailed_exitcode(planned_project: Path) -> None:
    assert revops("-C", str(planned_project), "plan").exit_code == 0
    assert revops("-C", str(planned_project), "plan", "--detailed-exitcode").exit_code == 2


def test_a_revops_error_is_1(tmp_path: Path) -> None:
    result = revops("-C", str(tmp_path), "plan", "--detailed-exitcode")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no revops.yaml")


def test_unknown_environment_is_1_not_no_such_option(project: Path) -> None:
    result = revops("-C", str(project), "plan", "--env", "production")
    assert result.exit_code == 1
    assert "unknown environment 'production'" in result.stderr
    assert "No such option" not in result.output


def test_an_interrupt_is_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(main_module, "hoist_global_options", interrupted)
    result = revops("plan")
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted."


def test_an_interrupt_inside_a_command_is_130(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revops_as_code.cli import validate_cmd

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(validate_cmd, "run", interrupted)
    result = revops("-C", str(project), "validate")
    assert result.exit_code == 130
