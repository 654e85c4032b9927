"""RV201: every reference resolves (with did-you-mean); RV202: field groups are declared (by
any field standard of the same object).

A reference is reported at the referencing scalar. `lifecycle/<stage>` that matches stages
of several lifecycles is ambiguous and must name the lifecycle.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import Definitions, FieldStandard, refs
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic, did_you_mean, ref_sites

DANGLING = "RV201"
UNKNOWN_GROUP = "RV202"


class References:
    code = DANGLING

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        defs = ctx.definitions
        # Every valid reference of a type, listed once per run (not per dangling reference):
        # the field list alone is as long as the project.
        known: dict[tuple[str, bool], list[str]] = {}
        hints: dict[tuple[str, str, bool], str | None] = {}  # the same typo, written twice
        for site in ref_sites(defs):
            ref = refs.parse(site.text, subject=site.subject, bare=site.expect)
            if ref is None or ref.type != site.expect:
                wanted = site.expect.replace("_", " ")
                yield diagnostic(
                    site.document,
                    site.pointer,
                    DANGLING,
                    f"{site.text!r} is not a {wanted} reference",
                    hint=_FORMS[site.expect],
                )
                continue
            if refs.resolve(defs, ref) is not None:
                continue
            shown = str(ref) if site.text != str(ref) else site.text
            yield diagnostic(
                site.document,
                site.pointer,
                DANGLING,
                f"{site.text!r} does not resolve: no {shown}",
                hint=_hint(defs, ref, known, hints),
            )
        yield from _groups(ctx)


def _groups(ctx: RuleContext) -> Iterator[Diagnostic]:
    defs = ctx.definitions
    # A group declared by any standard of the same object will do (one live namespace).
    # Collected once per object: per document, it made this rule quadratic in the number
    # of standards of an object.
    declared: dict[str, set[str]] = {}
    for standard in defs.field_standards:
        declared.setdefault(standard.object, set()).update(g.key for g in standard.groups)
    for doc in defs.documents_of(FieldStandard):
        model = doc.model
        assert isinstance(model, FieldStandard)
        groups = declared[model.object]
        if model.default_group is not None and model.default_group not in groups:
            yield diagnostic(
                doc,
                "/default_group",
                UNKNOWN_GROUP,
                f"group {model.default_group!r} is not declared by any {model.object} field standard",
                hint=did_you_mean(model.default_group, groups),
            )
        for i, field in enumerate(model.fields):
            if field.group is not None and field.group not in groups:
                yield diagnostic(
                    doc,
                    pointer_join("fields", i, "group"),
                    UNKNOWN_GROUP,
                    f"group {field.group!r} is not declared by any {model.object} field standard",
                    hint=did_you_mean(field.group, groups),
                )


def _hint(
    defs: Definitions,
    ref: refs.Ref,
    known: dict[tuple[str, bool], list[str]],
    hints: dict[tuple[str, str, bool], str | None],
) -> str | None:
    # `candidates` depends on the type and, for lifecycle stages, on whether a scope is given.
    kind = (ref.type, bool(ref.scope))
    text = str(ref)
    if (text, *kind) not in hints:
        if kind not in known:
            known[kind] = refs.candidates(defs, ref)
        hints[(text, *kind)] = did_you_mean(text, known[kind])
    return hints[(text, *kind)]


_FORMS = {
    "field": "write field/<object>/<key> or a bare key of the subject object",
    "fact": "write fact/<object>/<key> or a bare fact key of the subject object",
    "pipeline": "write pipeline/<pipeline>",
    "pipeline_stage": "write pipeline/<pipeline>/stage/<stage>",
    "lifecycle_stage": "write lifecycle/<stage> or lifecycle/<lifecycle>/stage/<stage>",
}

RULE = References()
