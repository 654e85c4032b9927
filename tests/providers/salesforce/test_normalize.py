"""normalize.py: every canonical function is idempotent, what a Metadata body says reads back
to the same canonical attributes, describe types map to Metadata types, and a value set PATCH
deactivates removed values instead of dropping them."""

from __future__ import annotations

from typing import Any

import pytest

from revops_as_code.providers.salesforce import normalize as n

FIELDS: list[dict[str, Any]] = [
    {"object": "Opportunity", "name": "Budget__c", "label": "Budget", "type": "Currency",
     "description": "What they can spend", "help_text": "Confirmed with the buyer"},
    {"object": "Lead", "name": "Notes__c", "label": "Notes", "type": "LongTextArea"},
    {"object": "Lead", "name": "Short__c", "label": "Short", "type": "TextArea", "length": 255},
    {"object": "Account", "name": "Tier__c", "label": "Tier", "type": "Picklist",
     "values": [{"value": "gold", "label": "Gold", "default": True}, {"value": "silver"}]},
    {"object": "Account", "name": "Regions__c", "label": "Regions", "type": "MultiselectPicklist",
     "values": [{"value": "emea", "label": "EMEA"}]},
    {"object": "Opportunity", "name": "Champion__c", "label": "Champion", "type": "Lookup",
     "reference_to": "User"},
    {"object": "Case", "name": "Urgent__c", "label": "Urgent", "type": "Checkbox"},
    {"object": "Contact", "name": "Code__c", "label": "Code", "type": "Text", "length": 40},
]  # fmt: skip


@pytest.mark.parametrize("attrs", FIELDS, ids=lambda a: a["name"])
def test_a_field_is_canonical_once_and_reads_back_from_its_metadata(attrs: dict[str, Any]) -> None:
    once = n.canonical_field(attrs)
    assert n.canonical_field(once) == once
    back = n.field_from_metadata(attrs["object"], attrs["name"], n.field_metadata(once))
    assert dict(back.attributes) == once


def test_sizes_follow_the_type() -> None:
    text = n.canonical_field({"type": "Text"})
    assert (text["length"], text["precision"], text["visible_lines"]) == (255, None, None)
    area = n.canonical_field({"type": "TextArea", "length": 255, "precision": 3})
    assert (area["length"], area["precision"]) == (None, None)
    number = n.canonical_field({"type": "Number", "precision": "10", "scale": 0})
    assert (number["precision"], number["scale"]) == (10, 0)
    assert n.canonical_field({"type": "Text", "values": [{"value": "x"}]})["values"] == []
    assert n.canonical_field({"type": "Text", "reference_to": "User"})["reference_to"] is None


@pytest.mark.parametrize(
    ("describe", "expected"),
    [
        ({"type": "string"}, "Text"),
        ({"type": "textarea", "length": 255, "extraTypeInfo": "plaintextarea"}, "TextArea"),
        ({"type": "textarea", "length": 32768, "extraTypeInfo": "plaintextarea"}, "LongTextArea"),
        ({"type": "textarea", "length": 32768, "extraTypeInfo": "richtextarea"}, "Html"),
        ({"type": "double"}, "Number"),
        ({"type": "boolean"}, "Checkbox"),
        ({"type": "multipicklist"}, "MultiselectPicklist"),
        ({"type": "reference"}, "Lookup"),
        ({"type": "double", "calculated": True}, None),
        ({"type": "string", "autoNumber": True}, None),
        ({"type": "id"}, None),
    ],
)
def test_describe_types(describe: dict[str, Any], expected: str | None) -> None:
    assert n.describe_type(describe) == expected


