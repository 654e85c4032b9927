"""Shared helpers for the CLI contract tests: a fresh `revops init` project and a runner."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.init_cmd import init_project
from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
"""The repository: its revops.yaml and definitions/ are the README's bundled project."""

CLEAN_ENV: dict[str, str | None] = {
    "HUBSPOT_TOKEN": None,
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TERM": None,
}
"""Unset for every run, so the developer's shell cannot change an outcome."""


def revops(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run the CLI in-process as a user would (standalone mode, so exit codes are real)."""
    return CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **(env or {})}, prog_name="revops")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project as `revops init` writes it (the sandbox is its default environment)."""
    root = tmp_path / "project"
    init_project(root)
    return root


@pytest.fixture(scope="module")
def planned_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An init project whose sandbox is already seeded (one slow first plan per module)."""
    root = tmp_path_factory.mktemp("planned") / "project"
    init_project(root)
    result = revops("-C", str(root), "plan")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's bundled project (the README tour's)."""
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree")
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(ROOT / "definitions", root / "definitions")
    shutil.copy(ROOT / "revops.yaml", root / "revops.yaml")
    return root
