"""`revops audit` with a ticket pipeline defined: its stages have no probability, so its
section has no forecast table (it says the pipeline is not forecast) while a deal pipeline's
keeps one; the stage figures are still measured."""

from __future__ import annotations

import json

from .conftest import Project

SUPPORT = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: support
label: Support Pipeline
description: Customer tickets.
object: ticket
api_ids: {hubspot: "0"}
stages:
  - {key: new, label: New, api_ids: {hubspot: "1"}}
  - {key: waiting_on_contact, label: Waiting on contact, api_ids: {hubspot: "2"}}
  - {key: waiting_on_us, label: Waiting on us, api_ids: {hubspot: "3"}}
  - {key: closed, label: Closed, outcome: closed, api_ids: {hubspot: "4"}}
"""


def test_a_ticket_pipeline_section_has_no_forecast(fresh: Project) -> None:
    (fresh.path / "definitions" / "pipelines" / "support.yaml").write_text(SUPPORT)
    fresh.run("validate", code=0)
    report = json.loads(fresh.audit("--format", "json").output)
    by = {s["definition"]: s for s in report["sections"]}
    support = by["pipeline/support"]
    assert "forecast" not in support["tables"]
    assert any("not forecast" in note for note in support["notes"]), support["notes"]
    assert [row["stage"] for row in support["tables"]["stages"]] == [
        "new",
        "waiting_on_contact",
        "waiting_on_us",
        "closed",
    ]
    assert "forecast" in by["pipeline/new_business"]["tables"]
