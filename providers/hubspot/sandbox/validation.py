"""HubSpot's validation rules for property definitions and for record values.

Definitions: the `type` → `fieldType` pairs from the Properties docs table (plus `html`
and `phonenumber` for strings, seen in practice), lowercase names, groups that exist, options
only on enumerations (and the two options of a bool), unique option values, read-only
definitions of HubSpot-defined properties ("CRM API | Properties",
developers.hubspot.com/docs/api/crm/properties; [HS-spec] properties.json).

Records: every value is checked against its property's type; the failure message and the
per-value items (`isValid`, `message`, `error`, `name`) follow HubSpot's "Property values were
not valid" responses (error codes as seen in HubSpot responses; unverified).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .errors import JSON, ApiError
from .objecttypes import system_properties

VALID_FIELD_TYPES: dict[str, frozenset[str]] = {
    "bool": frozenset({"booleancheckbox", "calculation_equation"}),
    "enumeration": frozenset(
        {"booleancheckbox", "checkbox", "radio", "select", "calculation_equation"}
    ),
    "date": frozenset({"date"}),
    "datetime": frozenset({"date"}),
    "string": frozenset(
        {"file", "text", "textarea", "calculation_equation", "html", "phonenumber"}
    ),
    "number": frozenset({"number", "calculation_equation"}),
    "phone_number": frozenset({"phonenumber", "text"}),
}
"""Valid `fieldType`s per `type` (the Properties docs table)."""

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""Property and group names: lowercase, start with a letter, `[a-z0-9_]` (unverified)."""

MAX_NAME_LENGTH = 100
MAX_STRING_LENGTH = 65_536
"""HubSpot's documented maximum for a string value."""


def check_name(name: Any, what: str) -> str:
    """A valid internal name or a 400."""
    if not isinstance(name, str) or not name:
        raise _invalid(f"{what} name is required", "REQUIRED", "name")
    if len(name) > MAX_NAME_LENGTH or not NAME_PATTERN.match(name):
        raise _invalid(
            f"{what} name {name!r} is invalid: use lowercase letters, digits and underscores, "
            "starting with a letter",
            "INVALID_PROPERTY_NAME",
            "name",
        )
    return name


def check_definition(prop: Mapping[str, Any], groups: set[str]) -> None:
    """Validate a complete (created or merged) property definition; raises a 400."""
    missing = [f for f in ("name", "label", "type", "fieldType", "groupName") if not prop.get(f)]
    if missing:
        raise ApiError(
            400,
            f"Missing required field(s): {', '.join(missing)}",
            errors=[{"message": f"{f} is required", "code": "REQUIRED", "in": f} for f in missing],
        )
    kind, field_type = prop["type"], prop["fieldType"]
    if kind not in VALID_FIELD_TYPES:
        raise _invalid(
            f"type {kind!r} is not one of {sorted(VALID_FIELD_TYPES)}", "INVALID_ENUM", "type"
        )
    if field_type not in VALID_FIELD_TYPES[kind]:
        raise _invalid(
            f"fieldType {field_type!r} is not valid for type {kind!r}; valid: "
            f"{sorted(VALID_FIELD_TYPES[kind])}",
            "INVALID_FIELD_TYPE",
            "fieldType",
        )
    if prop["groupName"] not in groups:
        raise _invalid(
            f"Property group {prop['groupName']!r} does not exist", "INVALID_GROUP", "groupName"
        )
    options = prop.get("options") or []
    if options and kind not in ("enumeration", "bool"):
        raise _invalid(
            f"options are only allowed on enumeration properties, not {kind!r}",
            "OPTIONS_NOT_ALLOWED",
            "options",
        )
    if kind == "bool" and options and {str(o.get("value")) for o in options} - {"true", "false"}:
        raise _invalid(
            "bool options must have the values true and false", "INVALID_OPTION", "options"
        )
    seen: set[str] = set()
    for option in options:
        if not isinstance(option, Mapping) or not option.get("label") or "value" not in option:
            raise _invalid("every option needs a label and a value", "REQUIRED", "options")
        value = str(option["value"])
        if value in seen:
            raise _invalid(f"duplicate option value {value!r}", "DUPLICATE_OPTION", "options")
        seen.add(value)


