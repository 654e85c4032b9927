"""The shared ground of the HubSpot compiler: vendor tables, the assembly state and addresses.

Every compile module works on one `_Build` (the resources, the properties being assembled as
`_Property` — several documents may shape one — groups, diagnostics and the definition-key ->
HubSpot-name maps) and uses the same tables: definition objects -> HubSpot object types, field
types -> HubSpot's (`type`, `fieldType`) pairs and the pairs HubSpot accepts, and the diagnostic
codes. The origin helpers spell the typed address each resource keeps (`field/company/icp_tier`,
`lifecycle/<key>`, ...), and `_where`/`_location` turn a document pointer into `file:line:col`.
It lives apart from `compile.py` so the field, derived and entry modules share it without
importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from revops_as_code.compile import capability_gap
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.models.refs import Ref
from revops_as_code.resources import Resource, ResourceId

SYSTEM = "HubSpot"
HS = "hubspot"

OBJECTS = {"contact": "contacts", "company": "companies", "deal": "deals", "ticket": "tickets"}
DEFAULT_GROUPS = {
    "contacts": "contactinformation",
    "companies": "companyinformation",
    "deals": "dealinformation",
    "tickets": "ticketinformation",
}

FIELD_TYPES: dict[str, tuple[str, str]] = {
    "string": ("string", "text"),
    "text": ("string", "textarea"),
    "number": ("number", "number"),
    "currency": ("number", "number"),
    "percent": ("number", "number"),
    "bool": ("bool", "booleancheckbox"),
    "date": ("date", "date"),
    "datetime": ("datetime", "date"),
    "enum": ("enumeration", "select"),
    "multi_enum": ("enumeration", "checkbox"),
    "owner": ("enumeration", "select"),
}
"""Definition field type -> HubSpot (`type`, `fieldType`), per the properties API's pairs."""

SUPERSEDED = "HS201"
"""A live field competing with the standard's (declared in `supersedes`)."""
HUBSPOT_DEFINED = "HS202"
"""A HubSpot-defined property: only part of it can be managed."""
BAD_TYPE_PAIR = "HS203"
"""`api_types.hubspot` names a type/fieldType pair HubSpot refuses."""

VALID_FIELD_TYPES: dict[str, frozenset[str]] = {
    "bool": frozenset({"booleancheckbox", "calculation_equation"}),
    "enumeration": frozenset({"booleancheckbox", "checkbox", "radio", "select",
                              "calculation_equation"}),
    "date": frozenset({"date"}),
    "datetime": frozenset({"date"}),
    "string": frozenset({"file", "text", "textarea", "calculation_equation", "html",
                         "phonenumber"}),
    "number": frozenset({"number", "calculation_equation"}),
    "phone_number": frozenset({"phonenumber", "text"}),
}  # fmt: skip
"""HubSpot's `type` -> accepted `fieldType`s: the PropertyCreate enums of [HS-spec]
properties.json and the pairs table of "CRM API | Properties"
(developers.hubspot.com/docs/api/crm/properties); html/phonenumber strings and phone_number
as seen in practice (the sandbox's validation.py holds the same table)."""


@dataclass
class _Property:
    """A property being assembled from several documents (a standard, a lifecycle, an ICP)."""

    object_type: str
    name: str
    attrs: dict[str, Any]
    source: str
    origin: str
    system_defined: bool = False
    protect: bool = False
    ignore: frozenset[str] = frozenset()
    governed_options: list[dict[str, Any]] | None = None
    depends_on: tuple[ResourceId, ...] = ()


@dataclass
class _Build:
    resources: list[Resource] = field(default_factory=list)
    properties: dict[tuple[str, str], _Property] = field(default_factory=dict)
    groups: dict[tuple[str, str], Resource] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fields_by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    """(object type, definition key) -> HubSpot property name."""
    group_names: dict[tuple[str, str], str] = field(default_factory=dict)
    """(object type, group key) -> HubSpot group name, across all of the object's standards."""
    pipeline_objects: dict[str, str] = field(default_factory=dict)
    """Pipeline key -> the definitions' object its records are (`deal`, `ticket`)."""

    def gap(self, what: str, source: str, obj: str, severity: Severity = Severity.INFO) -> None:
        self.diagnostics.append(
            capability_gap(SYSTEM, what, location=_location(source, obj), severity=severity)
        )


def _location(source: str, obj: str) -> Location:
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=source, object=obj)


def _where(source: Any, pointer: str) -> str:
    try:
        return str(source.location(pointer))
    except Exception:  # a source without positions (built in memory) is still fine
        return str(getattr(source, "path", "") or "")


def _locator(source: Any) -> Callable[[str], str]:
    def where(pointer: str) -> str:
        return _where(source, pointer)

    return where


def field_origin(obj: str, key: str) -> str:
    """`field/company/icp_tier`: `obj` as the definition names it (singular)."""
    return str(Ref("field", obj, key))


def group_origin(obj: str, key: str) -> str:
    """`field_standard/company/group/revops_standard`: a group of an object's standards."""
    return f"field_standard/{obj}/group/{key}"


def lifecycle_origin(key: str) -> str:
    return f"lifecycle/{key}"


def icp_origin(key: str) -> str:
    return f"icp/{key}"


def sla_origin(key: str) -> str:
    return f"sla/{key}"


def resolve_field(ref: str, subject: str) -> tuple[str, str]:
    """`field/company/icp_tier` or bare `icp_tier` -> (HubSpot object type, field key)."""
    if ref.startswith("field/"):
        _, obj, key = ref.split("/", 2)
        return OBJECTS.get(obj, obj), key
    return OBJECTS.get(subject, subject), ref
