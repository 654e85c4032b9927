"""The canonical form of a Marketo lead field, which compile, read, write and decompile share.

One resource kind, `lead_field`, keyed by the field's REST API name (`marketo/lead_field/
sqlDate`). Attributes:

- managed (compile sets them, the plan diffs them): `display_name`, `data_type`,
  `description`, `is_sensitive`; `is_hidden` when a definition says so (never by default:
  the definition language has no field-level hidden);
- read-only (shown, never diffed): `is_custom`, `crm_managed` (synced from the CRM:
  describe2's `crmManaged`), `updateable`.

`canonical` is idempotent: normalizing a normalized resource changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from revops_as_code.resources import JsonValue, ResourceId

PROVIDER = "marketo"
LEAD_FIELD = "lead_field"

MANAGED = ("display_name", "data_type", "description", "is_hidden", "is_sensitive")
READ_ONLY = frozenset({"is_custom", "crm_managed", "updateable"})

DATA_TYPES = (
    "boolean",
    "currency",
    "date",
    "datetime",
    "email",
    "float",
    "integer",
    "percent",
    "phone",
    "score",
    "string",
    "url",
)
"""The data types a lead field can be created with ([MKTO-spec] `CreateLeadField.dataType`)."""

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def rid(name: str) -> ResourceId:
    return ResourceId(PROVIDER, LEAD_FIELD, name)


def camel(key: str) -> str:
    """`last_engagement_date` -> `lastEngagementDate` (Marketo's API-name style)."""
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """`lastEngagementDate` -> `last_engagement_date` (a definition key)."""
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    text = re.sub(r"[^a-z0-9_]", "_", text.lower())
    text = re.sub(r"_+", "_", text).strip("_")
    return text if text[:1].isalpha() else f"f_{text}"


def canonical(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    """Canonical attributes: known keys only, booleans as booleans, text stripped."""
    out: dict[str, JsonValue] = {}
    for key in ("display_name", "data_type", "description"):
        if key in attrs and attrs[key] is not None:
            out[key] = str(attrs[key]).strip()
    for key in ("is_hidden", "is_sensitive", "is_custom", "crm_managed", "updateable"):
        if key in attrs and attrs[key] is not None:
            out[key] = bool(attrs[key])
    return out


def from_api(
    field: Mapping[str, Any], described: Mapping[str, Any] | None = None
) -> dict[str, JsonValue]:
    """A `LeadField` (schema/fields.json) plus its describe2 entry, canonical."""
    attrs: dict[str, Any] = {
        "display_name": field.get("displayName"),
        "data_type": field.get("dataType"),
        "description": field.get("description") or "",
        "is_hidden": field.get("isHidden", False),
        "is_sensitive": field.get("isSensitive", False),
        "is_custom": field.get("isCustom", False),
    }
    if described is not None:
        attrs["crm_managed"] = described.get("crmManaged", False)
        attrs["updateable"] = described.get("updateable", True)
    return canonical(attrs)


def create_input(name: str, attrs: Mapping[str, JsonValue]) -> dict[str, Any]:
    """A `CreateLeadField` for the create endpoint (only what the Swagger defines)."""
    item: dict[str, Any] = {
        "name": name,
        "displayName": attrs.get("display_name") or name,
        "dataType": attrs.get("data_type"),
    }
    if attrs.get("description"):
        item["description"] = attrs["description"]
    for key, api in (("is_hidden", "isHidden"), ("is_sensitive", "isSensitive")):
        if key in attrs:
            item[api] = bool(attrs[key])
    return item


def update_input(attrs: Mapping[str, JsonValue]) -> dict[str, Any]:
    """An `UpdateLeadField` with the updatable attributes of `attrs` (never the type)."""
    item: dict[str, Any] = {}
    for key, api in (
        ("display_name", "displayName"),
        ("description", "description"),
        ("is_hidden", "isHidden"),
        ("is_sensitive", "isSensitive"),
    ):
        if key in attrs:
            item[api] = attrs[key]
    return item
