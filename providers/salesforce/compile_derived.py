"""What lifecycle, ICP and SLA documents add to the fields the field standards declared.

Lifecycle (of contacts) -> the `LeadStatus` value set: its stages in order (value =
`api_ids.salesforce`, else the label), the first the default. `converted` marks the stages a
lead is converted at: the first non-terminal stage whose entry criteria read deals (a lead
converts when its opportunity is created, which is what such a stage says) and every later
non-terminal stage; when no stage reads deals, the last non-terminal stage (Salesforce needs
at least one converted status). The lifecycle field itself takes the stages as its values
when it is a custom picklist. A stage's `entered_at_field` that no field standard declares is
created as a DateTime custom field on the lifecycle's objects; a declared one must be a
date or datetime field. Stamping those fields and moving records between stages is
automation revops does not build: an INFO gap, like entry criteria.

ICP -> its tier field's values: the tiers, then the default tier. Tier criteria: a gap (audit
computes and writes the tier). HandoffSLA -> its due-at and breached fields must be declared
as DateTime and Checkbox (SF206 otherwise); its timing is a gap. These run after every field
standard, since they refer to its fields by key.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from revops_as_code.diagnostics import Severity
from revops_as_code.models.refs import Ref

from . import model
from .compile_build import (
    SF,
    SLA_FIELD,
    UNGOVERNED,
    _Build,
    _Field,
    _ValueSet,
    _where,
    field_origin,
    label_of,
    split_field,
)
from .compile_fields import sf_objects


def govern(build: _Build, ref: str, subject: str, values: list[dict[str, Any]], where: str,
           by: str) -> None:  # fmt: skip
    """Give the field `ref` these picklist values (key -> value in `values[i]["key"]`)."""
    obj, key = split_field(ref, subject)
    target = build.refs.get((obj, key))
    if target is None:
        build.report(
            Severity.WARNING, UNGOVERNED,
            f"{by} governs the {obj} field {key!r}, which no field standard declares; its "
            "values are not managed", where, field_origin(obj, key),
            hint=f"declare {key!r} in the {obj} FieldStandard",
        )  # fmt: skip
        return
    entries = [{"value": v["value"], "label": v["label"], "default": False} for v in values]
    build.refs[(obj, key)] = dataclasses.replace(
        target,
        values={**target.values, **{v["key"]: v["value"] for v in values}},
        labels={**target.labels, **{v["key"]: v["label"] for v in values}},
    )
    if target.custom:
        for sobject in target.objects:
            custom = build.fields.get((sobject, target.name))
            if custom is not None:
                custom.attrs["values"] = entries
        return
    for sobject in target.objects:
        set_name = model.STANDARD_PICKLISTS.get(model.key_of(sobject, target.name))
        known = build.value_sets.get(set_name) if set_name else None
        if set_name and (known is None or set_name != model.LEAD_STATUS_SET):
            source, origin = (
                (known.source, known.origin) if known else (where, field_origin(obj, key))
            )
            ignore = known.ignore if known else frozenset()
            build.value_sets[set_name] = _ValueSet(set_name, entries, source, origin, ignore)


def lifecycle(build: _Build, lc: Any, source: Any) -> None:
    where = _where(source, "")
    origin = f"lifecycle/{lc.key}"
    converted = _converted(build, lc)
    values = [
        {"key": s.key, "value": str(s.api_ids.get(SF) or s.label), "label": s.label}
        for s in lc.stages
    ]
    if lc.object == "contact":
        obj, key = split_field(lc.field, lc.object)
        field_where = where
        if build.lead_status_from:
            build.report(
                Severity.WARNING, UNGOVERNED,
                f"lifecycles {build.lead_status_from!r} and {lc.key!r} both define Lead Status; "
                f"Salesforce has one, so {lc.key!r} wins", where, origin,
                hint="keep one contact lifecycle for Salesforce",
            )  # fmt: skip
        build.lead_status_from = lc.key
        if (obj, key) in build.refs:
            # As a standard's field several documents shape, the set keeps the field's origin.
            origin = field_origin(obj, key)
            field_where = build.refs[(obj, key)].source or where
        build.value_sets[model.LEAD_STATUS_SET] = _ValueSet(
            model.LEAD_STATUS_SET,
            [
                {"value": v["value"], "label": v["label"], "default": i == 0,
                 "converted": s.key in converted}
                for i, (v, s) in enumerate(zip(values, lc.stages, strict=True))
            ],
            field_where, origin,
        )  # fmt: skip
    govern(build, lc.field, lc.object, values, where, f"lifecycle {lc.key!r}")
    for index, stage in enumerate(lc.stages):
        stage_where = _where(source, f"/stages/{index}")
        stage_ref = str(Ref("lifecycle_stage", lc.key, stage.key))
        if stage.entered_at_field is not None:
            _entered_at(build, lc, stage, stage_where, stage_ref)
        if stage.entry_criteria is not None:
            build.gap(
                f"entry criteria of lifecycle stage {stage.key!r}",
                _where(source, f"/stages/{index}/entry_criteria"),
                stage_ref,
            )
    build.gap(
        f"lifecycle {lc.key!r} automation (moving records between stages and stamping their "
        "entry dates" + (")" if lc.allow_backward else ", forward only)"),
        where,
        f"lifecycle/{lc.key}",
    )


def _converted(build: _Build, lc: Any) -> set[str]:
    forward = [s for s in lc.stages if not s.terminal]
    if not forward:
        return set()
    start = next(
        (i for i, s in enumerate(forward) if _reads_deals(build, s.entry_criteria, lc.object)),
        len(forward) - 1,
    )
    return {s.key for s in forward[start:]}


def _reads_deals(build: _Build, condition: Any, subject: str) -> bool:
    """Whether a criterion reads a deal field or a fact counting deals."""
    if condition is None:
        return False
    for leaf in condition.leaves():
        if leaf.fact is not None:
            obj, key = split_field(str(leaf.fact).replace("fact/", "field/", 1), subject)
            if build.facts.get((obj, key)) == "deal":
                return True
        if leaf.field is not None and split_field(str(leaf.field), subject)[0] == "deal":
            return True
    return False


def _entered_at(build: _Build, lc: Any, stage: Any, where: str, origin: str) -> None:
    obj, key = split_field(str(stage.entered_at_field), lc.object)
    target = build.refs.get((obj, key))
    if target is not None:
        if target.type not in ("date", "datetime"):
            build.report(
                Severity.WARNING, SLA_FIELD,
                f"lifecycle stage {stage.key!r} records its entry in {target.name}, which is a "
                f"{target.type} field, not a date or datetime", where, origin,
                hint=f"declare {key!r} as a datetime field",
            )  # fmt: skip
        return
    name = model.custom_field_name(key)
    label = f"{stage.label} date"[:40]
    for sobject in sf_objects(obj, name):
        sizes = model.TYPE_DEFAULTS["DateTime"]
        build.fields[(sobject, name)] = _Field(
            sobject, name,
            {"object": sobject, "name": name, "label": label, "type": "DateTime",
             "length": sizes.get("length"), "precision": sizes.get("precision"),
             "scale": sizes.get("scale"), "visible_lines": sizes.get("visible_lines"),
             "description": f"When the record entered the lifecycle stage {stage.label}.",
             "help_text": "", "reference_to": None, "values": []},
            where, origin,
        )  # fmt: skip


def icp(build: _Build, profile: Any, source: Any) -> None:
    where = _where(source, "")
    obj, key = split_field(profile.field, profile.object)
    target = build.refs.get((obj, key))
    known = target.values if target else {}
    labels = target.labels if target else {}
    values = [
        {"key": t.key, "value": known.get(t.key, t.key), "label": t.label} for t in profile.tiers
    ]
    if profile.default_tier and profile.default_tier not in {t.key for t in profile.tiers}:
        tier = profile.default_tier
        values.append({"key": tier, "value": known.get(tier, tier),
                       "label": labels.get(tier) or label_of(tier)})  # fmt: skip
    govern(build, profile.field, profile.object, values, where, f"ICP {profile.key!r}")
    for index, tier_def in enumerate(profile.tiers):
        build.gap(
            f"criteria of ICP tier {tier_def.key!r} (the tier is computed and written by audit)",
            _where(source, f"/tiers/{index}/criteria"),
            f"icp/{profile.key}/{tier_def.key}",
        )


def sla(build: _Build, agreement: Any, source: Any) -> None:
    where = _where(source, "")
    origin = f"sla/{agreement.key}"
    subject = "deal" if str(agreement.trigger).startswith("pipeline/") else "contact"
    for ref, want in ((agreement.due_at_field, "DateTime"), (agreement.breached_field, "Checkbox")):
        if ref is None:
            build.gap(f"SLA {agreement.key!r} has no {want} field to record it in Salesforce",
                      where, origin, Severity.WARNING)  # fmt: skip
            continue
        obj, key = split_field(ref, subject)
        target = build.refs.get((obj, key))
        if target is None or target.sf_type != want:
            shown = target.name if target else key
            build.report(
                Severity.WARNING, SLA_FIELD,
                f"SLA {agreement.key!r} records into the {obj} field {shown}, which the field "
                f"standard does not declare as a {want} field", where, origin,
                hint=f"declare {key!r} in the {obj} FieldStandard with type "
                + ("datetime" if want == "DateTime" else "bool"),
            )  # fmt: skip
    build.gap(
        f"SLA {agreement.key!r} timing ({agreement.within.amount} "
        f"{agreement.within.unit.replace('_', ' ')}, target {agreement.target_percent:g}%)",
        where,
        origin,
    )
