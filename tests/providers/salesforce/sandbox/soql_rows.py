"""Rows and helpers the SOQL tests share (test_soql.py, test_soql_results.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from revops_as_code.providers.salesforce.sandbox.soql import (
    QueryResult,
    SoqlError,
    execute,
    parse,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)

ROWS: list[dict[str, Any]] = [
    {
        "Id": "006000000000001AAA",
        "Name": "Acme renewal",
        "Amount": 5000,
        "StageName": "Demo",
        "CloseDate": "2026-03-15",
        "IsClosed": False,
        "Segments__c": "SMB;EMEA",
        "LastModifiedDate": "2026-03-15T09:30:00.000+0000",
        "LastModifiedBy": {"Name": "Priya Shah"},
        "Account": {"Name": "Acme", "ICP_Tier__c": "Tier 1"},
    },
    {
        "Id": "006000000000002AAA",
        "Name": "beta expansion",
        "Amount": None,
        "StageName": "Demo",
        "CloseDate": None,
        "IsClosed": False,
        "Segments__c": "Enterprise",
        "LastModifiedDate": "2026-03-10T23:59:00.000+0000",
        "LastModifiedBy": {"Name": "Dana Admin"},
        "Account": None,
    },
    {
        "Id": "006000000000003AAA",
        "Name": "Gamma 100% deal",
        "Amount": 120000.5,
        "StageName": "Closed Won",
        "CloseDate": "2026-02-28",
        "IsClosed": True,
        "Segments__c": None,
        "LastModifiedDate": "2026-02-01T00:00:00.000+0000",
        "LastModifiedBy": {"Name": "Integration User"},
        "Account": {"Name": "Gamma", "ICP_Tier__c": None},
    },
    {
        "Id": "006000000000004AAA",
        "Name": "delta_new",
        "Amount": 0,
        "StageName": "Prospecting",
        "CloseDate": "2026-04-02",
        "IsClosed": False,
        "Segments__c": "SMB",
        "LastModifiedDate": "2026-03-14T12:00:00.000+0000",
        "LastModifiedBy": {"Name": "Priya Shah"},
        "Account": {"Name": "acme", "ICP_Tier__c": "T1"},
    },
]

TYPES = {
    "amount": "Currency",
    "closedate": "Date",
    "isclosed": "Checkbox",
    "name": "Text",
    "stagename": "Picklist",
    "segments__c": "MultiselectPicklist",
    "id": "Id",
    "lastmodifieddate": "DateTime",
    "account.name": "Text",
}


def run(text: str, rows: list[dict[str, Any]] | None = None, **kw: Any) -> QueryResult:
    kw.setdefault("field_type", lambda path: TYPES.get(path.lower()))
    return execute(parse(text), ROWS if rows is None else rows, now=NOW, **kw)


def names(text: str) -> list[str]:
    return [r["Name"] for r in run(text).records]


def refused(text: str, **kw: Any) -> SoqlError:
    with pytest.raises(SoqlError) as caught:
        run(text, **kw)
    return caught.value
