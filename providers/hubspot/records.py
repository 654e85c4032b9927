"""Records for `revops audit`: HubSpot CRM objects read and written in canonical terms.

Reading costs one properties call per object (to ask only for properties that exist), then
pages of records: the CRM search (`POST /crm/v3/objects/{type}/search`, 200 a page) when a
filter can be pushed to the server (a pipeline, "entered the stage since"), else the list
endpoint (100 a page, associations inline). Search never returns more than 10,000 results,
so a filtered read whose total passes that falls back to the list and filters locally.
Search results carry no associations: they are read per page through the v4 batch read
(one call for up to 1,000 ids). Contacts name their primary company in
`associatedcompanyid`, so that association costs nothing.

HubSpot's own stage clocks: a lifecycle stage's entry time is `hs_lifecyclestage_<stage
id>_date`, a deal or ticket stage's `hs_v2_date_entered_<stage id>`; the definitions' own
`entered_at_field` wins where it holds a value. A first sales touch on a contact is
`hs_sa_first_engagement_date`, a meeting booked `engagements_last_meeting_booked`; HubSpot
records no meeting time on a deal.

Writing (`--sync`) uses `POST /crm/v3/objects/{type}/batch/update`, 100 inputs a call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from revops_as_code.providers.base import Record, RecordBatch, RecordRequest, RecordUpdate
from revops_as_code.providers.records import canonical_value

from .client import HubSpotClient
from .compile import OBJECTS

HS = "hubspot"
SEARCH_PAGE = 200
LIST_PAGE = 100
SEARCH_MAX_RESULTS = 10_000
ASSOCIATION_BATCH = 1_000
UPDATE_BATCH = 100

ACTION_PROPERTIES: dict[tuple[str, str], str] = {
    ("contacts", "first_touch"): "hs_sa_first_engagement_date",
    ("contacts", "meeting_booked"): "engagements_last_meeting_booked",
}
"""Where HubSpot records the time of an SLA action, per object type."""
PRIMARY_COMPANY = {"contacts": "associatedcompanyid"}
"""Object types whose records name their primary company in a property."""
STAGE_PROPERTIES = {"deals": "dealstage", "tickets": "hs_pipeline_stage"}
"""Each pipeline object's stage property (its values are stage ids)."""


PIPELINE_PROPERTIES = {"deals": "pipeline", "tickets": "hs_pipeline"}


def _stage_entry_property(object_type: str, stage_id: str) -> str:
    if object_type in STAGE_PROPERTIES:
        return f"hs_v2_date_entered_{stage_id}"
    return f"hs_lifecyclestage_{stage_id}_date"


@dataclass(frozen=True)
class _Plan:
    """What to ask HubSpot for, and how to read its answer back into canonical terms."""

    object_type: str
    properties: tuple[str, ...]
    fields: Mapping[str, Any]
    """property name -> Field definition."""
    options: Mapping[str, Mapping[str, str]]
    """property name -> stored value -> option key."""
    stage_property: str | None
    stage_keys: Mapping[str, str]
    """stored stage id -> stage key."""
    entered: Mapping[str, tuple[str, ...]]
    """stage key -> properties holding its entry time (preferred first)."""
    actions: Mapping[str, str]
    pipeline_id: str | None
    filters: tuple[dict[str, Any], ...]
    """Filters every search group carries (the pipeline)."""
    since_filters: tuple[dict[str, Any], ...]
    """One per entry-time property: a record matches if any holds (groups are OR'ed)."""
    since: tuple[tuple[str, ...], datetime] | None
    missing: tuple[str, ...]
    unsupported: tuple[str, ...]


def _live_properties(client: HubSpotClient, object_type: str) -> set[str]:
    body = client.get(f"/crm/v3/properties/{object_type}") or {}
    return {str(p.get("name")) for p in body.get("results", [])}


