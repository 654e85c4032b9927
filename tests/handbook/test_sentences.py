"""Every criterion operator and every SLA shape reads as a grammatical English sentence.

Table tests: each row is a condition (or an SLA) and the exact sentence a VP of Sales
reads in the handbook. A new operator in the condition language fails
`test_every_operator_has_a_row` until it has a sentence here.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest

from revops_as_code.handbook.sentences import Speaker, duration, humanize, join, number
from revops_as_code.models import Condition, Definitions, HandoffSLA
from revops_as_code.models.conditions import Operator
from revops_as_code.models.pipeline import ExitCriteria

LEAVES: list[tuple[dict[str, Any], str]] = [
    ({"field": "employee_count", "op": "eq", "value": 500}, "The number of employees is 500."),
    ({"field": "industry", "op": "neq", "value": "internet"}, "The industry is not Internet."),
    (
        {"field": "employee_count", "op": "gt", "value": 1000},
        "The number of employees is more than 1,000.",
    ),
    (
        {"field": "employee_count", "op": "gte", "value": 500},
        "The number of employees is at least 500.",
    ),
    (
        {"field": "employee_count", "op": "lt", "value": 50},
        "The number of employees is less than 50.",
    ),
    (
        {"field": "employee_count", "op": "lte", "value": 12.5},
        "The number of employees is at most 12.5.",
    ),
    (
        {"field": "founded_on", "op": "gt", "value": "2020-01-01"},
        "The founding date is after “2020-01-01”.",
    ),
    (
        {"field": "founded_on", "op": "gte", "value": "2020-01-01"},
        "The founding date is on or after “2020-01-01”.",
    ),
    (
        {"field": "founded_on", "op": "lt", "value": "2020-01-01"},
        "The founding date is before “2020-01-01”.",
    ),
    (
        {"field": "founded_on", "op": "lte", "value": "2020-01-01"},
        "The founding date is on or before “2020-01-01”.",
    ),
    (
        {"field": "industry", "op": "in", "value": ["COMPUTER_SOFTWARE", "internet", "security"]},
        "The industry is one of Software, Internet, or Network security.",
    ),
    ({"field": "industry", "op": "in", "value": ["internet"]}, "The industry is Internet."),
    (
        {"field": "industry", "op": "in", "value": ["software", "internet"]},
        "The industry is either Software or Internet.",
    ),
    (
        {"field": "industry", "op": "not_in", "value": ["software", "internet"]},
        "The industry is neither Software nor Internet.",
    ),
    ({"field": "industry", "op": "not_in", "value": ["internet"]}, "The industry is not Internet."),
    ({"field": "website", "op": "contains", "value": ".io"}, "The website contains “.io”."),
    (
        {"field": "tags", "op": "contains_any", "value": ["partner", "reseller"]},
        "At least one of Partner or Reseller is selected in the tags.",
    ),
    (
        {"field": "tags", "op": "contains_all", "value": ["partner", "reseller"]},
        "Partner and Reseller are all selected in the tags.",
    ),
    (
        {"field": "industry", "op": "not_in", "value": ["software", "internet", "security"]},
        "The industry is none of Software, Internet, or Network security.",
    ),
    ({"field": "tags", "op": "contains", "value": "partner"}, "Partner is selected in the tags."),
    (
        {"field": "tags", "op": "contains_any", "value": ["partner"]},
        "Partner is selected in the tags.",
    ),
    ({"field": "website", "op": "is_set"}, "The website is filled in."),
    ({"field": "website", "op": "is_not_set"}, "The website is empty."),
    (
        {"field": "last_seen_at", "op": "within_last", "value": "30d"},
        "The last visit is within the past 30 days.",
    ),
    (
        {"field": "last_seen_at", "op": "within_last", "value": "1w"},
        "The last visit is within the past 1 week.",
    ),
    (
        {"field": "last_seen_at", "op": "not_within_last", "value": "48h"},
        "The last visit is not within the past 48 hours.",
    ),
    ({"field": "target_account", "op": "eq", "value": True}, "The target account is checked."),
    ({"field": "target_account", "op": "eq", "value": False}, "The target account is not checked."),
    ({"field": "target_account", "op": "neq", "value": True}, "The target account is not checked."),
    ({"field": "win_rate", "op": "gte", "value": 25}, "The win rate is at least 25%."),
    ({"field": "icp_tier", "op": "eq", "value": "tier_1"}, "The ICP tier is Tier 1."),
    (
        {"fact": "engaged_contacts_30d", "op": "gte", "value": 3},
        "The number of engaged contacts in the past 30 days is at least 3.",
    ),
]


@pytest.mark.parametrize(
    ("data", "expected"), LEAVES, ids=[f"{d['op']}-{i}" for i, (d, _) in enumerate(LEAVES)]
)
def test_each_operator_reads_as_a_sentence(
    vocabulary: Definitions, data: dict[str, Any], expected: str
) -> None:
    condition = Condition.model_validate(data)
    assert Speaker(vocabulary).sentence(condition, "company") == expected


def test_every_operator_has_a_row() -> None:
    covered = {data["op"] for data, _ in LEAVES}
    assert set(get_args(Operator)) <= covered, set(get_args(Operator)) - covered


def test_a_field_of_another_object_says_whose() -> None:
    speaker = Speaker(None)
    condition = Condition.model_validate(
        {"field": "field/company/employee_count", "op": "gte", "value": 500}
    )
    assert speaker.sentence(condition, "contact") == "The company's employee count is at least 500."


GROUPS: list[tuple[dict[str, Any], str]] = [
    (
        {
            "all": [
                {"field": "target_account", "op": "eq", "value": True},
                {"field": "employee_count", "op": "gte", "value": 500},
            ]
        },
        "The target account is checked and the number of employees is at least 500.",
    ),
    (
        {
            "all": [
                {"field": "employee_count", "op": "gte", "value": 500},
                {"field": "industry", "op": "in", "value": ["software"]},
                {"field": "target_account", "op": "eq", "value": True},
                {"fact": "engaged_contacts_30d", "op": "gte", "value": 3},
            ]
        },
        "The number of employees is at least 500, the industry is Software, the target account "
        "is checked, and the number of engaged contacts in the past 30 days is at least 3.",
    ),
    (
        {
            "any": [
                {"field": "target_account", "op": "eq", "value": True},
                {
                    "all": [
                        {"field": "employee_count", "op": "gte", "value": 500},
                        {"field": "industry", "op": "in", "value": ["software", "internet"]},
                    ]
                },
            ]
        },
        "The target account is checked, or both the number of employees is at least 500 and the "
        "industry is either Software or Internet.",
    ),
    (
        {
            "all": [
                {"field": "website", "op": "is_set"},
                {
                    "any": [
                        {"field": "win_rate", "op": "gt", "value": 10},
                        {"field": "employee_count", "op": "gt", "value": 10},
                        {"field": "tags", "op": "contains", "value": "partner"},
                    ]
                },
            ]
        },
        "The website is filled in, and either the win rate is more than 10%, the number of "
        "employees is more than 10, or Partner is selected in the tags.",
    ),
    (
        {
            "any": [
                {
                    "all": [
                        {"field": "website", "op": "is_set"},
                        {"field": "email", "op": "is_set"},
                        {"field": "win_rate", "op": "is_set"},
                    ]
                },
                {"field": "website", "op": "is_not_set"},
            ]
        },
        "All of: the website is filled in, the email is filled in, and the win rate is filled "
        "in, or the website is empty.",
    ),
    ({"all": [{"field": "website", "op": "is_set"}]}, "The website is filled in."),
]


@pytest.mark.parametrize(("data", "expected"), GROUPS)
def test_groups_join_with_and_or_and_announce_nesting(
    vocabulary: Definitions, data: dict[str, Any], expected: str
) -> None:
    assert Speaker(vocabulary).sentence(Condition.model_validate(data), "company") == expected


def test_a_top_level_all_splits_into_one_sentence_per_item(vocabulary: Definitions) -> None:
    condition = Condition.model_validate(GROUPS[0][0])
    assert Speaker(vocabulary).clauses(condition, "company") == [
        "The target account is checked.",
        "The number of employees is at least 500.",
    ]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"required_fields": ["amount"]}, ["The amount is filled in."]),
        (
            {"required_fields": ["amount", "close_date"]},
            ["The amount and the close date are filled in."],
        ),
        (
            {
                "required_fields": ["amount"],
                "conditions": [{"field": "amount", "op": "gte", "value": 50000}],
            },
            ["The amount is filled in.", "The amount is at least 50,000."],
        ),
        ({}, []),
    ],
)
def test_exit_criteria(
    vocabulary: Definitions, criteria: dict[str, Any], expected: list[str]
) -> None:
    assert (
        Speaker(vocabulary).exit_criteria(ExitCriteria.model_validate(criteria), "deal") == expected
    )


def _sla(**changes: Any) -> HandoffSLA:
    data: dict[str, Any] = {
        "apiVersion": "revops.dev/v1",
        "kind": "HandoffSLA",
        "key": "k",
        "label": "l",
        "trigger": "lifecycle/mqa",
        "from_team": "marketing",
        "to_team": "sales",
        "action": "first_touch",
        "within": {"amount": 2, "unit": "business_days"},
        "calendar": {"timezone": "Europe/Berlin", "holiday_country": "DE"},
        "target_percent": 100,
        "escalation": {"owner": "sales_manager"},
    }
    data.update(changes)
    return HandoffSLA.model_validate({k: v for k, v in data.items() if v is not None})


SLAS: list[tuple[dict[str, Any], str]] = [
    (
        {},
        "Sales follows up on 100% of contacts that reach Marketing qualified account within 2 "
        "business days (Europe/Berlin, DE public holidays), escalating to the sales manager.",
    ),
    (
        {"escalation": {"owner": "sales_manager", "notify": ["revops", "marketing"]}},
        "Sales follows up on 100% of contacts that reach Marketing qualified account within 2 "
        "business days (Europe/Berlin, DE public holidays), escalating to the sales manager and "
        "notifying RevOps and Marketing.",
    ),
    (
        {"escalation": None, "within": {"amount": 1, "unit": "business_days"}},
        "Sales follows up on 100% of contacts that reach Marketing qualified account within 1 "
        "business day (Europe/Berlin, DE public holidays).",
    ),
    (
        {
            "within": {"amount": 4, "unit": "business_hours"},
            "target_percent": 95.5,
            "escalation": None,
            "calendar": {
                "timezone": "America/New_York",
                "holiday_country": "US",
                "holiday_subdivision": "NY",
            },
        },
        "Sales follows up on 95.5% of contacts that reach Marketing qualified account within 4 "
        "business hours (America/New_York, US-NY public holidays).",
    ),
    (
        {"within": {"amount": 24, "unit": "calendar_hours"}, "calendar": None, "escalation": None},
        "Sales follows up on 100% of contacts that reach Marketing qualified account within 24 "
        "calendar hours.",
    ),
    (
        {"calendar": {"timezone": "Europe/Berlin"}, "escalation": None},
        "Sales follows up on 100% of contacts that reach Marketing qualified account within 2 "
        "business days (Europe/Berlin).",
    ),
    (
        {
            "trigger": "pipeline/new_business/stage/won",
            "from_team": "sales",
            "to_team": "customer_success",
            "action": "meeting_booked",
            "target_percent": 95,
            "escalation": {"owner": "cs_manager"},
        },
        "Customer success books a meeting for 95% of deals that enter Closed won in New business "
        "within 2 business days (Europe/Berlin, DE public holidays), escalating to the CS manager.",
    ),
    (
        {
            "trigger": "lifecycle/sql",
            "action": "stage_change",
            "until_stage": "lifecycle/opportunity",
            "escalation": None,
        },
        "Sales moves 100% of contacts that reach Sales qualified lead to Opportunity within 2 "
        "business days (Europe/Berlin, DE public holidays).",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), SLAS)
def test_each_sla_shape_reads_as_a_sentence(
    vocabulary: Definitions, changes: dict[str, Any], expected: str
) -> None:
    assert Speaker(vocabulary).sla(_sla(**changes)) == expected


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        (
            {"timezone": "Europe/Berlin", "holiday_country": "DE"},
            "Business time is Monday to Friday, 09:00–17:00 Europe/Berlin time, except DE public holidays.",
        ),
        (
            {
                "timezone": "America/New_York",
                "working_days": ["mon", "wed", "fri"],
                "working_hours": {"start": "08:00", "end": "16:30"},
                "closed_dates": ["2026-12-31"],
            },
            "Business time is Monday, Wednesday, and Friday, 08:00–16:30 America/New_York time, "
            "except 1 company closed day.",
        ),
        (
            {
                "timezone": "UTC",
                "working_days": ["sun", "mon", "tue", "wed", "thu"],
                "holiday_country": "IL",
                "closed_dates": ["2026-12-30", "2026-12-31"],
            },
            "Business time is Sunday to Thursday, 09:00–17:00 UTC "
            "time, except IL public holidays and 2 company closed days.",
        ),
    ],
)
def test_calendar_sentence(calendar: dict[str, Any], expected: str) -> None:
    assert Speaker.calendar(_sla(calendar=calendar)) == expected


def test_no_calendar_no_sentence() -> None:
    assert (
        Speaker.calendar(_sla(calendar=None, within={"amount": 3, "unit": "calendar_hours"}))
        is None
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("customer_success", "Customer success"),
        ("revops", "RevOps"),
        ("cs_manager", "CS manager"),
        ("COMPUTER_SOFTWARE", "Computer software"),
        ("sales", "Sales"),
    ],
)
def test_humanize(key: str, expected: str) -> None:
    assert humanize(key) == expected


def test_small_helpers() -> None:
    assert join([]) == "" and join(["a"]) == "a" and join(["a", "b"], "or") == "a or b"
    assert join(["a", "b", "c"]) == "a, b, and c"
    assert number(50000) == "50,000" and number(12.5) == "12.5" and number(3.0) == "3"
    assert duration("1d") == "1 day" and duration("2w") == "2 weeks" and duration("1h") == "1 hour"
