"""The README's promises: two one-line commands first, and the plan summary the tour quotes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _first_shell_block() -> list[str]:
    match = re.search(r"```sh\n(.*?)```", README, re.S)
    assert match, "the README has no fenced shell block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_the_first_block_holds_exactly_two_one_line_commands() -> None:
    install_and_plan, install_and_test = _first_shell_block()
    assert install_and_plan.startswith("python3 -m venv .venv && ")
    assert install_and_plan.endswith("revops plan")
    assert "pip install" in install_and_plan and "credentials" not in install_and_plan
    assert install_and_test.startswith("python3 -m venv .venv && ")
    assert "-e '.[dev]'" in install_and_test and "pytest" in install_and_test


def test_the_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_tests = _first_shell_block()[1].split(" && ")[-1]
    assert run_tests in ci


def test_the_plan_summary_the_tour_quotes_is_what_plan_prints(tmp_path: Path) -> None:
    quoted = re.search(
        r'"(Plan: \d+ to add, \d+ to change, \d+ to destroy(?:, \d+ to adopt)?\.)"', README
    )
    assert quoted, "the tour quotes no plan summary"
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "--no-color", "plan"])
    if result.exit_code != 0:
        pytest.fail(result.output)
    assert quoted.group(1) in result.output
