"""`revops diff`'s words, one row per kind and attribute: (kind, base doc, head doc, the
sentences expected). The documents are small, but shaped as the loader gives them."""

from __future__ import annotations

from typing import Any

import pytest

from revops_as_code.agreement_diff import Document, diff_documents

STAGES = [
    {"key": "discovery", "label": "Discovery", "probability": 10, "forecast_category": "pipeline"},
    {"key": "demo", "label": "Demo", "probability": 30, "forecast_category": "pipeline"},
    {"key": "won", "label": "Won", "probability": 100, "outcome": "won"},
]
OPTIONS = [{"key": "ppc", "label": "PPC"}, {"key": "webinar", "label": "Webinar"}]
TIER = {
    "key": "tier_1",
    "label": "Tier 1",
    "criteria": {
        "all": [
            {"field": "employee_count", "op": "gte", "value": 500},
            {"fact": "engaged_contacts_30d", "op": "gte", "value": 3},
        ]
    },
}


def pipeline(**over: Any) -> dict[str, Any]:
    return {
        "kind": "Pipeline",
        "key": "new_business",
        "label": "New business",
        "stages": STAGES,
        **over,
    }


def standard(options: list[dict[str, Any]] = OPTIONS, **field: Any) -> dict[str, Any]:
    lead_source = {
        "key": "lead_source",
        "label": "Lead source",
        "type": "enum",
        "options": options,
        **field,
    }
    return {"kind": "FieldStandard", "object": "contact", "fields": [lead_source]}


def icp(tier: dict[str, Any] = TIER, **over: Any) -> dict[str, Any]:
    return {"kind": "ICP", "key": "main", "tiers": [tier], "default_tier": "not_icp", **over}


def sla(**over: Any) -> dict[str, Any]:
    base = {
        "kind": "HandoffSLA",
        "key": "mqa_followup",
        "within": {"amount": 2, "unit": "business_days"},
        "target_percent": 100,
        "calendar": {"timezone": "America/New_York", "working_days": ["mon", "tue", "wed"]},
        "escalation": {"owner": "sales_manager", "notify": ["revops"]},
    }
    return {**base, **over}


def lifecycle(**over: Any) -> dict[str, Any]:
    stages = [
        {"key": "lead", "label": "Lead"},
        {
            "key": "mqa",
            "label": "MQA",
            "entry_criteria": {"field": "icp_tier", "op": "in", "value": ["tier_1"]},
        },
    ]
    return {
        "kind": "Lifecycle",
        "key": "buyer_journey",
        "stages": stages,
        "allow_backward": False,
        **over,
    }


def _with_stage(key: str, **over: Any) -> list[dict[str, Any]]:
    return [{**s, **over} if s["key"] == key else s for s in STAGES]


