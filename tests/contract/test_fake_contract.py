"""The fake provider passes the shared provider contract suite (and so documents its use)."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.providers.base import Provider
from revops_as_code.providers.fake import FakeProvider, FakeWorld, Faults
from revops_as_code.providers.fake.faults import STATUS_TO_FAULT
from revops_as_code.resources import Resource, ResourceId
from revops_as_code.testing.contract import ProviderContract


def _pipeline(key: str, label: str, won_label: str = "Won") -> Resource:
    """What the fake compiles a minimal Pipeline document to."""
    stages = [
        {
            "key": "discovery",
            "label": "Discovery",
            "probability": 10.0,
            "forecast_category": "pipeline",
        },
        {
            "key": "won",
            "label": won_label,
            "probability": 100.0,
            "forecast_category": "closed",
            "outcome": "won",
        },
        {
            "key": "lost",
            "label": "Lost",
            "probability": 0.0,
            "forecast_category": "omitted",
            "outcome": "lost",
        },
    ]
    return Resource(
        id=ResourceId("fake", "pipeline", key),
        attributes={"kind": "Pipeline", "key": key, "label": label, "stages": stages},
    )


class TestFakeProviderContract(ProviderContract):
    def make_provider(self, tmp_path: Path) -> Provider:
        return FakeProvider({"world": FakeWorld()})

    def desired_resources(self, provider: Provider) -> list[Resource]:
        return [_pipeline("new_business", "New business"), _pipeline("renewals", "Renewals")]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        return [
            _pipeline("new_business", "New business (2026)", won_label="Closed won"),
            resources[1],
        ]

    def provider_failing_with(self, status: int, tmp_path: Path) -> Provider:
        return FakeProvider({"faults": Faults(fail_all=True, error=STATUS_TO_FAULT[status])})

    def normalize(self, resource: Resource) -> Resource:
        return resource  # the fake stores what it is given: identity is trivially idempotent
