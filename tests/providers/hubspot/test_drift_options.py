"""Drift on an enumeration shows the option that changed, not the whole option lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
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


def test_drift_names_the_one_option_changed_by_hand(project: Path) -> None:
    from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

    run(project, "apply", "--auto-approve")
    config = SandboxConfig(db_path=project / ".revops" / "sandbox" / "hubspot.db")
    with httpx.Client(transport=SandboxTransport(config), base_url="https://api.hubapi.com",
                      headers={"Authorization": "Bearer by-hand"}) as client:  # fmt: skip
        prop = client.get("/crm/v3/properties/companies/icp_tier").json()
        options = prop["options"]
        assert len(options) >= 3
        first, rest = options[0], options[1:]
        edited = [{**first, "label": first["label"] + " (by hand)"}, *rest]
        response = client.patch("/crm/v3/properties/companies/icp_tier", json={"options": edited})
        assert response.status_code == 200, response.text
    drift = run(project, "drift", code=2)
    assert f"options[{first['value']}].label" in drift.output
    assert "(by hand)" in drift.output
    assert rest[-1]["label"] not in drift.output  # an unchanged option is not printed
    report = json.loads(run(project, "drift", "--format", "json", code=2).output)
    (item,) = report["items"]
    assert [a["name"] for a in item["attributes"]] == [f"options[{first['value']}].label"]
