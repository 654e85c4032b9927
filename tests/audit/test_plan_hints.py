"""Every plan hint that says "measured by audit" names something `revops audit` measures.

Each capability gap the HubSpot compiler reports for the bundled definitions is matched to
the audit section and figure that measures it, on the seeded sandbox; the kickoff SLA, whose
meeting HubSpot does not time, is measured from the field its `completed_at_field` names, so it
is a "measured by audit" gap too (no HS207), and HS207 is said only when nothing times it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from revops_as_code.compile import CAPABILITY_GAP
from revops_as_code.providers.hubspot.compile import compile_definitions
from revops_as_code.validation import validate_path

from .conftest import Project

ROOT = Path(__file__).resolve().parents[2]

# gap message prefix -> (section definition, figure or table the audit reports it in)
MEASURED = [
    (r"exit criteria of stage new_business/", ("pipeline/new_business", "missing_exit_criteria")),
    (r"exit criteria of stage renewal/", ("pipeline/renewal", "missing_exit_criteria")),
    (r"max \d+ days in stage new_business/", ("pipeline/new_business", "overdue")),
    (r"max \d+ days in stage renewal/", ("pipeline/renewal", "overdue")),
    (r"forecast categories of pipeline 'new_business'", ("pipeline/new_business", "forecast")),
    (r"forecast categories of pipeline 'renewal'", ("pipeline/renewal", "forecast")),
    (r"entry criteria of lifecycle stage", ("lifecycle/buyer_journey", "missing_entry_criteria")),
    (r"lifecycle 'buyer_journey' automation", ("lifecycle/buyer_journey", "moved_backward")),
    (r"criteria of ICP tier", ("icp/northwind_icp", "computed_tiers")),
    (r"derived fact '", ("facts", "derived_facts")),
    (r"SLA 'mqa_first_touch' timing", ("sla/mqa_first_touch", "met")),
    # Before apply onboarding_kickoff_date is missing: the section says so, with the count.
    (r"SLA 'onboarding_kickoff' timing", ("sla/onboarding_kickoff", "triggered")),
    (r"value range of deals/", ("field_standard/deal", "out_of_range")),
    (r"value range of companies/", ("field_standard/company", "out_of_range")),
    (r"value range of contacts/", ("field_standard/contact", "out_of_range")),
    (r"contacts/\w+ required at", ("field_standard/contact", "required_missing")),
    (r"deals/\w+ required at", ("field_standard/deal", "required_missing")),
    (r"companies/\w+ required at", ("field_standard/company", "required_missing")),
]


def test_every_measured_by_audit_hint_is_measured(seeded: Project) -> None:
    definitions = validate_path(ROOT / "definitions").definitions
    assert definitions is not None
    diagnostics = compile_definitions(definitions).diagnostics
    gaps = [d.message for d in diagnostics if d.code == CAPABILITY_GAP]
    assert gaps
    report = json.loads(seeded.audit("--format", "json").output)
    sections = {s["definition"]: s for s in report["sections"]}
    for message in gaps:
        assert message.endswith("measured by audit"), message
        match = next((where for pattern, where in MEASURED if re.match(pattern, message)), None)
        assert match is not None, f"no audit measurement for: {message}"
        section, figure = match
        assert section in sections, message
        measured = sections[section]
        assert figure in measured["figures"] or figure in measured["tables"], message

    kickoff = [
        d for d in diagnostics if "onboarding_kickoff" in d.message and "timing" in d.message
    ]
    assert [d.code for d in kickoff] == [CAPABILITY_GAP]
    assert not [d for d in diagnostics if d.code == "HS207"]


def test_an_sla_nothing_times_is_not_said_to_be_measured(tmp_path: Path) -> None:
    # Without completed_at_field, HubSpot records no kickoff-meeting time on a deal: HS207.
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    sla = tmp_path / "definitions" / "slas" / "onboarding_kickoff.yaml"
    text = sla.read_text()
    assert "completed_at_field: onboarding_kickoff_date\n" in text
    sla.write_text(text.replace("completed_at_field: onboarding_kickoff_date\n", ""))
    definitions = validate_path(tmp_path / "definitions").definitions
    assert definitions is not None
    hs207 = [d for d in compile_definitions(definitions).diagnostics if d.code == "HS207"]
    assert len(hs207) == 1 and "onboarding_kickoff" in hs207[0].message
    assert "not measured by audit" in hs207[0].message
    assert "completed_at_field" in (hs207[0].hint or "")
