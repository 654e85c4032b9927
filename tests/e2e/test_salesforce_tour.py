"""The Salesforce tour (`--env enterprise`), end to end through the CLI, on a copy of the
bundled project against the seeded Salesforce sandbox.

plan (custom fields, stage values, validation rules with their formulas) -> apply -> plan
"No changes." -> apply again (a no-op) -> a deal moved past a stage without its exit criteria
is refused with the rule's message -> an out-of-band edit through `revops sandbox serve`'s
REST API (a real HTTP server on 127.0.0.1) -> drift (2, naming the field, who and when) ->
apply refuses the drift (1) -> apply --overwrite-drift -> import -> plan empty.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
ENV = "enterprise"
API = "/services/data/v63.0"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    return tmp_path


def run(project: Path, *args: str, code: int) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(project), "--no-color", *args, "--env", ENV])
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


class Served:
    """`revops sandbox serve --env enterprise --target crm --port 0` in a child process."""

    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "revops_as_code", "-C", str(project), "--no-color",
             "sandbox", "serve", "--env", ENV, "--target", "crm", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        assert self.process.stdout is not None
        lines = []
        for line in self.process.stdout:
            lines.append(line)
            if "base URL:" in line:
                self.base = line.split("base URL:", 1)[1].split()[0]
                break
        else:
            raise AssertionError("".join(lines))
        assert self.base.startswith("http://127.0.0.1:"), self.base

    def client(self) -> httpx.Client:
        token = httpx.post(
            f"{self.base}/services/oauth2/token",
            data={"grant_type": "client_credentials", "client_id": "tour", "client_secret": "x"},
        ).json()["access_token"]
        return httpx.Client(
            base_url=self.base + API, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def served(project: Path) -> Iterator[Served]:
    server = Served(project)
    try:
        yield server
    finally:
        server.stop()


def query(client: httpx.Client, soql: str, *, tooling: bool = False) -> list[dict[str, object]]:
    response = client.get(("/tooling" if tooling else "") + "/query", params={"q": soql})
    assert response.status_code == 200, response.text
    records: list[dict[str, object]] = response.json()["records"]
    return records


def test_the_salesforce_tour(project: Path) -> None:
    first = run(project, "plan", code=0)
    out = first.output
    assert "Target crm (salesforce)" in out and " to add, " in out
    # Custom fields, stage values, sales processes and validation rules with their formulas.
    for expected in ("crm custom field Opportunity.Forecast_Probability__c",
                     "crm value set OpportunityStage", "values[Evaluation]",
                     "crm business process", "crm record type Opportunity.New_Business",
                     "crm validation rule Opportunity.New_Business_Discovery_Exit",
                     'formula: "AND(RecordType.DeveloperName = \\"New_Business\\"',
                     "To move a deal past Discovery",
                     "opportunities are in stage",
                     "not enforced in Salesforce; measured by audit"):  # fmt: skip
        assert expected in out, expected
    assert "0 to destroy" in out
    run(project, "plan", "--detailed-exitcode", code=2)

    run(project, "apply", "--auto-approve", code=0)
    assert "No changes." in run(project, "plan", "--detailed-exitcode", code=0).output
    state_file = project / ".revops" / "state" / "enterprise.json"
    before = json.loads(state_file.read_text())["resources"]
    run(project, "apply", "--auto-approve", code=0)
    assert json.loads(state_file.read_text())["resources"] == before

    server = Served(project)
    try:
        with server.client() as sf:
            # The generated rule refuses a new-business deal moved past Discovery without an
            # amount, with its message, the way Salesforce refuses the save.
            (record_type,) = query(
                sf, "SELECT Id FROM RecordType WHERE DeveloperName = 'New_Business'"
            )
            created = sf.post(
                "/sobjects/Opportunity",
                json={"Name": "Tour deal", "StageName": "Discovery", "CloseDate": "2027-03-31",
                      "RecordTypeId": record_type["Id"]},
            )  # fmt: skip
            assert created.status_code == 201, created.text
            moved = sf.patch(f"/sobjects/Opportunity/{created.json()['id']}",
                             json={"StageName": "Demo"})  # fmt: skip
            assert moved.status_code == 400, moved.text
            errors = moved.json()  # every rule that refuses the save says why
            assert {e["errorCode"] for e in errors} == {"FIELD_CUSTOM_VALIDATION_EXCEPTION"}
            assert any("To move a deal past Discovery" in e["message"] for e in errors), errors
            fixed = sf.patch(f"/sobjects/Opportunity/{created.json()['id']}",
                             json={"StageName": "Demo", "Amount": 12000})  # fmt: skip
            assert fixed.status_code == 204, fixed.text

            # An admin relabels the forecast field by hand, outside revops.
            (field,) = query(
                sf,
                "SELECT Id FROM CustomField WHERE DeveloperName = 'Forecast_Probability' "
                "AND TableEnumOrId = 'Opportunity'",
                tooling=True,
            )
            url = f"/tooling/sobjects/CustomField/{field['Id']}"
            current = sf.get(url).json()["Metadata"]
            edited = sf.patch(url, json={"Metadata": {**current, "label": "Win chance (by hand)"}})
            assert edited.status_code == 204, edited.text
    finally:
        server.stop()

    drift = run(project, "drift", code=2)
    assert "Opportunity.Forecast_Probability__c" in drift.output
    assert "Win chance (by hand)" in drift.output and "last changed" in drift.output
    run(project, "apply", "--auto-approve", code=1)
    run(project, "apply", "--auto-approve", "--overwrite-drift", code=0)
    run(project, "drift", code=0)

    imported = run(project, "import", code=0)
    written = list((project / "definitions" / "imported" / ENV).rglob("*.yaml"))
    assert written, imported.output
    final = run(project, "plan", "--detailed-exitcode", code=0)
    assert "No changes." in final.output


def test_import_on_a_fresh_org_then_plan_is_empty(project: Path) -> None:
    shutil.rmtree(project / "definitions")
    (project / "definitions").mkdir()
    run(project, "import", code=0)
    assert list((project / "definitions" / "imported" / ENV / "crm").glob("*.yaml"))
    assert list((project / "definitions" / "imported" / ENV / "map").glob("*.yaml"))
    final = run(project, "plan", "--detailed-exitcode", code=0)
    assert "No changes." in final.output


def test_audit_measures_the_target_it_is_given(project: Path) -> None:
    def audit(*args: str) -> Result:
        return CliRunner().invoke(cli, ["-C", str(project), "--no-color", "audit", *args])

    # Both targets read records: without --target audit names them rather than guessing.
    both = audit("--env", ENV)
    assert both.exit_code == 1 and "--target" in both.output and "crm, map" in both.output
    crm = audit("--env", ENV, "--target", "crm")
    assert crm.exit_code in (0, 2), (crm.output, crm.exception)
    assert "Audit of enterprise" in crm.output and "icp/northwind_icp" in crm.output
    assert "companies                                120" in crm.output  # the seeded accounts
    # Marketo's leads, measured against what the map target receives (the contact standard
    # and the lifecycle): no ICP or pipelines there.
    marketo = audit("--env", ENV, "--target", "map")
    assert marketo.exit_code in (0, 2), (marketo.output, marketo.exception)
    assert (
        "lifecycle/buyer_journey" in marketo.output
        and "records                                  120" in marketo.output
    )
    assert "icp/" not in marketo.output and "pipeline/" not in marketo.output
