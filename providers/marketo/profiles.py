"""What this Marketo instance holds for the fields the definitions map into it, for the
consistency report across an environment's targets (`Provider.field_profiles`).

- Types: Marketo's data type and the definitions' type it stands for. Marketo lead fields
  keep no option lists in the API, so `options` is None ("cannot say"), never "empty", and
  nothing is `restricted`: a string field takes any value the CRM sends.
- Held values: what leads hold for the fields whose definitions are enums and for the
  lifecycle's field (`leadStatus`), read with `GET /rest/v1/leads.json?filterType=id` in
  batches of 300 ids from id 1, stopping at the first batch that returns no lead. Marketo
  has no list-all-leads call besides the Bulk Extract API (not used here), so on an
  instance whose ids have gaps of 300 or more the counts are a lower bound: the notes say so.
- Synced fields: CRM-managed lead fields (describe2's `crmManaged`) no definition maps.
- Lifecycle: `leadStatus` values as records hold them (`source: records`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.models.fields import FieldType
from revops_as_code.providers.base import CompileResult, LiveSnapshot
from revops_as_code.providers.profiles import (
    FieldProfiles,
    LifecycleValues,
    LiveField,
    SyncedField,
)

from .client import MarketoClient
from .model import LEAD_FIELD

LEADS = "/rest/v1/leads.json"
ID_BATCH = 300
MAX_BATCHES = 1_000
"""At most 300,000 lead ids are scanned (a bound, so a huge instance cannot run away)."""

DEFINITION_TYPES: dict[str, FieldType] = {
    "string": "string",
    "email": "string",
    "phone": "string",
    "url": "string",
    "text": "text",
    "boolean": "bool",
    "float": "number",
    "integer": "number",
    "score": "number",
    "currency": "currency",
    "percent": "percent",
    "date": "date",
    "datetime": "datetime",
}


@dataclass
class CompiledMeta:
    """What compile knew that the compiled resources do not carry."""

    enum_fields: set[str] = field(default_factory=set)
    """Lead fields whose definition is an enum (their held values are read)."""
    lifecycles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Lead field -> (lifecycle address, `file:line:col` of the lifecycle)."""


def held_values(client: MarketoClient, names: list[str]) -> tuple[dict[str, Counter[str]], int]:
    """Distinct values per field across leads, and how many leads were read."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in names}
    seen = 0
    for batch in range(MAX_BATCHES):
        ids = ",".join(str(i) for i in range(batch * ID_BATCH + 1, (batch + 1) * ID_BATCH + 1))
        page = client.request(
            "GET",
            LEADS,
            params={"filterType": "id", "filterValues": ids, "fields": ",".join(names)},
        )
        leads = page.get("result") or []
        if not leads:
            break
        seen += len(leads)
        for lead in leads:
            for name in names:
                value = lead.get(name)
                if value not in (None, ""):
                    counts[name][str(value)] += 1
    return counts, seen


def field_profiles(
    client: MarketoClient,
    snapshot: LiveSnapshot,
    compiled: CompileResult,
    meta: CompiledMeta | None,
    lengths: Mapping[str, int] | None = None,
) -> FieldProfiles:
    live = {r.id.key: r for r in snapshot.resources if r.id.kind == LEAD_FIELD}
    mapped = [r for r in compiled.resources if r.id.kind == LEAD_FIELD]
    notes: list[str] = []
    wanted: list[str] = []
    if meta is None:
        notes.append("held values not read: the definitions were not compiled by this provider")
    else:
        wanted = sorted(n for n in set(meta.enum_fields) | set(meta.lifecycles) if n in live)
    counts: dict[str, Counter[str]] = {}
    if wanted:
        counts, seen = held_values(client, wanted)
        notes.append(
            f"held values read from {seen} leads by id (batches of {ID_BATCH} ids from 1 until "
            "one returns none): a lower bound if lead ids have gaps"
        )
    fields = []
    for resource in mapped:
        name = resource.id.key
        have = live.get(name)
        vendor = str(have.attributes.get("data_type")) if have is not None else None
        held: Mapping[str, int] | None = dict(counts[name]) if name in counts else None
        fields.append(
            LiveField(
                ref=resource.origin,
                name=name,
                exists=have is not None,
                type=DEFINITION_TYPES.get(vendor or "") if vendor else None,
                vendor_type=vendor,
                options=None,
                max_length=(lengths or {}).get(name),
                held_values=held,
                source=resource.source,
            )
        )
    mapped_names = {r.id.key for r in mapped}
    synced = tuple(
        SyncedField(
            name=name,
            object="contact",
            vendor_type=str(r.attributes.get("data_type")),
            type=DEFINITION_TYPES.get(str(r.attributes.get("data_type"))),
            synced_with="crm",
        )
        for name, r in sorted(live.items())
        if r.attributes.get("crm_managed") and name not in mapped_names
    )
    lifecycle = tuple(
        LifecycleValues(
            ref=ref,
            field=name,
            values=tuple(v for v, _ in counts.get(name, Counter()).most_common()),
            source="records",
            counts=dict(counts.get(name, Counter())),
            location=location,
        )
        for name, (ref, location) in sorted((meta.lifecycles if meta else {}).items())
        if name in live
    )
    return FieldProfiles(
        role="map", fields=tuple(fields), unmapped_synced=synced, lifecycle=lifecycle,
        notes=tuple(notes),
    )  # fmt: skip


def meta_of(definitions: Any) -> CompiledMeta:
    """Enum fields and lifecycle fields of the contact standards, by Marketo name (the same
    naming as compile)."""
    from .compile import LIFECYCLE_FIELD, MK, _field_key, _where
    from .model import camel

    meta = CompiledMeta()
    lifecycles = {}
    for document in definitions.documents:
        model = document.model
        if model.kind == "Lifecycle" and model.object == "contact":
            lifecycles[_field_key(model.field)] = (
                f"lifecycle/{model.key}",
                _where(document.source, ""),
            )
    for document in definitions.documents:
        model = document.model
        if model.kind != "FieldStandard" or model.object != "contact":
            continue
        for fdef in model.fields:
            explicit = fdef.api_names.get(MK)
            if fdef.key in lifecycles:
                meta.lifecycles[str(explicit or LIFECYCLE_FIELD)] = lifecycles[fdef.key]
            elif fdef.type in ("enum", "multi_enum"):
                meta.enum_fields.add(str(explicit or camel(fdef.key)))
    return meta
