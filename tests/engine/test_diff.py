"""The differ, case by case: identity sets, attributes, replace, ignore, drift, reorders, order."""

from __future__ import annotations

from revops_as_code.changes import Action, AttributeChange, Risk
from revops_as_code.diff.attributes import diff_attribute
from revops_as_code.diff.differ import (
    CANNOT_CREATE,
    CANNOT_DELETE,
    CANNOT_UPDATE,
    DELETED_OUT_OF_BAND,
    diff,
)
from revops_as_code.diff.identity import match_identities
from revops_as_code.diff.risk import assess_risk
from revops_as_code.diff.state_view import StateView
from revops_as_code.providers.base import (
    Capabilities,
    KindCapability,
    KindDeclaration,
    LiveSnapshot,
)
from revops_as_code.resources import ResourceSet

from .core_factories import CAPS, opt, plan_of, res, rid


def test_identity_sets_split_create_delete_compare_and_leave_unowned_alone() -> None:
    a, b, c, d = rid("field", "a"), rid("field", "b"), rid("field", "c"), rid("field", "d")
    match = match_identities([a, b], [b, c, d], owned=[c])
    assert match.create == (a,)
    assert match.compare == (b,)
    assert match.delete == (c,)
    assert match.unowned == (d,)


def test_create_for_desired_only_with_every_attribute_listed() -> None:
    plan = plan_of([res("field", "new", label="New", type="string")], [])
    (change,) = plan.changes
    assert change.action is Action.CREATE and change.risk is Risk.SAFE
    assert change.before is None
    assert change.after == {"label": "New", "type": "string"}
    assert [(ac.path, ac.before, ac.after) for ac in change.attribute_changes] == [
        ("label", None, "New"),
        ("type", None, "string"),
    ]


def test_live_only_object_is_deleted_only_when_owned() -> None:
    live = [res("field", "old", label="Old")]
    assert plan_of([], live).changes == ()
    (change,) = plan_of([], live, owned_all=True).changes
    assert change.action is Action.DELETE and change.risk is Risk.DESTRUCTIVE
    assert change.before == {"label": "Old"} and change.after is None


def test_equal_objects_make_no_change_and_update_only_when_something_differs() -> None:
    same = res("field", "a", label="A", type="string")
    assert plan_of([same], [same]).changes == ()
    plan = plan_of([same], [res("field", "a", label="Old A", type="string")])
    (change,) = plan.changes
    assert change.action is Action.UPDATE
    assert [(ac.path, ac.before, ac.after) for ac in change.attribute_changes] == [
        ("label", "Old A", "A")
    ]


def test_unmanaged_ignored_and_read_only_attributes_are_left_alone() -> None:
    desired = res("field", "a", ignore=["description"], label="A", description="ours")
    live = res("field", "a", label="Old", description="theirs", created_at="2024", extra=1)
    (change,) = plan_of([desired], [live]).changes
    assert [ac.path for ac in change.attribute_changes] == ["label"]
    # `after` keeps live values for what the plan does not manage.
    assert change.after == {"label": "A", "description": "theirs", "created_at": "2024", "extra": 1}


def test_read_only_attribute_in_desired_is_not_compared() -> None:
    desired = res("field", "a", label="A", created_at="1999")
    live = res("field", "a", label="A", created_at="2024")
    assert plan_of([desired], [live]).changes == ()


def test_replace_on_attribute_plans_a_destructive_replace() -> None:
    desired = res("field", "a", label="A", type="number")
    live = res("field", "a", label="A", type="string")
    (change,) = plan_of([desired], [live], remote_ids={rid("field", "a"): "17"}).changes
    assert change.action is Action.REPLACE and change.risk is Risk.DESTRUCTIVE
    assert change.remote_id == "17"
    assert change.after == {"label": "A", "type": "number"}


def test_keyed_list_diffs_member_by_member() -> None:
    desired = res("field", "a", options=[opt("x", "X"), opt("y"), opt("new")])
    live = res("field", "a", options=[opt("x", "x"), opt("y"), opt("gone")])
    (change,) = plan_of([desired], [live]).changes
    got = {ac.path: (ac.before, ac.after) for ac in change.attribute_changes}
    assert got == {
        "options[x].label": ("x", "X"),
        "options[new]": (None, opt("new")),
        "options[gone]": (opt("gone"), None),
    }
    assert change.risk is Risk.REVIEW  # an option is removed


