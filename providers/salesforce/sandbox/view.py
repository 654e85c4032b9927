"""`OrgView`: lookups over a configuration `Org` that describe, Tooling rows, SOQL and record
saves share (fields per object with the system fields added, picklist values whether they
live on the field or in a StandardValueSet, users by id)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..model import STANDARD_PICKLISTS
from .org import Org, OrgField
from .types import PICKLIST_TYPES, system_fields

SOBJECTS: tuple[str, ...] = ("Lead", "Contact", "Account", "Opportunity", "Case", "User")
"""The sObjects describe, query and record saves serve."""

LABELS: dict[str, tuple[str, str]] = {
    "Lead": ("Lead", "Leads"),
    "Contact": ("Contact", "Contacts"),
    "Account": ("Account", "Accounts"),
    "Opportunity": ("Opportunity", "Opportunities"),
    "Case": ("Case", "Cases"),
    "User": ("User", "Users"),
}

_USER_FIELDS = (
    ("Name", "Full Name", "Text"),
    ("Username", "Username", "Text"),
    ("Email", "Email", "Email"),
    ("IsActive", "Active", "Checkbox"),
)


class OrgView:
    def __init__(self, org: Org) -> None:
        self.org = org

    @cached_property
    def _fields(self) -> dict[str, dict[str, OrgField]]:
        out: dict[str, dict[str, OrgField]] = {name: {} for name in SOBJECTS}
        for name in SOBJECTS:
            for f in system_fields(name):
                out[name][f.name] = f
        for name, label, kind in _USER_FIELDS:
            out["User"][name] = OrgField("User", name, label, kind, custom=False)
        for f in self.org.fields:
            out.setdefault(f.object, {})[f.name] = f
        return out

    @cached_property
    def _lower(self) -> dict[str, dict[str, OrgField]]:
        return {
            obj: {name.lower(): f for name, f in table.items()}
            for obj, table in self._fields.items()
        }

    @cached_property
    def _by_id(self) -> dict[str, OrgField]:
        return {f.id: f for f in self.org.fields if f.id}

    def put_field(self, field: OrgField) -> None:
        """Follow a field write (the store updated `org.fields` already)."""
        self._fields.setdefault(field.object, {})[field.name] = field
        self._lower.setdefault(field.object, {})[field.name.lower()] = field
        if field.id:
            self._by_id[field.id] = field

    def has_exact(self, object_name: str, name: str) -> bool:
        return name in self._fields.get(object_name, {})

    def has_object(self, name: str) -> bool:
        return name in SOBJECTS

    def fields(self, object_name: str) -> list[OrgField]:
        return list(self._fields.get(object_name, {}).values())

    def field(self, object_name: str, name: str) -> OrgField | None:
        found = self._fields.get(object_name, {}).get(name)
        if found is None:
            found = self._lower.get(object_name, {}).get(name.lower())
        return found

    def custom_fields(self) -> list[OrgField]:
        return [f for f in self.org.fields if f.custom]

    def custom_field_by_id(self, field_id: str) -> OrgField | None:
        return self._by_id.get(field_id)

    def value_set_name(self, field: OrgField) -> str | None:
        return STANDARD_PICKLISTS.get(f"{field.object}.{field.name}")

    def picklist_values(self, field: OrgField) -> list[dict[str, Any]]:
        """{value, label, default, active} in order, from the field or its value set."""
        set_name = None if field.custom else self.value_set_name(field)
        if set_name is not None:
            return [
                {
                    "value": v["valueName"],
                    "label": v.get("label") or v["valueName"],
                    "default": bool(v.get("default")),
                    "active": bool(v.get("isActive", True)),
                }
                for v in self.org.value_sets.get(set_name, [])
            ]
        if field.type not in PICKLIST_TYPES:
            return []
        return [
            {
                "value": v["value"],
                "label": v.get("label") or v["value"],
                "default": bool(v.get("default")),
                "active": bool(v.get("active", True)),
            }
            for v in field.values
        ]

    def is_restricted(self, field: OrgField) -> bool:
        # Standard value sets are restricted to their values in the API (StageName,
        # Lead Status); a custom picklist is when its valueSet says so.
        if not field.custom and self.value_set_name(field) is not None:
            return True
        return field.restricted

    @cached_property
    def users(self) -> dict[str, dict[str, Any]]:
        return {u["Id"]: u for u in self.org.users}

    def user_name(self, user_id: str | None) -> str | None:
        if user_id is None:
            return None
        user = self.users.get(user_id)
        return str(user.get("Name")) if user else None

    def record_types(self, object_name: str) -> list[dict[str, Any]]:
        return [r for r in self.org.record_types if r["object"] == object_name]

    def business_process(
        self, name: str, object_name: str = "Opportunity"
    ) -> dict[str, Any] | None:
        return next(
            (
                b
                for b in self.org.business_processes
                if b["name"] == name and b.get("object", object_name) == object_name
            ),
            None,
        )

    def validation_rules(self, object_name: str) -> list[dict[str, Any]]:
        return [r for r in self.org.validation_rules if r["object"] == object_name]
