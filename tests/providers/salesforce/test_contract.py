"""The shared provider contract suite, run against the Salesforce sandbox in-process (a fresh
org per test, seeded with the "empty" profile)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.providers.base import Provider, Scope
from revops_as_code.providers.salesforce.normalize import canonical, rid
from revops_as_code.resources import Resource
from revops_as_code.testing.contract import ProviderContract

pytest.importorskip("revops_as_code.providers.salesforce.sandbox.support", reason="sandbox")

from .provider_helpers import provider

TIER = rid("custom_field", "Account.Contract_Tier__c")
BUDGET = rid("custom_field", "Opportunity.Contract_Budget__c")
PROCESS = rid("business_process", "Opportunity.Contract Process")
RECORD_TYPE = rid("record_type", "Opportunity.Contract_Type")
RULE = rid("validation_rule", "Opportunity.Contract_Budget_Rule")


def _resource(r: Any, attrs: dict[str, Any], *depends_on: Any) -> Resource:
    return Resource(r, canonical(r.kind, attrs), depends_on=tuple(depends_on))


class TestSalesforceContract(ProviderContract):
    def make_provider(self, tmp_path: Path) -> Provider:
        return provider(tmp_path / "sandbox" / "salesforce.db")

    def desired_resources(self, provider: Provider) -> list[Resource]:
        live = provider.read_live(Scope(kinds=frozenset({"value_set"})))
        stages = live.resources.get(rid("value_set", "OpportunityStage"))
        assert stages is not None, "every org has OpportunityStage"
        values = [v["value"] for v in stages.attributes["values"]][:2]  # type: ignore[index, union-attr]
        return [
            _resource(
                TIER,
                {
                    "object": "Account",
                    "name": "Contract_Tier__c",
                    "label": "Contract tier",
                    "type": "Picklist",
                    "description": "A field the contract suite owns.",
                    "values": [
                        {"value": "gold", "label": "Gold", "default": False},
                        {"value": "silver", "label": "Silver", "default": False},
                    ],
                },
            ),
            _resource(
                BUDGET,
                {
                    "object": "Opportunity",
                    "name": "Contract_Budget__c",
                    "label": "Contract budget",
                    "type": "Currency",
                    "precision": 16,
                    "scale": 2,
                    "help_text": "What they can spend",
                },
            ),
            _resource(
                PROCESS,
                {
                    "object": "Opportunity",
                    "name": "Contract Process",
                    "description": "",
                    "active": True,
                    "values": [{"value": v, "default": i == 0} for i, v in enumerate(values)],
                },
            ),
            _resource(
                RECORD_TYPE,
                {
                    "object": "Opportunity",
                    "name": "Contract_Type",
                    "label": "Contract type",
                    "active": True,
                    "business_process": "Contract Process",
                },
                PROCESS,
            ),
            _resource(
                RULE,
                {
                    "object": "Opportunity",
                    "name": "Contract_Budget_Rule",
                    "active": True,
                    "formula": "ISBLANK(Contract_Budget__c)",
                    "message": "Enter the contract budget.",
                    "error_display_field": "Contract_Budget__c",
                },
                BUDGET,
            ),
        ]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        out = []
        for resource in resources:
            attrs = dict(resource.attributes)
            if resource.id == TIER:
                attrs["label"] = "Contract tier (renamed)"
                attrs["values"] = [
                    *attrs["values"],
                    {"value": "bronze", "label": "Bronze", "default": False},
                ]  # type: ignore[misc]
            if resource.id == RULE:
                attrs["formula"] = "Contract_Budget__c < 0"
            out.append(
                Resource(resource.id, canonical(resource.id.kind, attrs), resource.depends_on)
            )
        return out

    def provider_failing_with(self, status: int, tmp_path: Path) -> Provider:
        from revops_as_code.providers.salesforce.sandbox import FaultRule

        # Salesforce signals a spent allocation with 403 REQUEST_LIMIT_EXCEEDED, never 429:
        # that is the rate limit its sandbox answers with. The faults hit the API, not the
        # token endpoint (whose 5xx is retried with backoff on a real clock).
        if status == 429:
            fault = FaultRule(kind="limit", path="composite", times=0)
        else:
            fault = FaultRule(kind="status", status=status, path="composite", times=0)
        failing = provider(tmp_path / "failing" / "salesforce.db", faults=[fault])
        failing.client.max_retries = 0  # a 5xx read is retried with backoff; none here
        return failing

    def normalize(self, resource: Resource) -> Resource:
        return Resource(resource.id, canonical(resource.id.kind, resource.attributes))
