"""Apply converges when HubSpot ignores the pipeline and stage ids revops asks for.

The sandbox's `assign_ids` mode mints every pipeline and stage id itself (as HubSpot did for
clients before `stageId` joined `PipelineStageInput` in February 2026). Apply records the
ids HubSpot returned; the next plan is empty, drift is clean, and later edits address the
pipeline and its stages by HubSpot's ids.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[3]
ENV = {"REVOPS_SANDBOX_ASSIGN_IDS": "1", "HUBSPOT_TOKEN": None}


def run(project: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(project), "--no-color", *args], env=ENV)
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    return tmp_path


def test_apply_converges_when_hubspot_assigns_its_own_ids(project: Path) -> None:
    run(project, "apply", "--auto-approve")
    state = json.loads((project / ".revops" / "state" / "sandbox.json").read_text())
    entries = state["resources"]
    renewal = entries["hubspot/pipeline/deals/renewal"]
    assert renewal["remote_id"] not in (None, "renewal")  # HubSpot's id, recorded
    stages = {
        k: v for k, v in entries.items() if k.startswith("hubspot/pipeline_stage/deals/renewal/")
    }
    assert stages and all(v["remote_id"] != k.rsplit("/", 1)[1] for k, v in stages.items())

    assert "No changes." in run(project, "plan", "--detailed-exitcode").output
    run(project, "drift")

    # An edit to a stage of that pipeline goes to HubSpot's ids, and converges again.
    path = project / "definitions" / "pipelines" / "renewal.yaml"
    text = path.read_text()
    first_label = next(line for line in text.splitlines() if "label:" in line and "  " in line[:6])
    label = first_label.split("label:", 1)[1].strip()
    path.write_text(text.replace(first_label, first_label.replace(label, label + " (renamed)"), 1))
    changed = run(project, "plan", "--detailed-exitcode", code=2)
    assert "(renamed)" in changed.output and "to add" in changed.output
    assert " 0 to add" in changed.output or "0 to add" in changed.output
    run(project, "apply", "--auto-approve")
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output
    # Import sees the pipeline as the managed one, not as a new one to import.
    imported = json.loads(run(project, "import", "--format", "json").output)
    # (The seeded ticket Support Pipeline is imported: it is not the managed deal pipeline.)
    assert not [f for f in imported["files"] if "pipeline-renewal" in f], imported["files"]
