"""Records for `revops audit`: Marketo leads read and written in canonical terms.

Objects: a contact is a Marketo lead. Marketo's company and opportunity records are
read-only copies synced from the CRM (compile maps no definitions to them), so a read of
any other object is empty: every requested field reported missing, every action
unsupported, no request sent. Audit them on the CRM target.

A read costs one `describe2` (to ask only for lead fields that exist: Marketo refuses the
whole call for an unknown field, 1006), then the leads by id: `GET /rest/v1/leads.json?
filterType=id&filterValues=1,...,300&fields=...`, 300 ids a call from id 1, stopping at the
first batch that returns no lead (at most 300,000 ids). Marketo has no list-all-leads REST
call besides the Bulk Extract API (asynchronous jobs; not used here, and not emulated by
the sandbox), so on an instance whose lead ids have a gap of 300 or more (leads deleted or
merged in bulk) the leads past the gap are not read: the read is a lower bound, and its
total is unknown (`RecordBatch.total` None).

Values: a field key maps to its lead field as compile names it (`records_write.mk_name`);
stored values map to option keys (an option's `api_names.marketo`, else its key; a value no
option has is kept as stored). Marketo holds no picklists, so that mapping is all there is.

Lifecycle: the stage is `leadStatus` (compile's choice; the CRM sync copies the lead or
contact status into it). Stored values map to stage keys through `api_ids.marketo`, else the
stage key, else its label (what the CRM sync writes). Entry times come only from a stage's
`entered_at_field` (Marketo's REST API keeps no field history on the lead; the activity log
is a separate, paged API not read here). `entered_since` is applied after the read.

SLA actions: Marketo keeps no first-touch or meeting time on a lead: all unsupported.
Associations: a lead names its company by name only (`company`), so no related ids.

Writing (`--sync`): `records_write.update_records`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.providers.base import Record, RecordBatch, RecordRequest
from revops_as_code.providers.records import canonical_value
from revops_as_code.providers.records import parse_iso_time as parse_time

from .client import MarketoClient
from .compile import LIFECYCLE_FIELD, MK
from .model import camel
from .profiles import ID_BATCH, MAX_BATCHES
from .read import DESCRIBE2
from .records_write import LEADS, OBJECT, UPDATE_BATCH, mk_name, option_value, update_records


@dataclass(frozen=True)
class ReadPlan:
    """Which lead fields to ask for, and how to read them back."""

    fields: Mapping[str, Any]
    """Marketo name -> Field definition."""
    options: Mapping[str, Mapping[str, str]]
    """Marketo name -> stored value -> option key."""
    missing: tuple[str, ...]
    stage_field: str | None = None
    stage_keys: Mapping[str, str] = field(default_factory=dict)
    """stored leadStatus value -> stage key."""
    entered_fields: Mapping[str, str] = field(default_factory=dict)
    """stage key -> the Marketo name of its entered_at_field."""

    @property
    def names(self) -> tuple[str, ...]:
        wanted = dict.fromkeys(["id", *self.fields])
        if self.stage_field is not None:
            wanted[self.stage_field] = None
        wanted.update(dict.fromkeys(self.entered_fields.values()))
        return tuple(wanted)


def _lifecycle(request: RecordRequest) -> Any:
    stages = request.stages
    return stages if getattr(stages, "kind", "") == "Lifecycle" else None


def plan_read(request: RecordRequest, live: set[str]) -> ReadPlan:
    """The lead fields for `request`, given the live lead field names."""
    lifecycle = _lifecycle(request)
    stage_field_key = str(lifecycle.field).rsplit("/", 1)[-1] if lifecycle is not None else None
    fields: dict[str, Any] = {}
    options: dict[str, dict[str, str]] = {}
    missing: list[str] = []
    stage_keys: dict[str, str] = {}
    if lifecycle is not None:
        # Lowest priority first: a label, then a key, then an explicit Marketo value.
        for stage in lifecycle.stages:
            stage_keys.setdefault(str(stage.label), stage.key)
        for stage in lifecycle.stages:
            stage_keys[stage.key] = stage.key
        for stage in lifecycle.stages:
            if stage.api_ids.get(MK):
                stage_keys[str(stage.api_ids[MK])] = stage.key
    for fdef in request.fields:
        name = mk_name(fdef, stage_field_key)
        if name is None or name not in live:
            missing.append(fdef.key)
            continue
        fields[name] = fdef
        if fdef.options:
            options[name] = {option_value(o): o.key for o in fdef.options}
        elif fdef.key == stage_field_key and stage_keys:
            options[name] = dict(stage_keys)
    stage_field = None
    entered: dict[str, str] = {}
    if lifecycle is not None:
        # The lifecycle's field where the request names it (its own name), else leadStatus.
        stage_field = next(
            (n for n, f in fields.items() if f.key == stage_field_key), LIFECYCLE_FIELD
        )
        if stage_field not in live:
            stage_field = None
        for stage in lifecycle.stages:
            own = getattr(stage, "entered_at_field", None)
            if not own:
                continue
            key = str(own).rsplit("/", 1)[-1]
            fdef = next((f for f in request.fields if f.key == key), None)
            name = mk_name(fdef) if fdef is not None else camel(key)
            if name is not None and name in live:
                entered[stage.key] = name
    return ReadPlan(
        fields=fields,
        options=options,
        missing=tuple(missing),
        stage_field=stage_field,
        stage_keys=stage_keys,
        entered_fields=entered,
    )


def to_record(plan: ReadPlan, lead: Mapping[str, Any]) -> Record:
    """One lead (a `GET leads.json` result item) as a canonical `Record`."""
    values: dict[str, Any] = {}
    for name, fdef in plan.fields.items():
        value = canonical_value(fdef, lead.get(name), plan.options.get(name))
        if value is not None:
            values[fdef.key] = value
    record = Record(id=str(lead.get("id")), values=values)
    if plan.stage_field is not None:
        raw = lead.get(plan.stage_field)
        if raw not in (None, ""):
            record.stage = plan.stage_keys.get(str(raw), str(raw))
        for key, name in plan.entered_fields.items():
            moment = parse_time(lead.get(name))
            if moment is not None:
                record.entered[key] = moment
    return record


def _live_fields(client: MarketoClient) -> set[str]:
    names = {"id"}
    for entry in client.get(DESCRIBE2).get("result") or []:
        for item in entry.get("fields") or []:
            if isinstance(item, Mapping) and item.get("name"):
                names.add(str(item["name"]))
    return names


def _keep(request: RecordRequest, record: Record) -> bool:
    if request.entered_since is None:
        return True
    key, moment = request.entered_since
    entered = record.entered.get(key)
    return entered is not None and entered >= moment


def read_records(
    client: MarketoClient, request: RecordRequest, *, max_batches: int = MAX_BATCHES
) -> Iterator[RecordBatch]:
    """`request`'s leads, one batch per 300 ids scanned (see the module docstring: the id
    scan is a lower bound where lead ids have gaps of 300 or more)."""
    actions = tuple(request.actions)
    if request.object != OBJECT:
        missing = tuple(f.key for f in request.fields)
        yield RecordBatch(records=(), total=0, missing_fields=missing, unsupported_actions=actions)
        return
    before = client.request_count
    plan = plan_read(request, _live_fields(client))
    fields = ",".join(plan.names)
    for batch in range(max_batches):
        ids = ",".join(str(i) for i in range(batch * ID_BATCH + 1, (batch + 1) * ID_BATCH + 1))
        leads = list(
            client.paginate(LEADS, {"filterType": "id", "filterValues": ids, "fields": fields})
        )
        records = [r for r in (to_record(plan, lead) for lead in leads) if _keep(request, r)]
        yield RecordBatch(
            records=tuple(records),
            missing_fields=plan.missing,
            unsupported_actions=actions,
            requests=client.request_count - before,
        )
        before = client.request_count
        if not leads:
            return  # the first batch of ids with no lead ends the scan


__all__ = [
    "ID_BATCH",
    "UPDATE_BATCH",
    "ReadPlan",
    "mk_name",
    "parse_time",
    "plan_read",
    "read_records",
    "to_record",
    "update_records",
]
