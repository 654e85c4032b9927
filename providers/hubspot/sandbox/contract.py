"""The request fields HubSpot's published OpenAPI documents accept per configuration endpoint.

The sandbox and the provider were written together, so they could agree on a field HubSpot
would refuse. Strict mode (`SandboxConfig.strict`, on in the test suite) refuses any request
body field that is not listed here, with HubSpot's error shape, so the provider can only send
what HubSpot's own contract allows.

Facts, not copies: the field names below were read from HubSpot's OpenAPI files in the public
repository HubSpot/HubSpot-public-api-spec-collection at commit
99893791383254f52aa07662baeb98aad65cc710 (2026-08-21), whose README says the files are not
licensed for reuse, so only which fields exist is recorded, each with its schema's name:

- [props] `PublicApiSpecs/CRM/Properties/Rollouts/145899/v3/properties.json`
- [pipes] `PublicApiSpecs/CRM/Pipelines/Rollouts/145896/v3/pipelines.json`
- [objects] `PublicApiSpecs/CRM/Objects/Rollouts/424/v3/objects.json` (search, which the
  provider's impact lines call)

In strict mode a body sent to a properties or pipelines path this table does not know is
refused as well, so the test suite passing with strict mode on shows that every endpoint the
provider calls is covered.

The date-versioned paths (`/crm/properties/2026-03/...`, `/crm/pipelines/2026-03/...`) take
the same request schemas (same file tree, `Rollouts/<id>/2026-03/`). HubSpot's schemas
change: `stageId` joined `PipelineStageInput` in February 2026 (older clients never send it),
so the provider must work with a server that ignores it (see `SandboxConfig.assign_ids`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError


@dataclass(frozen=True)
class Schema:
    """One request schema: its fields, and the schemas of fields that hold objects."""

    name: str
    fields: frozenset[str]
    nested: Mapping[str, str] = field(default_factory=dict)
    """field -> schema name of the object (or of each item of the list) it holds."""


def _schema(name: str, fields: str, **nested: str) -> Schema:
    return Schema(name, frozenset(fields.split()), nested)


SCHEMAS: dict[str, Schema] = {
    s.name: s
    for s in (
        # [props] components.schemas
        _schema(
            "PropertyCreate",
            "calculationFormula currencyPropertyName dataSensitivity description displayOrder "
            "externalOptions fieldType formField groupName hasUniqueValue hidden label name "
            "numberDisplayHint options referencedObjectType showCurrencySymbol textDisplayHint "
            "type",
            options="OptionInput",
        ),
        # [props] no `name` (immutable), no `hasUniqueValue`, no `dataSensitivity`
        _schema(
            "PropertyUpdate",
            "calculationFormula currencyPropertyName description displayOrder fieldType "
            "formField groupName hidden label numberDisplayHint options showCurrencySymbol "
            "textDisplayHint type",
            options="OptionInput",
        ),
        _schema("OptionInput", "description displayOrder hidden label value"),
        _schema("PropertyGroupCreate", "displayOrder label name"),
        _schema("PropertyGroupUpdate", "displayOrder label"),
        _schema("PropertyName", "name"),
        _schema("BatchInputPropertyCreate", "inputs", inputs="PropertyCreate"),
        _schema("BatchInputPropertyName", "inputs", inputs="PropertyName"),
        _schema(
            "BatchReadInputPropertyName", "archived dataSensitivity inputs", inputs="PropertyName"
        ),
        # [pipes] components.schemas; `metadata` is a free {string: string} map
        _schema(
            "PipelineInput",
            "displayOrder label pipelineId stages",
            stages="PipelineStageInput",
        ),
        _schema("PipelineReplaceInput", "displayOrder label stages", stages="PipelineStageInput"),
        _schema("PipelinePatchInput", "archived displayOrder label"),
        _schema("PipelineStageInput", "displayOrder label metadata stageId"),
        _schema("PipelineStageReplaceInput", "displayOrder label metadata"),
        _schema("PipelineStagePatchInput", "archived displayOrder label metadata"),
        # [objects] components.schemas
        _schema(
            "PublicObjectSearchRequest",
            "after filterGroups limit properties query sorts",
            filterGroups="FilterGroup",
        ),
        _schema("FilterGroup", "filters", filters="Filter"),
        _schema("Filter", "highValue operator propertyName value values"),
    )
}

_OBJ = r"[^/]+"


def _route(method: str, pattern: str, schema: str) -> tuple[str, re.Pattern[str], str]:
    path = pattern.replace("{obj}", _OBJ).replace("{name}", r"[^/]+")
    return method, re.compile(path), schema


ENDPOINTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # [props] paths
    _route("POST", r"/crm/v3/properties/{obj}/batch/create", "BatchInputPropertyCreate"),
    _route("POST", r"/crm/v3/properties/{obj}/batch/read", "BatchReadInputPropertyName"),
    _route("POST", r"/crm/v3/properties/{obj}/batch/archive", "BatchInputPropertyName"),
    _route("POST", r"/crm/v3/properties/{obj}/groups", "PropertyGroupCreate"),
    _route("PATCH", r"/crm/v3/properties/{obj}/groups/{name}", "PropertyGroupUpdate"),
    _route("POST", r"/crm/v3/properties/{obj}", "PropertyCreate"),
    _route("PATCH", r"/crm/v3/properties/{obj}/{name}", "PropertyUpdate"),
    # [pipes] paths
    _route("POST", r"/crm/v3/pipelines/{obj}/{name}/stages", "PipelineStageInput"),
    _route("PUT", r"/crm/v3/pipelines/{obj}/{name}/stages/{name}", "PipelineStageReplaceInput"),
    _route("PATCH", r"/crm/v3/pipelines/{obj}/{name}/stages/{name}", "PipelineStagePatchInput"),
    _route("POST", r"/crm/v3/pipelines/{obj}", "PipelineInput"),
    _route("PUT", r"/crm/v3/pipelines/{obj}/{name}", "PipelineReplaceInput"),
    _route("PATCH", r"/crm/v3/pipelines/{obj}/{name}", "PipelinePatchInput"),
    # [objects] paths
    _route("POST", r"/crm/v3/objects/{obj}/search", "PublicObjectSearchRequest"),
)
"""(method, path, request schema) of every configuration endpoint that takes a body."""


_CONFIG = re.compile(r"^/crm/(v3/)?(properties|pipelines)/")


def schema_for(method: str, path: str) -> Schema | None:
    """The request schema HubSpot publishes for this call (None: no body schema known)."""
    path = re.sub(
        r"^/crm/(properties|pipelines)/[0-9]{4}-[0-9]{2}(?:-beta)?/", r"/crm/v3/\1/", path
    )
    for wanted, pattern, name in ENDPOINTS:
        if wanted == method and pattern.fullmatch(path):
            return SCHEMAS[name]
    return None


def check_fields(method: str, path: str, body: Any) -> None:
    """Refuse (HTTP 400, HubSpot's error shape) any field the published schema lacks."""
    schema = schema_for(method, path)
    if schema is None:
        if _CONFIG.match(path):
            raise ApiError(
                400,
                f"Unable to route {method} url: {path} (strict sandbox: no request schema "
                "from HubSpot's published documents is recorded for it)",
                category="VALIDATION_ERROR",
            )
        return
    unknown = sorted(_unknown(schema, body, ""))
    if not unknown:
        return
    raise ApiError(
        400,
        f"Invalid input JSON on line 1: Unrecognized field{'s' if len(unknown) > 1 else ''} "
        f"{', '.join(repr(u) for u in unknown)} (not in {schema.name})",
        category="VALIDATION_ERROR",
        sub_category="UNRECOGNIZED_FIELD",
        errors=[
            {"message": f"Unrecognized field {u!r}", "code": "UNRECOGNIZED_FIELD", "in": u}
            for u in unknown
        ],
    )


def _unknown(schema: Schema, body: Any, prefix: str) -> list[str]:
    if not isinstance(body, Mapping):
        return []
    out = [f"{prefix}{k}" for k in body if k not in schema.fields]
    for key, inner in schema.nested.items():
        value = body.get(key)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = f"{prefix}{key}[{index}]." if isinstance(value, list) else f"{prefix}{key}."
            out += _unknown(SCHEMAS[inner], item, where)
    return out


__all__ = ["ENDPOINTS", "SCHEMAS", "Schema", "check_fields", "schema_for"]
