"""Renderers: golden files for text, markdown and JSON, plus the markdown size guard.

Regenerate the golden files after an intended change with
`REVOPS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/engine/test_render.py` and review
the diff like any other code change.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from revops_as_code.changes import Change, Risk
from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.diff.state_view import StateView
from revops_as_code.plan import Plan
from revops_as_code.providers.base import AttributeDisplay
from revops_as_code.render import (
    RENDERERS,
    render,
    render_failure,
    render_github,
    render_json,
    render_markdown,
    render_text,
)

from .core_factories import opt, plan_of, res, rid

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _impact(change: Change) -> str | None:
    return {"legacy": "412 deals are in stage 'Legacy'"}.get(change.resource_id.key.split("/")[-1])


def golden_plan() -> Plan:
    """One of everything, over two targets: create, update (drift, member rename, removal,
    reorder, a declared unit), replace, delete with impact, protected delete, an object
    adopted as it is and one forgotten, findings, diagnostics; changes with definition
    origins and a delete that no definition describes any more."""
    lead_source = rid("field", "contacts/lead_source")
    protected = rid("pipeline", "renewal")
    legacy = rid("stage", "default/legacy")
    owned = frozenset({lead_source, protected, legacy})
    return plan_of(
        [
            res(
                "field",
                "companies/icp_tier",
                label="ICP tier",
                type="enumeration",
                options=[opt("tier_1", "Tier 1"), opt("tier_2", "Tier 2")],
                origin="field/companies/icp_tier",
                source="definitions/fields/company.yaml:8:5",
            ),
            res(
                "field",
                "contacts/lead_source",
                label="Lead source",
                options=[opt("webinar"), opt("paid_search", "Paid search")],
                origin="field/contacts/lead_source",
                source="definitions/fields/contact.yaml:14:5",
            ),
            res(
                "field",
                "contacts/lead_source",
                target="marketing",
                label="Lead source",
                options=[opt("webinar"), opt("paid_search", "Paid search")],
                origin="field/contacts/lead_source",
                source="definitions/fields/contact.yaml:14:5",
            ),
            res(
                "field",
                "contacts/email",
                label="Email",
                origin="field/contacts/email",
                source="definitions/fields/contact.yaml:3:5",
            ),
            res(
                "field",
                "deals/score",
                label="Score",
                type="number",
                origin="field/deals/score",
                source="definitions/fields/deal.yaml:20:5",
            ),
            res(
                "stage",
                "default/demo",
                label="Demo",
                probability=30,
                depends_on=[rid("pipeline", "default")],
                origin="pipeline/default/stage/demo",
                source="definitions/pipelines/default.yaml:9:7",
            ),
            res(
                "sla",
                "mqa_follow_up",
                target_percent=90,
                within_hours=16,
                origin="handoff_sla/mqa_follow_up",
                source="definitions/slas/mqa_follow_up.yaml:1:1",
            ),
        ],
        [
            res(
                "field",
                "contacts/lead_source",
                label="Lead Source (old)",
                options=[opt("paid_search", "PPC"), opt("webinar"), opt("ppc", "PPC")],
            ),
            res("field", "contacts/email", label="Email"),
            res("field", "deals/score", label="Score", type="string"),
            res("stage", "default/demo", label="Demo", probability=20),
            res("stage", "default/legacy", label="Legacy – Verbal commit", probability=80),
            res("pipeline", "renewal", label="Renewal"),
            res("sla", "mqa_follow_up", target_percent=100, within_hours=16),
            res("field", "deals/not_ours", label="Someone else's"),
            res("field", "deals/adopted_once", label="Adopted, definition since removed"),
        ],
        state=StateView(
            lineage="8c1f7c2e",
            serial=4,
            owned=owned,
            managed=owned | {rid("field", "deals/adopted_once")},
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
        targets={"mem": "mem", "marketing": "mem"},
    )


FAILURE = (
    "2 error(s) in definitions",
    [
        Diagnostic(
            Severity.ERROR,
            "RV104",
            "unknown kind 'Pipelinez'",
            Location("definitions/pipelines/renewal.yaml", 7, 7),
            "did you mean 'Pipeline'?",
        ),
        Diagnostic(
            Severity.ERROR,
            "RV201",
            "field 'amount' is not defined",
            Location("definitions/pipelines/new_business.yaml", 24, 32),
        ),
        capability_gap("Mem CRM", "exit criteria", location=Location("definitions/p.yaml", 3, 1)),
    ],
)
"""What `revops plan` prints in each format when the definitions do not validate."""


def empty_plan() -> Plan:
    same = res("field", "a", label="A")
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), last_applied={a: {"label": "A"}})
    return plan_of([same], [same], state=state, environment="sandbox")


def state_only_plan() -> Plan:
    """Nothing live changes: one object to adopt as it is, one to forget."""
    return plan_of(
        [res("field", "same", label="S", origin="field/x/same")],
        [res("field", "same", label="S"), res("field", "gone", label="G")],
        state=StateView(managed=frozenset({rid("field", "gone")})),
        environment="sandbox",
    )


CASES = {
    "plan.txt": lambda: render_text(golden_plan(), color=False),
    "plan.color.txt": lambda: render_text(golden_plan(), color=True),
    "plan.md": lambda: render_markdown(golden_plan()),
    "plan.json": lambda: render_json(golden_plan()),
    "plan_empty.txt": lambda: render_text(empty_plan()),
    "plan_empty.md": lambda: render_markdown(empty_plan()),
    "plan_empty.json": lambda: render_json(empty_plan()),
    "plan.github.txt": lambda: render_github(golden_plan()),
    **{
        f"failure.{ext}": functools.partial(render_failure, fmt, "sandbox", *FAILURE)
        for fmt, ext in (
            ("text", "txt"),
            ("markdown", "md"),
            ("json", "json"),
            ("github", "github.txt"),
        )
    },
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
    assert list(plan.changes_by_target()) == ["marketing", "mem"]
    assert [a.resource_id for a in plan.adoptions] == [rid("field", "contacts/email")]
    assert plan.forgets == (rid("field", "deals/adopted_once"),)
    assert {f.code for f in plan.findings} == {"RV601", "RV602", "RV603", "RV604", "RV605"}
    assert plan.display == {
        "mem": {"stage": {"probability": AttributeDisplay("probability", unit="%")}}
    }


def test_text_shows_attribute_level_changes_and_summary() -> None:
    text = render_text(golden_plan())
    assert '~ label: "Lead Source (old)" → "Lead source"  # drift: changed outside revops' in text
    assert "- options[ppc]:" in text and "→ (removed)" in text
    # The definition first, then where it is and the vendor address.
    assert "-/+ field deals.score will be replaced" in text
    assert "(definitions/fields/deal.yaml:20)  mem field deals/score" in text
    assert "~ pipeline default › stage demo will be updated in place  [review]" in text
    assert "~ probability: 20% → 30%" in text  # the declared unit
    assert "- mem/pipeline/renewal will be destroyed" in text  # no definition describes it
    assert "impact: 412 deals are in stage 'Legacy'" in text
    assert text.index("Target marketing (mem): 1 change(s)") < text.index(
        "Target mem (mem): 7 change(s)"
    )
    assert "  forget mem/field/deals/adopted_once" in text
    assert text.rstrip().endswith(
        "Plan: 3 to add, 3 to change, 3 to destroy, 1 to adopt, 1 to forget."
    )
    assert "\x1b[" not in text
    assert "\x1b[" in render_text(golden_plan(), color=True)


def test_text_for_no_changes() -> None:
    assert render_text(empty_plan()) == "No changes. The live system matches the definitions.\n"


def test_a_plan_that_changes_only_state_says_so() -> None:
    plan = state_only_plan()
    text = render_text(plan)
    assert "Target" not in text and "will be created" not in text and "~" not in text
    assert "State: 1 object(s) already match their definitions" in text
    assert "  forget mem/field/gone" in text
    assert text.rstrip().endswith(
        "Plan: 0 to add, 0 to change, 0 to destroy, 1 to adopt, 1 to forget. "
        "The live system matches the definitions."
    )
    md = render_markdown(plan)
    assert "**Plan: 0 to add, 0 to change, 0 to destroy, 1 to adopt, 1 to forget.**" in md
    assert "| Kind |" not in md and "<details>" not in md  # no empty table of live changes


def test_markdown_calls_out_destructive_changes_before_details() -> None:
    md = render_markdown(golden_plan())
    assert md.index("[!CAUTION]") < md.index("<details")
    assert md.count("<details") == len(golden_plan().changes) == 8
    assert md.count("<details open>") == 5  # review, destructive, protected, drift: unfolded
    assert "| field | 2 | 1 | 1 | 0 |" in md
    assert "<code>~ pipeline default › stage demo</code> update · review" in md
    assert "<sub>(definitions/pipelines/default.yaml:9)  mem stage default/demo</sub>" in md


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
    assert md.count("<details") == 0  # every change is safe: all details left out...
    assert "the details of 400 safe change(s) (each named below)" in md
    assert all(f"mem/field/f{i:05d}" in md for i in range(400))  # ...but each one named
    assert "**Plan: 0 to add, 400 to change, 0 to destroy.**" in md


@pytest.mark.parametrize("limit", [500, 2_000, 10_000])
def test_markdown_never_exceeds_the_limit(limit: int) -> None:
    md = render_markdown(_big_plan(60), max_chars=limit)
    assert len(md) <= limit
    assert "Truncated" in md or "Shortened" in md


def test_markdown_within_limit_is_not_truncated() -> None:
    md = render_markdown(_big_plan(3))
    assert "Truncated" not in md and "Shortened" not in md and md.count("<details>") == 3


def test_markdown_escapes_fences_and_html_in_values() -> None:
    plan = plan_of([res("field", "a", label="```<b>|")], [res("field", "a", label="x")])
    md = render_markdown(plan)
    assert "````diff" in md  # a fence longer than the backticks inside


def test_json_rendering_is_the_versioned_plan_file() -> None:
    plan = golden_plan()
    data = json.loads(render_json(plan))
    assert data["format_version"] == 2 and data["has_changes"] is True
    assert data["targets"] == {"marketing": "mem", "mem": "mem"}
    assert data["summary"]["adopt"] == 1 and data["summary"]["forget"] == 1
    assert data["forgets"] == ["mem/field/deals/adopted_once"]
    assert [a["resource"] for a in data["adoptions"]] == ["mem/field/contacts/email"]
    demo = next(c for c in data["changes"] if c["resource"] == "mem/stage/default/demo")
    assert demo["origin"] == {
        "address": "pipeline/default/stage/demo",
        "source": "definitions/pipelines/default.yaml:9:7",
    }
    assert data["display"]["mem"]["stage"]["probability"] == {
        "name": "probability",
        "scale": 1.0,
        "unit": "%",
    }
    assert data["counts_by_kind"]["stage"] == {"create": 0, "update": 1, "delete": 1, "replace": 0}
    assert data["max_risk"] == Risk.DESTRUCTIVE.label
    assert Plan.from_json(render_json(plan)) == plan


def test_dispatch_table_and_unknown_format() -> None:
    plan = empty_plan()
    assert set(RENDERERS) == {"text", "markdown", "json", "github"}
    assert render(plan, "json") == render_json(plan)
    with pytest.raises(ValueError, match="unknown plan format"):
        render(plan, "yaml")


def test_renderers_are_pure() -> None:
    plan = golden_plan()
    assert render_text(plan) == render_text(plan)
    assert render_markdown(plan) == render_markdown(Plan.from_json(plan.to_json()))
