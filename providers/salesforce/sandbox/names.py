"""Salesforce's naming and size rules for what the Tooling API creates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import ApiError, bad_request

EDITABLE_OBJECTS = ("Lead", "Contact", "Account", "Opportunity", "Case")
"""The sObjects custom fields, validation rules and record types go on."""

_API_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$")


def check_api_name(name: str, what: str, limit: int = 40) -> None:
    """Letters, digits and single underscores, starting with a letter, not ending in `_`,
    at most `limit` characters (Setup's wording for every developer name)."""
    if not _API_NAME.match(name) or len(name) > limit:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"The {what} {name!r} can only contain underscores and alphanumeric characters. It "
            "must be unique, begin with a letter, not include spaces, not end with an "
            f"underscore, not contain two consecutive underscores, and be at most {limit} "
            "characters.",
        )


def split_full_name(full_name: Any, type_name: str) -> tuple[str, str]:
    """`Opportunity.Foo__c` -> ("Opportunity", "Foo__c") for an editable object."""
    if not isinstance(full_name, str) or not full_name:
        raise bad_request(
            "REQUIRED_FIELD_MISSING",
            f"Required fields are missing: [FullName] (a {type_name} is named "
            "'<Object>.<Name>', e.g. 'Opportunity.Budget__c')",
            ["FullName"],
        )
    object_name, dot, name = full_name.partition(".")
    if not dot or not name:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"FullName {full_name!r} must be '<Object>.<Name>' for a {type_name}",
            ["FullName"],
        )
    match = next((o for o in EDITABLE_OBJECTS if o.lower() == object_name.lower()), None)
    if match is None:
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION",
            f"Cannot find the object {object_name!r} for {type_name} {full_name!r}; the sandbox "
            f"org has {', '.join(EDITABLE_OBJECTS)}",
            ["FullName"],
        )
    return match, name


def metadata_of(body: Any, type_name: str) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise bad_request("JSON_PARSER_ERROR", f"A {type_name} body must be a JSON object")
    metadata = body.get("Metadata")
    if not isinstance(metadata, Mapping):
        raise bad_request(
            "REQUIRED_FIELD_MISSING",
            f"Required fields are missing: [Metadata] ({type_name} is written through its "
            "Metadata member)",
            ["Metadata"],
        )
    return metadata


def must(metadata: Mapping[str, Any], key: str, type_name: str, kind: str | None = None) -> Any:
    value = metadata.get(key)
    if value is None or value == "":
        suffix = f" of type {kind}" if kind else ""
        raise bad_request(
            "FIELD_INTEGRITY_EXCEPTION", f"Must specify '{key}' for a {type_name}{suffix}", [key]
        )
    return value


def too_long(label: str, value: str, limit: int, field: str) -> ApiError:
    return bad_request(
        "STRING_TOO_LONG",
        f"{label}: data value too large: {value[:80]}{'...' if len(value) > 80 else ''} "
        f"(max length={limit})",
        [field],
    )


def check_length(value: Any, label: str, limit: int, field: str) -> str:
    text = "" if value is None else str(value)
    if len(text) > limit:
        raise too_long(label, text, limit, field)
    return text


def duplicate(kind: str, full_name: str, existing_id: str) -> ApiError:
    return bad_request(
        "DUPLICATE_DEVELOPER_NAME",
        f"There is already a {kind} named {full_name} (id {existing_id}). Update it with PATCH "
        "instead of creating it again.",
    )


def as_int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise bad_request("FIELD_INTEGRITY_EXCEPTION", f"'{key}' must be a number", [key])
    try:
        number = float(value)
    except ValueError:
        raise bad_request("FIELD_INTEGRITY_EXCEPTION", f"'{key}' must be a number", [key]) from None
    if number != int(number):
        raise bad_request("FIELD_INTEGRITY_EXCEPTION", f"'{key}' must be a whole number", [key])
    return int(number)
