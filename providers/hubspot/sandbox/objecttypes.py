"""The CRM object types the HubSpot sandbox serves, and the names HubSpot accepts for them.

HubSpot paths take either a name (`contacts`) or a type id (`0-1`); both, plus the singular
name, resolve here to one canonical plural name that the store and the routes use.
"""

from __future__ import annotations

OBJECT_TYPES: tuple[str, ...] = ("contacts", "companies", "deals", "tickets")
"""Canonical names, in HubSpot's type-id order."""

TYPE_IDS: dict[str, str] = {"contacts": "0-1", "companies": "0-2", "deals": "0-3", "tickets": "0-5"}
"""HubSpot's object type ids (`0-1` and `0-3` appear in the Lists and pipelines docs)."""

PIPELINE_TYPES: tuple[str, ...] = ("deals", "tickets")
"""Object types with pipelines in this sandbox."""

_ALIASES: dict[str, str] = {
    **{name: name for name in OBJECT_TYPES},
    **{type_id: name for name, type_id in TYPE_IDS.items()},
    "contact": "contacts",
    "company": "companies",
    "deal": "deals",
    "ticket": "tickets",
}

DEFAULT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("firstname", "lastname", "email"),
    "companies": ("name", "domain"),
    "deals": ("dealname", "amount", "closedate", "pipeline", "dealstage"),
    "tickets": (
        "subject",
        "content",
        "hs_pipeline",
        "hs_pipeline_stage",
        "hs_ticket_priority",
        "hs_ticket_category",
    ),
}
"""Properties HubSpot returns on a record when the request names none (plus the system ones)."""

LAST_MODIFIED: dict[str, str] = {
    "contacts": "lastmodifieddate",
    "companies": "hs_lastmodifieddate",
    "deals": "hs_lastmodifieddate",
    "tickets": "hs_lastmodifieddate",
}
"""The system property that mirrors `updatedAt` (contacts spell it differently)."""


def resolve(name: str) -> str | None:
    """The canonical plural name for `name` (plural, singular or type id), or None."""
    return _ALIASES.get(name.lower())


def system_properties(object_type: str) -> tuple[str, ...]:
    """Properties the sandbox maintains itself on every record of `object_type`."""
    return ("hs_object_id", "createdate", LAST_MODIFIED[object_type])
