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
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import LiveSnapshot, Scope
from revops_as_code.resources import Resource, ResourceId, ResourceSet

from .client import SalesforceClient, SubRequest, SubResponse
from .errors import PROVIDER
from .model import (
    BUSINESS_PROCESS,
    CUSTOM_FIELD,
    KINDS,
    RECORD_TYPE,
    SOBJECTS,
    STANDARD_PICKLISTS,
    VALIDATION_RULE,
    VALUE_SET,
)
from .normalize import rid
from .read_assemble import COMPOSITE_SIZE, PROCESS_OBJECTS, LiveConfig, assemble, meta_of


def quoted(names: Iterable[str]) -> str:
    """A SOQL `IN (...)` list (API names hold no quotes; escaped anyway)."""
    return ", ".join("'" + n.replace("\\", "\\\\").replace("'", "\\'") + "'" for n in names)


SET_FIELDS: dict[str, str] = {}
"""StandardValueSet -> the first `Object.Field` that shows its values (describe)."""
for _field, _set in STANDARD_PICKLISTS.items():
    SET_FIELDS.setdefault(_set, _field)

STAGE_SOQL = (
    "SELECT Id, ApiName, MasterLabel, IsActive, SortOrder, IsClosed, IsWon, "
    "ForecastCategory, DefaultProbability FROM OpportunityStage ORDER BY SortOrder"
)
STATUS_SOQL = (
    "SELECT Id, ApiName, MasterLabel, SortOrder, IsConverted, IsDefault "
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
    config = assemble(client, plan, bodies, scope.ids)
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
