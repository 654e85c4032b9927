"""ICP tiers and lifecycle stages measured over records.

ICP: each company's tier is computed (the first tier whose criteria hold, else the default)
and compared with the tier stored in the ICP's field; the tier coverage is the share of
companies whose field holds a tier. `--sync` writes the computed tier where they differ,
and each derived fact's value to its `stored_in` field. A live field the tier field
`supersedes` (a hand-kept tier) is compared with the computed tier too, so the tiers people
keep by hand are checked before the ICP field exists; its values are the tier keys, and an
empty value agrees only with the ICP's default tier ("not ICP"). `--sync` never writes it.

Lifecycle: the funnel (records per stage), the records at a stage that do not meet its
entry criteria (a company field of a contact is read from its primary company), and, for a
forward-only lifecycle, records at a stage earlier than one they already reached.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from revops_as_code.models.icp import ICP
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.providers.base import Record, RecordRequest, RecordUpdate

from .context import AuditContext
from .criteria import Subject, compile_condition, referenced_facts, referenced_fields, split_ref
from .facts import compute_facts, facts_for
from .report import Finding, Section
from .standards import live_field


def _related_values(
    ctx: AuditContext, needs: set[tuple[str, str]], subject: str
) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for obj in sorted({o for o, _ in needs if o != subject}):
        keys = {k for o, k in needs if o == obj}
        read = ctx.read(RecordRequest(object=obj, fields=ctx.fields(obj, keys)))
        out[obj] = {r.id: r.values for r in read.records}
    return out


def _linked(record: Record) -> dict[str, str]:
    return {obj: ids[0] for obj, ids in record.related.items() if ids}


def measure_icp(ctx: AuditContext, icp: ICP) -> tuple[Section, list[RecordUpdate]]:
    address = f"icp/{icp.key}"
    section = Section("icp", address, icp.label)
    subject = icp.object
    tier_key = split_ref(str(icp.field), "field", subject)[1]
    needs: set[tuple[str, str]] = set()
    facts: set[tuple[str, str]] = set()
    for tier in icp.tiers:
        needs |= referenced_fields(tier.criteria, subject)
        facts |= referenced_facts(tier.criteria, subject)
    own = {k for o, k in needs if o == subject} | {tier_key}
    stored_in = {}
    for obj, key in facts:
        fact = ctx.definitions.fact_of(obj, key)
        if fact is not None and fact.stored_in and obj == subject:
            stored_in[key] = split_ref(str(fact.stored_in), "field", subject)[1]
    own |= set(stored_in.values())
    tier_field = ctx.field(subject, tier_key)
    hand_kept = [live_field(name) for name in (tier_field.supersedes if tier_field else ())]
    read = ctx.read(RecordRequest(object=subject, fields=(*ctx.fields(subject, own), *hand_kept)))
    hand_live = [f.key for f in hand_kept if f.key not in read.missing_fields]
    hand_mismatches: Counter[str] = Counter({k: 0 for k in hand_live})
    fact_values = compute_facts(ctx, facts)
    related = _related_values(ctx, needs, subject)
    tiers = [(t.key, compile_condition(t.criteria, subject, ctx.now)) for t in icp.tiers]
    live = tier_key not in read.missing_fields
    computed: Counter[str] = Counter()
    agree = covered = 0
    updates: list[RecordUpdate] = []
    for record in read.records:
        linked = _linked(record)
        values = Subject(
            record.values,
            {o: related[o].get(i, {}) for o, i in linked.items() if o in related},
            facts_for(fact_values, (subject, record.id), linked),
        )
        tier_now = next((key for key, test in tiers if test(values)), icp.default_tier)
        computed[tier_now or "none"] += 1
        stored = record.values.get(tier_key)
        covered += stored is not None
        change: dict[str, Any] = {}
        if stored == tier_now:
            agree += 1
        elif live:
            section.add(
                Finding("tier_mismatch", address, subject, record.id,
                        f"stored {stored or 'no tier'}, criteria give {tier_now or 'no tier'}")
            )  # fmt: skip
            change[tier_key] = tier_now
        for key in hand_live:
            held = record.values.get(key)
            if (str(held) if held is not None else icp.default_tier) != tier_now:
                hand_mismatches[key] += 1
                section.add(
                    Finding("superseded_tier_mismatch", f"field/{subject}/{key}", subject,
                            record.id, f"{key} (superseded by {tier_key}) holds "
                            f"{held or 'no tier'}, criteria give {tier_now or 'no tier'}")
                )  # fmt: skip
        for fact_key, field_key in stored_in.items():
            value = values.facts.get((subject, fact_key), 0.0)
            if field_key not in read.missing_fields and record.values.get(field_key) != value:
                change[field_key] = value
        if change:
            updates.append(RecordUpdate(subject, record.id, change))
    total = len(read.records)
    if not live:
        section.notes.append(
            f"{subject} field {tier_key} is not in the CRM yet: `revops apply` creates it, "
            "then `revops audit --sync` writes the computed tiers"
        )
    section.score = 100.0 * agree / total if total and live else None
    section.figures.update(
        {
            "companies": total,
            "tier_mismatches": section.counts.get("tier_mismatch", 0),
            "superseded_tier_mismatches": sum(hand_mismatches.values()),
            "tier_coverage_pct": round(100.0 * covered / total, 1) if total else None,
        }
    )
    section.tables["computed_tiers"] = [
        {"tier": t.key, "companies": computed.get(t.key, 0)} for t in icp.tiers
    ] + [
        {
            "tier": icp.default_tier or "none",
            "companies": computed.get(icp.default_tier or "none", 0),
        }
    ]
    if hand_live:
        section.tables["superseded_tiers"] = [
            {"field": k, "companies_mismatched": n} for k, n in hand_mismatches.items()
        ]
    return section, updates


def measure_lifecycle(ctx: AuditContext, lifecycle: Lifecycle) -> Section:
    address = f"lifecycle/{lifecycle.key}"
    section = Section("lifecycle", address, lifecycle.label)
    subject = lifecycle.object
    needs: set[tuple[str, str]] = set()
    facts: set[tuple[str, str]] = set()
    for stage in lifecycle.stages:
        if stage.entry_criteria is not None:
            needs |= referenced_fields(stage.entry_criteria, subject)
            facts |= referenced_facts(stage.entry_criteria, subject)
    others = tuple(sorted({o for o, _ in needs | facts if o != subject}))
    read = ctx.read(
        RecordRequest(
            object=subject,
            fields=ctx.fields(subject, {k for o, k in needs if o == subject}),
            stages=lifecycle,
            related=others,
        )
    )
    fact_values = compute_facts(ctx, facts)
    related = _related_values(ctx, needs, subject)
    tests = {
        s.key: compile_condition(s.entry_criteria, subject, ctx.now)
        for s in lifecycle.stages
        if s.entry_criteria is not None
    }
    funnel: Counter[str] = Counter()
    failing: Counter[str] = Counter()
    checked = 0
    order = {s.key: i for i, s in enumerate(lifecycle.stages) if not s.terminal}
    for record in read.records:
        at = record.stage
        funnel[at or "none"] += 1
        reached = [k for k in record.entered if k in order]
        if not lifecycle.allow_backward and at in order and reached:
            furthest = max(reached, key=order.__getitem__)
            if order[furthest] > order[at]:
                section.add(
                    Finding("moved_backward", f"{address}/stage/{at}", subject, record.id,
                            f"at {at} after reaching {furthest} (the lifecycle moves forward only)")
                )  # fmt: skip
        test = tests.get(at or "")
        if test is None:
            continue
        checked += 1
        linked = _linked(record)
        values = Subject(
            record.values,
            {o: related[o].get(i, {}) for o, i in linked.items() if o in related},
            facts_for(fact_values, (subject, record.id), linked),
        )
        if not test(values):
            failing[str(at)] += 1
            section.add(
                Finding("entry_criteria", f"{address}/stage/{at}", subject, record.id,
                        f"at {at} without its entry criteria")
            )  # fmt: skip
    section.score = 100.0 * (1 - sum(failing.values()) / checked) if checked else None
    section.figures.update(
        {
            "records": len(read.records),
            "checked_for_entry_criteria": checked,
            "missing_entry_criteria": sum(failing.values()),
            "moved_backward": section.counts.get("moved_backward", 0),
        }
    )
    section.tables["funnel"] = [
        {
            "stage": s.key,
            "records": funnel.get(s.key, 0),
            "missing_entry_criteria": failing.get(s.key, 0),
        }
        for s in lifecycle.stages
    ]
    other = sum(n for k, n in funnel.items() if lifecycle.stage(k) is None)
    if other:
        section.notes.append(f"{other} records hold a stage the lifecycle does not declare")
    return section


__all__ = ["measure_icp", "measure_lifecycle"]
