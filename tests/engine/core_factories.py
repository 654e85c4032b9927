"""Builders for the pure-core tests (differ, plan, renderers, validators): no provider, no I/O.

`CAPS` declares the kinds the way a real provider would: `field` with ordered options keyed by
`value`, a `type` that forces a replace and a read-only `created_at`; `stage` depending on a
`pipeline`; `pipeline` and `sla` plain. `DECLARATIONS` says what their attributes mean (a
field's `type` is its data type and its `options` are enum options; a `stage` is a pipeline
stage whose `probability` needs review and is shown in %), and `MEANING` holds both: what
`plan_of` uses unless a test passes bare `capabilities=` (nothing declared) or a `meaning=`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from revops_as_code.changes import Action
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.plan.builder import build_plan
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import (
    AttributeDisplay,
    Capabilities,
    CompileResult,
    Declarations,
    KindCapability,
    KindDeclaration,
    LiveSnapshot,
)
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

DECLARATIONS = Declarations(
    kinds={
        "field": KindDeclaration(
            noun="field",
            review=frozenset({"type"}),
            field_type=frozenset({"type"}),
            option_lists={"options": "value"},
        ),
        "pipeline": KindDeclaration(noun="pipeline", stage_lists={"stages": "key"}),
        "stage": KindDeclaration(
            noun="stage",
            is_stage=True,
            review=frozenset({"probability"}),
            display={"probability": AttributeDisplay("probability", unit="%")},
        ),
        "sla": KindDeclaration(noun="SLA"),
    }
)

MEANING = Meaning.single(CAPS, DECLARATIONS)


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId(PROVIDER, kind, key)


def res(
    kind: str,
    key: str,
    *,
    depends_on: Iterable[ResourceId] = (),
    ignore: Iterable[str] = (),
    protect: bool = False,
    origin: str = "",
    source: str = "",
    target: str = PROVIDER,
    **attributes: Any,
) -> Resource:
    return Resource(
        ResourceId(target, kind, key),
        attributes,
        depends_on=tuple(depends_on),
        ignore=frozenset(ignore),
        protect=protect,
        origin=origin,
        source=source,
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
    capabilities = kwargs.pop("capabilities", None)
    meaning = kwargs.pop("meaning", None) or capabilities or MEANING
    if state is None:
        state = StateView(owned=live_set.ids() if owned_all else frozenset())
    return build_plan(
        CompileResult(ResourceSet.of(desired)),
        LiveSnapshot(live_set, remote_ids=dict(remote_ids or {})),
        meaning,
        state,
        environment=kwargs.pop("environment", "dev"),
        targets=kwargs.pop("targets", {PROVIDER: PROVIDER}),
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
