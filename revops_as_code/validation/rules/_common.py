"""Helpers the rule modules share: making located diagnostics, did-you-mean, walking criteria.

`criteria_sites(definitions)` is the one place that knows where criteria and references sit
in each kind, with their JSON pointers and the *subject* object that bare keys refer to; the
reference, criteria and field-role rules all read from it.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import (
    ICP,
    Condition,
    DefinitionDocument,
    Definitions,
    FieldStandard,
    HandoffSLA,
    Lifecycle,
    Pipeline,
    refs,
)


def diagnostic(
    document: DefinitionDocument,
    pointer: str,
    code: str,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    hint: str | None = None,
    key: bool = False,
) -> Diagnostic:
    return Diagnostic(severity, code, message, document.source.location(pointer, key=key), hint)


def did_you_mean(wrong: str, candidates: Iterable[str]) -> str | None:
    """`did you mean 'x'?` for the closest candidates, or None when nothing is close.

    References share long prefixes (`field/company/...`), so similarity weighs the last segment over the
    whole string; only candidates near the best one are offered.
    """
    top = _closest(wrong, candidates)
    if not top:
        return None
    best = top[0][0]
    close = [c for score, c in top if score >= max(_FLOOR, best - 0.1)]
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


_FLOOR = 0.6
"""Below this similarity a candidate is never offered."""


def _closest(wrong: str, candidates: Iterable[str]) -> list[tuple[float, str]]:
    """The three best (similarity, candidate) pairs at or above `_FLOOR`, best first.

    Exactly what scoring and sorting every candidate gives, but a field reference has as many
    candidates as the project has fields, and `SequenceMatcher.ratio` costs ~25 us a pair: a
    second per dangling reference at 20,000 fields. So candidates are first bounded cheaply
    with difflib's `quick_ratio` (characters matched as multisets can only exceed the matched
    blocks; a ratio is at most 1), and exact scores are computed in descending order of the
    bound until no remaining bound can reach the third best. Float arithmetic is monotone, so
    a bound is never below the exact score it bounds. Bounds are compared as (bound,
    candidate) pairs, like the ranking itself: among many equally close names (`owner`
    against `s00001_owner`, `s00002_owner`, ...) only the three that win the tie are scored.
    """
    wrong_tail = wrong.rsplit("/", 1)[-1]
    whole_counts = Counter(wrong)
    tail_counts = Counter(wrong_tail)
    # First bound: the tail (70% of the score) matched as multisets, the whole string at 1.
    bounded: list[tuple[float, str, str]] = []
    for c in set(candidates):
        if c == wrong:
            continue
        tail = c.rsplit("/", 1)[-1]
        bound = 0.3 * 1.0 + 0.7 * _quick_ratio(wrong_tail, tail_counts, tail)
        if bound >= _FLOOR:
            bounded.append((bound, c, tail))
    bounded.sort(reverse=True)
    top: list[tuple[float, str]] = []
    for bound, c, tail in bounded:
        if len(top) == 3 and (bound, c) < top[-1]:
            break  # every later bound is lower still: nothing left can enter the top three
        # Second bound, with the whole string matched as multisets too.
        tighter = 0.3 * _quick_ratio(wrong, whole_counts, c) + 0.7 * _quick_ratio(
            wrong_tail, tail_counts, tail
        )
        if tighter < _FLOOR or (len(top) == 3 and (tighter, c) < top[-1]):
            continue
        score = _similarity(wrong, c)
        if score >= _FLOOR:
            top.append((score, c))
            top.sort(reverse=True)
            del top[3:]
    return top


def _quick_ratio(a: str, a_counts: Counter[str], b: str) -> float:
    """`difflib.SequenceMatcher(None, a, b).quick_ratio()`, with `a`'s counts made once."""
    length = len(a) + len(b)
    if not length:
        return 1.0
    available = dict(a_counts)
    matches = 0
    for ch in b:
        left = available.get(ch, 0)
        if left:
            available[ch] = left - 1
            matches += 1
    return 2.0 * matches / length


def _similarity(a: str, b: str) -> float:
    whole = difflib.SequenceMatcher(None, a, b).ratio()
    tail = difflib.SequenceMatcher(None, a.rsplit("/", 1)[-1], b.rsplit("/", 1)[-1]).ratio()
    return 0.3 * whole + 0.7 * tail


@dataclass(frozen=True)
class Leaf:
    """One field/fact comparison inside some criteria."""

    document: DefinitionDocument
    pointer: str
    """Pointer of the condition mapping."""
    condition: Condition
    subject: str
    """The object bare keys refer to."""


@dataclass(frozen=True)
class RefSite:
    """One reference-valued scalar: where it is, what it says, what it must resolve to."""

    document: DefinitionDocument
    pointer: str
    text: str
    subject: str | None
    """Object for bare keys (None: bare keys are not allowed here)."""
    expect: refs.RefType
    """The reference type this position takes (`field`, `lifecycle_stage`, ...)."""


