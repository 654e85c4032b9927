"""Compile orchestration: `compile_for` checks a provider's output against its capabilities,
and reports what it cannot express instead of dropping it silently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from revops_as_code.changes import Change
from revops_as_code.compile import (
    CAPABILITY_GAP,
    UNDECLARED_KIND,
    capability_gap,
    compile_for,
    definitions_hash,
)
from revops_as_code.diagnostics import Location, Severity
from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import (
    ApplyResult,
    Capabilities,
    CompileResult,
    KindCapability,
    LiveSnapshot,
    Provider,
    Scope,
)
from revops_as_code.resources import Resource, ResourceId, ResourceSet


class _Stub(Provider):
    name = "mem"

    def __init__(self, resources: list[Resource], gaps: list[str] = ()) -> None:  # type: ignore[assignment]
        super().__init__()
        self.resources = resources
        self.gaps = list(gaps)

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities({"field": KindCapability()})

    def compile(self, definitions: Any) -> CompileResult:
        diags = [capability_gap("Mem CRM", g) for g in self.gaps]
        return CompileResult(ResourceSet.of(self.resources), diags)

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        return LiveSnapshot(ResourceSet())

    def apply(self, change: Change) -> ApplyResult:
        raise NotImplementedError


def test_capability_gap_wording_is_fixed() -> None:
    d = capability_gap(
        "HubSpot", "exit criteria of stage 'demo'", location=Location("p.yaml", 3, 5)
    )
    assert d.code == CAPABILITY_GAP and d.severity is Severity.INFO
    assert d.message == "exit criteria of stage 'demo': not enforced in HubSpot; measured by audit"
    assert d.format().startswith("p.yaml:3:5: info RV501:")


def test_compile_for_keeps_declared_kinds_and_passes_gaps_through() -> None:
    provider = _Stub(
        [Resource(ResourceId("mem", "field", "a"), {"label": "A"})], gaps=["stage exit criteria"]
    )
    result = compile_for(provider, definitions=None)
    assert [r.id.key for r in result.resources] == ["a"]
    assert [d.message for d in result.diagnostics] == [
        "stage exit criteria: not enforced in Mem CRM; measured by audit"
    ]


def test_compile_for_reports_undeclared_kinds_instead_of_planning_them() -> None:
    provider = _Stub(
        [
            Resource(ResourceId("mem", "field", "a"), {}),
            Resource(ResourceId("mem", "workflow", "w"), {}, source="defs/p.yaml:4:3"),
        ]
    )
    result = compile_for(provider, definitions=None)
    assert [r.id.kind for r in result.resources] == ["field"]
    (diag,) = result.diagnostics
    assert diag.code == UNDECLARED_KIND and diag.severity is Severity.WARNING
    assert "not enforced in mem" in diag.message
    assert (diag.location.file, diag.location.line, diag.location.col) == ("defs/p.yaml", 4, 3)


def test_compile_for_refuses_resources_for_another_provider() -> None:
    provider = _Stub([Resource(ResourceId("other", "field", "a"), {})])
    with pytest.raises(ProviderError, match="belongs to 'other'"):
        compile_for(provider, definitions=None)


@dataclass
class _Doc:
    kind: str
    keys: frozenset[str]


def test_definitions_hash_is_stable_and_sensitive() -> None:
    one = [_Doc("Pipeline", frozenset({"b", "a"}))]
    assert definitions_hash(one) == definitions_hash([_Doc("Pipeline", frozenset({"a", "b"}))])
    assert definitions_hash(one) != definitions_hash([_Doc("Pipeline", frozenset({"a"}))])
    assert len(definitions_hash({"x": 1})) == 16