def test_ordered_keyed_list_reorder_is_one_reorder_not_delete_and_create() -> None:
    desired = res("field", "a", options=[opt("x"), opt("y"), opt("z")])
    live = res("field", "a", options=[opt("z"), opt("x"), opt("y")])
    (change,) = plan_of([desired], [live]).changes
    (ac,) = change.attribute_changes
    assert ac.reorder_only and ac.path == "options"
    assert (ac.before, ac.after) == (["z", "x", "y"], ["x", "y", "z"])
    assert change.risk is Risk.SAFE


def test_unordered_keyed_list_ignores_member_order() -> None:
    desired = res("field", "a", tags=[{"name": "a"}, {"name": "b"}])
    live = res("field", "a", tags=[{"name": "b"}, {"name": "a"}])
    assert plan_of([desired], [live]).changes == ()


def test_ordered_plain_list_with_same_members_is_reorder_only() -> None:
    cap = KindCapability(ordered_attributes=frozenset({"checks"}))
    (ac,) = diff_attribute("checks", ["a", "b"], ["b", "a"], cap)
    assert ac.reorder_only
    (ac,) = diff_attribute("checks", ["a", "b"], ["b", "c"], cap)
    assert not ac.reorder_only


def test_keyed_list_with_duplicate_keys_falls_back_to_whole_list() -> None:
    cap = CAPS.kinds["field"]
    (ac,) = diff_attribute("options", [opt("x"), opt("x", "Dup")], [opt("x")], cap)
    assert ac.path == "options" and not ac.reorder_only


def test_drift_marks_attributes_live_changed_since_last_applied() -> None:
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), last_applied={a: {"label": "A", "description": "d"}})
    desired = res("field", "a", label="A", description="d2")
    live = res("field", "a", label="Hand edit", description="d")
    (change,) = plan_of([desired], [live], state=state).changes
    drift = {ac.path: ac.drift for ac in change.attribute_changes}
    assert drift == {"label": True, "description": False}
    assert change.has_drift and change.risk is Risk.REVIEW


def test_no_drift_without_last_applied_or_when_live_matches_it() -> None:
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), last_applied={a: {"label": "Old"}})
    (change,) = plan_of(
        [res("field", "a", label="New")], [res("field", "a", label="Old")], state=state
    ).changes
    assert not change.has_drift
    (change,) = plan_of([res("field", "a", label="New")], [res("field", "a", label="X")]).changes
    assert not change.has_drift


def test_owned_object_deleted_by_hand_is_recreated_as_drift() -> None:
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), last_applied={a: {"label": "A"}})
    plan = plan_of([res("field", "a", label="A")], [], state=state)
    (change,) = plan.changes
    assert change.action is Action.CREATE and change.has_drift
    assert [d.code for d in plan.diagnostics] == [DELETED_OUT_OF_BAND]


def test_protect_from_definition_or_state_marks_the_change() -> None:
    a = rid("field", "a")
    state = StateView(owned=frozenset({a}), protected=frozenset({a}))
    plan = plan_of([], [res("field", "a", label="A")], state=state)
    (change,) = plan.changes
    assert change.action is Action.DELETE and change.protected and not change.desired_protect
    desired = res("field", "a", protect=True, label="B")
    (change,) = plan_of([desired], [res("field", "a", label="A")]).changes
    assert change.protected and change.desired_protect


