"""Required fields and types of every HubSpot response the sandbox tests produce.

From the spec notes (`/work/shared/specs/hubspot.md`, which cite HubSpot's OpenAPI files):
`Property`, `PropertyGroup`, `Pipeline`/`PipelineStage`, `PublicAuditInfo`, `PublicOwner`,
`SimplePublicObject`, the collection, batch and search envelopes, `Error`/`StandardError`,
and the v4 association shapes. `check(response)` picks the shape from method, path and status
and fails the test on a missing field or a wrong type: what a generated client needs to
deserialize the body.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

Spec = dict[str, Any]  # field -> type, tuple of types, or nested Spec; "?name" = optional

STR, INT, BOOL = str, int, bool
OPTION: Spec = {"label": STR, "value": STR, "hidden": BOOL, "displayOrder": INT}
PROPERTY: Spec = {
    "name": STR, "label": STR, "type": STR, "fieldType": STR, "groupName": STR,
    "description": STR, "options": [OPTION], "?archived": BOOL, "?hidden": BOOL,
    "?displayOrder": INT, "?hubspotDefined": BOOL, "?createdAt": STR, "?updatedAt": STR,
    "?modificationMetadata": {"archivable": BOOL, "readOnlyDefinition": BOOL, "readOnlyValue": BOOL},
}  # fmt: skip
GROUP: Spec = {"name": STR, "label": STR, "displayOrder": INT, "archived": BOOL}
STAGE: Spec = {
    "id": STR, "label": STR, "displayOrder": INT, "metadata": "str-map", "archived": BOOL,
    "createdAt": STR, "updatedAt": STR,
}  # fmt: skip
PIPELINE: Spec = {
    "id": STR, "label": STR, "displayOrder": INT, "stages": [STAGE], "archived": BOOL,
    "createdAt": STR, "updatedAt": STR,
}  # fmt: skip
AUDIT: Spec = {"action": STR, "identifier": STR, "portalId": INT, "?timestamp": STR}
OWNER: Spec = {
    "id": STR, "type": STR, "archived": BOOL, "createdAt": STR, "updatedAt": STR,
    "?email": (STR, type(None)), "?firstName": STR, "?lastName": STR, "?userId": INT,
    "?teams": [{"id": STR, "name": STR, "primary": BOOL}],
}  # fmt: skip
RECORD: Spec = {
    "id": STR, "properties": "nullable-str-map", "createdAt": STR, "updatedAt": STR,
    "?archived": BOOL, "?associations": dict,
}  # fmt: skip
PAGING: Spec = {"?paging": {"next": {"after": STR, "?link": STR}}}
STANDARD_ERROR: Spec = {
    "status": STR, "category": STR, "message": STR, "errors": list, "context": dict, "links": dict,
}  # fmt: skip
ERROR: Spec = {
    "status": STR, "message": STR, "correlationId": "uuid", "category": STR,
    "?errors": [{"message": STR}], "?context": dict, "?subCategory": STR,
}  # fmt: skip
ASSOCIATION_TYPE: Spec = {"category": STR, "typeId": INT, "label": (STR, type(None))}
ASSOCIATED: Spec = {"toObjectId": INT, "associationTypes": [ASSOCIATION_TYPE]}


def batch(item: Spec) -> Spec:
    """A `BatchResponse…` envelope around `item`s."""
    return {
        "status": STR, "results": [item], "startedAt": STR, "completedAt": STR,
        "?errors": [STANDARD_ERROR], "?numErrors": INT,
    }  # fmt: skip


def collection(item: Spec) -> Spec:
    return {"results": [item], **PAGING}


_P = r"/crm/(?:v3/properties|properties/[^/]+)/[^/]+"
_PL = r"/crm/(?:v3/pipelines|pipelines/[^/]+)/[^/]+"
_O = r"/crm/v3/objects/[^/]+"
ROUTES: list[tuple[str, str, Spec]] = [
    ("GET", _P + r"/groups", collection(GROUP)),
    ("*", _P + r"/groups/[^/]+", GROUP),
    ("POST", _P + r"/groups", GROUP),
    ("POST", _P + r"/batch/(create|read)", batch(PROPERTY)),
    ("GET", _P, collection(PROPERTY)),
    ("POST", _P, PROPERTY),
    ("*", _P + r"/[^/]+", PROPERTY),
    ("GET", _PL + r"/[^/]+/stages/[^/]+/audit", collection(AUDIT)),
    ("GET", _PL + r"/[^/]+/audit", collection(AUDIT)),
    ("GET", _PL + r"/[^/]+/stages", collection(STAGE)),
    ("*", _PL + r"/[^/]+/stages(/[^/]+)?", STAGE),
    ("GET", _PL, collection(PIPELINE)),
    ("*", _PL + r"(/[^/]+)?", PIPELINE),
    ("GET", r"/crm/v3/owners/?", collection(OWNER)),
    ("GET", r"/crm/v3/owners/[^/]+", OWNER),
    ("POST", _O + r"/search", {"total": INT, "results": [RECORD], **PAGING}),
    ("POST", _O + r"/batch/(read|create|update)", batch(RECORD)),
    ("GET", _O, collection(RECORD)),
    ("*", _O + r"(/[^/]+)?", RECORD),
    ("GET", r"/crm/v4/objects/[^/]+/[^/]+/associations/[^/]+", collection(ASSOCIATED)),
    ("POST", r"/crm/v4/associations/[^/]+/[^/]+/batch/read",
     batch({"from": {"id": STR}, "to": [ASSOCIATED]})),
    ("GET", r"/crm/(v4/associations|associations/v4)/[^/]+/[^/]+/labels", collection(ASSOCIATION_TYPE)),
    ("PUT", r"/crm/v4/objects/.*/default/.*", batch(dict)),
]  # fmt: skip


def spec_for(method: str, path: str, status: int) -> Spec | None:
    """The shape a response must have, or None for bodiless responses."""
    if status in (204,):
        return None
    if status >= 400:
        return ERROR
    for route_method, pattern, spec in ROUTES:
        if route_method in ("*", method) and re.fullmatch(pattern, path):
            return spec
    raise AssertionError(f"no shape known for {method} {path} ({status})")


def check(response: httpx.Response) -> None:
    """Assert `response`'s body has its shape's required fields with the right types."""
    request = response.request
    spec = spec_for(request.method, request.url.path, response.status_code)
    if spec is None:
        assert response.content == b"", f"{request.method} {request.url.path}: body on 204"
        return
    where = f"{request.method} {request.url.path} -> {response.status_code}"
    conforms(response.json(), spec, where)


def conforms(value: Any, spec: Any, where: str) -> None:
    """Recursive check of `value` against `spec` (raises AssertionError with the path)."""
    if isinstance(spec, dict):
        assert isinstance(value, dict), f"{where}: expected an object, got {value!r:.80}"
        for key, sub in spec.items():
            optional = key.startswith("?")
            name = key.lstrip("?")
            if name not in value:
                assert optional, f"{where}: missing required field {name!r}"
                continue
            conforms(value[name], sub, f"{where}.{name}")
    elif isinstance(spec, list):
        assert isinstance(value, list), f"{where}: expected a list, got {value!r:.80}"
        for index, item in enumerate(value):
            conforms(item, spec[0], f"{where}[{index}]")
    elif spec == "uuid":
        assert isinstance(value, str)
        uuid.UUID(value)
    elif spec in ("str-map", "nullable-str-map"):
        assert isinstance(value, dict), f"{where}: expected an object"
        for key, item in value.items():
            ok = isinstance(item, str) or (spec == "nullable-str-map" and item is None)
            assert ok, f"{where}.{key}: expected a string, got {item!r}"
    elif spec is INT:
        assert isinstance(value, int) and not isinstance(value, bool), (
            f"{where}: expected int, got {value!r}"
        )
    else:
        assert isinstance(value, spec), f"{where}: expected {spec}, got {value!r:.80}"
