"""The Plan value: summary and counts, evidence recorded by the builder, plan-file JSON."""

from __future__ import annotations

import json

import pytest

from revops_as_code.changes import Action, Change, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.diff.state_view import StateView
from revops_as_code.errors import PlanError
from revops_as_code.plan import FORMAT_VERSION, Plan
from revops_as_code.plan.io import digest_of

from .core_factories import TOOL_VERSION, opt, plan_of, res, rid


def _mixed_plan() -> Plan:
    return plan_of(
        [
            res("field", "new", label="N"),
            res("field", "retype", type="number"),
            res("field", "relabel", label="New"),
            res("stage", "p/s", label="S", depends_on=[rid("pipeline", "p")]),
        ],
        [
            res("field", "retype", type="string"),
            res("field", "relabel", label="Old"),
            res("field", "gone", label="G"),
            res("pipeline", "p", label="P"),
        ],
        state=StateView(lineage="lin-1", serial=7, owned=frozenset({rid("field", "gone")})),
        definitions_hash="abc123",
    )


def test_summary_counts_replace_as_add_and_destroy() -> None:
    plan = _mixed_plan()
    assert plan.counts_by_action() == {"create": 2, "update": 1, "delete": 1, "replace": 1}
    assert str(plan.summary()) == "Plan: 3 to add, 1 to change, 2 to destroy."
    assert plan.counts_by_kind() == {
        "field": {"create": 1, "update": 1, "delete": 1, "replace": 1},
        "stage": {"create": 1, "update": 0, "delete": 0, "replace": 0},
    }
    assert plan.has_changes and plan.max_risk is Risk.DESTRUCTIVE
    assert [c.resource_id.key for c in plan.destructive_changes] == ["retype", "gone"]


def test_empty_plan_says_no_changes() -> None:
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), last_applied={a: {"label": "A"}})
    plan = plan_of([res("field", "a", label="A")], [res("field", "a", label="A")], state=state)
    assert not plan.has_changes and plan.adoptions == () and plan.forgets == ()
    assert str(plan.summary()) == "No changes."
    assert plan.max_risk is Risk.SAFE and not plan.has_errors


def test_adoptions_and_forgets_are_changes_to_state_not_to_live() -> None:
    same, gone = rid("field", "same"), rid("field", "gone")
    plan = plan_of(
        [res("field", "same", label="S", origin="field/x/same", source="f.yaml:3:5")],
        [res("field", "same", label="S"), res("field", "gone", label="G")],
        state=StateView(managed=frozenset({gone})),  # adopted once; its definition is gone
    )
    assert plan.changes == () and plan.groups == ()
    assert plan.has_changes and not plan.has_live_changes
    (adoption,) = plan.adoptions
    assert adoption.resource_id == same and adoption.attributes == {"label": "S"}
    assert adoption.origin.address == "field/x/same" and adoption.origin.source == "f.yaml:3:5"
    assert plan.forgets == (gone,)
    summary = plan.summary()
    assert (summary.add, summary.change, summary.destroy) == (0, 0, 0)
    assert (summary.adopt, summary.forget) == (1, 1)
    assert str(summary) == "Plan: 0 to add, 0 to change, 0 to destroy, 1 to adopt, 1 to forget."
    only_adopt = plan_of([res("field", "same", label="S")], [res("field", "same", label="S")])
    assert str(only_adopt.summary()) == "Plan: 0 to add, 0 to change, 0 to destroy, 1 to adopt."
    assert Plan.from_json(plan.to_json()) == plan


def test_protection_records_only_flags_the_definitions_change_on_unchanged_objects() -> None:
    kept, lifted, changed = rid("field", "kept"), rid("field", "lifted"), rid("field", "changed")
    live = [
        res("field", "kept", label="K"),
        res("field", "lifted", label="L"),
        res("field", "changed", label="old"),
    ]
    desired = [
        res("field", "kept", label="K", protect=True),
        res("field", "lifted", label="L"),
        res("field", "changed", label="new", protect=True),
    ]
    owned = frozenset({kept, lifted, changed})
    plan = plan_of(
        desired,
        live,
        state=StateView(owned=owned, managed=owned, protected=frozenset({kept, lifted})),
        state_protect={kept: True, lifted: True, changed: False},
    )
    # `kept` is as state says, `changed` carries its flag on its change (desired_protect).
    assert plan.protection == {lifted: False}
    (change,) = plan.changes
    assert change.resource_id == changed and change.desired_protect


def test_builder_records_evidence_for_staleness_checks() -> None:
    plan = _mixed_plan()
    assert plan.state_lineage == "lin-1" and plan.state_serial == 7
    assert plan.definitions_hash == "abc123" and plan.tool_version == TOOL_VERSION
    live_ids = {"retype", "relabel", "gone", "p"}
    assert {r.key for r in plan.live_fingerprints} == live_ids
    assert (
        plan.live_fingerprints[rid("field", "relabel")]
        == res("field", "relabel", label="Old").fingerprint()
    )
    assert plan.touched_ids == {c.resource_id for c in plan.changes}


