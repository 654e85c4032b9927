"""Consistency rules that span a whole system rather than one field pair: lifecycle values
(a sync copies a stage value verbatim, so each stage needs one spelling everywhere) and
fields a system syncs that no field standard maps. Part of `rules.find_all`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revops_as_code.consistency.report import (
    CRM_STAGE_UNMATCHED,
    MAP_VALUE_UNMATCHED,
    UNMAPPED_SYNCED,
    Finding,
    TargetProfiles,
)
from revops_as_code.consistency.rules import Standard, listed
from revops_as_code.providers.profiles import LifecycleValues


def lifecycles(standard: Standard, described: Mapping[str, TargetProfiles]) -> list[Finding]:
    by_ref: dict[str, dict[str, LifecycleValues]] = {}
    for name, target in described.items():
        for values in target.profiles.lifecycle:
            by_ref.setdefault(standard.lifecycle_ref(values.ref), {})[name] = values
    out: list[Finding] = []
    for ref in sorted(by_ref):
        per = by_ref[ref]
        for x in per:
            for y in per:
                if x != y:
                    out.extend(_unmatched(standard, ref, described[x], per[x], described[y], per[y]))  # fmt: skip
    return out


def _held(values: LifecycleValues, value: str) -> str:
    if values.source != "records":
        return ""
    n = (values.counts or {}).get(value, 0)
    return f" ({n} record{'s' if n != 1 else ''})" if n else ""


def _unmatched(
    standard: Standard,
    ref: str,
    x: TargetProfiles,
    xv: LifecycleValues,
    y: TargetProfiles,
    yv: LifecycleValues,
) -> list[Finding]:
    """What `x` holds or accepts for the lifecycle that `y`'s list lacks."""
    # A system that keeps no list only shows what its records hold: a stage nobody is in
    # yet is no disagreement, so only a list on `y`'s side can lack a value.
    if yv.source != "options":
        return []
    lifecycle = standard.lifecycle(ref)
    where = xv.location or yv.location or standard.where(lifecycle)
    crm_side = not (x.profiles.role == "map" and y.profiles.role == "crm")
    code = CRM_STAGE_UNMATCHED if crm_side else MAP_VALUE_UNMATCHED
    targets = (x.target, y.target)
    theirs = {s.key: v for v in yv.values if (s := _stage_for(lifecycle, v)) is not None}
    spelled: list[str] = []
    out: list[Finding] = []
    for value in xv.values:
        if value in yv.values:
            continue
        stage = _stage_for(lifecycle, value)
        if stage is not None:
            other = f" ({y.target}: {theirs[stage.key]!r})" if stage.key in theirs else ""
            spelled.append(f"{value!r}{_held(xv, value)} for {stage.key}{other}")
            continue
        out.append(
            Finding(
                code, "lifecycle", ref,
                f"{ref}: {x.target}'s {xv.field} holds {value!r}{_held(xv, value)}, and "
                f"{y.target}'s {yv.field} has no such value: a sync moving it is refused or "
                "lands unlisted",
                f"{value!r} is no stage of {ref}: add it as a stage in the lifecycle "
                f"definition, or move those records in {x.target} to a stage and retire it",
                where, targets, x.target,
            )
        )  # fmt: skip
    if spelled:
        out.insert(
            0,
            Finding(
                code, "lifecycle", ref,
                # Every stage: a lifecycle has few, and each needs its own fix.
                f"{ref}: {x.target}'s {xv.field} holds {listed(spelled, len(spelled))}, which "
                f"{y.target}'s {yv.field} spells differently: a sync copies a stage's value "
                "as it is, so it is refused or lands unlisted",
                f"give each stage one value in both systems (the stage's `api_ids` for "
                f"{x.provider} and {y.provider} in the lifecycle definition) and run "
                "`revops apply`",
                where, targets, None,
            ),
        )  # fmt: skip
    return out


def _stage_for(lifecycle: Any, value: str) -> Any:
    """The stage `value` stands for: its key, its label, or one of its `api_ids`."""
    if lifecycle is None:
        return None
    for stage in lifecycle.stages:
        if value in (stage.key, stage.label, *stage.api_ids.values()):
            return stage
    return None


def unmapped(standard: Standard, described: Mapping[str, TargetProfiles]) -> list[Finding]:
    """Fields a system says it syncs that no definition maps."""
    out = []
    for name, target in described.items():
        for synced in target.profiles.unmapped_synced:
            model = standard.standard_of(synced.object)
            with_ = f" with {synced.synced_with}" if synced.synced_with else ""
            kind = f" ({synced.vendor_type})" if synced.vendor_type else ""
            out.append(
                Finding(
                    UNMAPPED_SYNCED, "unmapped", f"field/{synced.object}/{synced.name}",
                    f"{name} syncs {synced.name}{kind}{with_}, but no field standard maps it: "
                    "data moves between the systems that no definition describes",
                    f"add it to the {synced.object} field standard (with `api_names: "
                    f"{{{target.provider}: {synced.name}}}`) so its meaning has an owner, or "
                    f"stop syncing it in {name}",
                    standard.where(model), (name,), None,
                )
            )  # fmt: skip
    return out


__all__ = ["lifecycles", "unmapped"]
