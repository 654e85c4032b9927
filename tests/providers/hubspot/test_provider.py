"""provider.py: HubSpot's declarations, as the engine's risk and `ignore:` mapping read them."""

from __future__ import annotations

from typing import Any

from revops_as_code.changes import Action, AttributeChange, Risk
from revops_as_code.diff.differ import UNKNOWN_IGNORE, diff
from revops_as_code.diff.risk import assess_risk
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.compile import compile_definitions
from revops_as_code.providers.hubspot.normalize import GROUP, PIPELINE, PROPERTY, STAGE, rid
from revops_as_code.providers.hubspot.provider import CAPABILITIES, DECLARATIONS
from revops_as_code.resources import Resource, ResourceSet

from .conftest import definitions

STAGE_DECLARATION = DECLARATIONS.kind(STAGE)
PROPERTY_DECLARATION = DECLARATIONS.kind(PROPERTY)


def _update(path: str, before: Any, after: Any) -> list[AttributeChange]:
    return [AttributeChange(path, before, after)]


def test_every_kind_is_declared_and_the_provider_returns_the_declarations() -> None:
    assert set(DECLARATIONS.kinds) == set(CAPABILITIES.kinds) == {GROUP, PROPERTY, PIPELINE, STAGE}
    assert HubSpotProvider({}).declarations is DECLARATIONS
    assert STAGE_DECLARATION.noun == "deal stage" and STAGE_DECLARATION.is_stage
    assert PROPERTY_DECLARATION.identity == ("object_type", "name")


def test_a_stages_closed_flag_or_probability_change_is_review_a_label_change_safe() -> None:
    closes = _update("is_closed", False, True)
    assert assess_risk(Action.UPDATE, closes, STAGE_DECLARATION) is Risk.REVIEW
    weighs = _update("probability", 0.2, 0.4)
    assert assess_risk(Action.UPDATE, weighs, STAGE_DECLARATION) is Risk.REVIEW
    renames = _update("label", "Demo", "Demo held")
    assert assess_risk(Action.UPDATE, renames, STAGE_DECLARATION) is Risk.SAFE
    # Without the declaration the engine knows no HubSpot attribute: all safe.
    assert assess_risk(Action.UPDATE, closes) is Risk.SAFE


def test_a_property_type_change_is_review_and_removing_an_option_too() -> None:
    retype = _update("type", "string", "number")
    assert assess_risk(Action.UPDATE, retype, PROPERTY_DECLARATION) is Risk.REVIEW
    removed = _update("options[ppc]", {"value": "ppc"}, None)
    assert assess_risk(Action.UPDATE, removed, PROPERTY_DECLARATION) is Risk.REVIEW
    relabel = _update("options[ppc].label", "PPC", "Paid search")
    assert assess_risk(Action.UPDATE, relabel, PROPERTY_DECLARATION) is Risk.SAFE
    assert PROPERTY_DECLARATION.option_lists == {"options": "value"}
    assert PROPERTY_DECLARATION.field_type == {"type", "field_type"}


def test_a_stages_definition_names_map_to_hubspot_attributes() -> None:
    assert STAGE_DECLARATION.attribute_for("outcome") == "is_closed"
    assert STAGE_DECLARATION.attribute_for("position") == "display_order"
    assert STAGE_DECLARATION.attribute_for("label") == "label"
    assert STAGE_DECLARATION.shown_name("is_closed") == "closed"
    assert STAGE_DECLARATION.display["probability"].show(0.2) == 20
    assert STAGE_DECLARATION.display["probability"].unit == "%"
    # Every name a stage's ignore: may hold (and every shown name) is one HubSpot stores.
    stage = {"label", "display_order", "probability", "is_closed"}
    for name in ("label", "probability", "outcome", "position", "order", "closed"):
        assert STAGE_DECLARATION.attribute_for(name) in stage, name


PIPELINE_DOC: dict[str, Any] = {
    "kind": "Pipeline",
    "key": "renewal",
    "label": "Renewal",
    "stages": [
        {"key": "due", "label": "Due", "probability": 50, "forecast_category": "pipeline",
         "ignore": ["outcome"]},
        {"key": "renewed", "label": "Renewed", "probability": 100, "forecast_category": "closed",
         "outcome": "won"},
        {"key": "churned", "label": "Churned", "probability": 0, "forecast_category": "omitted",
         "outcome": "lost"},
    ],
}  # fmt: skip


def test_ignore_outcome_leaves_hubspots_is_closed_alone() -> None:
    desired = compile_definitions(definitions(PIPELINE_DOC)).resources
    due = rid(STAGE, "deals/renewal/due")
    assert desired[due].ignore == {"outcome"}  # the definition's word, mapped by declarations
    # Live, someone closed the stage and changed its label.
    live = [
        r
        if r.id != due
        else Resource(r.id, {**r.attributes, "is_closed": True, "label": "Due now"}, r.depends_on)
        for r in desired
    ]
    meaning = Meaning.single(CAPABILITIES, DECLARATIONS)
    result = diff(desired, LiveSnapshot(ResourceSet.of(live)), meaning, StateView())
    [change] = [c for c in result.changes if c.resource_id == due]
    assert [ac.path for ac in change.attribute_changes] == ["label"]
    assert change.ignore == ("is_closed",)
    assert not [d for d in result.diagnostics if d.code == UNKNOWN_IGNORE]
