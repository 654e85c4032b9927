"""Checked client settings that are not about auth (see `auth.auth_settings` for those).

Each bad value is a UsageError naming the setting and what to put there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from revops_as_code.errors import UsageError

DEFAULT_API_VERSION = "63.0"


def number_setting(settings: Mapping[str, Any], name: str, default: float) -> float:
    value = settings.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if number < 0:
        raise UsageError(
            f"Salesforce target: settings.{name} {value!r} is not a number >= 0",
            hint=f"set {name} to a number (default {default:g})",
        )
    return number


def api_version_setting(value: Any) -> str:
    """`"63.0"`, `63`, `63.0` or `"v63.0"` -> `"63.0"` (YAML reads a bare 63.0 as a float)."""
    text = str(value if value is not None else DEFAULT_API_VERSION).strip().lstrip("vV")
    if re.fullmatch(r"\d{2,3}", text):
        text += ".0"
    if not re.fullmatch(r"\d{2,3}\.0", text):
        raise UsageError(
            f"Salesforce target: settings.api_version {value!r} is not an API version",
            hint=f'set api_version to a version such as "{DEFAULT_API_VERSION}" (quoted)',
        )
    return text


__all__ = ["DEFAULT_API_VERSION", "api_version_setting", "number_setting"]
