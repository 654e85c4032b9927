"""`revops import` adopts a messy portal (one another HubSpot client built) in one command.

The portal holds every type/fieldType pair HubSpot accepts, enumerations with odd values
(spaces, unicode, YAML 1.1 traps, exponent numbers, 120 options), labels over 200
characters, an enumeration without options, a property whose name is a key of the bundled
standards, a pipeline with many stages, YAML-special labels and two won stages, and ticket
pipelines (the seeded Support Pipeline and a hand-made one whose stages have only HubSpot's
`ticketState`, no probability). Import exits
0, the result validates, the next plan is empty, and every custom live object is managed or
reported; a second import adds what is new without touching the earlier files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[3]
TRAPS = ["1e3", "no", "yes", "on", "null", "~", "012", "0x1F", "12:30", "2026-01-01",
         " padded", "Delta ", "é ü 日本", "- dash", "key: value", "#hash", "100%", "'", '"']  # fmt: skip
LONG = "A label longer than HubSpot's UI shows in one line, " * 6  # > 200 characters

PAIRS = [
    ("bool", "booleancheckbox"), ("bool", "calculation_equation"),
    ("enumeration", "booleancheckbox"), ("enumeration", "checkbox"), ("enumeration", "radio"),
    ("enumeration", "select"), ("enumeration", "calculation_equation"),
    ("date", "date"), ("datetime", "date"),
    ("string", "file"), ("string", "text"), ("string", "textarea"),
    ("string", "calculation_equation"), ("string", "html"), ("string", "phonenumber"),
    ("number", "number"), ("number", "calculation_equation"),
    ("phone_number", "phonenumber"),
]  # fmt: skip


def run(project: Path, *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["-C", str(project), "--no-color", *args])
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


class Portal:
    """The sandbox's HTTP API, driven as another HubSpot client would."""

    def __init__(self, project: Path) -> None:
        from revops_as_code.providers.hubspot.sandbox import SandboxConfig, SandboxTransport

        config = SandboxConfig(db_path=project / ".revops" / "sandbox" / "hubspot.db")
        self.client = httpx.Client(
            transport=SandboxTransport(config),
            base_url="https://api.hubapi.com",
            headers={"Authorization": "Bearer another-client"},
        )

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(path, json=body)
        assert response.status_code in (200, 201), (path, response.text)
        result: dict[str, Any] = response.json()
        return result

    def prop(self, obj: str, name: str, type_: str, field_type: str, **extra: Any) -> None:
        body = {"name": name, "label": extra.pop("label", name.replace("_", " ").title()),
                "type": type_, "fieldType": field_type, "groupName": extra.pop("group", "odd_group"),
                **extra}  # fmt: skip
        if type_ == "enumeration" and "options" not in body:
            body["options"] = [{"label": "One", "value": "one", "hidden": False, "displayOrder": 0}]
        self.post(f"/crm/v3/properties/{obj}", body)


def _options(values: list[str]) -> list[dict[str, Any]]:
    return [
        {"label": v.strip() or "blank", "value": v, "hidden": False, "displayOrder": i}
        for i, v in enumerate(values)
    ]


def build_mess(portal: Portal) -> None:
    for obj in ("companies", "deals"):
        portal.post(
            f"/crm/v3/properties/{obj}/groups", {"name": "odd_group", "label": "Odd: group"}
        )
    for index, (type_, field_type) in enumerate(PAIRS):
        extra: dict[str, Any] = {}
        if field_type == "calculation_equation":
            extra["calculationFormula"] = "1"
        portal.prop("companies", f"pair_{index}_{type_}_{field_type}", type_, field_type, **extra)
    portal.prop("companies", "yaml_traps", "enumeration", "select", options=_options(TRAPS),
                label="no")  # fmt: skip
    portal.prop("companies", "many_options", "enumeration", "checkbox",
                options=_options([f"Option {n}" for n in range(120)]))  # fmt: skip
    portal.prop("companies", "long_label", "string", "text", label=LONG,
                description="Its label is " + str(len(LONG)) + " characters long.")  # fmt: skip
    portal.prop("companies", "no_options", "enumeration", "select", options=[])
    # Another client's display orders: numbered in tens, and -1 ("after the numbered ones").
    portal.prop("companies", "tens", "enumeration", "select", options=[
        {"label": "Ten", "value": "ten", "displayOrder": 10, "hidden": False},
        {"label": "Last", "value": "last", "displayOrder": -1, "hidden": False},
        {"label": "Twenty", "value": "twenty", "displayOrder": 20, "hidden": False},
    ])  # fmt: skip
    # The bundled company standard has a field keyed `employee_count` (HubSpot's
    # numberofemployees): a custom property of that name needs another key.
    portal.prop("companies", "employee_count", "number", "number", label="Employees (old)")
    stages = [
        {"label": f"Step {n}: review", "displayOrder": n, "metadata": {"probability": "0.1",
         "isClosed": "false"}} for n in range(12)
    ]  # fmt: skip
    stages += [
        {"label": "Won: signed", "displayOrder": 20,
         "metadata": {"probability": "1.0", "isClosed": "true"}},
        {"label": "Won: paid", "displayOrder": 21,
         "metadata": {"probability": "1.0", "isClosed": "true"}},
        {"label": "Lost", "displayOrder": 22, "metadata": {"probability": "0.0", "isClosed": "true"}},
    ]  # fmt: skip
    portal.post("/crm/v3/pipelines/deals", {"label": "yes: [partners]", "displayOrder": 5,
                                            "stages": stages})  # fmt: skip
    # A ticket pipeline: stages carry `ticketState` only (HubSpot's ticket metadata).
    tickets = [
        {"label": "Triage: new", "displayOrder": 0, "metadata": {"ticketState": "OPEN"}},
        {"label": "no", "displayOrder": 1, "metadata": {"ticketState": "OPEN"}},
        {"label": "Closed: resolved", "displayOrder": 2, "metadata": {"ticketState": "CLOSED"}},
    ]
    portal.post("/crm/v3/pipelines/tickets", {"label": "Escalations", "displayOrder": 1,
                                              "stages": tickets})  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    return tmp_path


