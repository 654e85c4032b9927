"""A ticket pipeline in the handbook: its stages have no probability or forecast category,
so the page shows "—" and "Not forecast" (and "Closed" for a closed stage), and the diagram
draws no probability bar for them; deal stages still show theirs."""

from __future__ import annotations

import shutil
from pathlib import Path

from revops_as_code.handbook import Version, build_handbook

from .conftest import PROJECT

TICKETS = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: support
label: Support Queue
description: Customer tickets, first response to resolution.
object: ticket
stages:
  - key: triage
    label: Triage
    description: A new ticket waits for a first look.
  - key: solved
    label: Solved
    description: The customer confirmed the fix.
    outcome: closed
"""


def test_ticket_stages_render_without_probability(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "definitions" / "pipelines" / "support.yaml").write_text(TICKETS)
    build_handbook(project, tmp_path / "site", version=Version("c" * 40, "2026-12-01T00:00:00Z"))
    site = tmp_path / "site"
    page = (site / "pipeline-support.html").read_text()
    triage = page.split(">Triage<p", 1)[1].split("</tr>", 1)[0]
    solved = page.split(">Solved<p", 1)[1].split("</tr>", 1)[0]
    assert "<td>—</td>" in triage and "<td>Not forecast</td>" in triage and "Open" in triage
    assert "<td>—</td>" in solved and "<td>Closed</td>" in solved
    assert "— · Not forecast" in page  # the diagram's badge
    assert "bar-bg" not in page  # no probability bar for an unforecast stage
    # A deal pipeline of the same project still shows percentages and bars.
    deal = (site / "pipeline-new_business.html").read_text()
    assert "<td>10%</td>" in deal and "bar-bg" in deal
