"""The bundled example validates through the real pipeline and CLI, and a typo in a copy of it
is reported at its place."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from revops_as_code.cli.main import cli
from revops_as_code.models import Definitions
from revops_as_code.validation import validate_path

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_definitions_validate() -> None:
    result = validate_path(ROOT / "definitions")
    assert result.ok, "\n".join(d.format() for d in result.diagnostics)
    assert isinstance(result.definitions, Definitions)
    assert result.documents == len(result.definitions.documents) >= 5
    assert {d.kind for d in result.definitions.documents} >= {
        "FieldStandard",
        "Pipeline",
        "Lifecycle",
        "ICP",
        "HandoffSLA",
    }


def test_cli_defaults_to_the_project_definitions() -> None:
    result = CliRunner().invoke(cli, ["-C", str(ROOT), "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is True and payload["errors"] == 0


def test_a_typo_in_a_copy_is_reported_at_the_key(tmp_path: Path) -> None:
    copy = tmp_path / "definitions"
    shutil.copytree(ROOT / "definitions", copy)
    target = next(p for p in sorted(copy.rglob("*.yaml")) if "kind: Pipeline" in p.read_text())
    lines = target.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("probability:"))
    lines[index] = lines[index].replace("probability:", "probabilty:")
    target.write_text("\n".join(lines) + "\n")
    result = validate_path(copy)
    unknown = [d for d in result.diagnostics if d.code == "RV110"]
    assert [(d.location.line, d.location.col) for d in unknown] == [
        (index + 1, lines[index].index("probabilty") + 1)
    ]
    assert unknown[0].hint == "did you mean 'probability'?"
    assert result.definitions is None
