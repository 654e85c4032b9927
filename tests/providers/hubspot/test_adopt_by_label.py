"""A pipeline someone made by hand, with the label a definition gives, is adopted by its
label (HubSpot chose its id) and then addressed by its live id and its stages by theirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[3]


def run(project: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(project), "--no-color", *args])
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    return tmp_path


def test_a_hand_made_pipeline_is_adopted_by_label(project: Path) -> None:
    from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

    renewal = yaml.safe_load((project / "definitions" / "pipelines" / "renewal.yaml").read_text())
    run(project, "plan")  # seeds the portal
    stages = [
        {"label": s["label"], "displayOrder": i,
         "metadata": {"probability": str(s["probability"] / 100),
                      "isClosed": "false" if s.get("outcome", "open") == "open" else "true"}}
        for i, s in enumerate(renewal["stages"])
    ]  # fmt: skip
    config = SandboxConfig(db_path=project / ".revops" / "sandbox" / "hubspot.db")
    with httpx.Client(transport=SandboxTransport(config), base_url="https://api.hubapi.com",
                      headers={"Authorization": "Bearer by-hand"}) as client:  # fmt: skip
        made = client.post("/crm/v3/pipelines/deals", json={
            "label": renewal["label"], "displayOrder": 3, "stages": stages})  # fmt: skip
        assert made.status_code == 201, made.text
        live_id = made.json()["id"]

    plan = run(project, "plan", "--format", "json").output
    changes = json.loads(plan)
    text = json.dumps(changes)
    assert "hubspot/pipeline/deals/renewal" in text
    creates = [c for t in _changes(changes) for c in t if c.get("action") == "create"]
    assert not [c for c in creates if "pipeline/deals/renewal" in c["resource"]], creates
    run(project, "apply", "--auto-approve")
    state = json.loads((project / ".revops" / "state" / "sandbox.json").read_text())
    assert state["resources"]["hubspot/pipeline/deals/renewal"]["remote_id"] == live_id
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output


def _changes(plan: dict) -> list[list[dict]]:  # type: ignore[type-arg]
    found: list[list[dict]] = []  # type: ignore[type-arg]

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("changes"), list):
                found.append(value["changes"])
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(plan)
    return found
