"""The shared provider contract suite, run against the HubSpot sandbox in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.providers.base import Provider
from revops_as_code.providers.hubspot.normalize import (
    GROUP,
    PIPELINE,
    PROPERTY,
    STAGE,
    canonical_group,
    canonical_pipeline,
    canonical_property,
    canonical_stage,
    rid,
)
from revops_as_code.resources import Resource
from revops_as_code.testing.contract import ProviderContract

from .sandbox_helpers import provider

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

NORMALIZE = {
    GROUP: canonical_group,
    PROPERTY: canonical_property,
    PIPELINE: canonical_pipeline,
    STAGE: canonical_stage,
}


class TestHubSpotContract(ProviderContract):
    def make_provider(self, tmp_path: Path) -> Provider:
        return provider(tmp_path / "sandbox" / "hubspot.db")

    def desired_resources(self, provider: Provider) -> list[Resource]:
        group = rid(GROUP, "companies/contract_group")
        pipeline = rid(PIPELINE, "deals/contract_pipeline")
        stage = {"display_order": 0, "probability": 0.2, "is_closed": False}
        return [
            Resource(group, canonical_group({"label": "Contract group"})),
            Resource(
                rid(PROPERTY, "companies/contract_tier"),
                canonical_property(
                    {
                        "label": "Contract tier",
                        "type": "enumeration",
                        "field_type": "select",
                        "group": "contract_group",
                        "description": "A field the contract suite owns.",
                        "options": [
                            {"value": "gold", "label": "Gold"},
                            {"value": "silver", "label": "Silver"},
                        ],
                    }
                ),
                depends_on=(group,),
            ),
            Resource(pipeline, canonical_pipeline({"label": "Contract pipeline"})),
            Resource(
                rid(STAGE, "deals/contract_pipeline/contract_open"),
                canonical_stage({**stage, "label": "Open"}),
                depends_on=(pipeline,),
            ),
            Resource(
                rid(STAGE, "deals/contract_pipeline/contract_won"),
                canonical_stage(
                    {"label": "Won", "display_order": 1, "probability": 1.0, "is_closed": True}
                ),
                depends_on=(pipeline,),
            ),
            Resource(
                rid(STAGE, "deals/contract_pipeline/contract_lost"),
                canonical_stage(
                    {"label": "Lost", "display_order": 2, "probability": 0.0, "is_closed": True}
                ),
                depends_on=(pipeline,),
            ),
        ]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        out = []
        for resource in resources:
            attrs = dict(resource.attributes)
            if resource.id.kind == PROPERTY:
                attrs["label"] = "Contract tier (renamed)"
                attrs["options"] = [*attrs["options"], {"value": "bronze", "label": "Bronze",
                                                        "description": "", "hidden": False}]  # fmt: skip
                attrs = canonical_property(attrs)  # bronze takes its place as display order
            if resource.id.kind == STAGE and resource.id.key.endswith("contract_open"):
                attrs["probability"] = 0.3
            out.append(Resource(resource.id, attrs, resource.depends_on))
        return out

    def provider_failing_with(self, status: int, tmp_path: Path) -> Provider:
        from revops_as_code.providers.hubspot.sandbox import FaultRule

        if status == 429:
            fault = FaultRule(kind="rate_limit_storm", times=0)
        else:
            fault = FaultRule(kind="status", status=status, times=0)
        return provider(tmp_path / "failing" / "hubspot.db", faults=[fault])

    def normalize(self, resource: Resource) -> Resource:
        return Resource(resource.id, NORMALIZE[resource.id.kind](resource.attributes))
