"""action.yml and the example workflows against SchemaStore's schemas (check-jsonschema
ships them: no network), and the pre-commit hooks' shape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / "examples" / "github").glob("*.yml"))


def check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_examples_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"revops-plan.yml", "revops-apply.yml", "revops-drift.yml", "revops-audit.yml"} <= names


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-actions", [ROOT / "action.yml"]),
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.gitlab-ci", [ROOT / "examples" / "gitlab" / ".gitlab-ci.yml"]),
    ],
    ids=["action", "workflows", "gitlab"],
)
def test_valid_against_schemastore(schema: str, files: list[Path]) -> None:
    result = check(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    steps: [{run: echo}]\n")  # no runs-on
    assert check("vendor.github-workflows", broken).returncode != 0


def test_apply_never_cancels_a_running_apply() -> None:
    apply = yaml.safe_load((ROOT / "examples" / "github" / "revops-apply.yml").read_text())
    assert apply["concurrency"]["cancel-in-progress"] is False
    script = "\n".join(s.get("run", "") for s in apply["jobs"]["apply"]["steps"])
    assert "plan-tree.txt" in script and "revops apply reviewed/plan.json" in script


def test_pre_commit_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"revops-validate", "revops-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["entry"].startswith("revops ")
        assert {"id", "name", "entry", "language", "files"} <= set(hook)
    assert hooks["revops-validate"]["entry"] == "revops validate"
    assert hooks["revops-fmt"]["entry"] == "revops fmt"
