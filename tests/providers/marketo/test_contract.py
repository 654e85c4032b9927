"""The shared provider contract suite, run against the Marketo sandbox in-process.

One contract test is replaced, not skipped: Marketo's API has no way to delete a lead
field, so "delete -> gone" cannot hold. The replacement asserts what revops does instead:
the plan shows the delete with a manual-step warning, apply refuses it with the
instructions, and the field stays live.
"""

from __future__ import annotations

from pathlib import Path

from revops_as_code.apply import apply_plan
from revops_as_code.changes import Action
from revops_as_code.providers.base import Provider, Scope
from revops_as_code.providers.marketo.model import canonical, rid
from revops_as_code.providers.marketo.sandbox import FaultRule
from revops_as_code.providers.marketo.write import NO_DELETE, validate_changes
from revops_as_code.resources import Resource
from revops_as_code.state import StateBackend
from revops_as_code.testing.contract import ALLOW_ALL, ProviderContract

from .helpers import provider


class TestMarketoContract(ProviderContract):
    def make_provider(self, tmp_path: Path) -> Provider:
        return provider(tmp_path / "sandbox" / "marketo.db")

    def desired_resources(self, provider: Provider) -> list[Resource]:
        return [
            Resource(
                rid("contractTier"),
                canonical(
                    {
                        "display_name": "Contract tier",
                        "data_type": "string",
                        "description": "A field the contract suite owns.",
                        "is_sensitive": False,
                    }
                ),
            ),
            Resource(
                rid("contractScore"),
                canonical(
                    {
                        "display_name": "Contract score",
                        "data_type": "integer",
                        "description": "Another field the contract suite owns.",
                        "is_sensitive": True,
                    }
                ),
            ),
        ]

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        out = []
        for resource in resources:
            attrs = dict(resource.attributes)
            attrs["display_name"] = f"{attrs['display_name']} (renamed)"
            out.append(Resource(resource.id, canonical(attrs)))
        return out

    def provider_failing_with(self, status: int, tmp_path: Path) -> Provider:
        if status == 429:
            fault = FaultRule(kind="rate_limit_storm", path="/rest/*", times=0)
        else:
            fault = FaultRule(kind="status", status=status, times=0)
        return provider(tmp_path / "failing" / "marketo.db", faults=[fault])

    def normalize(self, resource: Resource) -> Resource:
        return Resource(resource.id, canonical(resource.attributes))

    def test_delete_removes_the_object(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        victim = desired[-1]
        kept = [r for r in desired if r.id != victim.id]
        plan = self.plan(provider, backend, kept)
        (change,) = plan.changes
        assert change.action is Action.DELETE and change.resource_id.key == victim.id.key
        (warning,) = validate_changes(plan.changes)
        assert warning.code == NO_DELETE and "manual step" in warning.message
        assert warning.hint and "Field Management" in warning.hint
        report = apply_plan(plan, self.targets(provider), backend, options=ALLOW_ALL)
        (failed,) = report.failed
        assert failed.error and "cannot delete" in failed.error
        assert victim.id in provider.read_live(Scope()).resources
