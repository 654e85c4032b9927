"""JSON Schema (Draft 2020-12) of the plan JSON, format version 2.

The machine-checkable half of docs/plan-json.md: tests validate every plan the builder makes
against it, so the documentation cannot drift from `plan.io`. Every field `plan.io` writes is
required and typed here. Scripts that consume plans may validate with it too
(`python -c "from revops_as_code.plan.schema import PLAN_JSON_SCHEMA"`). Unknown fields are
allowed: fields may be added within a format version.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.plan.model import FORMAT_VERSION

_ACTIONS = ["create", "update", "delete", "replace"]
_RISKS = ["safe", "review", "destructive"]
_SEVERITIES = ["info", "warning", "error"]
_RESOURCE_ID = {"type": "string", "pattern": "^[^/]+/[^/]+/.+$"}
"""`target/kind/key` (the key may hold slashes)."""
_TARGET = {"type": "string", "pattern": "^[^/]+$"}
_COUNT = {"type": "integer", "minimum": 0}
_COUNTS = {
    "type": "object",
    "properties": {a: _COUNT for a in _ACTIONS},
    "required": _ACTIONS,
}
_NULLABLE_STR = {"type": ["string", "null"]}
_ATTRIBUTES = {"type": "object"}
_DEPENDS_ON = {"type": "array", "items": _RESOURCE_ID}
_ORIGIN = {
    "type": "object",
    "required": ["address", "source"],
    "properties": {
        "address": {"type": "string"},
        "source": {"type": "string"},
    },
}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    """An object whose every listed property is required."""
    return {"type": "object", "required": list(properties), "properties": properties}


PLAN_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://revops.dev/schemas/plan-v{FORMAT_VERSION}.json",
    "title": "revops plan",
    **_object(
        {
            "format_version": {"const": FORMAT_VERSION},
            "tool_version": {"type": "string"},
            "environment": {"type": "string"},
            "targets": {
                "type": "object",
                "propertyNames": _TARGET,
                "additionalProperties": {"type": "string"},
            },
            "state": _object(
                {
                    "lineage": _NULLABLE_STR,
                    "serial": _COUNT,
                }
            ),
            "definitions_hash": {"type": "string"},
            "has_changes": {"type": "boolean"},
            "has_drift": {"type": "boolean"},
            "has_errors": {"type": "boolean"},
            "max_risk": {"enum": _RISKS},
            "summary": _object(
                {
                    "add": _COUNT,
                    "change": _COUNT,
                    "destroy": _COUNT,
                    "adopt": _COUNT,
                    "forget": _COUNT,
                    "text": {"type": "string"},
                }
            ),
            "counts_by_action": _COUNTS,
            "counts_by_kind": {"type": "object", "additionalProperties": _COUNTS},
            "changes": {"type": "array", "items": {"$ref": "#/$defs/change"}},
            "groups": {"type": "array", "items": {"$ref": "#/$defs/group"}},
            "adoptions": {"type": "array", "items": {"$ref": "#/$defs/adoption"}},
            "forgets": {"type": "array", "items": _RESOURCE_ID},
            "protection": {
                "type": "object",
                "propertyNames": _RESOURCE_ID,
                "additionalProperties": {"type": "boolean"},
            },
            "display": {
                "type": "object",
                "propertyNames": _TARGET,
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/$defs/display"},
                    },
                },
            },
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/diagnostic"}},
            "live_fingerprints": {
                "type": "object",
                "propertyNames": _RESOURCE_ID,
                "additionalProperties": {"type": "string"},
            },
            "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        }
    ),
    "$defs": {
        "change": _object(
            {
                "action": {"enum": _ACTIONS},
                "resource": _RESOURCE_ID,
                "target": _TARGET,
                "kind": {"type": "string"},
                "key": {"type": "string"},
                "origin": _ORIGIN,
                "risk": {"enum": _RISKS},
                "impact": _NULLABLE_STR,
                "protected": {"type": "boolean"},
                "desired_protect": {"type": "boolean"},
                "ignore": {"type": "array", "items": {"type": "string"}},
                "remote_id": _NULLABLE_STR,
                "depends_on": _DEPENDS_ON,
                "drift": {"type": "boolean"},
                "attribute_changes": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/attribute_change"},
                },
                "before": {"type": ["object", "null"]},
                "after": {"type": ["object", "null"]},
            }
        ),
        "attribute_change": _object(
            {
                "path": {"type": "string", "minLength": 1},
                "before": {},
                "after": {},
                "drift": {"type": "boolean"},
                "reorder_only": {"type": "boolean"},
            }
        ),
        "group": _object(
            {
                "target": _TARGET,
                "key": {"type": "string", "minLength": 1},
                "members": {"type": "array", "items": _RESOURCE_ID, "minItems": 1},
                "private": {"type": "object"},
            }
        ),
        "adoption": _object(
            {
                "resource": _RESOURCE_ID,
                "remote_id": _NULLABLE_STR,
                "attributes": _ATTRIBUTES,
                "origin": _ORIGIN,
                "protect": {"type": "boolean"},
                "depends_on": _DEPENDS_ON,
            }
        ),
        "display": _object(
            {
                "name": {"type": "string"},
                "scale": {"type": "number"},
                "unit": {"type": "string"},
            }
        ),
        "finding": _object(
            {
                "severity": {"enum": _SEVERITIES},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "remediation": {"type": "string"},
                "resource": {"anyOf": [_RESOURCE_ID, {"type": "null"}]},
                "validator": {"type": "string"},
            }
        ),
        "diagnostic": _object(
            {
                "severity": {"enum": _SEVERITIES},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "file": _NULLABLE_STR,
                "line": {"type": ["integer", "null"]},
                "col": {"type": ["integer", "null"]},
                "pointer": _NULLABLE_STR,
                "object": _NULLABLE_STR,
                "hint": _NULLABLE_STR,
            }
        ),
    },
}
"""The schema as a Python value (JSON-serializable)."""

__all__ = ["PLAN_JSON_SCHEMA"]
