"""`revops validate FILE...`: the named files, checked in the context of the whole project, so
a pre-commit hook on changed files sees references into other files resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revops_as_code.validation import validate_path

from .conftest import revops

PIPELINE = Path("definitions/pipelines/sales.yaml")
DEAL = Path("definitions/fields/deal.yaml")
SLA = Path("definitions/slas/mql_follow_up.yaml")
"""Referenced by no other file: breaking it breaks nothing else."""
DRAFT = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: expansion
label: Expansion
object: deal
stages:
  - key: scoping
    label: Scoping
    probability: 20
    forecast_category: pipeline
    exit_criteria:
      required_fields: [{field}]
  - key: won
    label: Won
    probability: 100
    forecast_category: closed
    outcome: won
  - key: lost
    label: Lost
    probability: 0
    forecast_category: omitted
    outcome: lost
"""


@pytest.fixture
def here(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    return project


def _break(path: Path) -> None:
    """Give the file an unknown key (RV110), an error located in it."""
    path.write_text(path.read_text().replace("label:", "lable:", 1))


def test_a_file_broken_by_another_says_where_it_fails(here: Path) -> None:
    # A broken deal.yaml defines no fields, so the pipeline's references fail: reported in
    # the pipeline, where they are, as the whole project's validation would.
    _break(here / DEAL)
    result = revops("validate", str(PIPELINE))
    assert result.exit_code == 1
    assert "RV201" in result.output and "RV110" not in result.output


def test_a_file_with_references_into_another_file_is_valid(here: Path) -> None:
    alone = validate_path(PIPELINE)
    assert any(d.code == "RV201" for d in alone.errors), "the file alone must not resolve"
    result = revops("validate", str(PIPELINE))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{PIPELINE}: valid (checked with the project's definitions")


def test_only_the_named_files_findings_are_reported(here: Path) -> None:
    _break(here / SLA)
    other = revops("validate", str(PIPELINE), str(DEAL))
    assert other.exit_code == 0, other.output
    assert "RV110" not in other.output
    broken = revops("validate", str(SLA), str(PIPELINE))
    assert broken.exit_code == 1
    lines = [line for line in broken.output.splitlines() if ": error " in line]
    assert lines and all(line.startswith(f"{SLA}:") for line in lines), lines
    assert broken.output.rstrip().endswith("(checked with the project's definitions: "
                                           "7 documents in 7 files).")  # fmt: skip


def test_the_whole_project_is_still_validated_without_paths(here: Path) -> None:
    _break(here / SLA)
    result = revops("validate")
    assert result.exit_code == 1
    assert f"{SLA}:" in result.output
    assert result.output.rstrip().endswith(
        "definitions: 2 errors, 0 warnings (7 documents in 7 files)."
    )


def test_a_directory_inside_the_definitions(here: Path) -> None:
    _break(here / SLA)
    assert revops("validate", "definitions/pipelines").exit_code == 0
    assert revops("validate", "definitions/slas").exit_code == 1


def test_the_project_root_means_its_definitions(here: Path) -> None:
    assert (
        revops("validate", ".").output.replace(".: ", "definitions: ", 1)
        == revops("validate").output
    )


def test_a_draft_outside_the_definitions_is_checked_with_them(here: Path) -> None:
    draft = here / "drafts" / "expansion.yaml"
    draft.parent.mkdir()
    draft.write_text(DRAFT.format(field="amount"))
    ok = revops("validate", "drafts/expansion.yaml")
    assert ok.exit_code == 0, ok.output
    draft.write_text(DRAFT.format(field="no_such_field"))
    bad = revops("validate", "drafts/expansion.yaml", "--format", "json")
    assert bad.exit_code == 1
    payload = json.loads(bad.output)
    assert payload["ok"] is False and payload["errors"] == 1
    (diagnostic,) = payload["diagnostics"]
    assert diagnostic["code"] == "RV201" and diagnostic["file"] == "drafts/expansion.yaml"


def test_json_reports_only_the_named_files(here: Path) -> None:
    _break(here / SLA)
    result = revops("validate", str(PIPELINE), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is True and payload["diagnostics"] == []
    assert payload["path"] == str(PIPELINE) and payload["files"] == 7


def test_a_missing_path_in_the_project_is_an_error(here: Path) -> None:
    result = revops("validate", "definitions/nope.yaml")
    assert result.exit_code == 1
    assert "no such file or directory: definitions/nope.yaml" in result.stderr


def test_works_from_a_sub_directory_with_relative_paths(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(here / "definitions" / "pipelines")
    result = revops("validate", "sales.yaml")
    assert result.exit_code == 0, result.output


def test_a_file_outside_any_project_is_validated_on_its_own(tmp_path: Path) -> None:
    lone = tmp_path / "lone" / "pipeline.yaml"
    lone.parent.mkdir()
    lone.write_text(DRAFT.format(field="amount"))
    result = revops("-C", str(lone.parent), "validate", str(lone))
    assert result.exit_code == 1  # nothing defines `amount` there
    assert "RV201" in result.output
