"""Resource-level helpers for engine tests: plan and apply without definitions or a CLI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from revops_as_code.apply import ApplyOptions, ApplyReport, apply_plan
from revops_as_code.engine import state_view
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import CompileResult, Scope
from revops_as_code.providers.fake import FakeProvider
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.state import StateBackend

ENV = "dev"


def rid(key: str, kind: str = "item") -> ResourceId:
    return ResourceId("fake", kind, key)


def item(
    key: str, depends_on: Iterable[str] = (), protect: bool = False, **attributes: Any
) -> Resource:
    return Resource(
        id=rid(key),
        attributes=attributes or {"label": key.title()},
        depends_on=tuple(rid(d) for d in depends_on),
        protect=protect,
    )


def make_plan(desired: Iterable[Resource], provider: FakeProvider, backend: StateBackend) -> Plan:
    return build_plan(
        CompileResult(resources=ResourceSet.of(desired)),
        provider.read_live(Scope()),
        provider.capabilities,
        state_view(backend.read()),
        environment=ENV,
        provider="fake",
    )


def converge(
    desired: Iterable[Resource], provider: FakeProvider, backend: StateBackend, **options: Any
) -> ApplyReport:
    resources = list(desired)
    plan = make_plan(resources, provider, backend)
    protect = frozenset(r.id for r in resources if r.protect)
    unprotect = frozenset(r.id for r in resources if not r.protect)
    opts = ApplyOptions(**{"allow_destructive": True, "overwrite_drift": True, **options})
    return apply_plan(plan, provider, backend, options=opts, protect=protect, unprotect=unprotect)
