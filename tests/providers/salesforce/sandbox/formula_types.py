"""Types and helpers the formula tests share (test_formula.py, test_formula_evaluate.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from revops_as_code.providers.salesforce.sandbox.formula import (
    FormulaError,
    check,
    evaluate,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
TYPES = {
    "stagename": "Picklist",
    "amount": "Currency",
    "probability": "Percent",
    "quantity__c": "Number",
    "closedate": "Date",
    "lastmodifieddate": "DateTime",
    "name": "Text",
    "nextstep": "Text",
    "isclosed": "Checkbox",
    "target_account__c": "Checkbox",
    "segments__c": "MultiselectPicklist",
    "account.icp_tier__c": "Picklist",
    "account.numberofemployees": "Number",
    "recordtype.developername": "Text",
    "decision_maker__c": "Lookup",
}


def field_type(path: str) -> str | None:
    return TYPES.get(path.lower())


def refused(formula: str) -> str:
    with pytest.raises(FormulaError) as caught:
        check(formula, field_type)
    return caught.value.message


def run(
    formula: str,
    record: dict[str, Any],
    *,
    prior: dict[str, Any] | None = None,
    is_new: bool = False,
) -> Any:
    def getter(values: dict[str, Any]) -> Any:
        lowered = {k.lower(): v for k, v in values.items()}
        return lambda path: lowered.get(path.lower())

    return evaluate(
        formula,
        getter(record),
        prior=None if prior is None else getter(prior),
        is_new=is_new,
        field_type=field_type,
        now=NOW,
    )
