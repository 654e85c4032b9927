"""The provider contract suite (DESIGN §4): what every provider must do, as pytest tests.

A provider's test module subclasses `ProviderContract` and supplies how to build the
provider against a fresh live system and which resources to create; the base class brings
the tests. Like dbt's `Base*` adapter tests and Terraform's acceptance tests, they go through
the engine's own plan/apply path, so a provider passes only if the engine can drive it:

- create → plan empty;  update → plan empty;  delete → gone;
- apply twice = no-op;  import → plan empty (decompile → YAML → validate → compile);
- 401 / 429 / 5xx → the typed errors of `revops_as_code.errors`;
- normalize is idempotent;  `read_live` honours a scope of ids;  `close()` is idempotent.

    class TestMyProviderContract(ProviderContract):
        def make_provider(self, tmp_path): return MyProvider({...})
        def desired_resources(self, provider): return [Resource(...), ...]

Tests needing a hook the subclass leaves out are skipped, never passed silently.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from revops_as_code.apply import ApplyOptions, ApplyReport, apply_plan
from revops_as_code.diff.state_view import StateView
from revops_as_code.errors import AuthenticationError, RateLimitError, ServerError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import CompileResult, Provider, Scope
from revops_as_code.resources import JsonValue, Resource, ResourceSet
from revops_as_code.state import LocalBackend, State, StateBackend
from revops_as_code.targets import BoundTarget

ALLOW_ALL = ApplyOptions(allow_destructive=True, overwrite_drift=True)
EXPECTED_ERRORS: dict[int, type[Exception]] = {
    401: AuthenticationError,
    429: RateLimitError,
    500: ServerError,
}


def _view(state: State | None) -> StateView:
    from revops_as_code.engine import state_view

    return state_view(state)


class ProviderContract:
    """Base class of a provider's contract tests. Not collected itself (no `Test` prefix)."""

    environment = "contract"

    # -- hooks a provider's test class implements ------------------------------------------

    def make_provider(self, tmp_path: Path) -> Provider:
        """A provider against a fresh live system (in-process; no network)."""
        raise NotImplementedError

    def desired_resources(self, provider: Provider) -> list[Resource]:
        """Resources to create, in the provider's canonical form (at least one)."""
        raise NotImplementedError

    def updated_resources(self, resources: list[Resource]) -> list[Resource]:
        """The same resources with at least one attribute changed in a way that updates
        in place. Default: skip the update test."""
        pytest.skip("provider test class does not define updated_resources()")

    def provider_failing_with(self, status: int, tmp_path: Path) -> Provider:
        """A provider whose live system answers every request with HTTP `status`."""
        pytest.skip("provider test class does not define provider_failing_with()")

    def normalize(self, resource: Resource) -> Resource:
        """The provider's normalization of one resource. Default: skip that test."""
        pytest.skip("provider test class does not define normalize()")

    def compile_documents(self, provider: Provider, directory: Path) -> CompileResult:
        """Validate the YAML in `directory` and compile it with `provider` (for import)."""
        from revops_as_code.compile import compile_for
        from revops_as_code.errors import DefinitionError
        from revops_as_code.validation import validate_path

        result = validate_path(directory)
        if not result.ok or result.definitions is None:
            raise DefinitionError(result.diagnostics)
        return compile_for(provider, result.definitions)

    # -- fixtures ------------------------------------------------------------------------

    @pytest.fixture
    def provider(self, tmp_path: Path) -> Iterator[Provider]:
        provider = self.make_provider(tmp_path)
        try:
            yield provider
        finally:
            provider.close()

    @pytest.fixture
    def backend(self, tmp_path: Path) -> StateBackend:
        return LocalBackend(tmp_path / "contract-state" / "state.json")

    # -- the engine's path ---------------------------------------------------------------

    def targets(self, provider: Provider) -> dict[str, BoundTarget]:
        return {provider.name: BoundTarget.of(provider.name, provider)}

    def plan(self, provider: Provider, backend: StateBackend, desired: list[Resource]) -> Plan:
        target = self.targets(provider)[provider.name]
        return build_plan(
            CompileResult(resources=ResourceSet.of(desired)),
            provider.read_live(Scope()),
            Meaning({provider.name: target.meaning}),
            _view(backend.read()),
            environment=self.environment,
            targets={provider.name: provider.name},
            group=target.group,
        )

    def converge(
        self, provider: Provider, backend: StateBackend, desired: list[Resource]
    ) -> ApplyReport:
        plan = self.plan(provider, backend, desired)
        report = apply_plan(plan, self.targets(provider), backend, options=ALLOW_ALL)
        assert report.ok, [(str(r.change.resource_id), r.error) for r in report.failed]
        return report

    def assert_plan_empty(
        self, provider: Provider, backend: StateBackend, desired: list[Resource]
    ) -> None:
        plan = self.plan(provider, backend, desired)
        assert not plan.has_changes, [
            (c.action.value, str(c.resource_id), [a.path for a in c.attribute_changes])
            for c in plan.changes
        ]

    # -- the contract --------------------------------------------------------------------

    def test_create_then_plan_is_empty(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        assert desired, "desired_resources() must return at least one resource"
        report = self.converge(provider, backend, desired)
        assert len(report.applied) >= len(desired)
        live = provider.read_live(Scope())
        assert {r.id for r in desired} <= live.resources.ids()
        self.assert_plan_empty(provider, backend, desired)

    def test_update_then_plan_is_empty(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        updated = self.updated_resources(desired)
        plan = self.plan(provider, backend, updated)
        assert plan.has_changes, "updated_resources() must change something"
        self.converge(provider, backend, updated)
        self.assert_plan_empty(provider, backend, updated)

    def test_delete_removes_the_object(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        # Delete dependents along with what they depend on: drop every leaf-to-root chain
        # that starts at the last resource.
        victim = desired[-1]
        kept = [r for r in desired if r.id != victim.id and victim.id not in r.depends_on]
        self.converge(provider, backend, kept)
        assert victim.id not in provider.read_live(Scope()).resources
        state = backend.read()
        assert state is not None and state.get(victim.id) is None
        self.assert_plan_empty(provider, backend, kept)

    def test_apply_twice_is_a_no_op(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        before = backend.read()
        second = apply_plan(
            self.plan(provider, backend, desired),
            self.targets(provider),
            backend,
            options=ALLOW_ALL,
        )
        assert second.results == ()
        after = backend.read()
        assert before is not None and after is not None
        assert after.resources == before.resources

    def test_read_live_honours_an_id_scope(self, provider: Provider, backend: StateBackend) -> None:
        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        wanted = desired[0].id
        snapshot = provider.read_live(Scope(ids=frozenset({wanted})))
        assert wanted in snapshot.resources
        assert snapshot.resources.ids() <= provider.read_live(Scope()).resources.ids()

    def test_import_then_plan_is_empty(
        self, provider: Provider, backend: StateBackend, tmp_path: Path
    ) -> None:
        from revops_as_code.importer import import_live

        desired = self.desired_resources(provider)
        self.converge(provider, backend, desired)
        fresh = LocalBackend(tmp_path / "imported-state" / "state.json")
        out = tmp_path / "imported-definitions"
        holder: dict[str, CompileResult] = {}

        def compile_dir() -> CompileResult:
            holder["result"] = self.compile_documents(provider, out)
            return holder["result"]

        try:
            report = import_live(
                self.targets(provider),
                fresh,
                compile_dir,
                environment=self.environment,
                output_dirs={provider.name: out},
            )
        except NotImplementedError:
            pytest.skip(f"provider {provider.name!r} does not support import")
        assert report.files, "import wrote no definition files"
        assert {r.id for r in desired} <= set(report.adopted)
        imported = list(holder["result"].resources)
        self.assert_plan_empty(provider, fresh, imported)

    @pytest.mark.parametrize("status", sorted(EXPECTED_ERRORS))
    def test_http_failures_become_typed_errors(self, status: int, tmp_path: Path) -> None:
        provider = self.provider_failing_with(status, tmp_path)
        try:
            with pytest.raises(EXPECTED_ERRORS[status]):
                provider.read_live(Scope())
        finally:
            provider.close()

    def test_normalize_is_idempotent(self, provider: Provider) -> None:
        for resource in self.desired_resources(provider):
            once = self.normalize(resource)
            twice = self.normalize(once)
            assert _plain(twice.attributes) == _plain(once.attributes), resource.id

    def test_close_is_idempotent(self, tmp_path: Path) -> None:
        provider = self.make_provider(tmp_path)
        provider.close()
        provider.close()


def _plain(value: Any) -> JsonValue:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))  # type: ignore[arg-type]
    return value


__all__ = ["EXPECTED_ERRORS", "ProviderContract"]
