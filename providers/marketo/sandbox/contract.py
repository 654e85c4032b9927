"""What Marketo's published Swagger accepts per endpoint the sandbox serves: strict mode.

The sandbox and the provider are written together, so they could agree on something
Marketo would not. In strict mode (`SandboxConfig.strict`, on in the test suite) a request
body field or query parameter the Swagger does not define is refused, so the provider can
only send what Marketo's own contract allows. Field names are facts read from
/work/shared/specs/marketo/swagger-mapi.json (definitions `CreateLeadFieldRequest`,
`CreateLeadField`, `UpdateLeadFieldRequest`, `UpdateLeadField`, `SyncLeadRequest`, and each
path's `parameters`) and swagger-identity.json (`/identity/oauth/token`, `IdentityRequest`).

The one liberty: a lead in `SyncLeadRequest.input` carries the instance's lead fields by API
name (the Swagger's `Lead` lists only `id`/`status`/`reason`/`membership`); those are checked
against the lead schema instead (an unknown one is Marketo's record-level 1006).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import ApiError

BODY_FIELDS: dict[str, frozenset[str]] = {
    "CreateLeadFieldRequest": frozenset({"input"}),
    "CreateLeadField": frozenset(
        {
            "displayName",
            "name",
            "description",
            "dataType",
            "isHidden",
            "isHtmlEncodingInEmail",
            "isSensitive",
        }
    ),
    "UpdateLeadFieldRequest": frozenset({"input"}),
    "UpdateLeadField": frozenset(
        {"displayName", "description", "isHidden", "isHtmlEncodingInEmail", "isSensitive"}
    ),
    "SyncLeadRequest": frozenset(
        {"action", "asyncProcessing", "input", "lookupField", "partitionName"}
    ),
}

QUERY_PARAMS: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/identity/oauth/token"): frozenset({"client_id", "client_secret", "grant_type"}),
    ("POST", "/identity/oauth/token"): frozenset({"client_id", "client_secret", "grant_type"}),
    ("GET", "/rest/v1/leads/describe.json"): frozenset(),
    ("GET", "/rest/v1/leads/describe2.json"): frozenset(),
    ("GET", "/rest/v1/leads/schema/fields.json"): frozenset({"batchSize", "nextPageToken"}),
    ("POST", "/rest/v1/leads/schema/fields.json"): frozenset(),
    ("GET", "/rest/v1/leads/schema/fields/{fieldApiName}.json"): frozenset(),
    ("POST", "/rest/v1/leads/schema/fields/{fieldApiName}.json"): frozenset(),
    ("GET", "/rest/v1/leads.json"): frozenset(
        {"filterType", "filterValues", "fields", "batchSize", "nextPageToken"}
    ),
    ("POST", "/rest/v1/leads.json"): frozenset(),
    ("GET", "/rest/v1/stats/usage.json"): frozenset(),
}


def check_body(schema: str, body: Mapping[str, Any], strict: bool) -> None:
    """Refuse fields of `body` that `schema` does not define (strict mode only)."""
    if not strict:
        return
    unknown = sorted(set(body) - BODY_FIELDS[schema])
    if unknown:
        raise ApiError(
            "609",
            f"Invalid JSON: field(s) {', '.join(unknown)} not defined by {schema} "
            "(sandbox strict mode: only what Marketo's Swagger defines)",
        )


def check_query(method: str, route: str, params: Mapping[str, Any], strict: bool) -> None:
    """Refuse query parameters the Swagger does not define for `route` (strict mode only)."""
    if not strict:
        return
    known = QUERY_PARAMS.get((method, route))
    if known is None:
        return
    unknown = sorted(set(params) - known)
    if unknown:
        raise ApiError(
            "1003",
            f"Invalid data: query parameter(s) {', '.join(unknown)} not defined for "
            f"{method} {route} (sandbox strict mode)",
        )