def walk(condition: Condition, pointer: str) -> Iterator[tuple[str, Condition]]:
    """Every leaf of a condition with its pointer."""
    if condition.all is not None or condition.any is not None:
        name = "all" if condition.all is not None else "any"
        for i, child in enumerate(condition.children):
            yield from walk(child, pointer + pointer_join(name, i))
    else:
        yield pointer, condition


def _criteria_roots(
    definitions: Definitions,
) -> Iterator[tuple[DefinitionDocument, str, Condition, str]]:
    """(document, pointer, condition, subject) for every top-level criterion."""
    for doc in definitions.documents:
        model: BaseModel = doc.model
        if isinstance(model, FieldStandard):
            for i, fact in enumerate(model.facts):
                if fact.where is not None:
                    yield doc, pointer_join("facts", i, "where"), fact.where, fact.related
        elif isinstance(model, Pipeline):
            for i, stage in enumerate(model.stages):
                crit = stage.exit_criteria
                for j, cond in enumerate(crit.conditions if crit else ()):
                    at = pointer_join("stages", i, "exit_criteria", "conditions", j)
                    yield doc, at, cond, model.object
        elif isinstance(model, Lifecycle):
            for i, lc_stage in enumerate(model.stages):
                if lc_stage.entry_criteria is not None:
                    at = pointer_join("stages", i, "entry_criteria")
                    yield doc, at, lc_stage.entry_criteria, model.object
        elif isinstance(model, ICP):
            for i, tier in enumerate(model.tiers):
                yield doc, pointer_join("tiers", i, "criteria"), tier.criteria, model.object


def leaves(definitions: Definitions) -> Iterator[Leaf]:
    for doc, pointer, condition, subject in _criteria_roots(definitions):
        for at, leaf in walk(condition, pointer):
            yield Leaf(doc, at, leaf, subject)


def sla_subject(definitions: Definitions, sla: HandoffSLA) -> str | None:
    """The object an SLA is measured on: the trigger's lifecycle or pipeline object."""
    ref = refs.parse(sla.trigger)
    if ref is None:
        return None
    if ref.type == "pipeline_stage":
        found = refs.resolve_pipeline_stage(definitions, ref)
        return found[0].object if found else None
    lc = refs.resolve_lifecycle_stage(definitions, ref)
    return lc[0].object if lc else None


def ref_sites(definitions: Definitions) -> Iterator[RefSite]:
    """Every reference in the definitions, criteria included."""
    for leaf in leaves(definitions):
        cond = leaf.condition
        if cond.field is not None:
            yield RefSite(leaf.document, leaf.pointer + "/field", cond.field, leaf.subject, "field")
        if cond.fact is not None:
            yield RefSite(leaf.document, leaf.pointer + "/fact", cond.fact, leaf.subject, "fact")
    for doc in definitions.documents:
        yield from _model_refs(definitions, doc)


def _model_refs(definitions: Definitions, doc: DefinitionDocument) -> Iterator[RefSite]:
    model: BaseModel = doc.model
    if isinstance(model, FieldStandard):
        for i, field in enumerate(model.fields):
            for j, text in enumerate(field.required_at):
                at = pointer_join("fields", i, "required_at", j)
                yield RefSite(doc, at, text, None, _stage_type(text))
        for i, fact in enumerate(model.facts):
            if fact.stored_in is not None:
                at = pointer_join("facts", i, "stored_in")
                yield RefSite(doc, at, fact.stored_in, model.object, "field")
    elif isinstance(model, Pipeline):
        for i, stage in enumerate(model.stages):
            crit = stage.exit_criteria
            for j, text in enumerate(crit.required_fields if crit else ()):
                at = pointer_join("stages", i, "exit_criteria", "required_fields", j)
                yield RefSite(doc, at, text, model.object, "field")
    elif isinstance(model, Lifecycle):
        yield RefSite(doc, "/field", model.field, model.object, "field")
        for i, lc_stage in enumerate(model.stages):
            if lc_stage.entered_at_field is not None:
                at = pointer_join("stages", i, "entered_at_field")
                yield RefSite(doc, at, lc_stage.entered_at_field, model.object, "field")
    elif isinstance(model, ICP):
        yield RefSite(doc, "/field", model.field, model.object, "field")
    elif isinstance(model, HandoffSLA):
        yield RefSite(doc, "/trigger", model.trigger, None, _stage_type(model.trigger))
        if model.until_stage is not None:
            yield RefSite(
                doc, "/until_stage", model.until_stage, None, _stage_type(model.until_stage)
            )
        subject = sla_subject(definitions, model)
        for name in ("due_at_field", "breached_field", "completed_at_field"):
            text = getattr(model, name)
            if text is not None and subject is not None:
                yield RefSite(doc, "/" + name, text, subject, "field")


def _stage_type(text: str) -> refs.RefType:
    return "pipeline_stage" if text.startswith("pipeline/") else "lifecycle_stage"


__all__ = [
    "Leaf",
    "RefSite",
    "diagnostic",
    "did_you_mean",
    "leaves",
    "ref_sites",
    "sla_subject",
    "walk",
]
