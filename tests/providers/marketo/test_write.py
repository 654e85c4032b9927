"""Change groups against the sandbox: batched creates, per-field updates, adoption of what
exists, resolving a create that broke off, and the manual steps (type change, delete)."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.changes import Action, AttributeChange, Change
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo import MarketoProvider
from revops_as_code.providers.marketo.model import canonical, rid
from revops_as_code.providers.marketo.sandbox import FaultRule
from revops_as_code.providers.marketo.write import CREATE_BATCH, TYPE_CHANGE, validate_changes

from .helpers import plant_type_mismatch, provider

FIELDS = "/rest/v1/leads/schema/fields.json"


def _create(name: str, data_type: str = "string") -> Change:
    after = canonical({"display_name": f"Field {name}", "data_type": data_type,
                       "description": "made by a test", "is_sensitive": False})  # fmt: skip
    return Change(Action.CREATE, rid(name), None, after)


def _live(made: MarketoProvider, name: str) -> dict[str, object]:
    return dict(made.read_live(Scope()).resources[rid(name)].attributes)


def test_creates_go_in_one_call_per_batch(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    changes = [_create(f"batch{i}") for i in range(CREATE_BATCH + 5)]
    groups = made.group(changes)
    assert [len(g.members) for g in groups] == [CREATE_BATCH, 5]
    made.client.get("/rest/v1/stats/usage.json")  # the token, outside the count
    sent = made.client.request_count
    result = made.apply_group(groups[0], changes[:CREATE_BATCH])
    assert made.client.request_count - sent == 1
    assert all(o.applied for o in result.outcomes.values())
    assert _live(made, "batch7")["data_type"] == "string"


def test_an_existing_field_of_the_wanted_type_is_adopted(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    plant_type_mismatch(tmp_path / "m.db")  # lastEngagementDate: a date, not the datetime wanted
    changes = [_create("mqaDate", "datetime"), _create("lastEngagementDate", "datetime")]
    result = made.apply_group(made.group(changes)[0], changes)
    adopted, clash = result.outcomes[rid("mqaDate")], result.outcomes[rid("lastEngagementDate")]
    assert adopted.applied and adopted.attributes and adopted.attributes["data_type"] == "datetime"
    assert not clash.applied and clash.error and "already exists as a date field" in clash.error


def test_a_create_that_broke_off_is_resolved_by_re_reading(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db", faults=[FaultRule("reset", method="POST", path=FIELDS)])
    changes = [_create("afterReset")]
    result = made.apply_group(made.group(changes)[0], changes)
    assert result.outcomes[rid("afterReset")].applied  # created once, never re-sent
    assert _live(made, "afterReset")["display_name"] == "Field afterReset"


def test_a_refused_item_names_the_field_and_the_reason(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    clash = Change(
        Action.CREATE,
        rid("otherSource"),
        None,
        canonical({"display_name": "Lead Source", "data_type": "string"}),
    )
    result = made.apply_group(made.group([clash])[0], [clash])
    outcome = result.outcomes[rid("otherSource")]
    assert not outcome.applied and outcome.error
    assert "lead field otherSource" in outcome.error and "1003" in outcome.error


def test_updates_go_per_field(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    live = _live(made, "mqaDate")
    after = {**live, "display_name": "MQA date", "is_sensitive": True}
    change = Change(
        Action.UPDATE, rid("mqaDate"), live, after,
        (AttributeChange("display_name", live["display_name"], "MQA date"),),
    )  # fmt: skip
    (group,) = made.group([change])
    assert made.apply_group(group, [change]).outcomes[rid("mqaDate")].applied
    now = _live(made, "mqaDate")
    assert now["display_name"] == "MQA date" and now["is_sensitive"] is True


def test_a_type_change_is_a_manual_step_and_sends_nothing(tmp_path: Path) -> None:
    made = provider(tmp_path / "m.db")
    plant_type_mismatch(tmp_path / "m.db")
    live = _live(made, "lastEngagementDate")
    change = Change(
        Action.UPDATE, rid("lastEngagementDate"), live, {**live, "data_type": "datetime"},
        (AttributeChange("data_type", "date", "datetime"),),
    )  # fmt: skip
    (warning,) = validate_changes([change])
    assert warning.code == TYPE_CHANGE and "date field" in warning.message
    sent = made.client.request_count
    outcome = made.apply_group(made.group([change])[0], [change]).outcomes[change.resource_id]
    assert not outcome.applied and outcome.error and "cannot change a field's type" in outcome.error
    assert made.client.request_count == sent
    assert _live(made, "lastEngagementDate")["data_type"] == "date"
