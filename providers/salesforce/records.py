"""Records for `revops audit`: Salesforce records read and written in canonical terms.

A read costs one describe per sObject (to select only fields that exist), one `COUNT()` with
the read's filter, then the records: SOQL `query` pages (`nextRecordsUrl`) selecting only
the fields asked for, or a Bulk API 2.0 query job (`records_bulk.py`) when the count passes
`bulk_threshold` (10,000 by default: above it one job and a few CSV result sets cost fewer
calls than pages of 2,000).

Objects: a company is an Account, a deal an Opportunity, a ticket a Case. A contact is a Lead
until converted, then a Contact: a read of contacts reads unconverted Leads and Contacts
(ids tell them apart), and a lifecycle read reads Leads (their `Status` is the stage).

Stages: a deal's stage is `StageName`, a lead's and a case's `Status`; stored values map to stage keys
through `api_ids.salesforce` (else the stage's label, which is what compile stores). With
several deal pipelines a pipeline's records are those of its record type. Entry times come
from the stage's `entered_at_field` where it holds a value, else from field history
(`OpportunityHistory`; `LeadHistory` where Status history is tracked), read in one paged
query per read; an org without history access just gives no entry times.

SLA actions: Salesforce keeps no first-touch or meeting-booked time on a lead, contact or
opportunity (activities are Tasks and Events), so every action is reported unsupported.

Writing (`--sync`): `PATCH composite/sobjects` collections of at most 200 records
(`records_write.py`; `update_records` is re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revops_as_code.providers.base import Record, RecordBatch, RecordRequest
from revops_as_code.providers.records import canonical_value
from revops_as_code.providers.records import parse_iso_time as parse_time

from .errors import SalesforceError
from .impact import literal
from .model import api_name, custom_field_name
from .records_bulk import Client, bulk_query
from .records_write import SOBJECTS, UPDATE_BATCH, sf_name, update_records

SF = "salesforce"
BULK_THRESHOLD = 10_000
STAGE_FIELDS = {"Opportunity": "StageName", "Lead": "Status", "Case": "Status"}
"""Where each sObject keeps its stage: a deal's pipeline stage, a lead's status, a case's
status (a ticket pipeline's stages, which revops does not write but audit reads)."""
HISTORY: dict[str, tuple[str, str, str, str]] = {
    "Opportunity": ("OpportunityHistory", "OpportunityId", "StageName", ""),
    "Lead": ("LeadHistory", "LeadId", "NewValue", "Field = 'Status'"),
}
"""sObject -> (history object, record id field, stage value field, extra filter)."""
RELATED: dict[tuple[str, str], str] = {
    ("Contact", "company"): "AccountId",
    ("Opportunity", "company"): "AccountId",
    ("Opportunity", "contact"): "ContactId",
    ("Case", "company"): "AccountId",
    ("Case", "contact"): "ContactId",
}
"""(sObject, related object) -> the lookup field naming the related record."""
NO_HISTORY = frozenset({"INVALID_TYPE", "INSUFFICIENT_ACCESS", "INVALID_FIELD"})


def stage_value(stage: Any) -> str:
    """The value Salesforce stores for a pipeline or lifecycle stage."""
    return str(stage.api_ids.get(SF) or stage.label)


@dataclass(frozen=True)
class ReadPlan:
    """What to select from one sObject, and how to read its rows back."""

    sobject: str
    select: tuple[str, ...]
    where: tuple[str, ...]
    fields: Mapping[str, Any]
    """API name -> Field definition."""
    options: Mapping[str, Mapping[str, str]]
    """API name -> stored value -> option key."""
    stage_field: str | None = None
    stage_keys: Mapping[str, str] = field(default_factory=dict)
    entered_fields: Mapping[str, str] = field(default_factory=dict)
    """stage key -> the API name of its entered_at_field."""
    related: Mapping[str, str] = field(default_factory=dict)
    """related object -> lookup field."""
    history_where: tuple[str, ...] = ()

    def soql(self, select: Sequence[str] | None = None) -> str:
        where = f" WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"SELECT {', '.join(select or self.select)} FROM {self.sobject}{where}"


def _sobjects(request: RecordRequest) -> tuple[str, ...]:
    if request.object == "contact" and getattr(request.stages, "kind", "") == "Lifecycle":
        return ("Lead",)  # the lifecycle is Lead Status: converted leads keep theirs
    return SOBJECTS.get(request.object, (request.object,))


def plan_read(
    request: RecordRequest,
    sobject: str,
    live: set[str],
    lone: bool,
    record_types: bool = False,
) -> ReadPlan:
    """The SOQL for `request` on `sobject`, given its live field names. `lone`: the read
    covers one sObject (a contact read of Leads and Contacts filters converted Leads).
    `record_types`: the org runs Opportunity record types, so a pipeline's deals are those
    of its record type (with none, every deal is in the org's one sales process)."""
    fields: dict[str, Any] = {}
    options: dict[str, dict[str, str]] = {}
    for fdef in request.fields:
        name = sf_name(fdef)
        if name not in live:
            continue
        fields[name] = fdef
        if fdef.options:
            options[name] = {str(o.api_names.get(SF) or o.key): o.key for o in fdef.options}
        elif name == STAGE_FIELDS.get(sobject) and request.pipelines:
            options[name] = {stage_value(s): s.key for p in request.pipelines for s in p.stages}
    select = dict.fromkeys(["Id", *fields])
    where: list[str] = []
    history_where: list[str] = []
    if sobject == "Lead" and not lone and "IsConverted" in live:
        where.append("IsConverted = false")
    stage_field = None
    stage_keys: dict[str, str] = {}
    entered: dict[str, str] = {}
    stages = request.stages
    if stages is not None and STAGE_FIELDS.get(sobject) in live:
        stage_field = STAGE_FIELDS[sobject]
        select[stage_field] = None
        for stage in stages.stages:
            stage_keys[stage_value(stage)] = stage.key
            own = getattr(stage, "entered_at_field", None)
            own_name = _entered_name(str(own), request.fields) if own else None
            if own_name and own_name in live:
                entered[stage.key] = own_name
                select[own_name] = None
        several = record_types or len(request.pipelines) > 1
        if getattr(stages, "kind", "") == "Pipeline" and sobject == "Opportunity" and several:
            developer = str(stages.api_ids.get(SF) or api_name(stages.key))
            where.append(f"RecordType.DeveloperName = {literal(developer)}")
            history_where.append(f"Opportunity.RecordType.DeveloperName = {literal(developer)}")
    related: dict[str, str] = {}
    for obj in request.related:
        lookup = RELATED.get((sobject, obj))
        if lookup and lookup in live:
            related[obj] = lookup
            select[lookup] = None
    return ReadPlan(
        sobject=sobject,
        select=tuple(select),
        where=tuple(where),
        fields=fields,
        options=options,
        stage_field=stage_field,
        stage_keys=stage_keys,
        entered_fields=entered,
        related=related,
        history_where=tuple(history_where),
    )


def _entered_name(ref: str, fields: Sequence[Any]) -> str:
    key = ref.rsplit("/", 1)[-1]
    fdef = next((f for f in fields if f.key == key), None)
    return sf_name(fdef) if fdef is not None else custom_field_name(key)


def to_record(plan: ReadPlan, row: Mapping[str, Any], history: Mapping[str, Any]) -> Record:
    """One row (REST JSON or a Bulk CSV row) as a canonical `Record`."""
    values: dict[str, Any] = {}
    for name, fdef in plan.fields.items():
        value = canonical_value(fdef, row.get(name), plan.options.get(name))
        if value is not None:
            values[fdef.key] = value
    record = Record(id=str(row.get("Id")), values=values)
    if plan.stage_field is not None:
        raw = row.get(plan.stage_field)
        if raw not in (None, ""):
            record.stage = plan.stage_keys.get(str(raw), str(raw))
        for value, moment in (history.get(record.id) or {}).items():
            key = plan.stage_keys.get(value)
            if key is not None:
                record.entered[key] = moment
        for key, name in plan.entered_fields.items():
            moment = parse_time(row.get(name))
            if moment is not None:
                record.entered[key] = moment  # the definitions' own clock wins
    for obj, lookup in plan.related.items():
        if row.get(lookup) not in (None, ""):
            record.related[obj] = (str(row[lookup]),)
    return record


def _describe(client: Client, sobject: str) -> set[str]:
    body = client.get(f"sobjects/{sobject}/describe") or {}
    return {str(f.get("name")) for f in body.get("fields") or [] if isinstance(f, Mapping)}


def _runs_record_types(client: Client, request: RecordRequest, sobjects: Sequence[str]) -> bool:
    """Whether the org has Opportunity record types (one query, only for a pipeline read of
    one pipeline among several or of unknown company)."""
    if getattr(request.stages, "kind", "") != "Pipeline" or "Opportunity" not in sobjects:
        return False
    if len(request.pipelines) > 1:
        return True  # the filter applies anyway
    soql = "SELECT COUNT() FROM RecordType WHERE SobjectType = 'Opportunity'"
    return client.count(soql) > 0


def _history(
    client: Client, plan: ReadPlan, bulk: bool, sleep: Callable[[float], None] | None
) -> dict[str, dict[str, datetime]]:
    """record id -> stage value -> when the record last entered it, from field history.

    Read like the records (Bulk for a large read) and ordered here: Bulk queries do not
    promise an order (and older API versions refuse ORDER BY in them)."""
    if plan.stage_field is None or plan.sobject not in HISTORY:
        return {}
    table, id_field, value_field, extra = HISTORY[plan.sobject]
    where = [w for w in (extra, *plan.history_where) if w]
    soql = f"SELECT {id_field}, {value_field}, CreatedDate FROM {table}" + (
        f" WHERE {' AND '.join(where)}" if where else ""
    )
    rows: list[tuple[datetime, str, str]] = []
    try:
        pages = bulk_query(client, soql, sleep=sleep) if bulk else client.query_pages(soql)
        for page in pages:
            for row in page:
                value, moment = row.get(value_field), parse_time(row.get("CreatedDate"))
                if value not in (None, "") and moment is not None:
                    rows.append((moment, str(row.get(id_field)), str(value)))
    except SalesforceError as exc:
        if exc.code in NO_HISTORY:
            return {}  # history not tracked or not visible: entry times stay unknown
        raise
    out: dict[str, dict[str, datetime]] = {}
    last: dict[str, str] = {}
    for moment, rid, value in sorted(rows, key=lambda r: r[0]):
        if last.get(rid) == value:
            continue  # an amount change repeats the stage: not a new entry
        last[rid] = value
        out.setdefault(rid, {})[value] = moment
    return out


def read_records(
    client: Client,
    request: RecordRequest,
    *,
    bulk_threshold: int = BULK_THRESHOLD,
    sleep: Callable[[float], None] | None = None,
) -> Iterator[RecordBatch]:
    """`request`'s records, one batch per page or Bulk result set (see the module docstring)."""
    start = client.request_count
    sobjects = _sobjects(request)
    lives = {s: _describe(client, s) for s in sobjects}
    typed = _runs_record_types(client, request, sobjects)
    plans = [plan_read(request, s, lives[s], len(sobjects) == 1, typed) for s in sobjects]
    found = {f.key for p in plans for f in p.fields.values()}
    missing = tuple(f.key for f in request.fields if f.key not in found)
    counts = [client.count(plan.soql(["COUNT()"])) for plan in plans]
    # Entry-time filters apply here, after the read: then the total is not known up front.
    total = sum(counts) if request.entered_since is None else None
    for plan, count in zip(plans, counts, strict=True):
        yield from _read(client, plan, request, missing, count, total, bulk_threshold, sleep,
                         start)  # fmt: skip
        start = client.request_count


def _read(
    client: Client,
    plan: ReadPlan,
    request: RecordRequest,
    missing: tuple[str, ...],
    count: int,
    total: int | None,
    bulk_threshold: int,
    sleep: Callable[[float], None] | None,
    before: int,
) -> Iterator[RecordBatch]:
    large = count > bulk_threshold
    history = _history(client, plan, large, sleep)
    pages = (
        bulk_query(client, plan.soql(), sleep=sleep) if large else client.query_pages(plan.soql())
    )
    for rows in pages:
        records = [to_record(plan, r, history) for r in rows]
        if request.entered_since is not None:
            key, moment = request.entered_since
            records = [r for r in records if (e := r.entered.get(key)) and e >= moment]
        yield RecordBatch(
            records=tuple(records),
            total=total,
            missing_fields=missing,
            unsupported_actions=tuple(request.actions),
            requests=client.request_count - before,
        )
        before = client.request_count


__all__ = [
    "BULK_THRESHOLD",
    "SOBJECTS",
    "UPDATE_BATCH",
    "ReadPlan",
    "parse_time",
    "plan_read",
    "read_records",
    "sf_name",
    "stage_value",
    "to_record",
    "update_records",
]
