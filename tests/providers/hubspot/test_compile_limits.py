"""HubSpot compile details: what the API cannot store is an error, what it cannot express a gap."""

from __future__ import annotations

from typing import Any

import pytest

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.hubspot.compile import compile_definitions

from .conftest import definitions


def _pipeline(probability: float) -> dict[str, Any]:
    return {
        "kind": "Pipeline",
        "key": "renewal",
        "label": "Renewal",
        "stages": [
            {"key": "negotiation", "label": "Negotiation", "probability": probability,
             "forecast_category": "best_case"},
            {"key": "won", "label": "Won", "probability": 100, "forecast_category": "closed",
             "outcome": "won"},
            {"key": "lost", "label": "Lost", "probability": 0, "forecast_category": "omitted",
             "outcome": "lost"},
        ],
    }  # fmt: skip


def test_a_probability_off_hubspots_ten_percent_steps_is_an_error_with_the_fix() -> None:
    result = compile_definitions(definitions(_pipeline(75)))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [d.code for d in errors] == ["HS205"]
    assert "renewal/negotiation" in errors[0].message and "75" in errors[0].message
    assert errors[0].hint == "use 70 or 80"


@pytest.mark.parametrize("probability", [0, 10, 70, 100])
def test_probabilities_in_ten_percent_steps_compile_to_hubspots_fraction(probability: int) -> None:
    result = compile_definitions(definitions(_pipeline(probability)))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    stage = next(r for r in result.resources if r.id.key == "deals/renewal/negotiation")
    assert stage.attributes["probability"] == probability / 100


def _owner_standard(system_defined: bool) -> dict[str, Any]:
    return {
        "kind": "FieldStandard",
        "object": "contact",
        "fields": [
            {"key": "owner", "label": "Owner", "type": "owner", "description": "Rep.",
             "system_defined": system_defined, "api_names": {"hubspot": "hubspot_owner_id"}},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(("system_defined", "warned"), [(True, False), (False, True)])
def test_only_an_owner_field_revops_creates_is_flagged_as_a_plain_select(
    system_defined: bool, warned: bool
) -> None:
    result = compile_definitions(definitions(_owner_standard(system_defined)))
    flagged = [d for d in result.diagnostics if "owner reference" in d.message]
    assert bool(flagged) is warned
