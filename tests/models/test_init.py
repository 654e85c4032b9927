"""`revops init`: a project that validates, editor schema lines that resolve, no overwrites."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from revops_as_code.cli.main import cli
from revops_as_code.config import load_project
from revops_as_code.validation import validate_path


def test_init_creates_a_project_that_validates(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "gtm")])
    assert result.exit_code == 0, result.output
    root = tmp_path / "gtm"
    validation = validate_path(root / "definitions")
    assert validation.ok and validation.diagnostics == [], [
        d.format() for d in validation.diagnostics
    ]
    assert validation.definitions is not None
    kinds = {d.kind for d in validation.definitions.documents}
    assert kinds == {"FieldStandard", "Pipeline", "Lifecycle", "ICP", "HandoffSLA"}
    project = load_project(root)
    env = project.environment()
    assert env.name == "sandbox" and env.target_providers == {"hubspot": "hubspot"}
    assert env.config.settings == {"sandbox": True}
    assert project.definitions_dir == root / "definitions"


def test_every_definition_names_a_schema_that_exists(tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["init", str(tmp_path)])
    files = sorted((tmp_path / "definitions").rglob("*.yaml"))
    assert len(files) == 7
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), schema
        kind = next(line for line in path.read_text().splitlines() if line.startswith("kind:"))
        assert json.loads(schema.read_text())["title"].startswith(f"revops {kind.split()[1]} ")


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "definitions").mkdir()
    (tmp_path / "definitions" / "icp.yaml").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "refusing to overwrite" in result.output and "icp.yaml" in result.output
    assert (tmp_path / "definitions" / "icp.yaml").read_text() == "mine\n"
    assert not (tmp_path / "revops.yaml").exists()


def test_second_init_fails(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 0
    before = (tmp_path / "revops.yaml").read_text()
    assert runner.invoke(cli, ["init", str(tmp_path)]).exit_code == 1
    assert (tmp_path / "revops.yaml").read_text() == before
