"""Derived facts computed from records: "contacts of this company engaged in the past 30
days" is a count, per company, of its associated contacts that meet the fact's `where`.

The related records are read once per fact with the fields its `where` needs and their
association to the fact's object; the same criteria evaluator decides which count.
"""

from __future__ import annotations

from collections import Counter

from revops_as_code.providers.base import RecordRequest

from .context import AuditContext
from .criteria import Subject, compile_condition, referenced_fields
from .report import Section

FactValues = dict[tuple[str, str], dict[str, float]]
"""(object, fact key) -> record id -> value."""


def compute_facts(ctx: AuditContext, wanted: set[tuple[str, str]]) -> FactValues:
    out: FactValues = {}
    for obj, key in sorted(wanted):
        if (obj, key) in ctx.facts:
            out[(obj, key)] = ctx.facts[(obj, key)]
            continue
        fact = ctx.definitions.fact_of(obj, key)
        if fact is None:
            continue
        related = fact.related
        keys = {k for o, k in referenced_fields(fact.where, related)} if fact.where else set()
        pipelines = tuple(p for p in ctx.definitions.pipelines if p.object == related)
        read = ctx.read(
            RecordRequest(
                object=related,
                fields=ctx.fields(related, keys),
                related=(obj,),
                pipelines=pipelines,
            )
        )
        test = compile_condition(fact.where, related, ctx.now) if fact.where else None
        counts: Counter[str] = Counter()
        for record in read.records:
            if test is None or test(Subject(record.values)):
                counts.update(record.related.get(obj, ()))
        out[(obj, key)] = ctx.facts[(obj, key)] = {k: float(v) for k, v in counts.items()}
    return out


def facts_section(ctx: AuditContext) -> Section:
    """What the derived facts came to: per fact, how many records it counted something for."""
    section = Section("facts", "facts", "Derived facts")
    rows = []
    for standard in ctx.definitions.field_standards:
        for fact in standard.facts:
            values = ctx.facts.get((standard.object, fact.key))
            rows.append(
                {
                    "fact": f"{standard.object}/{fact.key}",
                    "computed": values is not None,
                    "records_nonzero": None if values is None else len(values),
                    "total": None if values is None else int(sum(values.values())),
                    "stored_in": fact.stored_in,
                }
            )
    section.tables["derived_facts"] = rows
    section.figures["computed"] = sum(r["computed"] is True for r in rows)
    return section


def facts_for(
    values: FactValues, own: tuple[str, str], linked: dict[str, str]
) -> dict[tuple[str, str], float]:
    """The facts of one record (`own` = (object, id)) and of its linked records (object ->
    id), every fact defaulting to 0 (no related record counts)."""
    out: dict[tuple[str, str], float] = {}
    for (obj, key), by_id in values.items():
        record_id = own[1] if obj == own[0] else linked.get(obj)
        if record_id is not None:
            out[(obj, key)] = by_id.get(record_id, 0.0)
    return out


__all__ = ["FactValues", "compute_facts", "facts_for"]
