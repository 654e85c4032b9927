"""The fake system's field profiles: what its live documents hold, for the consistency report.

The fake stores each definition document as one object (`compile.py`), so a live field is an
entry of a live `field_standard`'s `fields` and a lifecycle's values are its live stages.
Tests play a second system by editing the world out of band; a live field entry may carry
what a real system reports beside the definition's words:

    restricted: bool        refuses values outside its options (default: it has options)
    max_length: int         the longest text it stores
    held_values: {v: n}     distinct values records hold -> how many
    synced: bool            the system syncs it with another (`synced_with` names which)

and a live lifecycle `held_values: {v: n}` (it keeps no list: values are what records hold).
Setting `role: map` makes the target a marketing-automation platform (default `crm`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revops_as_code.providers.base import CompileResult, LiveSnapshot
from revops_as_code.providers.profiles import (
    FieldProfiles,
    LifecycleValues,
    LiveField,
    SyncedField,
    SystemRole,
)
from revops_as_code.resources import Resource

PROVIDER = "fake"
OPTION_TYPES = ("enum", "multi_enum")


def _fields(resource: Resource | None) -> dict[str, Mapping[str, Any]]:
    if resource is None:
        return {}
    entries = resource.attributes.get("fields") or []
    return {str(e["key"]): e for e in entries if isinstance(e, Mapping) and "key" in e}


def _name(entry: Mapping[str, Any], key: str) -> str:
    return str((entry.get("api_names") or {}).get(PROVIDER, key))


def _options(entry: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Offered option values; None for a field with no list (free text, or a governed enum
    whose options another document sets)."""
    if entry.get("type") not in OPTION_TYPES or not entry.get("options"):
        return None
    return tuple(
        str((o.get("api_names") or {}).get(PROVIDER, o["key"]))
        for o in entry["options"]
        if not (o.get("hidden") or o.get("deprecated"))
    )


def _held(value: Any) -> dict[str, int] | None:
    if not isinstance(value, Mapping):
        return None
    return {str(k): int(v) for k, v in value.items()}


def _live_field(ref: str, key: str, entry: Mapping[str, Any] | None, source: str) -> LiveField:
    if entry is None:
        return LiveField(ref=ref, name=key, exists=False, source=source)
    options = _options(entry)
    kind = entry.get("type")
    vendor = (entry.get("api_types") or {}).get(PROVIDER) or kind
    return LiveField(
        ref=ref,
        name=_name(entry, key),
        exists=True,
        type=kind if isinstance(kind, str) else None,  # type: ignore[arg-type]
        vendor_type=str(vendor) if vendor else None,
        options=options,
        restricted=bool(entry.get("restricted", options is not None)),
        max_length=entry.get("max_length"),
        held_values=_held(entry.get("held_values")),
        source=source,
    )


def field_profiles(
    snapshot: LiveSnapshot, compiled: CompileResult, role: SystemRole = "crm"
) -> FieldProfiles:
    live = {r.id: r for r in snapshot.resources}
    fields: list[LiveField] = []
    mapped: set[str] = set()
    lifecycles: list[LifecycleValues] = []
    for resource in compiled.resources:
        if resource.id.kind == "field_standard":
            obj = str(resource.attributes.get("object"))
            there = _fields(live.get(resource.id))
            for key in _fields(resource):
                ref = f"field/{obj}/{key}"
                mapped.add(ref)
                fields.append(_live_field(ref, key, there.get(key), resource.source))
        elif resource.id.kind == "lifecycle" and resource.id in live:
            lifecycles.append(_lifecycle(resource, live[resource.id]))
    synced = [
        SyncedField(
            name=_name(entry, key),
            object=str(r.attributes.get("object")),
            vendor_type=str(entry.get("type")),
            type=entry.get("type"),
            synced_with=entry.get("synced_with"),
        )
        for r in snapshot.resources
        if r.id.kind == "field_standard"
        for key, entry in _fields(r).items()
        if entry.get("synced") and f"field/{r.attributes.get('object')}/{key}" not in mapped
    ]
    return FieldProfiles(
        role=role, fields=tuple(fields), unmapped_synced=tuple(synced), lifecycle=tuple(lifecycles)
    )


def _lifecycle(compiled: Resource, live: Resource) -> LifecycleValues:
    field_name = str(live.attributes.get("field", ""))
    held = _held(live.attributes.get("held_values"))
    ref = f"lifecycle/{compiled.id.key}"
    if held is not None:
        return LifecycleValues(
            ref, field_name, tuple(held), source="records", counts=held, location=compiled.source
        )
    stages = live.attributes.get("stages") or []
    values = tuple(
        str((s.get("api_ids") or {}).get(PROVIDER, s["key"]))
        for s in stages
        if isinstance(s, Mapping) and "key" in s
    )
    return LifecycleValues(ref, field_name, values, source="options", location=compiled.source)


__all__ = ["field_profiles"]
