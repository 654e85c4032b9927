"""Option display orders are kept as HubSpot stores them, never renumbered behind the plan.

HubSpot shows options by `displayOrder`, lowest first, and `-1` after the numbered ones. A
portal built by another client holds numbers such as 10, 20, 30 or -1; sending positions
0..n-1 on the next options update would change every number with no line in the plan.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.normalize import (
    PROPERTY,
    canonical_options,
    canonical_property,
    property_to_api,
    rid,
)
from revops_as_code.resources import Resource, ResourceSet

from .conftest import definitions

LIVE_OPTIONS: list[dict[str, Any]] = [
    {"value": "gold", "label": "Gold", "displayOrder": 20, "hidden": False},
    {"value": "legacy", "label": "Legacy", "displayOrder": -1, "hidden": False},
    {"value": "silver", "label": "Silver", "displayOrder": 10, "hidden": False},
    {"value": "bronze", "label": "Bronze", "displayOrder": 30, "hidden": False},
]


def test_numbers_are_kept_and_order_follows_them() -> None:
    options = canonical_options(LIVE_OPTIONS)
    assert [(o["value"], o["display_order"]) for o in options] == [
        ("silver", 10),
        ("gold", 20),
        ("bronze", 30),
        ("legacy", -1),
    ]
    assert canonical_options(options) == options  # idempotent


def test_an_update_sends_the_numbers_the_plan_compared() -> None:
    attrs = canonical_property(
        {"label": "Tier", "type": "enumeration", "field_type": "select", "options": LIVE_OPTIONS}
    )
    sent = property_to_api("tier", attrs, create=False)["options"]
    assert [(o["value"], o["displayOrder"]) for o in sent] == [
        ("silver", 10),
        ("gold", 20),
        ("bronze", 30),
        ("legacy", -1),
    ]
    assert all(set(o) == {"label", "value", "description", "hidden", "displayOrder"} for o in sent)


def test_options_without_numbers_take_their_position() -> None:
    options = canonical_options([{"value": "a", "label": "A"}, {"value": "b", "label": "B"}])
    assert [o["display_order"] for o in options] == [0, 1]


def test_import_writes_the_numbers_and_compiles_back_to_them() -> None:
    live = Resource(
        rid(PROPERTY, "companies/contract_tier"),
        canonical_property(
            {
                "label": "Contract tier",
                "type": "enumeration",
                "field_type": "select",
                "group": "companyinformation",
                "description": "Imported as it is.",
                "options": LIVE_OPTIONS,
            }
        ),
    )
    provider = HubSpotProvider({"sandbox": False})
    documents = provider.decompile(LiveSnapshot(resources=ResourceSet.of([live])))
    (standard,) = [d for d in documents if d["kind"] == "FieldStandard"]
    (field,) = standard["fields"]  # type: ignore[misc]
    assert [o.get("order") for o in field["options"]] == [10, 20, 30, -1]
    compiled = provider.compile(definitions(*documents)).resources
    assert compiled[live.id].attributes["options"] == live.attributes["options"]


def test_a_definition_order_is_the_display_order_sent() -> None:
    defs = definitions(
        {
            "kind": "FieldStandard",
            "object": "company",
            "fields": [
                {
                    "key": "contract_tier",
                    "label": "Contract tier",
                    "type": "enum",
                    "description": "Tiers.",
                    "options": [
                        {"key": "late", "label": "Late", "order": -1},
                        {"key": "b", "label": "B", "order": 7},
                        {"key": "a", "label": "A", "order": 3},
                        {"key": "c", "label": "C"},
                    ],
                }
            ],
        }
    )
    compiled = HubSpotProvider({"sandbox": False}).compile(defs).resources
    options = compiled[rid(PROPERTY, "companies/contract_tier")].attributes["options"]
    assert [(o["value"], o["display_order"]) for o in options] == [  # type: ignore[index,union-attr]
        ("a", 3),  # a tie keeps the order written
        ("c", 3),
        ("b", 7),
        ("late", -1),
    ]