ROWS: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None, list[str]]] = [
    # Pipeline
    (
        "pipeline label",
        pipeline(),
        pipeline(label="New logos"),
        ["pipeline new_business: label New business → New logos"],
    ),
    (
        "stage removed",
        pipeline(),
        pipeline(stages=[STAGES[0], STAGES[2]]),
        [
            "pipeline new_business: stage demo removed (deals still in it need another stage; the stages beside it are discovery and won)"
        ],
    ),
    (
        "stage added",
        pipeline(stages=[STAGES[0], STAGES[2]]),
        pipeline(),
        ["pipeline new_business: stage demo added"],
    ),
    (
        "stage probability",
        pipeline(),
        pipeline(stages=_with_stage("demo", probability=40)),
        ["pipeline new_business: stage demo › probability 30 → 40"],
    ),
    (
        "stage outcome",
        pipeline(),
        pipeline(stages=_with_stage("won", outcome="lost")),
        ["pipeline new_business: stage won › outcome won → lost"],
    ),
    (
        "stage max days set",
        pipeline(),
        pipeline(stages=_with_stage("demo", max_days_in_stage=30)),
        ["pipeline new_business: stage demo › max_days_in_stage set to 30"],
    ),
    (
        "exit criteria field required",
        pipeline(stages=_with_stage("demo", exit_criteria={"required_fields": ["amount"]})),
        pipeline(
            stages=_with_stage("demo", exit_criteria={"required_fields": ["amount", "close_date"]})
        ),
        ["pipeline new_business: stage demo › exit_criteria › required_fields + close_date"],
    ),
    (
        "stages reordered",
        pipeline(),
        pipeline(stages=[STAGES[1], STAGES[0], STAGES[2]]),
        ["pipeline new_business: stage order discovery, demo, won → demo, discovery, won"],
    ),
    # FieldStandard
    (
        "option deprecated",
        standard(),
        standard([{**OPTIONS[0], "deprecated": True}, OPTIONS[1]]),
        ["field contact.lead_source: option ppc deprecated"],
    ),
    (
        "option hidden",
        standard(),
        standard([{**OPTIONS[0], "hidden": True}, OPTIONS[1]]),
        ["field contact.lead_source: option ppc hidden (kept on records, no longer offered)"],
    ),
    (
        "option removed",
        standard(),
        standard([OPTIONS[1]]),
        ["field contact.lead_source: option ppc removed"],
    ),
    (
        "option added",
        standard([OPTIONS[1]]),
        standard(),
        ["field contact.lead_source: option ppc added"],
    ),
    (
        "option relabelled",
        standard(),
        standard([{"key": "ppc", "label": "Paid search"}, OPTIONS[1]]),
        ["field contact.lead_source: option ppc › label PPC → Paid search"],
    ),
    (
        "field type",
        standard(),
        standard(type="multi_enum"),
        ["field contact.lead_source: type enum → multi_enum"],
    ),
    ("field pii", standard(), standard(pii=True), ["field contact.lead_source: pii set to yes"]),
    (
        "field added",
        {"kind": "FieldStandard", "object": "contact", "fields": []},
        standard(),
        ["field standard contact: field lead_source added"],
    ),
    # ICP
    (
        "tier threshold",
        icp(),
        icp(
            {
                **TIER,
                "criteria": {
                    "all": [
                        {"field": "employee_count", "op": "gte", "value": 1000},
                        TIER["criteria"]["all"][1],
                    ]
                },
            }
        ),
        ["ICP main: tier tier_1 › criteria employee_count ≥ 500 → ≥ 1,000"],
    ),
    (
        "tier condition added",
        icp(),
        icp(
            {
                **TIER,
                "criteria": {
                    "all": [
                        *TIER["criteria"]["all"],
                        {"field": "target_account", "op": "eq", "value": True},
                    ]
                },
            }
        ),
        ["ICP main: tier tier_1 › criteria condition target_account = yes added"],
    ),
    (
        "tier condition removed",
        icp(),
        icp({**TIER, "criteria": {"all": TIER["criteria"]["all"][:1]}}),
        ["ICP main: tier tier_1 › criteria condition engaged_contacts_30d ≥ 3 removed"],
    ),
    (
        "default tier",
        icp(),
        icp(default_tier="tier_3"),
        ["ICP main: default_tier not_icp → tier_3"],
    ),
    # HandoffSLA
    (
        "sla within",
        sla(),
        sla(within={"amount": 3, "unit": "business_days"}),
        ["SLA mqa_followup: within 2 → 3 business days"],
    ),
    (
        "sla unit",
        sla(),
        sla(within={"amount": 16, "unit": "business_hours"}),
        ["SLA mqa_followup: within 2 business days → 16 business hours"],
    ),
    ("sla target", sla(), sla(target_percent=90), ["SLA mqa_followup: target_percent 100 → 90"]),
    (
        "sla calendar",
        sla(),
        sla(calendar={"timezone": "Europe/Berlin", "working_days": ["mon", "tue", "wed", "thu"]}),
        [
            "SLA mqa_followup: calendar › timezone America/New_York → Europe/Berlin",
            "SLA mqa_followup: calendar › working_days + thu",
        ],
    ),
    (
        "sla escalation",
        sla(),
        sla(escalation={"owner": "vp_sales", "notify": []}),
        [
            "SLA mqa_followup: escalation › owner sales_manager → vp_sales",
            "SLA mqa_followup: escalation › notify − revops",
        ],
    ),
    # Lifecycle
    (
        "lifecycle backward",
        lifecycle(),
        lifecycle(allow_backward=True),
        ["lifecycle buyer_journey: allow_backward no → yes"],
    ),
    (
        "lifecycle entry criteria",
        lifecycle(),
        lifecycle(
            stages=[
                {"key": "lead", "label": "Lead"},
                {
                    "key": "mqa",
                    "label": "MQA",
                    "entry_criteria": {
                        "field": "icp_tier",
                        "op": "in",
                        "value": ["tier_1", "tier_2"],
                    },
                },
            ]
        ),
        [
            "lifecycle buyer_journey: stage mqa › entry_criteria icp_tier in [tier_1] → in [tier_1, tier_2]"
        ],
    ),
    # Whole documents
    ("document added", None, sla(), ["SLA mqa_followup: added"]),
    ("document removed", sla(), None, ["SLA mqa_followup: removed"]),
    ("no change", sla(), sla(), []),
]


@pytest.mark.parametrize(("name", "base", "head", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_each_change_in_words(
    name: str, base: dict[str, Any] | None, head: dict[str, Any] | None, expected: list[str]
) -> None:
    before = [Document(base, "a.yaml")] if base else []
    after = [Document(head, "a.yaml")] if head else []
    assert [c.text for c in diff_documents(before, after)] == expected


def test_every_kind_is_in_the_table() -> None:
    kinds = {(r[1] or r[2] or {})["kind"] for r in ROWS}
    assert kinds == {"Pipeline", "FieldStandard", "ICP", "HandoffSLA", "Lifecycle"}


def test_changes_carry_data_for_json() -> None:
    (change,) = diff_documents(
        [Document(sla(), "s.yaml")], [Document(sla(target_percent=90), "s.yaml")]
    )
    assert change.to_json() == {
        "address": "handoff_sla/mqa_followup",
        "document": "SLA mqa_followup",
        "path": ["target_percent"],
        "change": "changed",
        "before": 100,
        "after": 90,
        "text": "SLA mqa_followup: target_percent 100 → 90",
        "file": "s.yaml",
    }


@pytest.mark.parametrize(
    ("row", "address"),
    [
        ("stage removed", "pipeline/new_business/stage/demo"),
        ("stage probability", "pipeline/new_business/stage/demo"),
        ("pipeline label", "pipeline/new_business"),
        ("option deprecated", "field/contact/lead_source"),
        ("field added", "field/contact/lead_source"),
        ("tier threshold", "icp/main/tier/tier_1"),
        ("lifecycle entry criteria", "lifecycle/buyer_journey/stage/mqa"),
        ("document added", "handoff_sla/mqa_followup"),
    ],
)
def test_each_change_names_its_definition_address(row: str, address: str) -> None:
    _, base, head, _ = next(r for r in ROWS if r[0] == row)
    before = [Document(base, "a.yaml")] if base else []
    after = [Document(head, "a.yaml")] if head else []
    assert [c.address for c in diff_documents(before, after)] == [address]