class RecordChecker:
    """Checks record values of one object type against its live property definitions.

    `pipelines` maps pipeline id → its live stage ids (deals and tickets), and `owners` holds
    the live owner ids, for the properties whose options come from them.
    """

    def __init__(
        self,
        object_type: str,
        properties: Mapping[str, JSON],
        pipelines: Mapping[str, set[str]],
        owners: set[str],
    ) -> None:
        self.object_type = object_type
        self.properties = properties
        self.pipelines = pipelines
        self.owners = owners
        self.read_only = set(system_properties(object_type)) - {"createdate"}

    def check(self, values: Mapping[str, Any], current: Mapping[str, str] | None = None) -> JSON:
        """Normalized values (strings) or a 400 listing every invalid one."""
        if not isinstance(values, Mapping):
            raise ApiError(400, "properties must be an object")
        problems: list[JSON] = []
        out: JSON = {}
        for name, raw in values.items():
            problem, value = self._one(name, raw, values, current or {})
            if problem:
                problems.append({"isValid": False, "name": name, **problem})
            else:
                out[name] = value
        if problems:
            raise ApiError(
                400,
                "Property values were not valid: " + json.dumps(problems),
                errors=[
                    {
                        "message": p["message"],
                        "code": p["error"],
                        "context": {"propertyName": [p["name"]]},
                    }
                    for p in problems
                ],
            )
        return out

    def _one(
        self, name: str, raw: Any, values: Mapping[str, Any], current: Mapping[str, str]
    ) -> tuple[JSON | None, Any]:
        if name in self.read_only:
            return _problem("READ_ONLY_VALUE", f"{name} is a read only property"), None
        prop = self.properties.get(name)
        if prop is None:
            return _problem("PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist'), None
        if prop.get("modificationMetadata", {}).get("readOnlyValue"):
            return _problem("READ_ONLY_VALUE", f"{name} is a read only property"), None
        if raw is None or raw == "":
            return None, ""
        if isinstance(raw, bool):
            text = "true" if raw else "false"
        elif isinstance(raw, int | float | str):
            text = str(raw)
        else:
            return _problem("INVALID_VALUE", f"{raw!r} is not a valid value for {name}"), None
        kind = prop["type"]
        if kind == "number":
            try:
                float(text)
            except ValueError:
                return _problem("INVALID_DECIMAL", f"{text} is not a valid decimal"), None
            return None, text
        if kind == "bool":
            if text.lower() not in ("true", "false"):
                return _problem("INVALID_BOOLEAN", f"{text} is not a valid boolean"), None
            return None, text.lower()
        if kind in ("date", "datetime"):
            return _date_value(text, date_only=kind == "date")
        if kind == "enumeration":
            return self._option(name, prop, text, values, current)
        if len(text) > MAX_STRING_LENGTH:
            return _problem(
                "INVALID_STRING_LENGTH", f"{name} exceeds {MAX_STRING_LENGTH} characters"
            ), None
        if name == "email" and self.object_type == "contacts" and "@" not in text:
            return _problem("INVALID_EMAIL", f"Email address {text} is invalid"), None
        return None, text

    def _option(
        self,
        name: str,
        prop: JSON,
        text: str,
        values: Mapping[str, Any],
        current: Mapping[str, str],
    ) -> tuple[JSON | None, Any]:
        if name in ("dealstage", "hs_pipeline_stage"):
            pipeline_key = "pipeline" if name == "dealstage" else "hs_pipeline"
            pipeline = str(values.get(pipeline_key) or current.get(pipeline_key) or "default")
            allowed = self.pipelines.get(pipeline, set())
        elif name in ("pipeline", "hs_pipeline"):
            allowed = set(self.pipelines)
        elif prop.get("referencedObjectType") == "OWNER":
            allowed = self.owners
        else:
            allowed = {str(o["value"]) for o in prop.get("options") or []}
        chosen = text.split(";") if prop["fieldType"] == "checkbox" else [text]
        bad = [v for v in chosen if v not in allowed]
        if bad:
            return (
                _problem(
                    "INVALID_OPTION",
                    f"{bad[0]} was not one of the allowed options: {sorted(allowed)}",
                ),
                None,
            )
        return None, text


def _date_value(text: str, *, date_only: bool) -> tuple[JSON | None, Any]:
    # HubSpot accepts epoch milliseconds or ISO 8601; dates must fall on midnight UTC.
    moment: datetime | None = None
    if text.lstrip("-").isdigit():
        moment = datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    else:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        return _problem("INVALID_DATE", f"{text} is not a valid date"), None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    if date_only:
        if (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0):
            return _problem("INVALID_DATE", f"{text} is not at midnight UTC"), None
        return None, moment.strftime("%Y-%m-%d")
    return None, moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _problem(code: str, message: str) -> JSON:
    return {"error": code, "message": message, "localizedErrorMessage": message}


def _invalid(message: str, code: str, field: str) -> ApiError:
    return ApiError(400, message, errors=[{"message": message, "code": code, "in": field}])
