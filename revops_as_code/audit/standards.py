"""Field standards measured over records: values outside the declared options or the
declared range, fill rate of fields required from a stage on, and live fields the standard
supersedes that still hold values.

A stored value that an option `replaces` (a spelling variant such as `ppc`) is outside the
options too; `--sync` maps it to the option that replaces it. A field is required from a
stage on: a contact at that lifecycle stage or a later non-terminal one, a deal in that
pipeline stage, a later open stage or a won stage.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.models import refs
from revops_as_code.models.fields import Field, FieldStandard
from revops_as_code.providers.base import RecordRequest, RecordUpdate

from .context import AuditContext
from .report import Finding, Section


def live_field(name: str) -> Field:
    """A live field the definitions name only as a string (a superseded one), to be read."""
    return Field.model_construct(key=name, label=name, type="string", description="",
                                 api_names={}, options=())  # fmt: skip


def _from_stage(ctx: AuditContext, ref: str) -> tuple[Any, set[str]] | None:
    """The lifecycle or pipeline of a `required_at` stage, and the stage keys from it on."""
    parsed = refs.parse(ref)
    if parsed is None:
        return None
    if parsed.type == "pipeline_stage":
        found = refs.resolve_pipeline_stage(ctx.definitions, parsed)
        if not found:
            return None
        pipeline, stage = found
        opened = [s.key for s in pipeline.stages if s.outcome == "open"]
        later = opened[opened.index(stage.key) :] if stage.key in opened else [stage.key]
        return pipeline, set(later) | {s.key for s in pipeline.stages if s.outcome == "won"}
    found_lc = refs.resolve_lifecycle_stage(ctx.definitions, parsed)
    if not found_lc:
        return None
    lifecycle, entry = found_lc
    keys = [s.key for s in lifecycle.stages if not s.terminal]
    return lifecycle, set(keys[keys.index(entry.key) :]) if entry.key in keys else {entry.key}


def measure_standard(
    ctx: AuditContext, standard: FieldStandard
) -> tuple[Section, list[RecordUpdate]]:
    obj = standard.object
    address = f"field_standard/{obj}"
    section = Section("field_standard", address, f"{obj.capitalize()} field standard")
    governed = [f for f in standard.fields if f.options]
    ranged = [f for f in standard.fields if f.minimum is not None or f.maximum is not None]
    superseded = [live_field(name) for f in standard.fields for name in f.supersedes]
    required = [(f, ref) for f in standard.fields for ref in f.required_at]
    stages_of: Any = None
    ranges: list[tuple[Field, str, set[str]]] = []
    for fdef, ref in required:
        found = _from_stage(ctx, str(ref))
        if found is not None and (stages_of is None or found[0] is stages_of):
            stages_of = found[0]
            ranges.append((fdef, str(ref), found[1]))
    fields = {f.key: f for f in [*governed, *ranged, *superseded, *(f for f, _, _ in ranges)]}
    if not fields:
        return section, []
    read = ctx.read(RecordRequest(object=obj, fields=tuple(fields.values()), stages=stages_of))
    updates: list[RecordUpdate] = []
    outside = 0
    replaced = {v: o.key for f in governed for o in f.options for v in o.replaces}
    for record in read.records:
        change: dict[str, Any] = {}
        for fdef in governed:
            value = record.values.get(fdef.key)
            allowed = {o.key for o in fdef.options}
            values = value if isinstance(value, tuple) else (value,)
            bad = [v for v in values if v is not None and v not in allowed]
            if bad:
                outside += 1
                section.add(Finding("invalid_option", f"field/{obj}/{fdef.key}", obj, record.id,
                                    f"{fdef.key} holds {', '.join(map(str, bad))!s}, "
                                    "not a declared option"))  # fmt: skip
                if fdef.type == "enum" and str(value) in replaced:
                    change[fdef.key] = replaced[str(value)]
        for fdef in ranged:
            value = record.values.get(fdef.key)
            if isinstance(value, float) and not (
                (fdef.minimum is None or value >= fdef.minimum)
                and (fdef.maximum is None or value <= fdef.maximum)
            ):
                section.add(Finding("out_of_range", f"field/{obj}/{fdef.key}", obj, record.id,
                                    f"{fdef.key} is {value:g}, outside {fdef.minimum}..{fdef.maximum}"))  # fmt: skip
        for fdef in superseded:
            if record.values.get(fdef.key) is not None:
                section.add(Finding("superseded_value", f"field/{obj}/{fdef.key}", obj, record.id,
                                    f"{fdef.key} still holds a value"))  # fmt: skip
        for fdef, ref, stages in ranges:
            if record.stage in stages and record.values.get(fdef.key) is None:
                section.add(Finding("required_missing", f"field/{obj}/{fdef.key}", obj, record.id,
                                    f"{fdef.key} is empty at {record.stage} (required from {ref})"))  # fmt: skip
        if change:
            updates.append(RecordUpdate(obj, record.id, change))
    fill = []
    for fdef, ref, stages in ranges:
        due = [r for r in read.records if r.stage in stages]
        filled = sum(r.values.get(fdef.key) is not None for r in due)
        fill.append({"field": fdef.key, "required_at": ref, "records": len(due),
                     "fill_pct": round(100.0 * filled / len(due), 1) if due else None})  # fmt: skip
    section.tables["required_fill"] = fill
    section.tables["superseded"] = [
        {"field": f.key, "records_with_value": sum(f.key in r.values for r in read.records)}
        for f in superseded
        if f.key not in read.missing_fields
    ]
    section.figures.update(
        {
            "records": len(read.records),
            "values_outside_options": outside,
            "superseded_values": section.counts.get("superseded_value", 0),
            "out_of_range": section.counts.get("out_of_range", 0),
            "required_missing": section.counts.get("required_missing", 0),
        }
    )
    good = len(read.records) - len({f.record_id for f in section.findings})
    section.score = 100.0 * good / len(read.records) if read.records else None
    missing = [k for k in read.missing_fields if k in fields]
    if missing:
        section.notes.append("fields not in the CRM yet: " + ", ".join(missing))
    return section, updates


__all__ = ["live_field", "measure_standard"]
