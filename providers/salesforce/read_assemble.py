"""Turning the read's composite bodies into canonical resources (see `read.py`): custom
fields from describe (with their Tooling rows and, where needed, Metadata), standard value
sets from describe picklists and stage/status rows, sales processes and validation rules from
Metadata, record types from their SOQL rows; plus the Metadata GETs by Id, 25 a call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from revops_as_code.providers.base import LiveObjectMeta
from revops_as_code.resources import Resource, ResourceId

from .client import SalesforceClient, SubRequest
from .model import (
    BUSINESS_PROCESS,
    CUSTOM_FIELD,
    LEAD_STATUS_SET,
    RECORD_TYPE,
    SOBJECTS,
    STAGE_SET,
    STANDARD_PICKLISTS,
    TYPE_DEFAULTS,
    VALIDATION_RULE,
    VALUE_SET,
    is_custom,
    key_of,
)
from .normalize import (
    field_from_describe,
    field_from_metadata,
    needs_metadata,
    process_from_metadata,
    record_type_from_row,
    rid,
    rule_from_metadata,
    value_set_from_describe,
)

if TYPE_CHECKING:
    from .read import Plan

COMPOSITE_SIZE = 25
"""Subrequests per composite call (Salesforce's limit for REST and Tooling composite)."""

PROCESS_OBJECTS = ("Opportunity",)
"""Objects whose sales processes and record types revops manages."""


@dataclass
class LiveConfig:
    """Everything one read returned, before it becomes a `LiveSnapshot`."""

    resources: list[Resource] = field(default_factory=list)
    remote_ids: dict[ResourceId, str] = field(default_factory=dict)
    meta: dict[ResourceId, LiveObjectMeta] = field(default_factory=dict)
    inactive: dict[ResourceId, list[dict[str, str]]] = field(default_factory=dict)
    """Custom picklists' inactive values (not canonical: kept so an update resends them)."""

    def add(self, resource: Resource, remote_id: str | None, meta: LiveObjectMeta | None) -> None:
        self.resources.append(resource)
        if remote_id:
            self.remote_ids[resource.id] = remote_id
        if meta is not None and (meta.updated_at or meta.updated_by):
            self.meta[resource.id] = meta


def meta_of(row: Mapping[str, Any]) -> LiveObjectMeta:
    """Who changed an object last and when (`LastModifiedBy.Name`, `LastModifiedDate`)."""
    by = row.get("LastModifiedBy")
    name = by.get("Name") if isinstance(by, Mapping) else None
    date = row.get("LastModifiedDate")
    return LiveObjectMeta(
        updated_at=str(date) if date else None, updated_by=str(name) if name else None
    )


def _records(bodies: Mapping[str, Any], ref: str) -> list[Mapping[str, Any]]:
    body = bodies.get(ref)
    return list(body.get("records") or []) if isinstance(body, Mapping) else []


def assemble(
    client: SalesforceClient,
    plan: Plan,
    bodies: Mapping[str, Any],
    only: frozenset[ResourceId] = frozenset(),
) -> LiveConfig:
    config = LiveConfig()
    describes = {obj: bodies.get(f"describe_{obj}") or {} for obj in plan.objects}
    processes = {
        str(r["Id"]): r
        for r in _records(bodies, "processes")
        if r.get("TableEnumOrId") in PROCESS_OBJECTS
    }
    rules = {str(r["Id"]): r for r in _records(bodies, "rules") if _rule_object(r) in SOBJECTS}
    field_rows = _field_rows(_records(bodies, "fields"))

    fields = _FieldPlan.of(describes, field_rows, only) if CUSTOM_FIELD in plan.kinds else None
    types = dict.fromkeys(fields.wanted() if fields else (), "CustomField")
    if VALIDATION_RULE in plan.kinds:
        rule_ids = {
            i: rid(VALIDATION_RULE, key_of(_rule_object(r), str(r["ValidationName"])))
            for i, r in rules.items()
        }
        types.update(dict.fromkeys(_scoped(rule_ids, only), "ValidationRule"))
    if BUSINESS_PROCESS in plan.kinds:
        process_ids = {
            i: rid(BUSINESS_PROCESS, key_of(str(r["TableEnumOrId"]), str(r["Name"])))
            for i, r in processes.items()
        }
        types.update(dict.fromkeys(_scoped(process_ids, only), "BusinessProcess"))
    metadata = _metadata_by_id(client, list(types), types)

    if fields is not None:
        fields.add_to(config, metadata)
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


@dataclass
class _FieldPlan:
    """The custom fields of the described objects, and which need their Tooling Metadata:
    those whose visible lines describe does not state, and those describe does not show at
    all (the API user has no field-level access to them: a field made through the Tooling
    API grants none), which are read from Metadata alone."""

    described: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]]
    """(object, describe entry, CustomField row or {})."""
    sized: dict[str, tuple[str, Mapping[str, Any]]]
    hidden: dict[str, tuple[str, str, Mapping[str, Any]]]
    """Id -> (object, field name, row)."""

    @classmethod
    def of(
        cls,
        describes: Mapping[str, Any],
        rows: Mapping[str, Mapping[str, Any]],
        only: frozenset[ResourceId],
    ) -> _FieldPlan:
        plan = cls([], {}, {})
        seen: set[str] = set()
        for obj, describe in describes.items():
            for data in describe.get("fields") or []:
                name = str(data.get("name"))
                if not (data.get("custom") and is_custom(name)):
                    continue
                key = key_of(obj, name)
                seen.add(key)
                row = rows.get(key, {})
                plan.described.append((obj, data, row))
                if row.get("Id") and needs_metadata(data):
                    plan.sized[str(row["Id"])] = (obj, data)
        for key, row in rows.items():
            obj, name = key.split(".", 1)
            if key in seen or obj not in describes or not row.get("Id"):
                continue
            if only and rid(CUSTOM_FIELD, key) not in only:
                continue
            plan.hidden[str(row["Id"])] = (obj, name, row)
        return plan

    def wanted(self) -> list[str]:
        return [*self.sized, *self.hidden]

    def add_to(self, config: LiveConfig, metadata: Mapping[str, Any]) -> None:
        for obj, data, row in self.described:
            remote = str(row["Id"]) if row.get("Id") else None
            resource = field_from_describe(
                obj,
                data,
                description=str(row.get("Description") or ""),
                metadata=(metadata.get(remote or "") or {}).get("Metadata"),
            )
            if resource is not None:
                config.add(resource, remote, meta_of(row))
                _keep_inactive(config, resource.id, data.get("picklistValues") or [], "active")
        for remote, (obj, name, row) in self.hidden.items():
            body = (metadata.get(remote) or {}).get("Metadata") or {}
            if body.get("formula") or body.get("type") not in TYPE_DEFAULTS:
                continue  # a formula field, or a type revops does not manage
            resource = field_from_metadata(obj, name, body)
            config.add(resource, remote, meta_of(row))
            definition = (body.get("valueSet") or {}).get("valueSetDefinition") or {}
            _keep_inactive(config, resource.id, definition.get("value") or [], "isActive")


def _keep_inactive(
    config: LiveConfig, resource_id: ResourceId, values: Sequence[Mapping[str, Any]], flag: str
) -> None:
    inactive = [
        {"value": str(v.get("value") or v.get("fullName")), "label": str(v.get("label") or "")}
        for v in values
        if v.get(flag) is False
    ]
    if inactive:
        config.inactive[resource_id] = inactive


def _scoped(ids: Mapping[str, ResourceId], only: frozenset[ResourceId]) -> list[str]:
    """The Tooling Ids worth a Metadata GET: all of them, or those a scoped read names."""
    return [i for i, r in ids.items() if not only or r in only]


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


__all__ = ["COMPOSITE_SIZE", "PROCESS_OBJECTS", "LiveConfig", "assemble", "meta_of"]
