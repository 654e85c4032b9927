"""Plans built directly from `Change` values, for renderer tests that need a shape the differ
would take many definitions to produce (a 271-change plan, one long description)."""

from __future__ import annotations

from revops_as_code.changes import Action, AttributeChange, Change, Origin, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.plan.model import Plan
from revops_as_code.resources import JsonValue, ResourceId


def change(
    key: str,
    *,
    action: Action = Action.CREATE,
    risk: Risk = Risk.SAFE,
    attrs: dict[str, tuple[JsonValue, JsonValue]] | None = None,
    kind: str = "property",
    origin: str | None = None,
    protected: bool = False,
    impact: str | None = None,
    drift: bool = False,
) -> Change:
    attrs = attrs or {"label": (None, key)}
    before = {k: b for k, (b, _) in attrs.items() if b is not None}
    after = {k: a for k, (_, a) in attrs.items() if a is not None}
    return Change(
        action=action,
        resource_id=ResourceId("hubspot", kind, key),
        before=None if action is Action.CREATE else before,
        after=None if action is Action.DELETE else after,
        attribute_changes=tuple(
            AttributeChange(k, b, a, drift=drift) for k, (b, a) in attrs.items()
        ),
        risk=risk,
        impact=impact,
        protected=protected,
        origin=Origin(
            origin if origin is not None else f"field/contacts/{key.split('/')[-1]}",
            f"definitions/fields/contact.yaml:{len(key)}:5",
        ),
    )


def plan(*changes: Change, diagnostics: tuple[Diagnostic, ...] = ()) -> Plan:
    return Plan(
        environment="production",
        targets={"hubspot": "hubspot"},
        changes=tuple(changes),
        diagnostics=diagnostics,
    )


def info(code: str, message: str, line: int, hint: str | None = None) -> Diagnostic:
    return Diagnostic(
        Severity.INFO, code, message, Location("definitions/lifecycle.yaml", line, 7), hint
    )


def big_plan() -> tuple[Plan, set[str]]:
    """The newcomer trial's shape: 271 changes, most of them safe creates with long
    descriptions, and a few that need attention far down in address order. Returns the plan
    and the definition names of the changes that must always be shown."""
    long = "Where the lead first heard of us, as the rep recorded it on the first call. " * 6
    safe = [
        change(
            f"contacts/a{i:03d}",
            attrs={"label": (None, f"Field {i}"), "description": (None, long)},
        )
        for i in range(265)
    ]
    important = [
        change(
            "contacts/zz_lead_source",
            action=Action.UPDATE,
            risk=Risk.REVIEW,
            attrs={"type": ("string", "enumeration")},
            impact="260 contacts hold a value",
        ),
        change(
            "contacts/zz_protected",
            action=Action.DELETE,
            risk=Risk.DESTRUCTIVE,
            protected=True,
            attrs={"label": ("Protected", None)},
        ),
        change(
            "contacts/zz_drifted",
            action=Action.UPDATE,
            attrs={"label": ("Edited by hand", "Drifted")},
            drift=True,
        ),
        *[
            change(
                f"deals/default/zz_stage_{i}",
                kind="pipeline_stage",
                origin=f"pipeline/new_business/stage/zz_stage_{i}",
                action=Action.DELETE,
                risk=Risk.DESTRUCTIVE,
                attrs={"label": (f"Stage {i}", None), "description": (long, None)},
                impact=f"{i} deals are in this stage",
            )
            for i in range(3)
        ],
    ]
    names = {
        "field contacts.zz_lead_source",
        "field contacts.zz_protected",
        "field contacts.zz_drifted",
        *(f"pipeline new_business › stage zz_stage_{i}" for i in range(3)),
    }
    return plan(*safe, *important), names
