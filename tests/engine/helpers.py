"""Resource-level helpers for engine tests: plan and apply without definitions or a CLI."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from revops_as_code.apply import ApplyOptions, ApplyReport, apply_plan
from revops_as_code.engine import state_view
from revops_as_code.meaning import Meaning
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
    """The plan the engine would make: the fake's meaning and grouping, state's protect flags."""
    state = backend.read()
    return build_plan(
        CompileResult(resources=ResourceSet.of(desired)),
        provider.read_live(Scope()),
        Meaning.single(provider.capabilities, provider.declarations),
        state_view(state),
        environment=ENV,
        provider="fake",
        group=lambda changes: [
            dataclasses.replace(g, target="fake") for g in provider.group(changes)
        ],
        state_protect={r: e.protect for r, e in state.resources_by_id().items()} if state else {},
    )


def converge(
    desired: Iterable[Resource], provider: FakeProvider, backend: StateBackend, **options: Any
) -> ApplyReport:
    resources = list(desired)
    plan = make_plan(resources, provider, backend)
    opts = ApplyOptions(**{"allow_destructive": True, "overwrite_drift": True, **options})
    return apply_plan(plan, provider, backend, options=opts)
