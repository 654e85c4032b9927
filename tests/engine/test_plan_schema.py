"""The documented plan JSON schema matches what `plan.io` writes (docs/plan-json.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from revops_as_code.plan.schema import PLAN_JSON_SCHEMA
from revops_as_code.resources import Resource

from .core_factories import plan_of
from .test_diff_properties import resource_set

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
VALIDATOR = jsonschema.Draft202012Validator(PLAN_JSON_SCHEMA)


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(PLAN_JSON_SCHEMA)


@pytest.mark.parametrize("name", ["plan.json", "plan_empty.json"])
def test_golden_plans_validate(name: str) -> None:
    VALIDATOR.validate(json.loads((GOLDEN / name).read_text(encoding="utf-8")))


@settings(max_examples=50, deadline=None)
@given(resource_set(), resource_set(live=True))
def test_every_built_plan_validates(b: list[Resource], live: list[Resource]) -> None:
    VALIDATOR.validate(json.loads(plan_of(b, live, owned_all=True).to_json()))


def test_schema_rejects_a_wrong_action() -> None:
    data = json.loads((GOLDEN / "plan.json").read_text(encoding="utf-8"))
    data["changes"][0]["action"] = "nuke"
    assert not VALIDATOR.is_valid(data)


def test_docs_name_every_top_level_field() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "plan-json.md").read_text()
    for field in PLAN_JSON_SCHEMA["required"]:
        assert f"`{field}" in docs, field
