"""The documented plan JSON schema matches what `plan.io` writes (docs/plan-json.md)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from revops_as_code.plan.io import plan_to_dict
from revops_as_code.plan.schema import PLAN_JSON_SCHEMA
from revops_as_code.resources import Resource

from .core_factories import plan_of
from .test_diff_properties import resource_set
from .test_render import golden_plan

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


def _properties(schema: dict[str, object]) -> set[str]:
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert set(schema["required"]) == set(properties)  # type: ignore[arg-type]
    return set(properties)


def test_schema_names_exactly_what_plan_io_writes() -> None:
    """Every field the writer emits is described and required, and the schema names no field
    the writer does not emit (top level, changes, attribute changes, groups, adoptions)."""
    data = plan_to_dict(golden_plan())
    defs = PLAN_JSON_SCHEMA["$defs"]
    assert set(data) == _properties(PLAN_JSON_SCHEMA)
    assert set(data["state"]) == _properties(PLAN_JSON_SCHEMA["properties"]["state"])
    assert set(data["summary"]) == _properties(PLAN_JSON_SCHEMA["properties"]["summary"])
    for name, items in [
        ("change", data["changes"]),
        ("attribute_change", [ac for c in data["changes"] for ac in c["attribute_changes"]]),
        ("group", data["groups"]),
        ("adoption", data["adoptions"]),
        ("finding", data["findings"]),
        ("diagnostic", data["diagnostics"]),
    ]:
        assert items, name  # the golden plan has one of each
        for item in items:
            assert set(item) == _properties(defs[name]), name
    shown = data["display"]["mem"]["stage"]["probability"]
    assert set(shown) == _properties(defs["display"])


def test_schema_rejects_a_wrong_action() -> None:
    data = json.loads((GOLDEN / "plan.json").read_text(encoding="utf-8"))
    data["changes"][0]["action"] = "nuke"
    assert not VALIDATOR.is_valid(data)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.pop("targets"),
        lambda d: d.__setitem__("provider", "mem") or d.pop("targets"),  # a format 1 plan
        lambda d: d.__setitem__("format_version", 1),
        lambda d: d["changes"][0].pop("origin"),
        lambda d: d["groups"][0].__setitem__("members", []),
        lambda d: d["adoptions"][0].__setitem__("resource", "no-slashes"),
        lambda d: d["forgets"].append("mem/field"),
        lambda d: d["protection"].__setitem__("mem/field/a", "yes"),
        lambda d: d["summary"].pop("adopt"),
        lambda d: d.__setitem__("digest", "not-a-sha256"),
    ],
)
def test_schema_rejects_what_plan_io_would_not_write(edit: object) -> None:
    data = json.loads((GOLDEN / "plan.json").read_text(encoding="utf-8"))
    assert VALIDATOR.is_valid(data)
    edit(data)  # type: ignore[operator]
    assert not VALIDATOR.is_valid(data)


def test_docs_name_every_top_level_field() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "plan-json.md").read_text()
    for field in PLAN_JSON_SCHEMA["required"]:
        assert f"`{field}" in docs, field
