"""Live Marketo lead fields -> a `contact` field standard, for `revops import`.

A round trip: the document written here, compiled by `compile.py`, gives back the live
fields it came from, so a plan right after an import is empty. Every live field is written
or explained (`import_notes`):

- Marketo's standard fields (and read-only system fields) are Marketo's: not imported;
  a definition names one with `api_names: {marketo: <name>}`;
- custom fields import with the nearest definition type, plus `api_types.marketo` where
  compile's default would differ (`integer`, `email`, `phone`, `url`, `score`);
- a field without a description gets a placeholder and `ignore: [description]`;
- keys are the API name in snake_case, with `api_names.marketo` when that does not camelCase
  back to the name, or when the existing definitions already use the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .compile import STANDARD_FIELDS, TYPES
from .model import LEAD_FIELD, camel, snake

API_VERSION = "revops.dev/v1"
MK = "marketo"
DEFINITION_TYPES = {
    "string": "string",
    "boolean": "bool",
    "date": "date",
    "datetime": "datetime",
    "currency": "currency",
    "percent": "percent",
    "float": "number",
    "integer": "number",
    "email": "string",
    "phone": "string",
    "url": "string",
    "score": "number",
}
Notes = dict[ResourceId, tuple[str, str]]


def decompile(snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
    return _decompile(snapshot)[0]


def import_notes(snapshot: LiveSnapshot) -> Notes:
    return _decompile(snapshot)[1]


def _decompile(snapshot: LiveSnapshot) -> tuple[list[dict[str, JsonValue]], Notes]:
    notes: Notes = {}
    taken = {o.rsplit("/", 1)[1] for o in snapshot.defined if o.startswith("field/contact/")}
    fields: list[JsonValue] = []
    for resource in sorted(snapshot.resources, key=lambda r: r.id.key):
        if resource.id.kind != LEAD_FIELD:
            continue
        attrs = resource.attributes
        if resource.id.key in STANDARD_FIELDS or not attrs.get("is_custom"):
            notes[resource.id] = (
                "a Marketo standard field: Marketo owns its definition",
                f"name it from a contact field with `api_names: {{marketo: {resource.id.key}}}`",
            )
            continue
        fields.append(_field(resource, attrs, taken))
    if not fields:
        return [], notes
    document: dict[str, JsonValue] = {
        "apiVersion": API_VERSION,
        "kind": "FieldStandard",
        "object": "contact",
        "description": "Lead fields imported from Marketo.",
        "fields": fields,
    }
    return [document], notes


def _field(resource: Resource, attrs: Mapping[str, Any], taken: set[str]) -> dict[str, JsonValue]:
    name = resource.id.key
    key = snake(name)
    if key in taken:
        key = f"{key}_marketo"
    taken.add(key)
    data_type = str(attrs.get("data_type") or "string")
    definition_type = DEFINITION_TYPES.get(data_type, "string")
    out: dict[str, JsonValue] = {
        "key": key,
        "label": str(attrs.get("display_name") or name),
        "type": definition_type,
    }
    ignore: list[JsonValue] = []
    description = str(attrs.get("description") or "")
    if description:
        out["description"] = description
    else:
        out["description"] = f"Imported from Marketo ({name}); describe what it holds."
        ignore.append("description")
    if attrs.get("is_sensitive"):
        out["pii"] = True
    if camel(key) != name:
        out["api_names"] = {MK: name}
    if TYPES.get(definition_type) != data_type:
        out["api_types"] = {MK: data_type}
    if ignore:
        out["ignore"] = ignore
    return out