def test_ownership_adopts_what_already_matches_and_forgets_what_revops_did_not_create() -> None:
    same, adopted, created = rid("field", "same"), rid("field", "adopted"), rid("field", "created")
    desired = ResourceSet.of([res("field", "same", label="S")])
    live = LiveSnapshot(
        ResourceSet.of(
            [
                res("field", "same", label="S"),
                res("field", "adopted", label="A"),
                res("field", "created", label="C"),
            ]
        )
    )
    state = StateView(owned=frozenset({created}), managed=frozenset({adopted, created}))
    result = diff(desired, live, CAPS, state)
    assert result.adopt == (same,)  # equal to its definition, not in state yet
    assert result.forget == (adopted,)  # in state, no longer defined, not created by revops
    assert [(c.action, c.resource_id) for c in result.changes] == [(Action.DELETE, created)]
    # Already in state: nothing to adopt; live objects state never held are left alone.
    again = diff(desired, live, CAPS, StateView(managed=frozenset({same})))
    assert again.adopt == () and again.forget == () and again.changes == ()


def test_an_updates_risk_comes_from_the_kinds_declaration_only() -> None:
    live = [res("stage", "p/s", label="S", probability=20)]
    desired = [res("stage", "p/s", label="S", probability=30)]
    (declared,) = plan_of(desired, live).changes  # MEANING: a stage's probability is review
    assert declared.action is Action.UPDATE and declared.risk is Risk.REVIEW
    (bare,) = plan_of(desired, live, capabilities=CAPS).changes  # nothing declared
    assert bare.action is Action.UPDATE and bare.risk is Risk.SAFE
    probability = AttributeChange("stages[won].probability", 20, 30)
    assert assess_risk(Action.UPDATE, [probability], KindDeclaration()) is Risk.SAFE
    review = KindDeclaration(review=frozenset({"probability"}))
    assert assess_risk(Action.UPDATE, [probability], review) is Risk.REVIEW  # matched by leaf
    destructive = KindDeclaration(destructive=frozenset({"stages"}), review=review.review)
    assert assess_risk(Action.UPDATE, [probability], destructive) is Risk.DESTRUCTIVE
    reorder = AttributeChange("stages", ["a", "b"], ["b", "a"], reorder_only=True)
    assert assess_risk(Action.UPDATE, [reorder], destructive) is Risk.SAFE


def test_capabilities_turn_impossible_changes_into_diagnostics() -> None:
    caps = Capabilities(
        {
            "ro": KindCapability(create=False, update=False, delete=False),
            "rec": KindCapability(update=False),
        }
    )
    desired = ResourceSet.of([res("ro", "new", label="N"), res("ro", "a", label="A2")])
    live = ResourceSet.of([res("ro", "a", label="A"), res("ro", "old", label="O")])
    state = StateView(owned=live.ids())
    result = diff(desired, LiveSnapshot(live), caps, state)
    assert result.changes == ()
    assert sorted(d.code for d in result.diagnostics) == [
        CANNOT_CREATE,
        CANNOT_UPDATE,
        CANNOT_DELETE,
    ]
    # A kind that cannot update in place but can delete and create is replaced.
    result = diff(
        ResourceSet.of([res("rec", "a", label="A2")]),
        LiveSnapshot(ResourceSet.of([res("rec", "a", label="A")])),
        caps,
    )
    assert [c.action for c in result.changes] == [Action.REPLACE]


def test_changes_are_ordered_dependencies_first_and_deletes_last_in_reverse() -> None:
    pipe, s1 = rid("pipeline", "p"), rid("stage", "p/s1")
    old_pipe, old_stage = rid("pipeline", "old"), rid("stage", "old/s")
    desired = [
        res("stage", "p/s1", depends_on=[pipe], label="S1"),
        res("pipeline", "p", label="P"),
    ]
    live = [
        res("pipeline", "old", label="Old"),
        res("stage", "old/s", depends_on=[old_pipe], label="Old stage"),
    ]
    plan = plan_of(desired, live, owned_all=True)
    order = [c.resource_id for c in plan.changes]
    assert order == [pipe, s1, old_stage, old_pipe]


def test_remote_ids_come_from_live_then_state() -> None:
    a, b = rid("field", "a"), rid("field", "b")
    state = StateView(owned=frozenset({a, b}), remote_ids={a: "state-a", b: "state-b"})
    plan = plan_of(
        [],
        [res("field", "a", label="A"), res("field", "b", label="B")],
        state=state,
        remote_ids={a: "live-a"},
    )
    assert {c.resource_id: c.remote_id for c in plan.changes} == {a: "live-a", b: "state-b"}
