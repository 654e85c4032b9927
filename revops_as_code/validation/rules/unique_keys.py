"""RV210: keys are unique per scope — documents of a kind, fields, facts and groups per object
(across all of the object's field standards), options, stages, tiers. The second occurrence
is reported, naming the first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import (
    ICP,
    DefinitionDocument,
    FieldStandard,
    HandoffSLA,
    Lifecycle,
    Pipeline,
)
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic

DUPLICATE = "RV210"

Entry = tuple[DefinitionDocument, str, str]
"""(document, pointer of the key scalar, key)."""


class UniqueKeys:
    code = DUPLICATE

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for scope, entries in _scopes(ctx):
            seen: dict[str, Entry] = {}
            for entry in entries:
                doc, pointer, key = entry
                first = seen.setdefault(key, entry)
                if first is entry:
                    continue
                where = first[0].source.location(first[1])
                yield diagnostic(
                    doc, pointer, DUPLICATE, f"duplicate {scope} {key!r} (first at {where})"
                )


def _scopes(ctx: RuleContext) -> Iterator[tuple[str, Iterable[Entry]]]:
    defs = ctx.definitions
    standards = list(defs.documents_of(FieldStandard))
    # An object may have several standards (split by team, or imported next to the
    # hand-written one): field, fact and group keys are unique across all of them, since
    # they compile into one namespace per object in the live system.
    for obj in dict.fromkeys(_fs(d).object for d in standards):
        mine = [d for d in standards if _fs(d).object == obj]
        for label, attr in (("field", "fields"), ("fact", "facts"), ("group", "groups")):
            yield (
                f"{obj} {label}",
                [
                    (d, pointer_join(attr, i, "key"), item.key)
                    for d in mine
                    for i, item in enumerate(getattr(_fs(d), attr))
                ],
            )
    for d in standards:
        for i, field in enumerate(_fs(d).fields):
            yield (
                f"option of {field.key}",
                [
                    (d, pointer_join("fields", i, "options", j, "key"), o.key)
                    for j, o in enumerate(field.options)
                ],
            )
    for kind, label, child in (
        (Pipeline, "pipeline", "stages"),
        (Lifecycle, "lifecycle", "stages"),
        (ICP, "ICP", "tiers"),
        (HandoffSLA, "SLA", None),
    ):
        docs = list(defs.documents_of(kind))
        yield label, [(d, "/key", str(_key(d.model))) for d in docs]
        if child is None:
            continue
        for d in docs:
            items = getattr(d.model, child)
            yield (
                f"{child[:-1]} of {label} {_key(d.model)}",
                [(d, pointer_join(child, i, "key"), str(item.key)) for i, item in enumerate(items)],
            )


def _key(model: BaseModel) -> str:
    return model.key if isinstance(model, Pipeline | Lifecycle | ICP | HandoffSLA) else ""


def _fs(document: DefinitionDocument) -> FieldStandard:
    assert isinstance(document.model, FieldStandard)
    return document.model


RULE = UniqueKeys()
