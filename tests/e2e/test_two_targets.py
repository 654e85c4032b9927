"""Two HubSpot portals in one environment, end to end through the CLI (engine v2).

The environment of the issue: targets `marketing` and `sales`, each a sandbox with its own
database; one plan names both, one apply converges both, the next plan is empty, drift
watches both, and import adopts what neither definitions nor state describe yet.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

REVOPS_YAML = """\
definitions: definitions/
default_environment: two-portals
environments:
  two-portals:
    targets:
      marketing: {provider: hubspot, settings: {sandbox: true}}
      sales:     {provider: hubspot, settings: {sandbox: true}}
    state: {backend: local, path: .revops/state/two-portals.json}
"""


def revops(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "revops_as_code", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(project)},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-portals")
    shutil.copytree(ROOT / "definitions", root / "definitions")
    (root / "revops.yaml").write_text(REVOPS_YAML, encoding="utf-8")
    return root


def test_plan_apply_plan_drift_import_across_two_portals(project: Path) -> None:
    plan = revops(project, "plan", "--out", "plan.json")
    assert plan.returncode == 0, plan.stderr
    assert "Target marketing (hubspot)" in plan.stdout
    assert "Target sales (hubspot)" in plan.stdout
    data = json.loads((project / "plan.json").read_text())
    assert data["targets"] == {"marketing": "hubspot", "sales": "hubspot"}
    targets = {c["target"] for c in data["changes"]}
    assert targets == {"marketing", "sales"}
    # Each target has its own sandbox database: the two portals never share objects.
    assert (project / ".revops/sandbox/two-portals-marketing.db").is_file()
    assert (project / ".revops/sandbox/two-portals-sales.db").is_file()
    per_target = {t: [c for c in data["changes"] if c["target"] == t] for t in targets}
    assert len(per_target["marketing"]) == len(per_target["sales"]) > 0

    applied = revops(project, "apply", "plan.json", "--auto-approve")
    assert applied.returncode == 0, applied.stderr + applied.stdout
    state = json.loads((project / ".revops/state/two-portals.json").read_text())
    assert state["targets"] == {"marketing": "hubspot", "sales": "hubspot"}
    assert {k.split("/", 1)[0] for k in state["resources"]} == {"marketing", "sales"}
    described = {c["resource"] for c in data["changes"] if c["action"] != "delete"}
    described |= {a["resource"] for a in data["adoptions"]}
    assert described <= set(state["resources"])  # total ownership, both targets

    again = revops(project, "plan", "--detailed-exitcode")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes." in again.stdout

    drift = revops(project, "drift")
    assert drift.returncode == 0, drift.stdout + drift.stderr
    assert f"{len(state['resources'])} managed object(s)" in drift.stdout

    imported = revops(project, "import")
    assert imported.returncode == 0, imported.stderr
    assert (project / "definitions/imported/two-portals/marketing").is_dir()
    after = revops(project, "plan", "--detailed-exitcode")
    assert after.returncode == 0, after.stdout + after.stderr
    final = json.loads((project / ".revops/state/two-portals.json").read_text())
    assert {k.split("/", 1)[0] for k in final["resources"]} == {"marketing", "sales"}


def test_drift_without_state_exits_1_and_says_what_to_do(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    (tmp_path / "revops.yaml").write_text(REVOPS_YAML, encoding="utf-8")
    result = revops(tmp_path, "drift")
    assert result.returncode == 1
    assert "no state" in result.stderr and "revops import" in result.stderr
    assert "Traceback" not in result.stderr


def test_global_options_before_or_after_the_command_behave_the_same(project: Path) -> None:
    before = revops(project, "--env", "two-portals", "plan", "--detailed-exitcode")
    after = revops(project, "plan", "--env", "two-portals", "--detailed-exitcode")
    assert before.returncode == after.returncode
    assert before.stdout == after.stdout
