"""References between definitions: typed strings, parsed and resolved in one place.

    field/<object>/<key>                      field/company/employee_count
    fact/<object>/<key>                       fact/company/engaged_contacts_30d
    pipeline/<pipeline>                       pipeline/renewal
    pipeline/<pipeline>/stage/<stage>         pipeline/new_business/stage/discovery
    lifecycle/<stage>                         lifecycle/mqa  (stage keys across lifecycles)
    lifecycle/<lifecycle>/stage/<stage>       lifecycle/buyer_journey/stage/mqa

Inside criteria a bare key (`employee_count`) names a field or fact of the criteria's
*subject* object; `qualify()` turns it into the typed form. `resolve()` returns the target
or `None`; `candidates()` lists every valid reference of the same type, which the rules use
for did-you-mean suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from revops_as_code.models.conditions import DerivedFact
    from revops_as_code.models.definitions import Definitions
    from revops_as_code.models.fields import Field
    from revops_as_code.models.lifecycle import Lifecycle, LifecycleStage
    from revops_as_code.models.pipeline import Pipeline, Stage

RefType = Literal["field", "fact", "pipeline", "pipeline_stage", "lifecycle_stage"]


@dataclass(frozen=True)
class Ref:
    """A parsed reference. `scope` is the object or the pipeline/lifecycle key ('' if none)."""

    type: RefType
    scope: str
    key: str

    def __str__(self) -> str:
        if self.type == "pipeline_stage":
            return f"pipeline/{self.scope}/stage/{self.key}"
        if self.type == "lifecycle_stage":
            if self.scope:
                return f"lifecycle/{self.scope}/stage/{self.key}"
            return f"lifecycle/{self.key}"
        if self.type == "pipeline":
            return f"pipeline/{self.key}"
        return f"{self.type}/{self.scope}/{self.key}"


def parse(text: str, *, subject: str | None = None, bare: RefType = "field") -> Ref | None:
    """Parse a reference; a bare key becomes a `bare` reference on `subject`. None if malformed."""
    parts = text.split("/")
    if len(parts) == 1 and subject is not None and parts[0]:
        return Ref(bare, subject, parts[0])
    match parts:
        case ["field", obj, key] if obj and key:
            return Ref("field", obj, key)
        case ["fact", obj, key] if obj and key:
            return Ref("fact", obj, key)
        case ["pipeline", key] if key:
            return Ref("pipeline", "", key)
        case ["pipeline", pipeline, "stage", key] if pipeline and key:
            return Ref("pipeline_stage", pipeline, key)
        case ["lifecycle", key] if key:
            return Ref("lifecycle_stage", "", key)
        case ["lifecycle", lifecycle, "stage", key] if lifecycle and key:
            return Ref("lifecycle_stage", lifecycle, key)
    return None


def qualify(text: str, subject: str, bare: RefType = "field") -> str:
    """`employee_count` on a company -> `field/company/employee_count`; typed refs unchanged."""
    ref = parse(text, subject=subject, bare=bare)
    return str(ref) if ref else text


def resolve_field(defs: Definitions, ref: Ref) -> Field | None:
    """The field, searched in every field standard of the object (keys are unique across
    them, which RV210 enforces). An index lookup: this runs for every reference."""
    return defs.field_of(ref.scope, ref.key)


def resolve_fact(defs: Definitions, ref: Ref) -> DerivedFact | None:
    """The derived fact, searched in every field standard of the object."""
    return defs.fact_of(ref.scope, ref.key)


def resolve_pipeline_stage(defs: Definitions, ref: Ref) -> tuple[Pipeline, Stage] | None:
    pipeline = defs.pipeline(ref.scope)
    stage = pipeline.stage(ref.key) if pipeline else None
    return (pipeline, stage) if pipeline and stage else None


def resolve_lifecycle_stage(defs: Definitions, ref: Ref) -> tuple[Lifecycle, LifecycleStage] | None:
    """`lifecycle/<stage>` resolves when exactly one lifecycle has that stage."""
    found = [
        (lifecycle, stage)
        for lifecycle in defs.lifecycles
        if not ref.scope or lifecycle.key == ref.scope
        for stage in lifecycle.stages
        if stage.key == ref.key
    ]
    return found[0] if len(found) == 1 else None


def resolve(defs: Definitions, ref: Ref) -> object | None:
    """The definition object a reference names, or None when it dangles."""
    if ref.type == "field":
        return resolve_field(defs, ref)
    if ref.type == "fact":
        return resolve_fact(defs, ref)
    if ref.type == "pipeline":
        return defs.pipeline(ref.key)
    if ref.type == "pipeline_stage":
        return resolve_pipeline_stage(defs, ref)
    return resolve_lifecycle_stage(defs, ref)


def candidates(defs: Definitions, ref: Ref) -> list[str]:
    """Every valid reference of the same type (for did-you-mean), in the same spelling."""
    if ref.type == "field":
        return [str(Ref("field", s.object, f.key)) for s in defs.field_standards for f in s.fields]
    if ref.type == "fact":
        return [str(Ref("fact", s.object, f.key)) for s in defs.field_standards for f in s.facts]
    if ref.type == "pipeline":
        return [str(Ref("pipeline", "", p.key)) for p in defs.pipelines]
    if ref.type == "pipeline_stage":
        return [str(Ref("pipeline_stage", p.key, s.key)) for p in defs.pipelines for s in p.stages]
    return [
        str(Ref("lifecycle_stage", lc.key if ref.scope else "", s.key))
        for lc in defs.lifecycles
        for s in lc.stages
    ]


__all__ = [
    "Ref",
    "RefType",
    "candidates",
    "parse",
    "qualify",
    "resolve",
    "resolve_fact",
    "resolve_field",
    "resolve_lifecycle_stage",
    "resolve_pipeline_stage",
]
