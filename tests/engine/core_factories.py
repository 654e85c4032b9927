"""Builders for the pure-core tests (differ, plan, renderers, validators): no provider, no I/O.

`CAPS` declares two kinds the way a real provider would: `field` with ordered options keyed by
`value`, a `type` that forces a replace and a read-only `created_at`; `stage` depending on a
`pipeline`; `pipeline` plain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from revops_as_code.changes import Action
from revops_as_code.diff.state_view import StateView
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import Capabilities, CompileResult, KindCapability, LiveSnapshot
from revops_as_code.resources import Resource, ResourceId, ResourceSet

PROVIDER = "mem"
TOOL_VERSION = "0.0.0-test"

CAPS = Capabilities(
    kinds={
        "field": KindCapability(
            ordered_attributes=frozenset({"options"}),
            keyed_lists={"options": "value", "tags": "name"},
            replace_on=frozenset({"type"}),
            read_only_attributes=frozenset({"created_at"}),
        ),
        "pipeline": KindCapability(),
        "stage": KindCapability(ordered_attributes=frozenset({"checks"})),
        "sla": KindCapability(),
    }
)


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId(PROVIDER, kind, key)


def res(
    kind: str,
    key: str,
    *,
    depends_on: Iterable[ResourceId] = (),
    ignore: Iterable[str] = (),
    protect: bool = False,
    **attributes: Any,
) -> Resource:
    return Resource(
        rid(kind, key),
        attributes,
        depends_on=tuple(depends_on),
        ignore=frozenset(ignore),
        protect=protect,
    )


def opt(value: str, label: str | None = None) -> dict[str, Any]:
    return {"value": value, "label": label if label is not None else value.title()}


def plan_of(
    desired: Iterable[Resource],
    live: Iterable[Resource],
    *,
    state: StateView | None = None,
    owned_all: bool = False,
    remote_ids: Mapping[ResourceId, str] | None = None,
    **kwargs: Any,
) -> Plan:
    live_set = ResourceSet.of(live)
    if state is None:
        state = StateView(owned=live_set.ids() if owned_all else frozenset())
    return build_plan(
        CompileResult(ResourceSet.of(desired)),
        LiveSnapshot(live_set, remote_ids=dict(remote_ids or {})),
        kwargs.pop("capabilities", CAPS),
        state,
        environment=kwargs.pop("environment", "dev"),
        provider=PROVIDER,
        tool_version=TOOL_VERSION,
        **kwargs,
    )


def apply_to(plan: Plan, live: Iterable[Resource]) -> list[Resource]:
    """What a perfect applier leaves live: every change's `after` written, deletes removed."""
    by_id = {r.id: r for r in live}
    for change in plan.changes:
        if change.action is Action.DELETE:
            del by_id[change.resource_id]
        else:
            by_id[change.resource_id] = Resource(change.resource_id, change.after)
    return list(by_id.values())
