"""Fields fit the role other definitions give them, and their own declaration is coherent.

RV305  a referenced field has the wrong type for its role: a lifecycle's or ICP's field
       must be an enum, `entered_at_field`/`due_at_field`/`completed_at_field` a date or
       datetime, `breached_field` a bool, a fact's `stored_in` a number.
RV306  options on a field that is not an enum; `minimum`/`maximum` on a non-numeric field,
       or minimum above maximum. An enum field that declares no options (unless the CRM
       defines it, or a Lifecycle or ICP governs its options) is a warning: CRMs accept
       one (HubSpot does), it is only a field nobody can fill in yet.
RV307  an ICP tier (or `default_tier`) is not an option of the tier field, when the field
       declares options.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import ICP, Definitions, FieldStandard, HandoffSLA, Lifecycle, refs
from revops_as_code.models.fields import NUMERIC_TYPES, OPTION_TYPES, Field
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import RefSite, diagnostic, ref_sites

ROLE = "RV305"
DECLARATION = "RV306"
TIERS = "RV307"

_ROLE_TYPES: dict[str, frozenset[str]] = {
    "/field": OPTION_TYPES - {"multi_enum"},
    "entered_at_field": frozenset({"date", "datetime"}),
    "due_at_field": frozenset({"date", "datetime"}),
    "completed_at_field": frozenset({"date", "datetime"}),
    "breached_field": frozenset({"bool"}),
    "stored_in": NUMERIC_TYPES,
}


class FieldRoles:
    code = ROLE

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        defs = ctx.definitions
        for site in ref_sites(defs):
            yield from _role(defs, site)
        yield from _declarations(defs)
        yield from _tiers(defs)


def _role(defs: Definitions, site: RefSite) -> Iterator[Diagnostic]:
    if site.expect != "field" or not isinstance(
        site.document.model, Lifecycle | ICP | FieldStandard | HandoffSLA
    ):
        return
    role = next(
        (r for r in _ROLE_TYPES if site.pointer == r or site.pointer.endswith("/" + r)), None
    )
    if role is None:
        return
    field = defs.field(site.text, site.subject)
    if field is not None and field.type not in _ROLE_TYPES[role]:
        wanted = " or ".join(sorted(_ROLE_TYPES[role]))
        yield diagnostic(
            site.document,
            site.pointer,
            ROLE,
            f"{site.text!r} is a {field.type} field; {role.strip('/')} needs {wanted}",
        )


def _governed(defs: Definitions) -> set[tuple[str, str]]:
    """(object, field key) of enum fields whose options a Lifecycle or ICP defines."""
    out: set[tuple[str, str]] = set()
    owners: list[Lifecycle | ICP] = [*defs.lifecycles, *defs.icps]
    for owner in owners:
        ref = refs.parse(owner.field, subject=owner.object)
        if ref is not None:
            out.add((ref.scope, ref.key))
    return out


def _declarations(defs: Definitions) -> Iterator[Diagnostic]:
    governed = _governed(defs)
    for doc in defs.documents_of(FieldStandard):
        model = doc.model
        assert isinstance(model, FieldStandard)
        for i, field in enumerate(model.fields):
            at = pointer_join("fields", i)
            for problem, where in _field_problems(field, (model.object, field.key) in governed):
                yield diagnostic(doc, at + where, DECLARATION, problem)
            if _no_options(field, (model.object, field.key) in governed):
                yield diagnostic(
                    doc,
                    at,
                    DECLARATION,
                    f"{field.type} field {field.key!r} declares no options",
                    severity=Severity.WARNING,
                    hint="add the values people may pick under `options`",
                )


def _no_options(field: Field, governed: bool) -> bool:
    return (
        field.type in OPTION_TYPES
        and not field.options
        and not field.system_defined
        and not governed
    )


def _field_problems(field: Field, governed: bool) -> Iterator[tuple[str, str]]:
    if field.type in OPTION_TYPES:
        pass
    elif field.options:
        yield f"{field.type} field {field.key!r} cannot have options", "/options"
    if field.type not in NUMERIC_TYPES:
        for name in ("minimum", "maximum"):
            if getattr(field, name) is not None:
                yield f"{name} applies to numeric fields, not {field.type}", "/" + name
    elif field.minimum is not None and field.maximum is not None and field.minimum > field.maximum:
        yield f"minimum {field.minimum:g} is above maximum {field.maximum:g}", "/minimum"


def _tiers(defs: Definitions) -> Iterator[Diagnostic]:
    for doc in defs.documents_of(ICP):
        icp = doc.model
        assert isinstance(icp, ICP)
        field = defs.field(icp.field, icp.object)
        if field is None or not field.options:
            continue
        keys = {o.key for o in field.options}
        for i, tier in enumerate(icp.tiers):
            if tier.key not in keys:
                yield diagnostic(
                    doc,
                    pointer_join("tiers", i, "key"),
                    TIERS,
                    f"tier {tier.key!r} is not an option of {icp.field}",
                )
        if icp.default_tier is not None and icp.default_tier not in keys:
            yield diagnostic(
                doc, "/default_tier", TIERS, f"{icp.default_tier!r} is not an option of {icp.field}"
            )


RULE = FieldRoles()
