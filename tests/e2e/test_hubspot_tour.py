"""The README tour, end to end through the CLI, on a copy of the bundled project.

Every command of the README tour runs here with the exit code the tour states: plan (0, and 2
with --detailed-exitcode) -> apply -> plan "No changes." -> apply again (a no-op) -> an
out-of-band edit through HubSpot's HTTP API -> drift (2) -> apply refuses the drift (1) ->
apply --overwrite-drift -> import -> plan empty. The edit goes through the sandbox's own
HTTP app in-process (the tour uses curl against `revops sandbox serve`: the same app).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree yet")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    return tmp_path


def run(project: Path, *args: str, code: int) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(project), "--no-color", *args])
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


def edit_by_hand(project: Path, path: str, body: dict[str, object]) -> None:
    """What the tour does with curl: PATCH through HubSpot's API, bypassing revops."""
    from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

    config = SandboxConfig(db_path=project / ".revops" / "sandbox" / "hubspot.db")
    with httpx.Client(transport=SandboxTransport(config), base_url="https://api.hubapi.com") as c:
        response = c.patch(path, json=body, headers={"Authorization": "Bearer by-hand"})
        assert response.status_code == 200, response.text


def test_the_tour(project: Path) -> None:
    first = run(project, "plan", code=0)
    assert "Plan: " in first.output and " to add, " in first.output
    for expected in ("icp_tier", "engaged_contacts_30d", "sla_first_touch_due_at", "lead_source",
                     "revops_standard", "renewal", "close_probability",
                     "not enforced in HubSpot; measured by audit"):  # fmt: skip
        assert expected in first.output, expected
    assert "0 to destroy" in first.output
    run(project, "plan", "--detailed-exitcode", code=2)

    run(project, "apply", "--auto-approve", code=0)
    again = run(project, "plan", "--detailed-exitcode", code=0)
    assert "No changes." in again.output
    state_file = project / ".revops" / "state" / "sandbox.json"
    before = json.loads(state_file.read_text())["resources"]
    run(project, "apply", "--auto-approve", code=0)
    assert json.loads(state_file.read_text())["resources"] == before

    edit_by_hand(project, "/crm/v3/properties/companies/icp_tier", {"label": "Tier (by hand)"})
    drift = run(project, "drift", code=2)
    assert "icp_tier" in drift.output and "Tier (by hand)" in drift.output
    run(project, "apply", "--auto-approve", code=1)
    run(project, "apply", "--auto-approve", "--overwrite-drift", code=0)
    run(project, "drift", code=0)

    imported = run(project, "import", code=0)
    written = list((project / "definitions" / "imported" / "sandbox").glob("*.yaml"))
    assert written, imported.output
    assert any("close_probability" in p.read_text() for p in written)
    final = run(project, "plan", "--detailed-exitcode", code=0)
    assert "No changes." in final.output


def test_import_on_a_fresh_portal_then_plan_is_empty(project: Path) -> None:
    shutil.rmtree(project / "definitions")
    (project / "definitions").mkdir()
    run(project, "import", code=0)
    assert list((project / "definitions" / "imported" / "sandbox").glob("*.yaml"))
    final = run(project, "plan", "--detailed-exitcode", code=0)
    assert "No changes." in final.output
