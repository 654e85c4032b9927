"""The README's commands do what it says, on a copy of the bundled project (exit codes and
the lines it quotes). The full tour, with apply, drift and import, is
tests/e2e/test_hubspot_tour.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import revops


@pytest.fixture
def here(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(bundled)  # the README runs everything from the repository root
    return bundled


def test_plan_family(here: Path) -> None:
    plan = revops("plan")
    assert plan.exit_code == 0, plan.output
    assert plan.output.rstrip().splitlines()[-1].startswith("Plan: ")
    assert revops("plan", "--detailed-exitcode").exit_code == 2
    markdown = revops("plan", "--format", "markdown")
    assert markdown.exit_code == 0 and markdown.output.lstrip().startswith("#")


def test_validate(here: Path) -> None:
    validate = revops("validate")
    assert validate.exit_code == 0, validate.output
    assert validate.output.startswith("definitions: valid (")
    payload = json.loads(revops("validate", "--format", "json").output)
    assert payload["ok"] is True and payload["path"] == "definitions"


@pytest.mark.parametrize("args", [("plan", "--env", "production"), ("--env", "production", "plan")])
def test_production_without_a_token_is_a_clear_error(here: Path, args: tuple[str, ...]) -> None:
    result = revops(*args)
    assert result.exit_code == 1
    assert "No such option" not in result.output
    assert result.stderr.startswith("Error: no HubSpot token")
    assert "HUBSPOT_TOKEN" in result.stderr or "credentials_env" in result.stderr


def test_import_with_an_unknown_kind_names_the_known_ones(here: Path) -> None:
    result = revops("import", "--kind", "propety")
    assert result.exit_code == 1
    assert "unknown resource kind 'propety' for --kind" in result.stderr
    assert "property" in result.stderr and "pipeline" in result.stderr
    assert not (here / "definitions" / "imported").exists()
