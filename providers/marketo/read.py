"""Live Marketo lead fields as canonical resources, with the fewest calls: the schema list
(`GET /rest/v1/leads/schema/fields.json`, 300 a page: one call for a stock instance) and
`describe2` (one call) for what the list lacks: whether the CRM sync manages a field
(`crmManaged`) and whether it is updateable. An id scope filters the same two calls (a
per-field GET would cost one call each)."""

from __future__ import annotations

from revops_as_code.providers.base import LiveSnapshot, Scope
from revops_as_code.resources import Resource, ResourceSet

from .client import MarketoClient
from .model import LEAD_FIELD, from_api, rid

FIELDS = "/rest/v1/leads/schema/fields.json"
DESCRIBE2 = "/rest/v1/leads/describe2.json"
PAGE = 300


def read_fields(
    client: MarketoClient, scope: Scope, lengths: dict[str, int] | None = None
) -> LiveSnapshot:
    """The lead fields in `scope`; `lengths` (when given) is filled with each text field's
    maximum length from describe2, which the consistency report uses."""
    before = client.request_count
    if scope.kinds and LEAD_FIELD not in scope.kinds:
        return LiveSnapshot(ResourceSet.of([]), request_count=0)
    fields = list(client.paginate(FIELDS, {"batchSize": PAGE}))
    described: dict[str, dict[str, object]] = {}
    for entry in client.get(DESCRIBE2).get("result") or []:
        for item in entry.get("fields") or []:
            described[str(item.get("name"))] = item
            if lengths is not None and isinstance(item.get("length"), int):
                lengths[str(item.get("name"))] = int(item["length"])
    resources = []
    for field in fields:
        name = str(field.get("name"))
        resource = Resource(id=rid(name), attributes=from_api(field, described.get(name)))
        if scope.ids and resource.id not in scope.ids:
            continue
        resources.append(resource)
    return LiveSnapshot(
        resources=ResourceSet.of(resources),
        remote_ids={r.id: r.id.key for r in resources},
        request_count=client.request_count - before,
    )
