"""RV201: every reference resolves (with did-you-mean); RV202: field groups are declared (by
any field standard of the same object).

A reference is reported at the referencing scalar. `lifecycle/<stage>` that matches stages
of several lifecycles is ambiguous and must name the lifecycle.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import FieldStandard, refs
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic, did_you_mean, ref_sites

DANGLING = "RV201"
UNKNOWN_GROUP = "RV202"


class References:
    code = DANGLING

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        defs = ctx.definitions
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
                hint=did_you_mean(str(ref), refs.candidates(defs, ref)),
            )
        yield from _groups(ctx)


def _groups(ctx: RuleContext) -> Iterator[Diagnostic]:
    defs = ctx.definitions
    for doc in defs.documents_of(FieldStandard):
        model = doc.model
        assert isinstance(model, FieldStandard)
        # A group declared by any standard of the same object will do (one live namespace).
        declared = list(
            dict.fromkeys(g.key for s in defs.field_standards_of(model.object) for g in s.groups)
        )
        if model.default_group is not None and model.default_group not in declared:
            yield diagnostic(
                doc,
                "/default_group",
                UNKNOWN_GROUP,
                f"group {model.default_group!r} is not declared by any {model.object} field standard",
                hint=did_you_mean(model.default_group, declared),
            )
        for i, field in enumerate(model.fields):
            if field.group is not None and field.group not in declared:
                yield diagnostic(
                    doc,
                    pointer_join("fields", i, "group"),
                    UNKNOWN_GROUP,
                    f"group {field.group!r} is not declared by any {model.object} field standard",
                    hint=did_you_mean(field.group, declared),
                )


_FORMS = {
    "field": "write field/<object>/<key> or a bare key of the subject object",
    "fact": "write fact/<object>/<key> or a bare fact key of the subject object",
    "pipeline": "write pipeline/<pipeline>",
    "pipeline_stage": "write pipeline/<pipeline>/stage/<stage>",
    "lifecycle_stage": "write lifecycle/<stage> or lifecycle/<lifecycle>/stage/<stage>",
}

RULE = References()
