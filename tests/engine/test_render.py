"""Renderers: golden files for text, markdown and JSON, plus the markdown size guard.

Regenerate the golden files after an intended change with
`REVOPS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/engine/test_render.py` and review
the diff like any other code change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from revops_as_code.changes import Change, Risk
from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Location
from revops_as_code.diff.state_view import StateView
from revops_as_code.plan import Plan
from revops_as_code.render import RENDERERS, render, render_json, render_markdown, render_text

from .core_factories import opt, plan_of, res, rid

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _impact(change: Change) -> str | None:
    return {"legacy": "412 deals are in stage 'Legacy'"}.get(change.resource_id.key.split("/")[-1])


def golden_plan() -> Plan:
    """One of everything: create, update (drift, member rename, removal, reorder), replace,
    delete with impact, protected delete, findings, diagnostics."""
    lead_source = rid("field", "contacts/lead_source")
    protected = rid("pipeline", "renewal")
    return plan_of(
        [
            res(
                "field",
                "companies/icp_tier",
                label="ICP tier",
                type="enumeration",
                options=[opt("tier_1", "Tier 1"), opt("tier_2", "Tier 2")],
            ),
            res(
                "field",
                "contacts/lead_source",
                label="Lead source",
                options=[opt("webinar"), opt("paid_search", "Paid search")],
            ),
            res("field", "deals/score", label="Score", type="number"),
            res(
                "stage",
                "default/demo",
                label="Demo",
                probability=30,
                depends_on=[rid("pipeline", "default")],
            ),
            res("sla", "mqa_follow_up", target_percent=90, within_hours=16),
        ],
        [
            res(
                "field",
                "contacts/lead_source",
                label="Lead Source (old)",
                options=[opt("paid_search", "PPC"), opt("webinar"), opt("ppc", "PPC")],
            ),
            res("field", "deals/score", label="Score", type="string"),
            res("stage", "default/demo", label="Demo", probability=20),
            res("stage", "default/legacy", label="Legacy – Verbal commit", probability=80),
            res("pipeline", "renewal", label="Renewal"),
            res("sla", "mqa_follow_up", target_percent=100, within_hours=16),
            res("field", "deals/not_ours", label="Someone else's"),
        ],
        state=StateView(
            lineage="8c1f7c2e",
            serial=4,
            owned=frozenset({rid("stage", "default/legacy"), protected}),
            protected=frozenset({protected}),
            last_applied={lead_source: {"label": "Lead source"}},
        ),
        definitions_hash="d3f1a2b4c5e6f708",
        impact=_impact,
        extra_diagnostics=[
            capability_gap(
                "Mem CRM",
                "exit criteria of stage 'demo'",
                location=Location("definitions/pipeline.yaml", 12, 7),
            ),
        ],
        environment="sandbox",
    )


def empty_plan() -> Plan:
    same = res("field", "a", label="A")
    return plan_of([same], [same], environment="sandbox")


CASES = {
    "plan.txt": lambda: render_text(golden_plan(), color=False),
    "plan.color.txt": lambda: render_text(golden_plan(), color=True),
    "plan.md": lambda: render_markdown(golden_plan()),
    "plan.json": lambda: render_json(golden_plan()),
    "plan_empty.txt": lambda: render_text(empty_plan()),
    "plan_empty.md": lambda: render_markdown(empty_plan()),
    "plan_empty.json": lambda: render_json(empty_plan()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    got = CASES[name]()
    path = GOLDEN / name
    if os.environ.get("REVOPS_UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_golden_plan_has_one_of_everything() -> None:
    plan = golden_plan()
    actions = {c.action.value for c in plan.changes}
    assert actions == {"create", "update", "replace", "delete"}
    assert plan.has_drift and plan.blocking_findings and plan.diagnostics
    assert any(c.impact for c in plan.changes)
    assert rid("field", "deals/not_ours") not in plan.touched_ids


def test_text_shows_attribute_level_changes_and_summary() -> None:
    text = render_text(golden_plan())
    assert '~ label: "Lead Source (old)" → "Lead source"  # drift: changed outside revops' in text
    assert "- options[ppc]:" in text and "→ (removed)" in text
    assert "-/+ mem/field/deals/score will be replaced" in text
    assert "impact: 412 deals are in stage 'Legacy'" in text
    assert text.rstrip().endswith("Plan: 2 to add, 3 to change, 3 to destroy.")
    assert "\x1b[" not in text
    assert "\x1b[" in render_text(golden_plan(), color=True)


def test_text_for_no_changes() -> None:
    assert render_text(empty_plan()).startswith("No changes.")


def test_markdown_calls_out_destructive_changes_before_details() -> None:
    md = render_markdown(golden_plan())
    assert md.index("[!CAUTION]") < md.index("<details>")
    assert md.count("<details>") == len(golden_plan().changes)
    assert "| field | 1 | 1 | 1 | 0 |" in md


def _big_plan(n: int) -> Plan:
    long = "x" * 300
    return plan_of(
        [res("field", f"f{i:05d}", label=f"L{i}", description=long) for i in range(n)],
        [res("field", f"f{i:05d}", label=f"Old {i}", description="") for i in range(n)],
    )


def test_markdown_size_guard_truncates_honestly() -> None:
    plan = _big_plan(400)
    md = render_markdown(plan)
    assert len(md) <= 60_000
    shown = md.count("<details>")
    assert 0 < shown < 400
    assert f"details of {400 - shown} of 400 changed objects are not shown" in md
    assert "**Plan: 0 to add, 400 to change, 0 to destroy.**" in md


@pytest.mark.parametrize("limit", [500, 2_000, 10_000])
def test_markdown_never_exceeds_the_limit(limit: int) -> None:
    md = render_markdown(_big_plan(60), max_chars=limit)
    assert len(md) <= limit
    assert "Truncated" in md


def test_markdown_within_limit_is_not_truncated() -> None:
    md = render_markdown(_big_plan(3))
    assert "Truncated" not in md and md.count("<details>") == 3


def test_markdown_escapes_fences_and_html_in_values() -> None:
    plan = plan_of([res("field", "a", label="```<b>|")], [res("field", "a", label="x")])
    md = render_markdown(plan)
    assert "````diff" in md  # a fence longer than the backticks inside


def test_json_rendering_is_the_versioned_plan_file() -> None:
    plan = golden_plan()
    data = json.loads(render_json(plan))
    assert data["format_version"] == 1 and data["has_changes"] is True
    assert data["counts_by_kind"]["stage"] == {"create": 0, "update": 1, "delete": 1, "replace": 0}
    assert data["max_risk"] == Risk.DESTRUCTIVE.label
    assert Plan.from_json(render_json(plan)) == plan


def test_dispatch_table_and_unknown_format() -> None:
    plan = empty_plan()
    assert set(RENDERERS) == {"text", "markdown", "json"}
    assert render(plan, "json") == render_json(plan)
    with pytest.raises(ValueError, match="unknown plan format"):
        render(plan, "yaml")


def test_renderers_are_pure() -> None:
    plan = golden_plan()
    assert render_text(plan) == render_text(plan)
    assert render_markdown(plan) == render_markdown(Plan.from_json(plan.to_json()))
