"""The shared provider contract suite, run against the Salesforce sandbox in-process (a fresh
org per test, seeded with the "empty" profile).

Two classes, because `revops import` expresses only part of what the provider manages:
- `TestSalesforceContract`: custom fields of several types on every kind of object (what
  import writes back as field standards): every contract test, import included;
- `TestSalesforceConfigContract`: a stage added to OpportunityStage (the value-set PATCH), a
  sales process, its record type, and a validation rule with the field it names: every
  contract test but import, which is skipped with the reason (revops writes validation rules
  from exit criteria and cannot read a formula back into criteria; a single hand-made sales
  process has no pipeline to be).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from revops_as_code.providers.base import Provider, Scope
from revops_as_code.providers.salesforce.normalize import canonical, rid
from revops_as_code.resources import Resource, ResourceId
from revops_as_code.testing.contract import ProviderContract

pytest.importorskip("revops_as_code.providers.salesforce.sandbox.support", reason="sandbox")

from .provider_helpers import provider

TIER = rid("custom_field", "Account.Contract_Tier__c")
BUDGET = rid("custom_field", "Opportunity.Contract_Budget__c")
LEAD_NOTES = rid("custom_field", "Lead.Contract_Notes__c")
CONTACT_NOTES = rid("custom_field", "Contact.Contract_Notes__c")
URGENT = rid("custom_field", "Case.Contract_Urgent__c")
STAGES = rid("value_set", "OpportunityStage")
PROCESS = rid("business_process", "Opportunity.Contract Process")
RECORD_TYPE = rid("record_type", "Opportunity.Contract_Type")
RULE = rid("validation_rule", "Opportunity.Contract_Budget_Rule")


def _resource(r: ResourceId, attrs: dict[str, Any], *depends_on: ResourceId) -> Resource:
    return Resource(r, canonical(r.kind, attrs), depends_on=tuple(depends_on))


def _notes(obj: str) -> dict[str, Any]:
    return {"object": obj, "name": "Contract_Notes__c", "label": "Contract notes",
            "type": "LongTextArea", "description": "What the contract says."}  # fmt: skip


BUDGET_FIELD = {
    "object": "Opportunity", "name": "Contract_Budget__c", "label": "Contract budget",
    "type": "Currency", "description": "What they can spend.",
}  # fmt: skip


class _Sandbox(ProviderContract):
    def make_provider(self, tmp_path: Path) -> Provider:
        return provider(tmp_path / "sandbox" / "salesforce.db")

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


class TestSalesforceContract(_Sandbox):
    def desired_resources(self, provider: Provider) -> list[Resource]:
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
                        {"value": "gold", "label": "Gold"},
                        {"value": "silver", "label": "Silver"},
                    ],
                },
            ),
            _resource(BUDGET, BUDGET_FIELD),
            _resource(LEAD_NOTES, _notes("Lead")),
            _resource(CONTACT_NOTES, _notes("Contact")),
            _resource(
                URGENT,
                {
                    "object": "Case",
                    "name": "Contract_Urgent__c",
                    "label": "Contract urgent",
                    "type": "Checkbox",
                    "description": "Escalate at once.",
                },
            ),
        ]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        out = []
        for resource in resources:
            attrs = dict(resource.attributes)
            if resource.id == TIER:
                attrs["label"] = "Contract tier (renamed)"
                attrs["values"] = [*attrs["values"], {"value": "bronze", "label": "Bronze"}]  # type: ignore[misc]
            if resource.id == BUDGET:
                attrs["description"] = "What they can spend, confirmed."
            out.append(
                Resource(resource.id, canonical(resource.id.kind, attrs), resource.depends_on)
            )
        return out


class TestSalesforceConfigContract(_Sandbox):
    def desired_resources(self, provider: Provider) -> list[Resource]:
        live = provider.read_live(Scope(ids=frozenset({STAGES})))
        stages = live.resources.get(STAGES)
        assert stages is not None, "every org has OpportunityStage"
        values: list[dict[str, Any]] = [dict(v) for v in stages.attributes["values"]]  # type: ignore[union-attr]
        review = {"value": "Contract Review", "label": "Contract Review", "default": False,
                  "probability": 70, "forecast_category": "BestCase", "closed": False, "won": False}  # fmt: skip
        values.insert(1, review)
        offered = [values[0]["value"], "Contract Review"]
        return [
            _resource(STAGES, {"name": "OpportunityStage", "values": values}),
            _resource(
                PROCESS,
                {
                    "object": "Opportunity",
                    "name": "Contract Process",
                    "description": "Contracts",
                    "active": True,
                    "values": [{"value": v, "default": i == 0} for i, v in enumerate(offered)],
                },
                STAGES,
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
            _resource(BUDGET, BUDGET_FIELD),
            _resource(
                RULE,
                {
                    "object": "Opportunity",
                    "name": "Contract_Budget_Rule",
                    "active": True,
                    "formula": 'AND(ISPICKVAL(StageName, "Contract Review"), ISBLANK(Contract_Budget__c))',
                    "message": "Enter the contract budget before Contract Review.",
                    "error_display_field": "Contract_Budget__c",
                },
                BUDGET,
                STAGES,
            ),
        ]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        out = []
        for resource in resources:
            attrs = dict(resource.attributes)
            if resource.id == STAGES:
                attrs["values"] = [
                    {**v, "probability": 75} if v["value"] == "Contract Review" else v  # type: ignore[index, dict-item]
                    for v in attrs["values"]  # type: ignore[union-attr]
                ]
            if resource.id == RULE:
                attrs["message"] = "A contract needs its budget before review."
            if resource.id == RECORD_TYPE:
                attrs["label"] = "Contract type (renamed)"
            out.append(
                Resource(resource.id, canonical(resource.id.kind, attrs), resource.depends_on)
            )
        return out

    def test_import_then_plan_is_empty(
        self, provider: Provider, backend: Any, tmp_path: Path
    ) -> None:
        pytest.skip(
            "not importable by design: revops writes validation rules from a stage's exit "
            "criteria and cannot read a formula back into criteria (import reports the rule), "
            "and one hand-made sales process is no pipeline; TestSalesforceContract covers import"
        )
