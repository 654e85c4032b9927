"""write_groups.py: Tooling composite batches of 25 in apply order, cut where a change needs a
member of the batch being built; a value set update alone, between the batches around it."""

from __future__ import annotations

from revops_as_code.changes import Action, Change
from revops_as_code.providers.salesforce.normalize import rid
from revops_as_code.providers.salesforce.write_groups import (
    REQUEST,
    TOOLING_BATCH,
    VALUE_SET_PATCH,
    group_changes,
)


def _field(i: int) -> Change:
    return Change(Action.CREATE, rid("custom_field", f"Account.F{i}__c"), None, {})


def test_creates_go_25_a_batch() -> None:
    groups = group_changes([_field(i) for i in range(60)])
    assert [len(g.members) for g in groups] == [25, 25, 10]
    assert [g.key for g in groups] == ["tooling batch 1", "tooling batch 2", "tooling batch 3"]
    assert all(g.private[REQUEST] == TOOLING_BATCH for g in groups)


def test_a_change_never_shares_a_batch_with_what_it_needs() -> None:
    fields = [_field(i) for i in range(3)]
    rule = Change(
        Action.CREATE,
        rid("validation_rule", "Account.Rule"),
        None,
        {},
        depends_on=(fields[1].resource_id,),
    )
    groups = group_changes([*fields, rule, _field(9)])
    assert [g.members for g in groups] == [
        tuple(f.resource_id for f in fields),
        (rule.resource_id, _field(9).resource_id),
    ]


def test_a_value_set_update_is_a_group_of_its_own_in_apply_order() -> None:
    stages = Change(Action.UPDATE, rid("value_set", "OpportunityStage"), {}, {})
    process = Change(
        Action.CREATE,
        rid("business_process", "Opportunity.New Business"),
        None,
        {},
        depends_on=(stages.resource_id,),
    )
    groups = group_changes([_field(0), stages, process, _field(1)])
    assert [g.members for g in groups] == [
        (_field(0).resource_id,),
        (stages.resource_id,),
        (process.resource_id, _field(1).resource_id),
    ]
    assert groups[1].private[REQUEST] == VALUE_SET_PATCH
    assert groups[1].key == "update value_set OpportunityStage"
