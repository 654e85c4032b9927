"""`revops diff [BASE] [HEAD]` on a real git repository of the bundled definitions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, revops

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(ROOT / "definitions", root / "definitions")
    shutil.copy(ROOT / "revops.yaml", root / "revops.yaml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    git(root, "checkout", "-qb", "change-sla")
    defs = root / "definitions"
    edit(defs / "slas" / "mqa_first_touch.yaml", "within: {amount: 2,", "within: {amount: 3,")
    edit(
        defs / "icp.yaml",
        "{field: employee_count, op: gte, value: 500}",
        "{field: employee_count, op: gte, value: 1000}",
    )
    git(root, "commit", "-qam", "sla and icp")
    return root


def test_between_two_commits(repo: Path) -> None:
    result = revops("-C", str(repo), "diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert "SLA mqa_first_touch: within 2 → 3 business days" in result.stdout
    assert (
        "ICP northwind_icp: tier tier_1 › criteria employee_count ≥ 500 → ≥ 1,000" in result.stdout
    )
    assert "(2 change(s))" in result.stdout


def test_defaults_to_merge_base_and_work_tree(repo: Path) -> None:
    defs = repo / "definitions"
    text = (defs / "pipelines" / "new_business.yaml").read_text()
    start = text.index("  - key: demo")
    (defs / "pipelines" / "new_business.yaml").write_text(
        text[:start] + text[text.index("  - key: evaluation") :]
    )
    result = revops("-C", str(repo), "diff", "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    assert "and the work tree" in result.stdout
    assert "pipeline new_business: stage demo removed" in result.stdout
    assert "SLA mqa_first_touch: within 2 → 3 business days" in result.stdout  # since main


def test_markdown_and_json(repo: Path) -> None:
    md = revops("-C", str(repo), "diff", "main", "HEAD", "--format", "markdown")
    assert md.stdout.startswith("### What the agreement changes")
    assert "- **`main:definitions/slas/mqa_first_touch.yaml`**" not in md.stdout
    assert "  - SLA mqa_first_touch: within 2 → 3 business days" in md.stdout
    data = json.loads(revops("-C", str(repo), "diff", "main", "HEAD", "--format", "json").stdout)
    assert data["has_changes"] is True
    sla = next(c for c in data["changes"] if c["document"] == "SLA mqa_first_touch")
    assert sla["before"] == {"amount": 2, "unit": "business_days"}
    assert sla["file"] == "HEAD:definitions/slas/mqa_first_touch.yaml"


def test_no_changes(repo: Path) -> None:
    result = revops("-C", str(repo), "diff", "HEAD", "HEAD")
    assert result.exit_code == 0
    assert "No changes to the definitions between HEAD and HEAD." in result.stdout


def test_errors_say_what_to_do(repo: Path, tmp_path: Path) -> None:
    unknown = revops("-C", str(repo), "diff", "nope", "HEAD")
    assert unknown.exit_code == 1
    assert "unknown revision 'nope'" in unknown.stderr and "fetch-depth: 0" in unknown.stderr
    plain = tmp_path / "plain"
    shutil.copytree(ROOT / "definitions", plain / "definitions")
    shutil.copy(ROOT / "revops.yaml", plain / "revops.yaml")
    outside = revops("-C", str(plain), "diff")
    assert outside.exit_code == 1
    assert "not inside a git repository" in outside.stderr
    assert "Traceback" not in unknown.output + outside.output


def test_only_one_definition(repo: Path) -> None:
    result = revops(
        "-C", str(repo), "diff", "main", "HEAD", "--only", "handoff_sla/mqa_first_touch"
    )
    assert "SLA mqa_first_touch" in result.stdout and "ICP" not in result.stdout
    icp = revops("-C", str(repo), "diff", "main", "HEAD", "--only", "icp", "--format", "json")
    assert [c["address"] for c in json.loads(icp.stdout)["changes"]] == [
        "icp/northwind_icp/tier/tier_1"
    ]
