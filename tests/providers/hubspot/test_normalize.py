"""normalize: one canonical form for both sides, idempotent, with HubSpot's wire quirks settled."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from revops_as_code.providers.hubspot.normalize import (
    canonical_options,
    canonical_property,
    canonical_stage,
    pipeline_from_api,
    property_from_api,
    property_to_api,
    stage_metadata,
)

text = st.text(max_size=8)
options = st.lists(
    st.fixed_dictionaries(
        {"value": text, "label": text},
        optional={
            "description": st.one_of(st.none(), text),
            "hidden": st.one_of(st.booleans(), st.sampled_from(["true", "false"])),
            "displayOrder": st.integers(-1, 5),
        },
    ),
    max_size=6,
)
properties = st.fixed_dictionaries(
    {
        "label": text,
        "type": st.sampled_from(
            ["string", "number", "enumeration", "bool", "datetime", "DateTime"]
        ),
        "field_type": st.sampled_from(["text", "select", "booleancheckbox", "date", "number"]),
        "group": text,
    },
    optional={
        "description": st.one_of(st.none(), text),
        "hidden": st.booleans(),
        "options": options,
    },
)


@given(properties)
def test_canonical_property_is_idempotent(attrs: dict[str, Any]) -> None:
    once = canonical_property(attrs)
    assert canonical_property(once) == once


@given(options)
def test_canonical_options_are_idempotent_and_drop_display_order(
    opts: list[dict[str, Any]],
) -> None:
    once = canonical_options(opts)
    assert canonical_options(once) == once
    assert all("displayOrder" not in o for o in once)


@given(st.fixed_dictionaries({"label": text, "display_order": st.integers(0, 9),
                              "probability": st.one_of(st.none(), st.sampled_from(
                                  ["0.1", "0.25", 0.5, "1.0", 1]),),
                              "is_closed": st.sampled_from([True, False, "true", "false"])}))  # fmt: skip
def test_canonical_stage_is_idempotent(attrs: dict[str, Any]) -> None:
    once = canonical_stage(attrs)
    assert canonical_stage(once) == once


def test_options_follow_display_order_with_minus_one_last() -> None:
    opts = [
        {"value": "c", "label": "C", "displayOrder": -1},
        {"value": "b", "label": "B", "displayOrder": 1},
        {"value": "a", "label": "A", "displayOrder": 0},
    ]
    assert [o["value"] for o in canonical_options(opts)] == ["a", "b", "c"]


def test_a_live_property_and_its_compiled_twin_are_equal() -> None:
    live = property_from_api(
        "contacts",
        {
            "name": "lead_source",
            "label": "Lead source",
            "type": "enumeration",
            "fieldType": "select",
            "groupName": "revops_standard",
            "description": None,
            "hidden": False,
            "hubspotDefined": False,
            "options": [
                {"label": "Webinar", "value": "webinar", "displayOrder": 1, "hidden": False},
                {
                    "label": "Paid search",
                    "value": "paid_search",
                    "displayOrder": 0,
                    "hidden": False,
                },
            ],
        },
    )
    desired = canonical_property(
        {
            "label": "Lead source",
            "type": "enumeration",
            "field_type": "select",
            "group": "revops_standard",
            "options": [
                {"value": "paid_search", "label": "Paid search"},
                {"value": "webinar", "label": "Webinar"},
            ],
        }
    )
    assert dict(live.attributes) == desired
    assert live.protect is False
    # A trailing space is a difference HubSpot keeps, so the plan shows it (never trimmed).
    assert canonical_property({**desired, "label": "Lead source "}) != desired


def test_checkbox_yes_no_options_are_hubspots_not_ours() -> None:
    live = property_from_api(
        "companies",
        {"name": "target_account", "label": "Target account", "type": "bool",
         "fieldType": "booleancheckbox", "groupName": "companyinformation", "description": "",
         "options": [{"label": "Yes", "value": "true", "displayOrder": 0, "hidden": False}]},
    )  # fmt: skip
    assert live.attributes["options"] == []
    body = property_to_api("target_account", live.attributes, create=True)
    assert [o["value"] for o in body["options"]] == ["true", "false"]
    assert body["name"] == "target_account"
    assert "name" not in property_to_api("target_account", live.attributes, create=False)


def test_stage_metadata_is_strings_both_ways() -> None:
    assert stage_metadata({"probability": 0.1, "is_closed": False}) == {
        "isClosed": "false",
        "probability": "0.1",
    }
    assert stage_metadata({"probability": 1, "is_closed": True})["probability"] == "1.0"
    resources = pipeline_from_api(
        "deals",
        {"id": "default", "label": "Sales Pipeline", "stages": [
            {"id": "closedwon", "label": "Closed won", "displayOrder": 5,
             "metadata": {"isClosed": "true", "probability": "1.0"}},
            {"id": "gone", "label": "Gone", "displayOrder": 6, "archived": True, "metadata": {}},
        ]},
    )  # fmt: skip
    assert [str(r.id) for r in resources] == [
        "hubspot/pipeline/deals/default",
        "hubspot/pipeline_stage/deals/default/closedwon",
    ]
    assert resources[1].attributes == {
        "label": "Closed won",
        "display_order": 5,
        "probability": 1.0,
        "is_closed": True,
    }
    assert resources[0].protect is True


# -- no invisible changes: what apply sends is what the plan compares ---------------------

spaced = st.text(alphabet=st.sampled_from([" ", "\t", "a", "B", "é", "\n"]), max_size=6)
wire_options = st.lists(
    st.fixed_dictionaries(
        {"value": spaced, "label": spaced, "description": spaced, "hidden": st.booleans()}
    ),
    max_size=5,
)


@given(
    st.fixed_dictionaries(
        {
            "label": spaced,
            "type": st.sampled_from(["string", "enumeration", "number", "bool"]),
            "field_type": st.sampled_from(["text", "select", "radio", "number"]),
            "group": spaced,
            "description": spaced,
            "hidden": st.booleans(),
            "options": wire_options,
        }
    )
)
def test_the_body_apply_sends_reads_back_to_the_planned_attributes(attrs: dict[str, Any]) -> None:
    planned = canonical_property(attrs)
    body = property_to_api("p", planned, create=True)
    assert property_from_api("companies", body).attributes == planned


def test_whitespace_and_option_order_are_changes_the_plan_sees() -> None:
    live = property_from_api(
        "companies",
        {"name": "p", "label": "Tier ", "type": "enumeration", "fieldType": "select",
         "groupName": "g", "description": " d", "options": [
             {"value": "Delta ", "label": "Delta", "hidden": False, "displayOrder": 0},
             {"value": "b", "label": "B", "hidden": False, "displayOrder": 1}]},
    ).attributes  # fmt: skip
    assert live["label"] == "Tier " and live["description"] == " d"
    assert [o["value"] for o in live["options"]] == ["Delta ", "b"]  # type: ignore[index, union-attr]
    desired = canonical_property({**live, "label": "Tier", "options": [
        {"value": "b", "label": "B"}, {"value": "Delta ", "label": "Delta"}]})  # fmt: skip
    assert desired["label"] != live["label"] and desired["options"] != live["options"]
