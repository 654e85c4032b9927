"""Ticket pipelines end to end: defined (no probability, `outcome: open|closed`), compiled to
HubSpot's pipelines API under objectType `tickets` with `ticketState` OPEN/CLOSED stage
metadata, applied to the sandbox (strict mode on), and planned empty afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.providers.hubspot.normalize import (
    canonical_stage,
    stage_from_api,
    stage_to_api,
)

ROOT = Path(__file__).resolve().parents[3]

SUPPORT = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: escalations
label: Escalations
description: Tickets the support lead escalates to engineering.
object: ticket
stages:
  - key: triage
    label: Triage
  - key: fixing
    label: Fixing
  - key: resolved
    label: Resolved
    outcome: closed
"""


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
    (tmp_path / "definitions" / "pipelines" / "escalations.yaml").write_text(SUPPORT)
    return tmp_path


def live_stages(project: Path) -> dict[str, dict[str, str]]:
    from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

    config = SandboxConfig(db_path=project / ".revops" / "sandbox" / "hubspot.db")
    with httpx.Client(transport=SandboxTransport(config), base_url="https://api.hubapi.com",
                      headers={"Authorization": "Bearer test"}) as client:  # fmt: skip
        pipelines = client.get("/crm/v3/pipelines/tickets").json()["results"]
    pipeline = next(p for p in pipelines if p["label"] == "Escalations")
    return {s["label"]: s["metadata"] for s in pipeline["stages"]}


def test_a_ticket_pipeline_applies_with_ticket_state_and_converges(project: Path) -> None:
    plan = run(project, "plan", "--detailed-exitcode", code=2)
    assert "tickets/escalations" in plan.output
    assert (
        "probability" not in plan.output.split("tickets/escalations", 1)[1].split("new_business")[0]
    )
    run(project, "apply", "--auto-approve")
    assert live_stages(project) == {
        "Triage": {"ticketState": "OPEN"},
        "Fixing": {"ticketState": "OPEN"},
        "Resolved": {"ticketState": "CLOSED"},
    }  # no probability or isClosed sent for a ticket stage
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output

    # Reopening a stage is a planned change to HubSpot's ticket state, and converges.
    path = project / "definitions" / "pipelines" / "escalations.yaml"
    path.write_text(SUPPORT.replace("    outcome: closed\n", ""))
    changed = run(project, "plan", "--detailed-exitcode", code=2)
    assert "tickets/escalations/resolved" in changed.output
    run(project, "apply", "--auto-approve")
    assert live_stages(project)["Resolved"] == {"ticketState": "OPEN"}
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output


def test_ticket_stage_bodies_carry_ticket_state_and_read_back() -> None:
    closed = canonical_stage({"label": "Done", "display_order": 2, "is_closed": True})
    body = stage_to_api("done", closed, create=True, object_type="tickets")
    assert body["metadata"] == {"ticketState": "CLOSED"} and body["stageId"] == "done"
    back = stage_from_api("tickets", "p", {"id": "done", "label": "Done", "displayOrder": 2,
                                           "metadata": body["metadata"]})  # fmt: skip
    assert back.attributes == closed and "probability" not in closed
    deal = stage_to_api("won", {**closed, "probability": 1.0}, create=False)
    assert deal["metadata"] == {"isClosed": "true", "probability": "1.0"}
