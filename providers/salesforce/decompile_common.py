"""What the Salesforce decompiler's parts share: keys made from live names and labels, the
keys existing definitions already use, and picklist values as options."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from revops_as_code.resources import ResourceId

API_VERSION = "revops.dev/v1"
SF = "salesforce"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_KEY = 100
NO_DESCRIPTION = "Imported from Salesforce, where it has no description yet."
Notes = dict[ResourceId, tuple[str, str]]


def keyify(text: str, taken: set[str] | None = None) -> str:
    """A snake_case key for a live name or label, unique within `taken` (which it joins)."""
    key = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"
    if not key[0].isalpha():
        key = f"x_{key}"
    key = key[:MAX_KEY].rstrip("_")
    if taken is not None:
        base, n = key[: MAX_KEY - 4], 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        taken.add(key)
    return key


def defined_keys(defined: frozenset[str], obj: str) -> set[str]:
    """Field keys of `obj` the existing definitions declare (origins `field/<obj>/<key>`)."""
    prefix = f"field/{obj}/"
    return {
        o[len(prefix) :] for o in defined if o.startswith(prefix) and "/" not in o[len(prefix) :]
    }


def defined_of(defined: frozenset[str], kind: str) -> set[str]:
    """Keys of `kind` (`pipeline`, `lifecycle`) the existing definitions declare."""
    prefix = f"{kind}/"
    return {
        o[len(prefix) :] for o in defined if o.startswith(prefix) and "/" not in o[len(prefix) :]
    }


def named(value: str, label: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """(key, api-name map) for a stored value: the value itself when it is a free key, else
    a key made from the label (the value when the label has no letters), the value kept in
    the map."""
    if KEY.match(value) and value not in taken and len(value) <= MAX_KEY:
        taken.add(value)
        return value, {}
    words = label if re.search(r"[A-Za-z]", label) else value
    return keyify(words, taken), {SF: value}


def named_option(value: Mapping[str, Any], taken: set[str]) -> dict[str, Any]:
    """A picklist value `{value, label, default}` as an option of a field."""
    stored = str(value.get("value", ""))
    label = str(value.get("label") or stored)
    key, api_names = named(stored, label, taken)
    option: dict[str, Any] = {"key": key, "label": label}
    if api_names:
        option["api_names"] = api_names
    return option


__all__ = [
    "API_VERSION",
    "KEY",
    "NO_DESCRIPTION",
    "SF",
    "Notes",
    "defined_keys",
    "defined_of",
    "keyify",
    "named",
    "named_option",
]
