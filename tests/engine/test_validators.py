"""Change validators: each built-in has a case that fires it and one that does not; the
registry takes a team's own rules; errors block apply. Which attributes are a field's type,
enum options or stages is the provider's declaration (`core_factories.DECLARATIONS`): with
nothing declared, the validators that depend on it do not fire."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from revops_as_code.changes import Action, AttributeChange, Change
from revops_as_code.diagnostics import Severity
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.providers.base import (
    Capabilities,
    Declarations,
    KindCapability,
    KindDeclaration,
)
from revops_as_code.validators import (
    BUILTINS,
    DEFAULT_REGISTRY,
    ChangeValidator,
    Finding,
    ValidatorRegistry,
    default_registry,
    enum_option_removed,
    field_type_change,
    protected_deletion,
    register,
    run_validators,
    sla_target_lowered,
    stage_removed,
)

from .core_factories import CAPS, MEANING, opt, plan_of, res, rid


def _codes(changes: list[Change] | tuple[Change, ...], meaning: Meaning = MEANING) -> list[str]:
    return [f.code for f in run_validators(changes, default_registry(), meaning)]


def _update(kind: str, *acs: AttributeChange, protected: bool = False) -> Change:
    return Change(Action.UPDATE, rid(kind, "x"), {}, {}, attribute_changes=acs, protected=protected)


# -- field type change ---------------------------------------------------------------------


def test_field_type_change_fires_on_type_change() -> None:
    plan = plan_of(
        [res("field", "a", type="number")], [res("field", "a", type="string")]
    )  # a replace: `type` is replace_on for fields
    assert _codes(plan.changes) == [field_type_change.CODE]
    # Whatever attribute the provider declares as the type: here `field_type` of a `property`.
    declared = Meaning.single(
        CAPS,
        Declarations({"property": KindDeclaration(field_type=frozenset({"field_type"}))}),
    )
    change = _update("property", AttributeChange("field_type", "text", "select"))
    (finding,) = run_validators([change], default_registry(), declared)
    assert finding.severity is Severity.WARNING and "field_type" in finding.message
    assert finding.resource_id == rid("property", "x") and finding.remediation
    assert _codes([change]) == []  # MEANING declares no `property`: not a type, no finding


def test_field_type_change_does_not_fire_on_label_change_or_create() -> None:
    plan = plan_of(
        [res("field", "a", label="B", type="string"), res("field", "n", type="number")],
        [res("field", "a", label="A", type="string")],
    )
    assert field_type_change.CODE not in _codes(plan.changes)


# -- enum option removed -------------------------------------------------------------------


def test_enum_option_removed_names_every_removed_option_in_one_finding() -> None:
    plan = plan_of(
        [res("field", "src", options=[opt("paid_search")])],
        [res("field", "src", options=[opt("paid_search"), opt("ppc"), opt("paid-search")])],
    )
    findings = run_validators(plan.changes, default_registry(), MEANING)
    (finding,) = findings
    assert finding.code == enum_option_removed.CODE
    assert "removes 2 options" in finding.message
    assert "'ppc'" in finding.message and "'paid-search'" in finding.message
    assert "'paid_search'" not in finding.message


def test_enum_option_removed_does_not_fire_on_rename_add_or_reorder() -> None:
    plan = plan_of(
        [res("field", "src", options=[opt("b"), opt("a", "Renamed"), opt("c")])],
        [res("field", "src", options=[opt("a"), opt("b")])],
    )
    assert plan.has_changes
    assert _codes(plan.changes) == []


# -- pipeline stage removed ----------------------------------------------------------------


def test_stage_removed_fires_on_stage_delete_and_inline_stage_removal() -> None:
    plan = plan_of([], [res("stage", "p/legacy", label="Legacy")], owned_all=True)
    assert _codes(plan.changes) == [stage_removed.CODE]
    inline = _update("pipeline", AttributeChange("stages[demo]", {"key": "demo"}, None))
    assert _codes([inline]) == [stage_removed.CODE]


def test_stage_removed_does_not_fire_on_stage_update_or_other_deletes() -> None:
    plan = plan_of(
        [res("stage", "p/s", label="New")],
        [res("stage", "p/s", label="Old"), res("field", "f", label="F")],
        owned_all=True,
    )
    assert {c.action for c in plan.changes} == {Action.UPDATE, Action.DELETE}
    assert _codes(plan.changes) == []


# -- SLA target lowered --------------------------------------------------------------------


def test_sla_target_lowered_fires_on_lower_target_or_longer_window() -> None:
    plan = plan_of(
        [res("sla", "mqa", target_percent=90, within_hours=48)],
        [res("sla", "mqa", target_percent=100, within_hours=16)],
    )
    findings = run_validators(plan.changes, default_registry(), MEANING)
    assert [f.code for f in findings] == [sla_target_lowered.CODE] * 2
    assert any("100 → 90" in f.message for f in findings)


def test_sla_target_lowered_does_not_fire_on_stronger_sla() -> None:
    plan = plan_of(
        [res("sla", "mqa", target_percent=100, within_hours=8, label="x")],
        [res("sla", "mqa", target_percent=95, within_hours=16, label="y")],
    )
    assert plan.has_changes
    assert _codes(plan.changes) == []


# -- protected deletion --------------------------------------------------------------------


def test_protected_deletion_is_an_error_even_after_the_definition_is_removed() -> None:
    a = rid("field", "keep")
    state = StateView(owned=frozenset({a}), protected=frozenset({a}))
    plan = plan_of([], [res("field", "keep", label="K")], state=state)
    (finding,) = plan.findings
    assert finding.code == protected_deletion.CODE
    assert finding.severity is Severity.ERROR and finding.blocks_apply
    assert plan.blocking_findings == (finding,) and plan.has_errors


def test_a_protected_object_revops_did_not_create_is_forgotten_not_deleted() -> None:
    a = rid("field", "keep")
    state = StateView(managed=frozenset({a}), protected=frozenset({a}))  # adopted
    plan = plan_of([], [res("field", "keep", label="K")], state=state)
    assert plan.changes == () and plan.forgets == (a,)
    assert plan.findings == () and not plan.has_errors


def test_protected_deletion_does_not_fire_on_update_or_unprotected_delete() -> None:
    a = rid("field", "keep")
    plan = plan_of(
        [res("field", "keep", label="New")],
        [res("field", "keep", label="K"), res("field", "other", label="O")],
        state=StateView(owned=frozenset({rid("field", "other")}), protected=frozenset({a})),
    )
    assert {c.action for c in plan.changes} == {Action.UPDATE, Action.DELETE}
    assert protected_deletion.CODE not in _codes(plan.changes)
    assert not plan.blocking_findings


# -- the registry ----------------------------------------------------------------------------


def test_every_builtin_has_a_unique_name_and_code() -> None:
    assert len({v.name for v in BUILTINS}) == len({v.code for v in BUILTINS}) == len(BUILTINS)
    assert default_registry().names() == [v.name for v in BUILTINS]


def test_a_team_registers_its_own_rule_and_plans_run_it() -> None:
    registry = default_registry()

    @register("no-pipeline-deletes", code="TEAM001", registry=registry)
    def no_pipeline_deletes(change: Change) -> Iterator[Finding]:
        if change.action is Action.DELETE and change.resource_id.kind == "pipeline":
            yield Finding(Severity.ERROR, "TEAM001", "no", "don't", change.resource_id)

    plan = plan_of([], [res("pipeline", "p", label="P")], owned_all=True, validators=registry)
    (finding,) = plan.findings
    assert finding.validator == "no-pipeline-deletes" and finding.blocks_apply
    # The default registry was left alone.
    assert "no-pipeline-deletes" not in DEFAULT_REGISTRY
    with pytest.raises(ValueError, match="registered"):
        register("no-pipeline-deletes", code="X", registry=registry)(no_pipeline_deletes)


def test_findings_sort_by_resource_then_worst_severity() -> None:
    def both(change: Change) -> Iterator[Finding]:
        yield Finding(Severity.INFO, "I", "info", "", change.resource_id)
        yield Finding(Severity.ERROR, "E", "error", "", change.resource_id)

    registry = ValidatorRegistry([ChangeValidator("both", "X", both)])
    changes = [_update("sla"), Change(Action.UPDATE, rid("field", "a"), {}, {})]
    findings = run_validators(changes, registry)
    assert [(str(f.resource_id), f.code) for f in findings] == [
        ("mem/field/a", "E"),
        ("mem/field/a", "I"),
        ("mem/sla/x", "E"),
        ("mem/sla/x", "I"),
    ]
    assert findings[0].to_diagnostic().location.object == "mem/field/a"


# -- nested shapes (a provider that keeps whole documents as one object) ------------------

NESTED = Capabilities(
    {
        "standard": KindCapability(keyed_lists={"fields": "key"}),
        "pipeline": KindCapability(
            ordered_attributes=frozenset({"stages"}), keyed_lists={"stages": "key"}
        ),
        "handoff_sla": KindCapability(),
    }
)
NESTED_MEANING = Meaning.single(
    NESTED,
    Declarations(
        {
            "standard": KindDeclaration(
                field_type=frozenset({"type"}), option_lists={"options": "value"}
            ),
            "pipeline": KindDeclaration(stage_lists={"stages": "key"}),
        }
    ),
)


def _field(key: str, type_: str, options: list[str]) -> dict[str, object]:
    return {"key": key, "type": type_, "options": [{"value": o} for o in options]}


def test_validators_fire_on_nested_fields_options_and_inline_stages() -> None:
    plan = plan_of(
        [
            res("standard", "contacts", fields=[_field("src", "enum", ["a"])]),
            res("pipeline", "nb", stages=[{"key": "demo"}]),
            res("handoff_sla", "mqa", within={"amount": 3, "unit": "business_days"}),
        ],
        [
            res("standard", "contacts", fields=[_field("src", "text", ["a", "b"])]),
            res("pipeline", "nb", stages=[{"key": "demo"}, {"key": "legacy"}]),
            res("handoff_sla", "mqa", within={"amount": 2, "unit": "business_days"}),
        ],
        meaning=NESTED_MEANING,
    )
    findings = run_validators(plan.changes, default_registry(), NESTED_MEANING)
    assert sorted((f.code, f.resource_id.key) for f in findings if f.resource_id) == [
        (field_type_change.CODE, "contacts"),
        (enum_option_removed.CODE, "contacts"),
        (stage_removed.CODE, "nb"),
        (sla_target_lowered.CODE, "mqa"),
    ]
    assert any("'b'" in f.message for f in findings if f.code == enum_option_removed.CODE)
    assert any("'legacy'" in f.message for f in findings if f.code == stage_removed.CODE)
    # Nothing declared (bare capabilities): only the SLA rule, which reads no declaration.
    bare = run_validators(plan.changes, default_registry(), Meaning.single(NESTED))
    assert [f.code for f in bare] == [sla_target_lowered.CODE]


def test_validators_do_not_fire_on_nested_additions_or_stronger_slas() -> None:
    plan = plan_of(
        [
            res(
                "standard",
                "contacts",
                fields=[_field("src", "enum", ["a", "b"]), _field("n", "x", [])],
            ),
            res("pipeline", "nb", stages=[{"key": "new"}, {"key": "demo"}]),
            res("handoff_sla", "mqa", within={"amount": 1, "unit": "business_days"}),
            res("handoff_sla", "cs", within={"amount": 9, "unit": "business_hours"}),
        ],
        [
            res("standard", "contacts", fields=[_field("src", "enum", ["a"])]),
            res("pipeline", "nb", stages=[{"key": "demo"}]),
            res("handoff_sla", "mqa", within={"amount": 2, "unit": "business_days"}),
            res("handoff_sla", "cs", within={"amount": 2, "unit": "business_days"}),
        ],
        meaning=NESTED_MEANING,
    )
    assert len(plan.changes) == 4
    assert _codes(plan.changes, NESTED_MEANING) == []


def test_option_values_with_dots_and_brackets_in_paths_are_understood() -> None:
    plan = plan_of(
        [res("field", "v", options=[opt("v2.0")])],
        [res("field", "v", options=[opt("v1.0"), opt("v2.0", "Old")])],
    )
    (finding,) = run_validators(plan.changes, default_registry(), MEANING)
    assert finding.code == enum_option_removed.CODE and "'v1.0'" in finding.message
    assert plan.changes[0].risk.label == "review"
