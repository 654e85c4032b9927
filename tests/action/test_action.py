"""The composite action's shell steps, run for real against a fake GitHub API on 127.0.0.1:
the first push creates the plan comment, the next push edits the same comment, a push with
invalid definitions still says so in that comment, and the outputs follow the saved plan."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .composite import StepRun, base_env, run_action
from .fake_github import FakeGitHub, serve

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
TOKEN = "ghs_test-token-not-real"
PR = 7


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, str]:
    """A repository of the bundled project with one definitions change on a branch; returns
    it and the base commit (the pull request's base)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "workspace"
    repo.mkdir()
    shutil.copytree(ROOT / "definitions", repo / "definitions")
    shutil.copy(ROOT / "revops.yaml", repo / "revops.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    sla = repo / "definitions" / "slas" / "mqa_first_touch.yaml"
    sla.write_text(sla.read_text().replace("within: {amount: 2,", "within: {amount: 3,"))
    git(repo, "commit", "-qam", "SLA: three days")
    return repo, base


def run(checkout: Path, base: str, fake: FakeGitHub, tmp: Path) -> list[StepRun]:
    env = {**base_env(tmp), "GITHUB_API_URL": fake.url, "GITHUB_WORKSPACE": str(checkout)}
    Path(env["RUNNER_TEMP"]).mkdir(parents=True, exist_ok=True)
    Path(env["HOME"]).mkdir(parents=True, exist_ok=True)
    github = {
        "token": TOKEN,
        "action_path": str(ROOT),
        "event": {"pull_request": {"number": PR, "base": {"sha": base}}},
    }
    return run_action(
        ACTION,
        inputs={"environment": "sandbox"},
        github=github,
        env=env,
        workspace=checkout,
        skip=frozenset({"install"}),  # revops is installed in the test's venv already
    )


def by_id(runs: list[StepRun]) -> dict[str, StepRun]:
    return {r.id: r for r in runs}


def test_comment_created_then_updated_in_place(checkout: tuple[Path, str], tmp_path: Path) -> None:
    repo, base = checkout
    fake = FakeGitHub(token=TOKEN)
    fake.add(PR, "LGTM, but check the SLA", "a-reviewer")  # someone else's: never touched
    with serve(fake):
        first = by_id(run(repo, base, fake, tmp_path))
        assert first["plan"].returncode == 0, first["plan"].stderr
        assert first["comment"].returncode == 0, first["comment"].stderr
        ours = [c for c in fake.on_issue(PR) if c["user"]["login"] == "github-actions[bot]"]
        assert len(ours) == 1
        body = ours[0]["body"]
        assert body.startswith("<!-- revops-plan: sandbox -->")
        assert "### What the agreement changes" in body
        assert "SLA mqa_first_touch: within 2 → 3 business days" in body
        assert "### revops plan · `sandbox` (hubspot)" in body
        assert body.index("What the agreement changes") < body.index("### revops plan")
        assert "**Risk: " in body and len(body) <= 65_536
        assert first["comment"].outputs == {"comment_id": str(ours[0]["id"])}

        # Outputs follow the saved plan file.
        outputs = first["plan"].outputs
        saved = json.loads(Path(outputs["plan_file"]).read_text())
        assert outputs["has_changes"] == "true" and outputs["has_errors"] == "false"
        assert outputs["add"] == str(saved["summary"]["add"]) and int(outputs["add"]) > 0
        assert outputs["change"] == str(saved["summary"]["change"])
        assert outputs["destroy"] == str(saved["summary"]["destroy"])
        assert outputs["max_risk"] == saved["max_risk"] == "review"
        assert outputs["exit_code"] == "2"  # changes: a successful plan job
        assert Path(outputs["plan_file"]).with_name("plan-tree.txt").read_text().strip() == git(
            repo, "rev-parse", "HEAD^{tree}"
        )
        assert "::notice file=definitions/" in first["plan"].stdout  # annotations in the log
        assert TOKEN not in first["plan"].stdout + first["comment"].stdout

        # The next push: the same comment is edited, no new one.
        label = repo / "definitions" / "pipelines" / "renewal.yaml"
        label.write_text(label.read_text().replace("label: Churned", "label: Lost renewal"))
        git(repo, "commit", "-qam", "rename churned")
        second = by_id(run(repo, base, fake, tmp_path))
        assert second["comment"].returncode == 0, second["comment"].stderr
        assert [c["id"] for c in fake.on_issue(PR)] == [fake.comments[1001]["id"], ours[0]["id"]]
        assert "Lost renewal" in fake.comments[ours[0]["id"]]["body"]
        assert fake.comments[1001]["body"] == "LGTM, but check the SLA"
        assert [r for r in fake.requests if r[0] == "POST"] == [
            ("POST", f"/repos/acme/gtm/issues/{PR}/comments")
        ]
        assert ("PATCH", f"/repos/acme/gtm/issues/comments/{ours[0]['id']}") in fake.requests
        assert second["comment"].stdout.strip() == f"Updated comment {ours[0]['id']}"


def test_invalid_definitions_still_comment_and_fail(
    checkout: tuple[Path, str], tmp_path: Path
) -> None:
    repo, base = checkout
    path = repo / "definitions" / "pipelines" / "renewal.yaml"
    path.write_text(path.read_text().replace("kind: Pipeline", "kind: Pipelinez"))
    fake = FakeGitHub(token=TOKEN)
    with serve(fake):
        runs = run(repo, base, fake, tmp_path)
    steps = by_id(runs)
    assert steps["plan"].returncode == 0  # the failure is reported after the comment
    assert steps["plan"].outputs["has_errors"] == "true"
    assert steps["plan"].outputs["has_changes"] == "false"
    assert "::error file=definitions/pipelines/renewal.yaml,line=" in steps["plan"].stdout
    (comment,) = fake.on_issue(PR)
    assert "No plan could be made" in comment["body"] and "RV104" in comment["body"]
    assert runs[-1].returncode == 1  # the last step fails the job
    assert "no plan could be made" in runs[-1].stdout


def test_a_wrong_token_fails_the_comment_step_without_printing_it(
    checkout: tuple[Path, str], tmp_path: Path
) -> None:
    repo, base = checkout
    fake = FakeGitHub(token="another-token")
    with serve(fake):
        steps = by_id(run(repo, base, fake, tmp_path))
    assert steps["comment"].returncode != 0
    assert "401" in steps["comment"].stderr
    assert TOKEN not in steps["comment"].stdout + steps["comment"].stderr
    assert fake.on_issue(PR) == []
