"""The definition models: strict structure, the condition language, references, accessors."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pydantic
import pytest

from revops_as_code.models import (
    API_VERSION,
    ICP,
    KINDS,
    Condition,
    Definitions,
    FieldStandard,
    HandoffSLA,
    Lifecycle,
    Pipeline,
    refs,
)
from revops_as_code.validation import validate_path

ROOT = Path(__file__).resolve().parents[2]


def _errors(model: type[pydantic.BaseModel], data: Any) -> list[tuple[tuple[Any, ...], str]]:
    try:
        model.model_validate(data)
    except pydantic.ValidationError as exc:
        return [(tuple(e["loc"]), e["type"]) for e in exc.errors()]
    return []


def test_kinds_contract() -> None:
    assert API_VERSION == "revops.dev/v1"
    assert set(KINDS) == {"FieldStandard", "Pipeline", "Lifecycle", "ICP", "HandoffSLA"}
    for kind, model in KINDS.items():
        assert model.model_config.get("frozen") is True
        assert model.model_config.get("extra") == "forbid"
        assert model.model_fields["api_version"].alias == "apiVersion"
        assert model.model_fields["kind"].annotation.__args__ == (kind,)  # type: ignore[union-attr]


def _nested_models(annotation: Any) -> list[type[pydantic.BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested_models(arg)]


def test_every_field_of_every_model_is_documented() -> None:
    seen: set[type[pydantic.BaseModel]] = set()
    todo = list(KINDS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no attribute docstring"
            todo.extend(_nested_models(info.annotation))
    names = {m.__name__ for m in seen}
    assert {"Condition", "DerivedFact", "EnumOption", "Stage", "BusinessCalendar"} <= names


@pytest.mark.parametrize(
    ("condition", "ok"),
    [
        ({"field": "amount", "op": "gt", "value": 0}, True),
        ({"fact": "engaged_contacts_30d", "op": "gte", "value": 3}, True),
        ({"field": "email", "op": "is_set"}, True),
        ({"all": [{"any": [{"field": "a", "op": "is_set"}]}]}, True),
        ({"field": "a"}, False),
        ({"op": "eq", "value": 1}, False),
        ({"field": "a", "fact": "b", "op": "eq", "value": 1}, False),
        ({"all": [{"field": "a", "op": "is_set"}], "any": [{"field": "a", "op": "is_set"}]}, False),
        ({"all": []}, False),
        ({"all": [{"field": "a", "op": "is_set"}], "op": "eq"}, False),
        ({"field": "a", "op": "eq", "value": None}, False),
        ({"field": "Amount", "op": "eq", "value": 1}, False),
        ({"field": "a", "op": "eq", "value": {"x": 1}}, False),
    ],
)
def test_condition_shapes(condition: dict[str, Any], ok: bool) -> None:
    assert (not _errors(Condition, condition)) is ok


def test_condition_leaves_depth_first() -> None:
    cond = Condition.model_validate(
        {"all": [{"field": "a", "op": "is_set"}, {"any": [{"fact": "f", "op": "gte", "value": 3}]}]}
    )
    assert [(c.field, c.fact) for c in cond.leaves()] == [("a", None), (None, "f")]


def test_scalars_are_strict_and_null_is_refused() -> None:
    base = {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": "deal",
        "fields": [{"key": "a", "label": "A", "type": "bool", "description": "d"}],
    }
    assert _errors(FieldStandard, base) == []
    bad_pii = {**base, "fields": [{**base["fields"][0], "pii": "yes"}]}  # type: ignore[dict-item]
    # (pydantic also reports the list as too short once its only item failed; the
    # pipeline drops that echo, see validation/model_errors.py)
    assert (("fields", 0, "pii"), "bool_type") in _errors(FieldStandard, bad_pii)
    null_desc = {**base, "description": None}
    assert _errors(FieldStandard, null_desc) == [(("description",), "value_error")]
    assert _errors(FieldStandard, {**base, "api_version": "revops.dev/v1"}) != []


def test_models_are_frozen() -> None:
    result = validate_path(ROOT / "definitions")
    assert result.definitions is not None
    pipeline = result.definitions.pipelines[0]
    with pytest.raises(pydantic.ValidationError):
        pipeline.label = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "subject", "expected"),
    [
        ("field/company/employee_count", None, ("field", "company", "employee_count")),
        ("employee_count", "company", ("field", "company", "employee_count")),
        ("pipeline/new_business/stage/demo", None, ("pipeline_stage", "new_business", "demo")),
        ("lifecycle/mqa", None, ("lifecycle_stage", "", "mqa")),
        ("lifecycle/buyer_journey/stage/mqa", None, ("lifecycle_stage", "buyer_journey", "mqa")),
        ("pipeline/renewal", None, ("pipeline", "", "renewal")),
        ("field/company", None, None),
        ("employee_count", None, None),
    ],
)
def test_reference_parsing(
    text: str, subject: str | None, expected: tuple[str, str, str] | None
) -> None:
    ref = refs.parse(text, subject=subject)
    assert (None if ref is None else (ref.type, ref.scope, ref.key)) == expected
    if ref is not None and "/" in text:
        assert str(ref) == text


def _bundled() -> Definitions:
    result = validate_path(ROOT / "definitions")
    assert result.ok and result.diagnostics == [], [d.format() for d in result.diagnostics]
    assert result.definitions is not None
    return result.definitions


def test_bundled_definitions_cover_the_demo_scenario() -> None:
    defs = _bundled()
    assert {s.object for s in defs.field_standards} == {"company", "contact", "deal"}
    employees = defs.field("field/company/employee_count")
    assert employees is not None and employees.api_name("hubspot") == "numberofemployees"
    assert employees.api_names["salesforce"] == "NumberOfEmployees"
    tier = defs.field("icp_tier", "company")
    assert tier is not None and [o.key for o in tier.options] == [
        "tier_1",
        "tier_2",
        "tier_3",
        "not_icp",
    ]
    probability = defs.field("field/deal/forecast_probability")
    assert probability is not None
    assert set(probability.supersedes) == {
        "close_probability",
        "win_probability_pct",
        "deal_likelihood",
    }
    source = defs.field("field/contact/lead_source")
    assert source is not None
    paid = next(o for o in source.options if o.key == "paid_search")
    assert set(paid.replaces) == {"ppc", "paid-search"}
    new_business = defs.pipeline("new_business")
    assert new_business is not None and new_business.api_ids == {"hubspot": "default"}
    stage_ids = {s.key: s.api_ids.get("hubspot") for s in new_business.stages}
    assert (
        stage_ids["discovery"] == "appointmentscheduled" and stage_ids["closed_won"] == "closedwon"
    )
    assert defs.pipeline("renewal") is not None and defs.pipeline("renewal").api_ids == {}  # type: ignore[union-attr]
    fact = defs.fact("fact/company/engaged_contacts_30d")
    assert (
        fact is not None and fact.related == "contact" and fact.stored_in == "engaged_contacts_30d"
    )


def test_bundled_mqa_standard_is_expressed_exactly() -> None:
    defs = _bundled()
    (lifecycle,) = defs.lifecycles
    mqa = lifecycle.stage("mqa")
    assert mqa is not None and mqa.entry_criteria is not None
    leaves = {(c.field or c.fact, c.op, c.value) for c in mqa.entry_criteria.leaves()}
    assert ("field/company/target_account", "eq", True) in leaves
    assert ("field/company/employee_count", "gte", 500) in leaves
    assert ("fact/company/engaged_contacts_30d", "gte", 3) in leaves
    assert mqa.entry_criteria.all is not None  # every part must hold
    (icp,) = defs.icps
    assert isinstance(icp, ICP) and icp.tiers[0].key == "tier_1"
    # Tier 1 is the same standard, written over the company itself.
    tier_1 = {(c.field or c.fact, c.op, c.value) for c in icp.tiers[0].criteria.leaves()}
    assert {
        (refs.qualify(str(k), "company", "fact" if k == "engaged_contacts_30d" else "field"), o, v)
        for k, o, v in tier_1
    } == leaves


def test_bundled_slas() -> None:
    defs = _bundled()
    slas = {s.key: s for s in defs.handoff_slas}
    mqa = slas["mqa_first_touch"]
    assert isinstance(mqa, HandoffSLA)
    assert (mqa.trigger, mqa.from_team, mqa.to_team, mqa.action) == (
        "lifecycle/mqa", "marketing", "sales", "first_touch",
    )  # fmt: skip
    assert (mqa.within.amount, mqa.within.unit, mqa.target_percent) == (2, "business_days", 100)
    assert mqa.calendar is not None and mqa.calendar.timezone == "America/New_York"
    assert mqa.calendar.holiday_country == "US" and mqa.escalation is not None
    kickoff = slas["onboarding_kickoff"]
    assert kickoff.trigger == "pipeline/new_business/stage/closed_won"
    assert (kickoff.to_team, kickoff.action, kickoff.within.amount) == (
        "customer_success",
        "meeting_booked",
        5,
    )


def test_definitions_accessors_keep_sources() -> None:
    defs = _bundled()
    assert len(defs.documents) == 9
    for doc in defs.documents:
        assert doc.source.location("").file.endswith(".yaml")
        assert defs.document_of(doc.model) is doc
    assert all(isinstance(p, Pipeline) for p in defs.pipelines)
    assert all(isinstance(lc, Lifecycle) for lc in defs.lifecycles)
    assert defs.field("field/company/nope") is None and defs.field("nonsense/x") is None