STAGES = {
    "name": "OpportunityStage",
    "values": [
        {"value": "Prospecting", "label": "Prospecting", "default": True, "probability": 10,
         "forecast_category": "Pipeline", "closed": False, "won": False},
        {"value": "Closed Won", "label": "Closed Won", "probability": 100,
         "forecast_category": "Closed", "closed": True, "won": True},
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    "attrs",
    [STAGES, {"name": "LeadStatus", "values": [{"value": "Open", "converted": False}]},
     {"name": "Industry", "values": [{"value": "Retail", "label": "Retail", "probability": 5}]}],
)  # fmt: skip
def test_value_sets_are_idempotent_and_read_back_from_their_metadata(attrs: dict[str, Any]) -> None:
    once = n.canonical_value_set(attrs)
    assert n.canonical_value_set(once) == once
    back = n.value_set_from_metadata(attrs["name"], n.value_set_metadata(once))
    assert dict(back.attributes) == once


def test_industry_values_carry_no_stage_extras() -> None:
    values = n.canonical_value_set(
        {"name": "Industry", "values": [{"value": "Retail", "probability": 5}]}
    )
    assert values["values"] == [{"value": "Retail", "label": "Retail", "default": False}]


def test_a_value_set_patch_deactivates_what_it_removes_and_keeps_what_it_does_not_manage() -> None:
    current = {
        "sorted": False,
        "standardValue": [
            {"fullName": "Prospecting", "label": "Prospecting", "default": True, "probability": 10,
             "forecastCategory": "Pipeline", "closed": False, "won": False, "color": "#00FF00"},
            {"fullName": "Demo", "label": "Demo", "default": False, "probability": 30,
             "forecastCategory": "Pipeline", "closed": False, "won": False},
            {"fullName": "Old", "label": "Old", "isActive": False, "probability": 0},
        ],
    }  # fmt: skip
    body = n.value_set_metadata(STAGES, current)
    names = [(v["fullName"], v["isActive"]) for v in body["standardValue"]]
    assert names == [("Prospecting", True), ("Closed Won", True), ("Demo", False), ("Old", False)]
    assert body["standardValue"][0]["color"] == "#00FF00"
    # What is live reads back as the desired values (inactive ones are dropped).
    assert dict(
        n.value_set_from_metadata("OpportunityStage", body).attributes
    ) == n.canonical_value_set(STAGES)


def test_a_picklist_update_sends_removed_values_inactive() -> None:
    before = n.canonical_field(FIELDS[3])
    after = {**before, "values": [{"value": "gold", "label": "Gold", "default": True}]}
    body = n.field_metadata_update(after, before)
    values = body["valueSet"]["valueSetDefinition"]["value"]
    assert [(v["fullName"], v["isActive"]) for v in values] == [("gold", True), ("silver", False)]


@pytest.mark.parametrize(
    ("kind", "attrs"),
    [
        ("business_process", {"object": "Opportunity", "name": "New Business", "description": "x",
                              "active": True, "values": [{"value": "Prospecting", "default": True}]}),
        ("record_type", {"object": "Opportunity", "name": "New_Business", "label": "New Business",
                         "business_process": "New Business"}),
        ("validation_rule", {"object": "Opportunity", "name": "Budget_Required", "active": True,
                             "formula": 'ISBLANK(Budget__c)', "message": "Enter a budget.",
                             "error_display_field": "Budget__c"}),
    ],
)  # fmt: skip
def test_other_kinds_are_idempotent_and_read_back(kind: str, attrs: dict[str, Any]) -> None:
    once = n.canonical(kind, attrs)
    assert n.canonical(kind, once) == once
    back = n.from_metadata(kind, attrs["object"], attrs["name"], n.to_metadata(kind, once))
    assert dict(back.attributes) == once
    assert n.full_name(kind, once) == f"{attrs['object']}.{attrs['name']}"


def test_a_value_that_differs_only_in_case_takes_the_live_entrys_place() -> None:
    # Salesforce compares value names without case: an inactive "Verbal Commit" and a desired
    # "Verbal commit" are one value, and sending both is DUPLICATE_VALUE.
    current = {"standardValue": [
        {"fullName": "Prospecting", "label": "Prospecting", "isActive": True},
        {"fullName": "Verbal Commit", "label": "Verbal Commit", "isActive": False, "color": "#123456"},
    ]}  # fmt: skip
    wanted = {"name": "OpportunityStage", "values": [
        {"value": "Prospecting", "label": "Prospecting", "probability": 10, "forecast_category": "Pipeline"},
        {"value": "Verbal commit", "label": "Verbal commit", "probability": 90, "forecast_category": "Forecast"},
    ]}  # fmt: skip
    values = n.value_set_metadata(wanted, current)["standardValue"]
    assert [(v["fullName"], v["isActive"]) for v in values] == [
        ("Prospecting", True),
        ("Verbal commit", True),
    ]
    assert values[1]["color"] == "#123456"


def test_a_picklist_value_respelled_in_case_is_sent_once() -> None:
    before = n.canonical_field({**FIELDS[3], "values": [{"value": "Gold"}, {"value": "silver"}]})
    after = {**before, "values": [{"value": "gold", "label": "Gold"}, {"value": "silver"}]}
    values = n.field_metadata_update(after, before)["valueSet"]["valueSetDefinition"]["value"]
    assert [(v["fullName"], v["isActive"]) for v in values] == [("gold", True), ("silver", True)]
