"""Reading live Salesforce configuration with the fewest calls the APIs allow.

Never one call per field. A plan's read is:

1. one REST `composite` (counted by Salesforce as one API call): the describe of Lead,
   Contact, Account, Opportunity and Case (every field, its type, sizes, help text and
   picklist values), and SOQL of OpportunityStage (probability, forecast category,
   closed, won), LeadStatus (converted) and Opportunity's RecordTypes (3 queries; a
   composite allows 5);
2. one Tooling `composite` (in parallel with 1): SOQL of CustomField (Id, description, who
   changed it and when: describe says neither), ValidationRule, BusinessProcess and
   StandardValueSet rows. `Metadata` and `FullName` may only be queried when a query returns
   at most one row (Tooling API reference), so these queries name plain columns only;
3. Tooling `composite` GETs by Id, 25 per call, of what only `Metadata` holds: validation
   rule formulas, sales-process values, and the visible lines of long text areas and
   multi-select picklists (describe does not state them).

A query page holds 2,000 rows; a longer result is followed through `nextRecordsUrl` (one
call per further page). So the read costs 2 + ceil(M/25) + extra pages, whatever the number
of fields (M = rules + processes + long-text/multi-select fields).

Only what revops could manage is read: custom fields of the five objects, the standard value
sets of `model.STANDARD_PICKLISTS`, Opportunity's business processes and record types, and
the validation rules of the five objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import LiveObjectMeta, LiveSnapshot, Scope
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from .client import SalesforceClient, SubRequest, SubResponse
from .errors import PROVIDER
from .model import (
    BUSINESS_PROCESS,
    CUSTOM_FIELD,
    KINDS,
    LEAD_STATUS_SET,
    RECORD_TYPE,
    SOBJECTS,
    STAGE_SET,
    STANDARD_PICKLISTS,
    VALIDATION_RULE,
    VALUE_SET,
    is_custom,
    key_of,
)
from .normalize import (
    field_from_describe,
    needs_metadata,
    process_from_metadata,
    record_type_from_row,
    rid,
    rule_from_metadata,
    value_set_from_describe,
)

COMPOSITE_SIZE = 25
"""Subrequests per composite call (Salesforce's limit for REST and Tooling composite)."""

PROCESS_OBJECTS = ("Opportunity",)
"""Objects whose sales processes and record types revops manages."""

SET_FIELDS: dict[str, str] = {}
"""StandardValueSet -> the first `Object.Field` that shows its values (describe)."""
for _field, _set in STANDARD_PICKLISTS.items():
    SET_FIELDS.setdefault(_set, _field)

STAGE_SOQL = (
    "SELECT Id, ApiName, MasterLabel, IsActive, SortOrder, IsClosed, IsWon, "
    "ForecastCategoryName, DefaultProbability FROM OpportunityStage ORDER BY SortOrder"
)
STATUS_SOQL = (
    "SELECT Id, ApiName, MasterLabel, IsActive, SortOrder, IsConverted, IsDefault "
    "FROM LeadStatus ORDER BY SortOrder"
)
RECORD_TYPE_SOQL = (
    "SELECT Id, DeveloperName, Name, Description, IsActive, BusinessProcessId, SobjectType, "
    "LastModifiedDate, LastModifiedBy.Name FROM RecordType WHERE SobjectType IN ({objects})"
)
FIELD_SOQL = (
    "SELECT Id, DeveloperName, NamespacePrefix, TableEnumOrId, Description, "
    "LastModifiedDate, LastModifiedBy.Name FROM CustomField WHERE TableEnumOrId IN ({objects})"
)
RULE_SOQL = (
    "SELECT Id, ValidationName, EntityDefinition.QualifiedApiName, Active, "
    "LastModifiedDate, LastModifiedBy.Name FROM ValidationRule"
)
PROCESS_SOQL = (
    "SELECT Id, Name, TableEnumOrId, LastModifiedDate, LastModifiedBy.Name FROM BusinessProcess"
)
SET_SOQL = (
    "SELECT Id, MasterLabel, LastModifiedDate, LastModifiedBy.Name FROM StandardValueSet "
    "WHERE MasterLabel IN ({sets})"
)


@dataclass
class LiveConfig:
    """Everything one read returned, before it becomes a `LiveSnapshot`."""

    resources: list[Resource] = field(default_factory=list)
    remote_ids: dict[ResourceId, str] = field(default_factory=dict)
    meta: dict[ResourceId, LiveObjectMeta] = field(default_factory=dict)

    def add(self, resource: Resource, remote_id: str | None, meta: LiveObjectMeta | None) -> None:
        self.resources.append(resource)
        if remote_id:
            self.remote_ids[resource.id] = remote_id
        if meta is not None and (meta.updated_at or meta.updated_by):
            self.meta[resource.id] = meta


def quoted(names: Iterable[str]) -> str:
    """A SOQL `IN (...)` list (API names hold no quotes; escaped anyway)."""
    return ", ".join("'" + n.replace("\\", "\\\\").replace("'", "\\'") + "'" for n in names)


def meta_of(row: Mapping[str, Any]) -> LiveObjectMeta:
    """Who changed an object last and when (`LastModifiedBy.Name`, `LastModifiedDate`)."""
    by = row.get("LastModifiedBy")
    name = by.get("Name") if isinstance(by, Mapping) else None
    date = row.get("LastModifiedDate")
    return LiveObjectMeta(
        updated_at=str(date) if date else None, updated_by=str(name) if name else None
    )


# -- what a scope needs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Which kinds and objects a read covers."""

    kinds: frozenset[str]
    objects: tuple[str, ...]
    """sObjects to describe."""


def plan_for(scope: Scope) -> Plan:
    if scope.ids:
        kinds = frozenset(i.kind for i in scope.ids if i.kind in KINDS)
    else:
        kinds = frozenset(scope.kinds & set(KINDS)) if scope.kinds else frozenset(KINDS)
    objects: set[str] = set()
    for rid_ in scope.ids:
        if rid_.kind == VALUE_SET:
            objects.add(SET_FIELDS.get(rid_.key, "Opportunity.StageName").split(".")[0])
        elif rid_.kind == CUSTOM_FIELD:
            objects.add(rid_.key.split(".", 1)[0])
    if not scope.ids:
        if CUSTOM_FIELD in kinds:
            objects.update(SOBJECTS)
        if VALUE_SET in kinds:
            objects.update(f.split(".")[0] for f in SET_FIELDS.values())
    return Plan(kinds, tuple(o for o in SOBJECTS if o in objects))


# -- the read -------------------------------------------------------------------------------


def read_config(
    client: SalesforceClient, scope: Scope | None = None, *, workers: int = 2
) -> LiveConfig:
    """Read what `scope` needs: the two composite calls in parallel, then the Metadata GETs."""
    scope = scope or Scope()
    plan = plan_for(scope)
    rest, tooling = _rest_requests(client, plan), _tooling_requests(plan)
    calls: list[Callable[[], dict[str, Any]]] = []
    if rest:
        calls.append(lambda: _bodies(client, rest, tooling=False))
    if tooling:
        calls.append(lambda: _bodies(client, tooling, tooling=True))
    bodies: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(calls) or 1))) as pool:
        for part in pool.map(lambda call: call(), calls):
            bodies.update(part)
    config = _assemble(client, plan, bodies)
    if scope.ids:
        config.resources = [r for r in config.resources if r.id in scope.ids]
    return config


