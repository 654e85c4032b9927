"""`revops plan --format …` on the bundled project: every format prints a body, also when the
definitions are invalid; `--format github` annotates; `--min-severity` and `--verbose`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import revops


@pytest.fixture
def broken(bundled: Path, tmp_path: Path) -> Path:
    root = tmp_path / "broken"
    shutil.copytree(bundled, root, ignore=shutil.ignore_patterns(".revops"))
    path = root / "definitions" / "pipelines" / "renewal.yaml"
    path.write_text(path.read_text().replace("kind: Pipeline", "kind: Pipelinez"))
    return root


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "github"])
def test_invalid_definitions_still_print_a_body(broken: Path, fmt: str) -> None:
    result = revops(
        "-C", str(broken), "plan", "--format", fmt, env={"GITHUB_WORKSPACE": str(broken)}
    )
    assert result.exit_code == 1
    assert "1 error(s) in definitions" in result.stdout
    assert "Traceback" not in result.output
    assert "definitions/pipelines/renewal.yaml:" in result.stderr  # the usual error report
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["has_errors"] is True and data["environment"] == "sandbox"
        assert data["diagnostics"][0]["file"].endswith("definitions/pipelines/renewal.yaml")
    if fmt == "github":
        assert result.stdout.startswith("::error file=definitions/pipelines/renewal.yaml,line=")
    if fmt == "markdown":
        assert result.stdout.startswith("### revops plan · `sandbox`")


def test_github_format_min_severity_and_verbose(bundled: Path) -> None:
    github = revops(
        "-C", str(bundled), "plan", "--format", "github", env={"GITHUB_WORKSPACE": str(bundled)}
    )
    assert github.exit_code == 0, github.output
    assert "::notice file=definitions/" in github.stdout
    assert "Plan: " in github.stdout
    quiet = revops("-C", str(bundled), "plan", "--min-severity", "warning")
    assert "info RV501" not in quiet.stdout and "below warning not shown" in quiet.stdout
    text = revops("-C", str(bundled), "plan")
    assert text.stdout.count("RV501") == 1  # one line for the code
    verbose = revops("-C", str(bundled), "plan", "--verbose")
    assert verbose.stdout.count("not enforced in HubSpot; measured by audit") > 10
    assert text.stdout.index("Risk: ") < text.stdout.index("Target hubspot")


def test_a_saved_plan_renders_without_planning_again(bundled: Path, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    made = revops("-C", str(bundled), "plan", "--out", str(saved), "--format", "json")
    assert made.exit_code == 0, made.output
    md = revops("-C", str(bundled), "plan", "--saved", str(saved), "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("### revops plan · `sandbox`")
    both = revops("plan", "--saved", str(saved), "--out", str(tmp_path / "x.json"))
    assert both.exit_code == 1 and "use one of them" in both.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    bad = revops("plan", "--saved", str(junk))
    assert bad.exit_code == 1 and "is it a revops plan?" in bad.stderr