def plan_read(request: RecordRequest, live: set[str]) -> _Plan:
    """The properties and filters for `request`, given the live property names."""
    object_type = OBJECTS.get(request.object, request.object)
    fields: dict[str, Any] = {}
    options: dict[str, dict[str, str]] = {}
    missing: list[str] = []
    for fdef in request.fields:
        name = fdef.api_name(HS)
        if name not in live:
            missing.append(fdef.key)
            continue
        fields[name] = fdef
        if fdef.options:
            options[name] = {o.api_names.get(HS, o.key): o.key for o in fdef.options}
        elif name == STAGE_PROPERTIES.get(object_type) and request.pipelines:
            options[name] = {
                s.api_ids.get(HS, s.key): s.key for p in request.pipelines for s in p.stages
            }
    wanted = set(fields)
    stage_property = None
    pipeline_property = "pipeline"
    stage_keys: dict[str, str] = {}
    entered: dict[str, tuple[str, ...]] = {}
    pipeline_id = None
    stages = request.stages
    if stages is not None:
        if getattr(stages, "kind", "") == "Pipeline":
            stage_property = STAGE_PROPERTIES.get(object_type, "dealstage")
            pipeline_property = PIPELINE_PROPERTIES.get(object_type, "pipeline")
            pipeline_id = stages.api_ids.get(HS, stages.key)
            wanted.add(pipeline_property)
        else:
            stage_property = str(stages.field).rsplit("/", 1)[-1]
        wanted.add(stage_property)
        for stage in stages.stages:
            stage_id = stage.api_ids.get(HS, stage.key)
            stage_keys[stage_id] = stage.key
            names = []
            own = getattr(stage, "entered_at_field", None)
            if own:
                names.append(str(own).rsplit("/", 1)[-1])
            names.append(_stage_entry_property(object_type, stage_id))
            names = [n for n in names if n in live]
            if names:
                entered[stage.key] = tuple(names)
                wanted.update(names)
    actions: dict[str, str] = {}
    unsupported: list[str] = []
    for action in request.actions:
        prop = ACTION_PROPERTIES.get((object_type, action))
        if prop is None or prop not in live:
            unsupported.append(action)
        else:
            actions[action] = prop
            wanted.add(prop)
    if "company" in request.related and object_type in PRIMARY_COMPANY:
        wanted.add(PRIMARY_COMPANY[object_type])
    filters: list[dict[str, Any]] = []
    if pipeline_id is not None:
        filters.append({"propertyName": pipeline_property, "operator": "EQ", "value": pipeline_id})
    since = None
    since_filters: list[dict[str, Any]] = []
    if request.entered_since is not None:
        key, moment = request.entered_since
        clocks = entered.get(key, ())
        since = (clocks, moment)
        ms = str(int(moment.timestamp() * 1000))
        since_filters = [{"propertyName": n, "operator": "GTE", "value": ms} for n in clocks]
    return _Plan(
        object_type=object_type,
        properties=tuple(sorted(wanted)),
        fields=fields,
        options=options,
        stage_property=stage_property,
        stage_keys=stage_keys,
        entered=entered,
        actions=actions,
        pipeline_id=pipeline_id,
        filters=tuple(filters),
        since_filters=tuple(since_filters),
        since=since,
        missing=tuple(missing),
        unsupported=tuple(unsupported),
    )


def parse_time(value: Any) -> datetime | None:
    """HubSpot's datetime (ISO 8601 or epoch milliseconds) or date (`YYYY-MM-DD`), aware."""
    if value in (None, ""):
        return None
    text = str(value)
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_record(plan: _Plan, doc: Mapping[str, Any]) -> Record:
    """One HubSpot record as a canonical `Record`."""
    props = doc.get("properties") or {}
    values: dict[str, Any] = {}
    for name, fdef in plan.fields.items():
        value = canonical_value(fdef, props.get(name), plan.options.get(name), parse_time)
        if value is not None:
            values[fdef.key] = value
    record = Record(id=str(doc.get("id")), values=values)
    if plan.stage_property is not None:
        raw = props.get(plan.stage_property)
        if raw not in (None, ""):
            record.stage = plan.stage_keys.get(str(raw), str(raw))
        for key, names in plan.entered.items():
            for name in names:
                moment = parse_time(props.get(name))
                if moment is not None:
                    record.entered[key] = moment
                    break
    for action, name in plan.actions.items():
        moment = parse_time(props.get(name))
        if moment is not None:
            record.acted[action] = moment
    company = PRIMARY_COMPANY.get(plan.object_type)
    if company and props.get(company) not in (None, ""):
        record.related["company"] = (str(props[company]),)
    for raw_type, body in (doc.get("associations") or {}).items():
        obj = _object_name(raw_type)
        ids = tuple(str(r.get("id")) for r in body.get("results", []))
        if ids and obj not in record.related:
            record.related[obj] = tuple(dict.fromkeys(ids))
    return record


def _object_name(object_type: str) -> str:
    base = object_type.split("_to_")[0]
    return next((k for k, v in OBJECTS.items() if v == base), base)


def _keep(plan: _Plan, record: Record) -> bool:
    """The filters the server could not apply, applied here."""
    if plan.since is not None:
        names, moment = plan.since
        key = next((k for k, v in plan.entered.items() if v == names), None)
        entered = record.entered.get(key) if key else None
        if entered is None or entered < moment:
            return False
    return True


def read_records(client: HubSpotClient, request: RecordRequest) -> Iterator[RecordBatch]:
    """`request`'s records, one batch per page (see the module docstring for the calls)."""
    before = client.request_count
    plan = plan_read(request, _live_properties(client, OBJECTS.get(request.object, request.object)))
    if plan.since is not None and not plan.since[0]:
        # The stage has no entry time in this portal: no record can have entered it.
        yield _batch(plan, [], 0, client.request_count - before)
        return
    related = [
        r for r in request.related if not (r == "company" and plan.object_type in PRIMARY_COMPANY)
    ]
    if plan.filters or plan.since_filters:
        yield from _search(client, plan, related, before)
    else:
        yield from _list(client, plan, related, before)


def _batch(plan: _Plan, records: list[Record], total: int | None, requests: int) -> RecordBatch:
    return RecordBatch(
        records=tuple(records),
        total=total,
        missing_fields=plan.missing,
        unsupported_actions=plan.unsupported,
        requests=requests,
    )


