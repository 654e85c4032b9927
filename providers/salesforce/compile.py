"""Definitions -> the Salesforce resources that express them, in model.py's canonical form.

    FieldStandard  -> custom fields on the object's sObjects (contact: Lead and Contact;
                      company: Account; deal: Opportunity; ticket: Case), the values of
                      standard picklists they map onto, and `<Field>_Range` validation rules
                      for numeric bounds (compile_fields.py); `required_at` stages as
                      validation rules (compile_required.py)
    Pipeline       -> the OpportunityStage value set; with several deal pipelines a sales
                      process and a record type each; one validation rule per stage with exit
                      criteria (compile_pipelines.py, compile_rules.py, formulas.py)
    Lifecycle      -> the LeadStatus value set (with `converted`), the lifecycle field's
                      values, the fields that record stage entry (compile_derived.py)
    ICP            -> the tier field's values (tiers + default tier)
    HandoffSLA     -> checks that its due-at (DateTime) and breached (Checkbox) fields exist

Every resource keeps its origin (the typed address of the definition it expresses:
`field/deal/amount`, `pipeline/new_business`; a validation rule the part it enforces:
`pipeline/new_business/stage/demo/exit_criteria`, `field/deal/amount/range`,
`field/deal/amount/required_at/demo`) and its `file:line:col`. What
Salesforce cannot hold (field groups, derived facts, lifecycle and SLA automation, ICP
criteria, max days in stage, criteria a formula cannot express) is reported, never dropped
silently. Standard value sets are protected: every org has them; revops adopts them and
never deletes them.

`settings` is accepted for the provider's sake and not read: compiling depends on the
definitions only, so the same definitions give the same plan for every org.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.base import CompileResult
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from . import model
from .compile_build import DUPLICATE, NO_EQUIVALENT, _Build, _where, rid, split_field
from .compile_derived import icp, lifecycle, sla
from .compile_fields import field_standard, targets
from .compile_pipelines import compile_pipelines
from .compile_required import required_rules

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


def _documents(definitions: Definitions) -> Iterator[tuple[Any, Any]]:
    for document in definitions.documents:
        yield document.model, document.source


def compile_definitions(
    definitions: Definitions, settings: Mapping[str, Any] | None = None
) -> CompileResult:
    """The desired Salesforce resources for `definitions`, plus gaps and flags."""
    del settings  # see the module docstring
    build = _Build()
    documents = list(_documents(definitions))
    of = {kind: [(m, s) for m, s in documents if m.kind == kind] for kind in _KINDS}
    # Where each definition field lives, before anything refers to it; a contact
    # lifecycle's stage field is Lead Status when Salesforce defines it.
    lifecycle_fields = {
        split_field(m.field, m.object) for m, _ in of["Lifecycle"] if m.object == "contact"
    }
    build.governed = lifecycle_fields | {
        split_field(m.field, m.object) for m, _ in of["ICP"] + of["Lifecycle"]
    }
    targets(build, of["FieldStandard"], lifecycle_fields)
    if any(m.object == "deal" for m, _ in of["Pipeline"]):
        build.governed |= {
            r for r, t in build.refs.items() if r[0] == "deal" and t.name == "StageName"
        }
    for model_, source in of["FieldStandard"]:
        field_standard(build, model_, source)
    _groups(build, of["FieldStandard"])
    # Lifecycles and ICPs set picklist values that exit-criteria formulas compare with.
    for model_, source in of["Lifecycle"]:
        lifecycle(build, model_, source)
    for model_, source in of["ICP"]:
        icp(build, model_, source)
    for model_, source in of["HandoffSLA"]:
        sla(build, model_, source)
    compile_pipelines(build, of["Pipeline"])
    required_rules(build, of["FieldStandard"], [m for m, _ in of["Pipeline"]],
                   [m for m, _ in of["Lifecycle"]])  # fmt: skip
    resources = list(build.resources)
    resources += [
        Resource(
            id=rid(model.CUSTOM_FIELD, model.key_of(f.object, f.name)),
            attributes=f.attrs,
            protect=f.protect,
            ignore=f.ignore,
            source=f.source,
            origin=f.origin,
        )
        for f in build.fields.values()
    ]
    resources += [
        Resource(
            id=rid(model.VALUE_SET, v.name),
            attributes={"name": v.name, "values": v.values},
            protect=True,
            ignore=v.ignore,
            source=v.source,
            origin=v.origin,
        )
        for v in build.value_sets.values()
    ]
    return CompileResult(ResourceSet.of(_unique(build, resources)), tuple(build.diagnostics))


def _unique(build: _Build, resources: list[Resource]) -> list[Resource]:
    """The first resource of each id; a later one is an ERROR naming both definitions (two
    pipelines with one label are one sales process; two fields with one API name one field)."""
    seen: dict[ResourceId, Resource] = {}
    for resource in resources:
        first = seen.setdefault(resource.id, resource)
        if first is not resource:
            build.report(
                Severity.ERROR, DUPLICATE,
                f"{resource.origin} and {first.origin} are both {resource.id}; Salesforce holds "
                "one, so the second is left out", resource.source, str(resource.id),
                hint="give one of them its own Salesforce name (api_names.salesforce or "
                "api_ids.salesforce), or a different label",
            )  # fmt: skip
    return list(seen.values())


_KINDS = ("FieldStandard", "Pipeline", "Lifecycle", "ICP", "HandoffSLA")


def _groups(build: _Build, standards: list[tuple[Any, Any]]) -> None:
    """One INFO for every field group: Salesforce has no place for them (sections belong to
    page layouts, which revops does not manage)."""
    named = [(s, src, g) for s, src in standards for g in s.groups]
    if not named:
        return
    standard, source, _ = named[0]
    listed = ", ".join(dict.fromkeys(f"{s.object}/{g.key}" for s, _, g in named))
    build.report(
        Severity.INFO, NO_EQUIVALENT,
        f"field groups ({listed}) have no Salesforce equivalent: page layout sections are "
        "not managed by revops, so fields are created without a group",
        _where(source, "/groups/0"), f"field_standard/{standard.object}/group",
    )  # fmt: skip


__all__ = ["compile_definitions"]
