"""`required_at` -> validation rules: a field that must have a value from a stage on.

`required_at: [pipeline/new_business/stage/demo]` on a deal field: a deal of that pipeline in
Demo, a later open stage or a won stage, with the field blank, is refused (the audit's reading
of "from the stage on", revops_as_code/audit/standards.py). `required_at:
[lifecycle/mqa]` on a contact field: a Lead whose lifecycle field (Lead Status, or the custom
stage picklist) is MQA or a later non-terminal stage (a terminal stage: that stage alone),
with the field blank, is refused; a
Contact has no lead status, so there it stays a gap unless the lifecycle's field is a custom
picklist that Contact has too. Anything else (a field of another object than the stage's, a
checkbox, which is never blank) is a gap, measured by audit.

Rule names: `<Pipeline>_<Stage>_<Field>_Required`, `<Stage>_<Field>_Required`.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.models import refs
from revops_as_code.resources import ResourceId

from . import model
from .compile_build import _Build, _Target, _where, field_origin, rid, split_field
from .compile_rules import add_rule, stages_past
from .formulas import FieldRef, all_of, any_of, blank_formula, is_picklist_value, quote


def required_rules(build: _Build, standards: list[tuple[Any, Any]], pipelines: list[Any],
                   lifecycles: list[Any]) -> None:  # fmt: skip
    """Rules for every `required_at` of every declared field (after pipelines and lifecycles:
    the rules compare with their stage values)."""
    by_pipeline = {p.key: p for p in pipelines if p.object == "deal"}
    for standard, source in standards:
        for index, fdef in enumerate(standard.fields):
            target = build.refs.get((standard.object, fdef.key))
            if target is None or not fdef.required_at:
                continue
            where = _where(source, f"/fields/{index}")
            for stage_ref in fdef.required_at:
                made = _rule(build, standard.object, fdef, target, str(stage_ref), by_pipeline,
                             lifecycles, where)  # fmt: skip
                if not made:
                    shown = " / ".join(model.key_of(o, target.name) for o in target.objects)
                    build.gap(f"{shown} required at {stage_ref}", where,
                              field_origin(standard.object, fdef.key))  # fmt: skip


def _rule(build: _Build, obj: str, fdef: Any, target: _Target, stage_ref: str,
          pipelines: dict[str, Any], lifecycles: list[Any], where: str) -> bool:  # fmt: skip
    blank = blank_formula(FieldRef(target.name, target.formula_type, target.values))
    ref = refs.parse(stage_ref)
    if blank is None or ref is None:
        return False
    origin = field_origin(obj, fdef.key)
    if ref.type == "pipeline_stage":
        pipeline = pipelines.get(ref.scope)
        if obj != "deal" or pipeline is None or pipeline.stage(ref.key) is None:
            return False
        later = stages_past(pipeline, ref.key, including=True)
        parts = []
        if pipeline.key in build.record_types:
            parts.append(
                f"RecordType.DeveloperName = {quote(build.record_type_names[pipeline.key])}"
            )
        values = [build.stage_values[(pipeline.key, s.key)] for s in later]
        parts.append(any_of([is_picklist_value("StageName", v) for v in values]))
        depends: list[ResourceId] = [rid(model.VALUE_SET, model.STAGE_SET)]
        if pipeline.key in build.record_types:
            depends.append(build.record_types[pipeline.key])
        name = model.rule_name(pipeline.key, ref.key, fdef.key, "required")
        stage_label = pipeline.stage(ref.key).label
        _add(build, "Opportunity", name, all_of([*parts, blank]), target, fdef,
             f"From {stage_label} on, a deal needs {fdef.label}: fill it in.", depends, where,
             origin, stage_ref)  # fmt: skip
        return True
    found = [
        (lc, s) for lc in lifecycles for s in lc.stages
        if s.key == ref.key and (not ref.scope or lc.key == ref.scope)
    ]  # fmt: skip
    if len(found) != 1 or found[0][0].object != obj:
        return False
    lc, stage = found[0]
    stage_target = build.refs.get(split_field(lc.field, lc.object))
    if stage_target is None:
        return False
    # As the audit reads "from the stage on": the non-terminal stages from it, or a terminal
    # stage alone (revops_as_code/audit/standards.py).
    forward = [s for s in lc.stages if not s.terminal]
    later = forward[forward.index(stage) :] if stage in forward else [stage]
    made = False
    for sobject in stage_target.objects:
        if sobject not in target.objects:
            continue
        values = [stage_target.values.get(s.key, s.key) for s in later]
        name = model.rule_name(ref.key, fdef.key, "required")
        depends = []
        if stage_target.custom:
            depends.append(rid(model.CUSTOM_FIELD, model.key_of(sobject, stage_target.name)))
        elif model.STANDARD_PICKLISTS.get(model.key_of(sobject, stage_target.name)):
            depends.append(
                rid(
                    model.VALUE_SET,
                    model.STANDARD_PICKLISTS[model.key_of(sobject, stage_target.name)],
                )
            )
        _add(build, sobject, name,
             all_of([any_of([is_picklist_value(stage_target.name, v) for v in values]), blank]),
             target, fdef, f"From {stage.label} on, a {sobject.lower()} needs {fdef.label}: "
             "fill it in.", depends, where, origin, stage_ref)  # fmt: skip
        made = True
    if made and any(o not in stage_target.objects for o in target.objects):
        missing = [o for o in target.objects if o not in stage_target.objects]
        build.gap(
            f"{' / '.join(model.key_of(o, target.name) for o in missing)} required at "
            f"{stage_ref} ({', '.join(missing)} has no {stage_target.name})",
            where, origin,
        )  # fmt: skip
    return made


def _add(build: _Build, sobject: str, name: str, formula: str, target: _Target, fdef: Any,
         message: str, depends: list[ResourceId], where: str, origin: str,
         stage_ref: str) -> None:  # fmt: skip
    if target.custom:
        depends.insert(0, rid(model.CUSTOM_FIELD, model.key_of(sobject, target.name)))
    add_rule(
        build, sobject, name, formula, message, target.name,
        f"Generated by revops from {origin}: {fdef.label} is required at {stage_ref}.",
        depends, where, f"{origin}/required_at/{stage_ref.rsplit('/', 1)[-1]}",
    )  # fmt: skip