def test_a_messy_portal_imports_in_one_command(project: Path) -> None:
    run(project, "apply", "--auto-approve")  # seeds the sandbox portal; the bundled project live
    portal = Portal(project)
    build_mess(portal)

    report = json.loads(run(project, "import", "--format", "json").output)
    assert report["rejected_files"] == []
    adopted = set(report["adopted"])
    for index, (type_, field_type) in enumerate(PAIRS):
        assert f"hubspot/property/companies/pair_{index}_{type_}_{field_type}" in adopted
    for name in ("yaml_traps", "many_options", "long_label", "no_options", "employee_count"):
        assert f"hubspot/property/companies/{name}" in adopted, name
    # Every live object import did not take is listed with a reason and what to do.
    for skipped in report["skipped"]:
        assert skipped["reason"] and skipped["action"], skipped
    assert report["counts"]["skipped"] == len(report["skipped"])
    skipped = {s["id"]: s["reason"] for s in report["skipped"]}
    assert "hubspot/property_group/companies/odd_group" not in skipped
    # The deals group holds no property: reported, with what to do.
    assert "no imported property" in skipped["hubspot/property_group/deals/odd_group"]
    # Ticket pipelines are imported with their stages: the seeded Support Pipeline (id 0)
    # and the hand-made one (HubSpot-numbered), none skipped.
    assert not [k for k in skipped if "/tickets/" in k and "pipeline" in k]
    ticket_ids = {a for a in adopted if a.startswith("hubspot/pipeline/tickets/")}
    assert "hubspot/pipeline/tickets/0" in ticket_ids and len(ticket_ids) == 2, ticket_ids
    ticket_stages = [a for a in adopted if a.startswith("hubspot/pipeline_stage/tickets/")]
    assert len(ticket_stages) == 4 + 3, ticket_stages

    run(project, "validate")
    plan = run(project, "plan", "--detailed-exitcode")
    assert "No changes." in plan.output

    text = "\n".join(p.read_text() for p in (project / "definitions" / "imported").rglob("*.yaml"))
    assert "hubspot: employee_count" in text  # the live name, under a key of its own
    assert "hubspot: enumeration/radio" in text
    # Exact (the trailing space kept) and quoted (so the loader reads strings back).
    assert "hubspot: 'Delta '" in text and 'hubspot: "1e3"' in text
    # Calculated properties keep their formula; display orders keep HubSpot's numbers.
    assert text.count("formulas:") == sum(1 for _, f in PAIRS if f == "calculation_equation")
    assert "order: 10" in text and "order: 20" in text and "order: -1" in text
    pipelines = {
        p.name: p.read_text()
        for p in (project / "definitions" / "imported").rglob("pipeline-*.yaml")
    }
    pipeline = next(t for t in pipelines.values() if "key: step_0_review" in t)
    assert "key: won_signed" in pipeline
    support = next(t for t in pipelines.values() if "label: Support Pipeline" in t)
    assert "object: ticket" in support and "protect: true" in support  # the default one
    escalations = next(t for t in pipelines.values() if "label: Escalations" in t)
    assert "protect" not in escalations
    assert "object: ticket" in escalations and "outcome: closed" in escalations
    assert "probability" not in escalations and "forecast_category" not in escalations
    assert "label: 'no'" in escalations  # a YAML 1.1 trap, quoted

    # A second import after one new live property: a new file, the earlier ones untouched.
    before = {p: p.read_bytes() for p in (project / "definitions").rglob("*.yaml")}
    portal.prop("companies", "added_later", "string", "text")
    second = json.loads(run(project, "import", "--format", "json").output)
    assert second["adopted"] == ["hubspot/property/companies/added_later"]
    assert {p: p.read_bytes() for p in before} == before
    (new_file,) = [Path(p) for p in second["files"]]
    assert new_file not in before and "added_later" in new_file.read_text()
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output

    # A formula edited in the imported YAML is a change the plan shows, then applies.
    (calc_file,) = [p for p in (project / "definitions" / "imported").rglob("*.yaml")
                    if "formulas:" in p.read_text()][:1]  # fmt: skip
    calc_file.write_text(calc_file.read_text().replace('hubspot: "1"', 'hubspot: "2"', 1))
    changed = run(project, "plan", "--detailed-exitcode", code=2).output
    assert "calculation_formula" in changed and "'1' → '2'" in changed.replace('"', "'")
    run(project, "apply", "--auto-approve")
    assert "No changes." in run(project, "plan", "--detailed-exitcode").output