def test_builder_asks_impact_only_for_risky_changes_and_keeps_provider_diagnostics() -> None:
    asked: list[str] = []

    def impact(change: Change) -> str | None:
        asked.append(change.resource_id.key)
        return f"{len(asked)} records"

    def validate(changes: object) -> list[Diagnostic]:
        return [Diagnostic(Severity.WARNING, "P001", "provider says", Location(object="x"))]

    plan = plan_of(
        [res("field", "f", options=[opt("a")]), res("field", "n", label="N")],
        [res("field", "f", options=[opt("a"), opt("b")])],
        impact=impact,
        validate_changes=validate,
    )
    assert asked == ["f"]  # the create is safe: no impact lookup
    assert plan.change_for(rid("field", "f")).impact == "1 records"  # type: ignore[union-attr]
    assert [d.code for d in plan.diagnostics] == ["P001"]


def test_json_round_trip_is_exact() -> None:
    plan = _mixed_plan()
    text = plan.to_json()
    again = Plan.from_json(text)
    assert again == plan
    assert again.to_json() == text
    data = json.loads(text)
    assert data["format_version"] == FORMAT_VERSION == 2
    assert data["has_changes"] is True
    assert data["targets"] == {"mem": "mem"} and "provider" not in data
    assert [g["members"] for g in data["groups"]] == [[c["resource"]] for c in data["changes"]]
    assert all(c["target"] == "mem" for c in data["changes"])
    assert data["summary"]["text"] == "Plan: 3 to add, 1 to change, 2 to destroy."
    assert data["counts_by_kind"]["stage"]["create"] == 1
    assert [c["resource"] for c in data["changes"]] == [
        "mem/field/new",
        "mem/field/relabel",
        "mem/field/retype",
        "mem/stage/p/s",
        "mem/field/gone",
    ]


def test_changes_in_json_keep_apply_order() -> None:
    data = json.loads(_mixed_plan().to_json())
    actions = [c["action"] for c in data["changes"]]
    assert actions[-1] == "delete"
    assert actions.index("delete") > max(i for i, a in enumerate(actions) if a != "delete")


def test_newer_plan_format_is_refused_clearly() -> None:
    data = json.loads(_mixed_plan().to_json())
    data["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(PlanError, match=r"newer than this revops reads") as info:
        Plan.from_json(json.dumps(data))
    assert info.value.hint and "upgrade" in info.value.hint


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[]",
        '{"environment": "dev"}',
        '{"format_version": "2"}',
        '{"format_version": 2, "targets": {"m": "m"}}',
        '{"format_version": 2, "environment": "d"}',
        '{"format_version": 2, "environment": "d", "targets": ["m"]}',
        '{"format_version": 2, "environment": "d", "targets": {"m": "m"}, "changes": [{"action": "nuke"}]}',
        '{"format_version": 2, "environment": "d", "targets": {"m": "m"}, "live_fingerprints": {"bad": "x"}}',
        '{"format_version": 2, "environment": "d", "targets": {"m": "m"}, "forgets": ["m/x"]}',
    ],
)
def test_malformed_plan_files_raise_plan_error(text: str) -> None:
    with pytest.raises(PlanError):
        Plan.from_json(text)


def test_derived_fields_in_a_plan_file_are_checked_not_trusted() -> None:
    data = json.loads(_mixed_plan().to_json())
    data["has_changes"] = False
    data["summary"] = {"add": 0, "change": 0, "destroy": 0, "text": "No changes."}
    data["digest"] = digest_of(data)  # even with the checksum made to match
    with pytest.raises(PlanError, match=r"edited: its has_changes, summary disagree") as info:
        Plan.from_json(json.dumps(data))
    assert info.value.hint and "never edit a plan" in info.value.hint


def test_any_other_edit_of_a_plan_file_breaks_its_digest() -> None:
    text = _mixed_plan().to_json()
    data = json.loads(text)
    assert data["digest"] == digest_of(data)
    data["changes"][1]["after"]["label"] = "Edited"
    with pytest.raises(PlanError, match="digest does not match"):
        Plan.from_json(json.dumps(data))
    del data["digest"]
    with pytest.raises(PlanError, match="digest"):
        Plan.from_json(json.dumps(data))


def test_a_change_whose_target_field_disagrees_with_its_resource_is_refused() -> None:
    data = json.loads(_mixed_plan().to_json())
    data["changes"][0]["target"] = "elsewhere"
    data["digest"] = digest_of(data)
    with pytest.raises(PlanError, match="says target 'elsewhere'"):
        Plan.from_json(json.dumps(data))


def test_older_plan_format_is_refused_clearly() -> None:
    data = json.loads(_mixed_plan().to_json())
    data["format_version"] = 1
    with pytest.raises(PlanError, match=r"format 1 is older than this revops reads \(2\)"):
        Plan.from_json(json.dumps(data))


def test_plan_is_frozen_and_names_its_providers() -> None:
    plan = Plan(environment="dev", targets={"mem": "mem"})
    assert plan.provider == "mem" and not plan.has_changes
    with pytest.raises(AttributeError):
        plan.environment = "prod"  # type: ignore[misc]
    two = Plan(environment="dev", targets={"crm": "hubspot", "map": "marketo", "b": "hubspot"})
    assert two.provider == "hubspot, marketo"


def test_changes_carry_json_values_only() -> None:
    # Tuples from a compiler come out as lists, so a plan equals its JSON round trip.
    plan = plan_of([res("field", "t", options=(opt("a"),))], [])
    assert isinstance(plan.changes[0].after["options"], list)  # type: ignore[index]
    assert Plan.from_json(plan.to_json()) == plan
    assert plan.changes[0].action is Action.CREATE