def _search(
    client: HubSpotClient, plan: _Plan, related: Sequence[str], before: int
) -> Iterator[RecordBatch]:
    body: dict[str, Any] = {
        "filterGroups": [{"filters": [*plan.filters, since]} for since in plan.since_filters]
        or [{"filters": list(plan.filters)}],
        "properties": list(plan.properties),
        "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
        "limit": SEARCH_PAGE,
    }
    seen: set[str] = set()
    first = True
    while True:
        page = client.search(plan.object_type, body)
        total = int(page.get("total") or 0)
        if first and total > SEARCH_MAX_RESULTS:
            # Search cannot page past 10,000 results: read the list and filter here.
            yield from _list(client, plan, related, before, pipeline=plan.pipeline_id)
            return
        first = False
        docs = list(page.get("results") or [])
        _associate(client, plan.object_type, docs, related)
        records = [r for r in (to_record(plan, d) for d in docs) if _keep(plan, r)]
        yield _batch(plan, records, total, client.request_count - before)
        before = client.request_count
        after = ((page.get("paging") or {}).get("next") or {}).get("after")
        if not after or str(after) in seen:
            return
        seen.add(str(after))
        body["after"] = after


def _list(
    client: HubSpotClient,
    plan: _Plan,
    related: Sequence[str],
    before: int,
    *,
    pipeline: str | None = None,
) -> Iterator[RecordBatch]:
    params: dict[str, Any] = {"properties": ",".join(plan.properties)}
    if related:
        params["associations"] = ",".join(OBJECTS.get(r, r) for r in related)
    path = f"/crm/v3/objects/{plan.object_type}"
    seen: set[str] = set()
    query: dict[str, Any] = {**params, "limit": LIST_PAGE}
    while True:
        page = client.request("GET", path, params=query) or {}
        docs = [
            d
            for d in page.get("results", [])
            if pipeline is None
            or (d.get("properties") or {}).get(
                PIPELINE_PROPERTIES.get(plan.object_type, "pipeline")
            )
            == pipeline
        ]
        records = [r for r in (to_record(plan, d) for d in docs) if _keep(plan, r)]
        yield _batch(plan, records, None, client.request_count - before)
        before = client.request_count
        after = ((page.get("paging") or {}).get("next") or {}).get("after")
        if not after or str(after) in seen:
            return
        seen.add(str(after))
        query["after"] = after


def _associate(
    client: HubSpotClient, object_type: str, docs: list[dict[str, Any]], related: Sequence[str]
) -> None:
    """Add v3-shaped `associations` to search results, one v4 batch read per 1,000 ids."""
    ids = [str(d.get("id")) for d in docs]
    for obj in related:
        to_type = OBJECTS.get(obj, obj)
        found: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), ASSOCIATION_BATCH):
            chunk = ids[start : start + ASSOCIATION_BATCH]
            if not chunk:
                continue
            body = (
                client.request(
                    "POST",
                    f"/crm/v4/associations/{object_type}/{to_type}/batch/read",
                    json={"inputs": [{"id": i} for i in chunk]},
                    idempotent=True,
                )
                or {}
            )
            for item in body.get("results", []):
                source = str((item.get("from") or {}).get("id"))
                found[source] = [{"id": str(t.get("toObjectId"))} for t in item.get("to", [])]
        for doc in docs:
            links = found.get(str(doc.get("id")))
            if links:
                doc.setdefault("associations", {})[to_type] = {"results": links}


def _stored(fdef: Any, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if fdef.type == "date":
            return value.astimezone(UTC).date().isoformat()
        text = value.astimezone(UTC).isoformat(timespec="milliseconds")
        return text.replace("+00:00", "Z")
    if fdef.type in ("enum", "multi_enum"):
        by_key: dict[str, str] = {o.key: o.api_names.get(HS, o.key) for o in fdef.options}
        if isinstance(value, tuple):
            return ";".join(by_key.get(str(v), str(v)) for v in value)
        return by_key.get(str(value), str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def update_records(
    client: HubSpotClient, updates: Sequence[RecordUpdate], fields: Sequence[Any]
) -> int:
    """Write `updates` through batch update, 100 records a call; returns records written."""
    by_key = {f.key: f for f in fields}
    written = 0
    for obj in sorted({u.object for u in updates}):
        mine = [u for u in updates if u.object == obj]
        object_type = OBJECTS.get(obj, obj)
        for start in range(0, len(mine), UPDATE_BATCH):
            chunk = mine[start : start + UPDATE_BATCH]
            inputs = [
                {
                    "id": u.id,
                    "properties": {
                        by_key[k].api_name(HS): _stored(by_key[k], v) for k, v in u.values.items()
                    },
                }
                for u in chunk
            ]
            # Setting a property to a value is idempotent: a retry after an ambiguous
            # failure writes the same values again.
            client.request(
                "POST",
                f"/crm/v3/objects/{object_type}/batch/update",
                json={"inputs": inputs},
                idempotent=True,
            )
            written += len(chunk)
    return written


__all__ = [
    "ACTION_PROPERTIES",
    "parse_time",
    "plan_read",
    "read_records",
    "to_record",
    "update_records",
]
