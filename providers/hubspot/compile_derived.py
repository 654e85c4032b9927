"""What lifecycle, ICP and SLA documents add to the properties the field standards declared.

A lifecycle governs the options of its stage field (HubSpot's `lifecyclestage` accepts option
edits) and an ICP those of its tier field (tiers + default tier): `_govern` replaces the field
standard's options on the `_Property`, keeping the standard's origin and source. An SLA checks
that its due-at (datetime) and breached (bool) fields are declared with those types. Entry
criteria, lifecycle automation, tier criteria and SLA timing have no HubSpot equivalent and are
reported as capability gaps (or HS207 when audit cannot measure the SLA either). These run after
every field standard, since they refer to its properties by key.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.models.refs import Ref

from .compile_build import (
    HS,
    OBJECTS,
    _Build,
    _location,
    _where,
    icp_origin,
    lifecycle_origin,
    resolve_field,
    sla_origin,
)
from .normalize import canonical_option


def _govern(build: _Build, ref: str, subject: str, options: list[dict[str, Any]],
            where: str, by: str) -> None:  # fmt: skip
    obj, key = resolve_field(ref, subject)
    name = build.fields_by_key.get((obj, key), key)
    prop = build.properties.get((obj, name))
    if prop is None:
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS203",
                f"{by} governs {obj}/{name}, which no field standard declares; its options "
                "are not managed",
                _location(where, f"hubspot/property/{obj}/{name}"),
                hint="declare the field in the object's FieldStandard",
            )
        )
        return
    prop.governed_options = [canonical_option(o, i) for i, o in enumerate(options)]


def _lifecycle(build: _Build, lifecycle: Any, source: Any) -> None:
    where = _where(source, "")
    options = [
        {"value": s.api_ids.get(HS, s.key), "label": s.label, "description": s.description or ""}
        for s in lifecycle.stages
    ]
    _govern(
        build, lifecycle.field, lifecycle.object, options, where, f"lifecycle {lifecycle.key!r}"
    )
    for index, stage in enumerate(lifecycle.stages):
        if stage.entry_criteria is not None:
            build.gap(
                f"entry criteria of lifecycle stage {stage.key!r}",
                _where(source, f"/stages/{index}/entry_criteria"),
                str(Ref("lifecycle_stage", lifecycle.key, stage.key)),
            )
    build.gap(
        f"lifecycle {lifecycle.key!r} automation (moving records between stages"
        + (")" if lifecycle.allow_backward else ", forward only)"),
        where,
        lifecycle_origin(lifecycle.key),
    )


def _icp(build: _Build, icp: Any, source: Any) -> None:
    where = _where(source, "")
    options = [
        {"value": t.key, "label": t.label, "description": t.description or ""} for t in icp.tiers
    ]
    if icp.default_tier and icp.default_tier not in {t.key for t in icp.tiers}:
        label = icp.default_tier.replace("_", " ").capitalize().replace("icp", "ICP")
        options.append({"value": icp.default_tier, "label": label})
    _govern(build, icp.field, icp.object, options, where, f"ICP {icp.key!r}")
    for index, tier in enumerate(icp.tiers):
        build.gap(
            f"criteria of ICP tier {tier.key!r} (the tier is computed and written by audit)",
            _where(source, f"/tiers/{index}/criteria"),
            f"{icp_origin(icp.key)}/{tier.key}",
        )


def _sla(build: _Build, sla: Any, source: Any) -> None:
    where = _where(source, "")
    trigger = str(sla.trigger)
    # A pipeline stage starts the clock on that pipeline's records (deals or tickets); a
    # lifecycle stage on contacts.
    subject = (
        build.pipeline_objects.get(trigger.split("/")[1], "deal")
        if trigger.startswith("pipeline/")
        else "contact"
    )
    for ref, want in ((sla.due_at_field, "datetime"), (sla.breached_field, "bool")):
        if ref is None:
            build.gap(f"SLA {sla.key!r} has no {want} field to record it in HubSpot", where,
                      sla_origin(sla.key), Severity.WARNING)  # fmt: skip
            continue
        obj, key = resolve_field(ref, subject)
        name = build.fields_by_key.get((obj, key), key)
        prop = build.properties.get((obj, name))
        if prop is None or prop.attrs["type"] != want:
            build.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    "HS204",
                    f"SLA {sla.key!r} records into {obj}/{name}, which the field standard "
                    f"does not declare as a {want} field",
                    _location(where, f"hubspot/property/{obj}/{name}"),
                )
            )
    timing = (
        f"SLA {sla.key!r} timing ({sla.within.amount} {sla.within.unit.replace('_', ' ')}, "
        f"target {sla.target_percent:g}%)"
    )
    from .records import ACTION_PROPERTIES  # records.py imports this module's OBJECTS

    timed = sla.completed_at_field is not None or sla.action == "stage_change"
    if not timed and (OBJECTS[subject], sla.action) not in ACTION_PROPERTIES:
        # What `revops audit` reads the action's time from (records.py); without it the SLA
        # can be neither enforced nor measured here.
        build.diagnostics.append(
            Diagnostic(
                Severity.WARNING,
                "HS207",
                f"{timing}: not enforced in HubSpot, and not measured by audit: HubSpot "
                f"records no {sla.action.replace('_', ' ')} time on a {subject}",
                _location(where, sla_origin(sla.key)),
                hint="name the field that records when it was done (completed_at_field), or "
                "end the clock on a stage (action: stage_change), to measure it",
            )
        )
        return
    build.gap(timing, where, sla_origin(sla.key))
