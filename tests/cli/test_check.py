"""`revops check`: the consistency report across an environment's targets, through the CLI,
on two fake targets (a `crm` and a `map`) whose live worlds the tests edit out of band."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import revops

REVOPS_YAML = """\
definitions: definitions/
default_environment: both
environments:
  both:
    targets:
      crm: {provider: fake, settings: {path: .revops/fake/crm.json}}
      map: {provider: fake, settings: {path: .revops/fake/map.json, role: map}}
    state: {backend: local, path: .revops/state/both.json}
  solo:
    provider: fake
    settings: {path: .revops/fake/solo.json}
    state: {backend: local, path: .revops/state/solo.json}
"""

CONTACT = """\
apiVersion: revops.dev/v1
kind: FieldStandard
object: contact
fields:
  - key: stage
    label: Stage
    type: enum
    description: The lifecycle stage.
  - key: lead_source
    label: Lead source
    type: enum
    description: First channel.
    options:
      - {key: paid_search, label: Paid search, replaces: [paid-search]}
      - {key: webinar, label: Webinar}
  - key: seen_at
    label: Seen at
    type: datetime
    description: Last seen.
"""

LIFECYCLE = """\
apiVersion: revops.dev/v1
kind: Lifecycle
key: journey
label: Journey
object: contact
field: stage
stages:
  - {key: lead, label: Lead}
  - {key: customer, label: Customer}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "definitions").mkdir(parents=True)
    (root / "revops.yaml").write_text(REVOPS_YAML, encoding="utf-8")
    (root / "definitions" / "contact.yaml").write_text(CONTACT, encoding="utf-8")
    (root / "definitions" / "lifecycle.yaml").write_text(LIFECYCLE, encoding="utf-8")
    applied = revops("-C", str(root), "apply", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    return root


def edit_world(root: Path, target: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Change `target`'s live objects as someone in its UI would."""
    path = root / ".revops" / "fake" / f"{target}.json"
    world = json.loads(path.read_text(encoding="utf-8"))
    for rid, obj in world["objects"].items():
        if "/field_standard/" in rid or "/lifecycle/" in rid:
            change(obj["attributes"])
    path.write_text(json.dumps(world), encoding="utf-8")


def field(attrs: dict[str, Any], key: str) -> dict[str, Any]:
    return next(f for f in attrs.get("fields", []) if f["key"] == key)


def seen_at_is_a_date(attrs: dict[str, Any]) -> None:
    if "fields" in attrs:
        field(attrs, "seen_at")["type"] = "date"


def test_before_apply_there_is_nothing_to_compare(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    (root / "definitions").mkdir(parents=True)
    (root / "revops.yaml").write_text(REVOPS_YAML, encoding="utf-8")
    (root / "definitions" / "contact.yaml").write_text(CONTACT, encoding="utf-8")
    result = revops("-C", str(root), "check")
    assert result.exit_code == 0, result.output
    assert "Nothing to compare yet between crm (fake), map (fake)" in result.output


def test_systems_that_agree_exit_0(project: Path) -> None:
    result = revops("-C", str(project), "check")
    assert result.exit_code == 0, result.output
    assert "crm (fake), map (fake) agree on the 3 fields" in result.output
    assert revops("-C", str(project), "check", "--consistency").output == result.output


def test_a_mismatch_exits_2_and_names_the_definition_and_the_system(project: Path) -> None:
    edit_world(project, "map", seen_at_is_a_date)
    result = revops("-C", str(project), "check", "--consistency")
    assert result.exit_code == 2, result.output
    assert "1 disagreement between crm (fake), map (fake)" in result.output
    assert "RV611 field/contact/seen_at" in result.output
    assert "definitions/contact.yaml" in result.output
    assert "make map's seen_at a datetime field" in result.output


def test_json_lists_every_finding(project: Path) -> None:
    def plant(attrs: dict[str, Any]) -> None:
        if "fields" in attrs:
            field(attrs, "lead_source")["held_values"] = {"paid-search": 2, "Tradeshow": 1}
            attrs["fields"].append(
                {"key": "legacy_score", "label": "Legacy", "type": "number",
                 "description": "old", "synced": True}
            )  # fmt: skip
        else:
            attrs["held_values"] = {"lead": 3, "Recycled": 6}

    edit_world(project, "map", plant)
    result = revops("-C", str(project), "check", "--format", "json")
    assert result.exit_code == 2, result.output
    data = json.loads(result.output)["consistency"]
    assert data["agrees"] is False and data["compared"] == ["crm", "map"]
    assert sorted(f["code"] for f in data["findings"]) == ["RV613", "RV615", "RV616"]
    refused = next(f for f in data["findings"] if f["code"] == "RV613")
    assert "'Tradeshow' (1), 'paid-search' (2)" not in refused["message"]  # most first
    assert "'paid-search' (2), 'Tradeshow' (1)" in refused["message"]
    assert set(data["codes"]) == {"RV613", "RV615", "RV616"}


def test_plan_shows_the_report_as_a_section_without_changing_its_exit_code(project: Path) -> None:
    edit_world(project, "map", seen_at_is_a_date)
    text = revops("-C", str(project), "plan")
    assert text.exit_code == 0, text.output
    section = text.output.split("Consistency across systems", 1)
    assert len(section) == 2 and "RV611 field/contact/seen_at" in section[1]
    markdown = revops("-C", str(project), "plan", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert "### Consistency across systems" in markdown.output
    assert "RV611" not in markdown.output.split("### Consistency across systems")[0]
    as_json = revops("-C", str(project), "plan", "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    codes = [d["code"] for d in json.loads(as_json.output)["diagnostics"]]
    assert codes.count("RV611") == 1


def test_one_target_is_not_compared(project: Path) -> None:
    result = revops("-C", str(project), "--env", "solo", "check")
    assert result.exit_code == 0, result.output
    assert "Not compared: fewer than two targets" in result.output
    plan = revops("-C", str(project), "--env", "solo", "plan")
    assert "Consistency across systems" not in plan.output


def test_errors_exit_1(project: Path) -> None:
    unknown = revops("-C", str(project), "--env", "nowhere", "check")
    assert unknown.exit_code == 1
    assert "nowhere" in unknown.output
    (project / "definitions" / "contact.yaml").write_text("kind: FieldStandard\n", encoding="utf-8")
    invalid = revops("-C", str(project), "check")
    assert invalid.exit_code == 1
    assert "contact.yaml" in invalid.output


def test_plan_keeps_its_summary_last_below_the_section() -> None:
    from revops_as_code.cli.plan_cmd import _before_summary

    text = "Target a: 1 change(s)\n\nPlan: 1 to add, 0 to change, 0 to destroy."
    assert _before_summary(text, "\nConsistency across systems\n  ok").splitlines() == [
        "Target a: 1 change(s)",
        "",
        "Consistency across systems",
        "  ok",
        "",
        "Plan: 1 to add, 0 to change, 0 to destroy.",
    ]
    # Without a summary line at the end the section simply follows.
    assert _before_summary("odd", "\nS") == "odd\n\nS"
