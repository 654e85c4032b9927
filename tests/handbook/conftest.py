"""Fixtures of the handbook suite: a small in-memory vocabulary for sentences, and the
frozen example project (tests/handbook/project/) for whole-site builds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from revops_as_code.loader import SourceDocument
from revops_as_code.models import KINDS, DefinitionDocument, Definitions
from revops_as_code.validation import validate_path

PROJECT = Path(__file__).resolve().parent / "project"


class _Nowhere:
    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        return (1, 1)


def _doc(data: dict[str, Any]) -> DefinitionDocument:
    model = KINDS[data["kind"]].model_validate(data)
    return DefinitionDocument(model, SourceDocument("mem.yaml", 0, data, _Nowhere()))


def _standard(
    obj: str, fields: list[dict[str, Any]], facts: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    return {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": obj,
        "fields": [{"description": "d", **f} for f in fields],
        "facts": list(facts),
    }


@pytest.fixture(scope="session")
def vocabulary() -> Definitions:
    """Fields of every type the sentences treat differently, a fact, a pipeline, a lifecycle."""
    company = _standard(
        "company",
        [
            {"key": "employee_count", "label": "Number of employees", "type": "number"},
            {"key": "target_account", "label": "Target account", "type": "bool"},
            {
                "key": "industry",
                "label": "Industry",
                "type": "enum",
                "options": [
                    {
                        "key": "software",
                        "label": "Software",
                        "api_names": {"hubspot": "COMPUTER_SOFTWARE"},
                    },
                    {"key": "internet", "label": "Internet"},
                    {"key": "security", "label": "Network security"},
                ],
            },
            {
                "key": "tags",
                "label": "Tags",
                "type": "multi_enum",
                "options": [
                    {"key": "partner", "label": "Partner"},
                    {"key": "reseller", "label": "Reseller"},
                ],
            },
            {"key": "founded_on", "label": "Founding date", "type": "date"},
            {"key": "last_seen_at", "label": "Last visit", "type": "datetime"},
            {"key": "website", "label": "Website", "type": "string"},
            {"key": "win_rate", "label": "Win rate", "type": "percent"},
            {"key": "icp_tier", "label": "ICP tier", "type": "enum"},
        ],
        [
            {
                "key": "engaged_contacts_30d",
                "label": "Engaged contacts in the past 30 days",
                "related": "contact",
            }
        ],
    )
    contact = _standard(
        "contact",
        [
            {"key": "email", "label": "Email", "type": "string", "pii": True},
            {"key": "lifecyclestage", "label": "Lifecycle stage", "type": "enum"},
        ],
    )
    deal = _standard(
        "deal",
        [
            {"key": "amount", "label": "Amount", "type": "currency"},
            {"key": "close_date", "label": "Close date", "type": "date"},
        ],
    )
    pipeline = {
        "apiVersion": "revops.dev/v1",
        "kind": "Pipeline",
        "key": "new_business",
        "label": "New business",
        "stages": [
            {"key": "demo", "label": "Demo", "probability": 30, "forecast_category": "pipeline"},
            {
                "key": "won",
                "label": "Closed won",
                "probability": 100,
                "forecast_category": "closed",
                "outcome": "won",
            },
        ],
    }
    lifecycle = {
        "apiVersion": "revops.dev/v1",
        "kind": "Lifecycle",
        "key": "buyer_journey",
        "label": "Buyer journey",
        "field": "lifecyclestage",
        "stages": [
            {"key": "mqa", "label": "Marketing qualified account"},
            {"key": "sql", "label": "Sales qualified lead"},
            {"key": "opportunity", "label": "Opportunity"},
        ],
    }
    return Definitions(tuple(_doc(d) for d in (company, contact, deal, pipeline, lifecycle)))


@pytest.fixture(scope="session")
def example() -> Definitions:
    return validate_path(PROJECT / "definitions").raise_for_errors()