def query_url(soql: str, *, tooling: bool = False) -> str:
    """A query subrequest's URL (relative to the version root)."""
    return ("tooling/" if tooling else "") + "query?q=" + quote(" ".join(soql.split()), safe="")


def more_records(client: SalesforceClient, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rest of a query answered inside a composite: its `nextRecordsUrl` pages (2,000
    rows each), one call per page."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    page: Any = body
    while isinstance(page, Mapping) and not page.get("done", True) and page.get("nextRecordsUrl"):
        url = str(page["nextRecordsUrl"])
        if url in seen:
            raise ProviderError(
                f"Salesforce returned nextRecordsUrl {url!r} twice; stopping instead of looping",
                hint="run again; if it repeats, report the query",
                provider=PROVIDER,
            )
        seen.add(url)
        page = client.get(url)
        out.extend((page or {}).get("records") or [])
    return out


def _rest_requests(client: SalesforceClient, plan: Plan) -> list[SubRequest]:
    requests = [
        SubRequest("GET", f"sobjects/{obj}/describe", f"describe_{obj}") for obj in plan.objects
    ]
    if VALUE_SET in plan.kinds:
        requests.append(SubRequest("GET", query_url(STAGE_SOQL), "stages"))
        requests.append(SubRequest("GET", query_url(STATUS_SOQL), "statuses"))
    if RECORD_TYPE in plan.kinds:
        soql = RECORD_TYPE_SOQL.format(objects=quoted(PROCESS_OBJECTS))
        requests.append(SubRequest("GET", query_url(soql), "record_types"))
    return requests


def _tooling_requests(plan: Plan) -> list[tuple[str, str]]:
    """(reference id, SOQL) of the Tooling queries; the client builds their URLs."""
    queries: list[tuple[str, str]] = []
    custom_objects = [o for o in plan.objects] if CUSTOM_FIELD in plan.kinds else []
    if custom_objects:
        queries.append(("fields", FIELD_SOQL.format(objects=quoted(custom_objects))))
    if VALIDATION_RULE in plan.kinds:
        queries.append(("rules", RULE_SOQL))
    if BUSINESS_PROCESS in plan.kinds or RECORD_TYPE in plan.kinds:
        queries.append(("processes", PROCESS_SOQL))
    if VALUE_SET in plan.kinds:
        sets = sorted(set(STANDARD_PICKLISTS.values()))
        queries.append(("sets", SET_SOQL.format(sets=quoted(sets))))
    return queries


def _bodies(client: SalesforceClient, requests: Sequence[Any], *, tooling: bool) -> dict[str, Any]:
    """One composite call; each body by reference id (query bodies with every page)."""
    subrequests = [
        r if isinstance(r, SubRequest) else SubRequest("GET", query_url(r[1], tooling=True), r[0])
        for r in requests
    ]
    out: dict[str, Any] = {}
    for response in client.composite(subrequests, tooling=tooling, all_or_none=False):
        error = response.error()
        if error is not None:
            raise error
        body = response.body
        if isinstance(body, Mapping) and "records" in body:
            body = {**body, "records": list(body.get("records") or [])}
            body["records"] += more_records(client, body)
        out[response.reference_id] = body
    return out


def _records(bodies: Mapping[str, Any], ref: str) -> list[Mapping[str, Any]]:
    body = bodies.get(ref)
    return list(body.get("records") or []) if isinstance(body, Mapping) else []


def _assemble(client: SalesforceClient, plan: Plan, bodies: Mapping[str, Any]) -> LiveConfig:
    config = LiveConfig()
    describes = {obj: bodies.get(f"describe_{obj}") or {} for obj in plan.objects}
    processes = {
        str(r["Id"]): r
        for r in _records(bodies, "processes")
        if r.get("TableEnumOrId") in PROCESS_OBJECTS
    }
    rules = {str(r["Id"]): r for r in _records(bodies, "rules") if _rule_object(r) in SOBJECTS}
    field_rows = _field_rows(_records(bodies, "fields"))

    # Custom fields whose canonical form needs Metadata (visible lines), by Id.
    long_fields: dict[str, tuple[str, Mapping[str, Any]]] = {}
    if CUSTOM_FIELD in plan.kinds:
        for obj, describe in describes.items():
            for data in describe.get("fields") or []:
                row = field_rows.get(key_of(obj, str(data.get("name"))))
                if data.get("custom") and row is not None and needs_metadata(data):
                    long_fields[str(row["Id"])] = (obj, data)

    wanted = list(long_fields)
    if VALIDATION_RULE in plan.kinds:
        wanted += list(rules)
    if BUSINESS_PROCESS in plan.kinds:
        wanted += list(processes)
    metadata = _metadata_by_id(client, wanted, {**{i: "CustomField" for i in long_fields},
                                                **{i: "ValidationRule" for i in rules},
                                                **{i: "BusinessProcess" for i in processes}})  # fmt: skip

    if CUSTOM_FIELD in plan.kinds:
        for obj, describe in describes.items():
            for data in describe.get("fields") or []:
                name = str(data.get("name"))
                if not (data.get("custom") and is_custom(name)):
                    continue
                row = field_rows.get(key_of(obj, name), {})
                remote = str(row["Id"]) if row.get("Id") else None
                resource = field_from_describe(
                    obj, data, description=str(row.get("Description") or ""),
                    metadata=metadata.get(remote or "", {}).get("Metadata"),
                )  # fmt: skip
                if resource is not None:
                    config.add(resource, remote, meta_of(row))
    if VALUE_SET in plan.kinds:
        _value_sets(config, describes, bodies)
    if BUSINESS_PROCESS in plan.kinds:
        for pid, row in processes.items():
            body = metadata.get(pid) or {}
            resource = process_from_metadata(
                str(row["TableEnumOrId"]), str(row["Name"]), body.get("Metadata") or {}
            )
            config.add(resource, pid, meta_of(row))
    if RECORD_TYPE in plan.kinds:
        names = {pid: str(row["Name"]) for pid, row in processes.items()}
        for row in _records(bodies, "record_types"):
            if row.get("SobjectType") in PROCESS_OBJECTS:
                config.add(record_type_from_row(row, names), str(row["Id"]), meta_of(row))
    if VALIDATION_RULE in plan.kinds:
        for vid, row in rules.items():
            body = metadata.get(vid) or {}
            resource = rule_from_metadata(
                _rule_object(row), str(row["ValidationName"]), body.get("Metadata") or {}
            )
            config.add(resource, vid, meta_of(row))
    return config


def _rule_object(row: Mapping[str, Any]) -> str:
    entity = row.get("EntityDefinition")
    if isinstance(entity, Mapping) and entity.get("QualifiedApiName"):
        return str(entity["QualifiedApiName"])
    return str(row.get("EntityDefinitionId") or "")


def _field_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """CustomField rows by `Object.Field__c` (DeveloperName has no `__c`, nor namespace)."""
    out: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        prefix = f"{row['NamespacePrefix']}__" if row.get("NamespacePrefix") else ""
        out[key_of(str(row.get("TableEnumOrId")), f"{prefix}{row.get('DeveloperName')}__c")] = row
    return out


def _value_sets(
    config: LiveConfig, describes: Mapping[str, Any], bodies: Mapping[str, Any]
) -> None:
    set_rows = {str(r.get("MasterLabel")): r for r in _records(bodies, "sets")}
    extras = {
        STAGE_SET: {
            str(r.get("ApiName") or r.get("MasterLabel")): r for r in _records(bodies, "stages")
        },
        LEAD_STATUS_SET: {
            str(r.get("ApiName") or r.get("MasterLabel")): r for r in _records(bodies, "statuses")
        },
    }
    done: set[str] = set()
    for address, set_name in STANDARD_PICKLISTS.items():
        obj, field_name = address.split(".")
        if set_name in done or obj not in describes:
            continue
        picklist = next(
            (f for f in describes[obj].get("fields") or [] if f.get("name") == field_name), None
        )
        if picklist is None:
            continue
        done.add(set_name)
        resource = value_set_from_describe(
            set_name, picklist.get("picklistValues") or [], extras.get(set_name)
        )
        row = set_rows.get(set_name, {})
        config.add(resource, str(row["Id"]) if row.get("Id") else None, meta_of(row))


def _metadata_by_id(
    client: SalesforceClient, ids: Sequence[str], types: Mapping[str, str]
) -> dict[str, Any]:
    """Tooling GETs of `ids` (each of its type), 25 per composite call: body by Id."""
    out: dict[str, Any] = {}
    for start in range(0, len(ids), COMPOSITE_SIZE):
        chunk = ids[start : start + COMPOSITE_SIZE]
        requests = [
            SubRequest("GET", f"tooling/sobjects/{types[i]}/{i}", f"m{n}")
            for n, i in enumerate(chunk)
        ]
        by_ref = {f"m{n}": i for n, i in enumerate(chunk)}
        for response in client.composite(requests, tooling=True, all_or_none=False):
            error = response.error()
            if error is not None:
                raise error
            out[by_ref[response.reference_id]] = response.body
    return out


def to_snapshot(config: LiveConfig, request_count: int) -> LiveSnapshot:
    ids = {r.id for r in config.resources}
    return LiveSnapshot(
        resources=ResourceSet.of(config.resources),
        remote_ids={k: v for k, v in config.remote_ids.items() if k in ids},
        meta={k: v for k, v in config.meta.items() if k in ids},
        request_count=request_count,
    )


def read_one(client: SalesforceClient, resource_id: ResourceId) -> Resource | None:
    """One object, for adopt-or-fail after an ambiguous create (a scoped read)."""
    config = read_config(client, Scope(ids=frozenset({resource_id})))
    return next((r for r in config.resources if r.id == resource_id), None)


__all__ = [
    "COMPOSITE_SIZE",
    "LiveConfig",
    "SubResponse",
    "meta_of",
    "plan_for",
    "quoted",
    "read_config",
    "read_one",
    "rid",
    "to_snapshot",
]
