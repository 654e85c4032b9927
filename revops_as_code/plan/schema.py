"""JSON Schema (Draft 2020-12) of the plan JSON, format version 1.

The machine-checkable half of docs/plan-json.md: tests validate every plan the builder makes
against it, so the documentation cannot drift from `plan.io`. Scripts that consume plans may
validate with it too (`python -c "from revops_as_code.plan.schema import PLAN_JSON_SCHEMA"`).
Unknown fields are allowed: fields may be added within a format version.
"""

from __future__ import annotations

from typing import Any

from revops_as_code.plan.model import FORMAT_VERSION

_ACTIONS = ["create", "update", "delete", "replace"]
_RISKS = ["safe", "review", "destructive"]
_SEVERITIES = ["info", "warning", "error"]
_RESOURCE_ID = {"type": "string", "pattern": "^[^/]+/[^/]+/.+$"}
_COUNTS = {
    "type": "object",
    "properties": {a: {"type": "integer", "minimum": 0} for a in _ACTIONS},
    "required": _ACTIONS,
}
_NULLABLE_STR = {"type": ["string", "null"]}

PLAN_JSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://revops.dev/schemas/plan-v{FORMAT_VERSION}.json",
    "title": "revops plan",
    "type": "object",
    "required": [
        "format_version",
        "tool_version",
        "environment",
        "provider",
        "state",
        "definitions_hash",
        "has_changes",
        "has_drift",
        "has_errors",
        "max_risk",
        "summary",
        "counts_by_action",
        "counts_by_kind",
        "changes",
        "findings",
        "diagnostics",
        "live_fingerprints",
    ],
    "properties": {
        "format_version": {"const": FORMAT_VERSION},
        "tool_version": {"type": "string"},
        "environment": {"type": "string"},
        "provider": {"type": "string"},
        "state": {
            "type": "object",
            "required": ["lineage", "serial"],
            "properties": {
                "lineage": _NULLABLE_STR,
                "serial": {"type": "integer", "minimum": 0},
            },
        },
        "definitions_hash": {"type": "string"},
        "has_changes": {"type": "boolean"},
        "has_drift": {"type": "boolean"},
        "has_errors": {"type": "boolean"},
        "max_risk": {"enum": _RISKS},
        "summary": {
            "type": "object",
            "required": ["add", "change", "destroy", "text"],
            "properties": {
                "add": {"type": "integer", "minimum": 0},
                "change": {"type": "integer", "minimum": 0},
                "destroy": {"type": "integer", "minimum": 0},
                "text": {"type": "string"},
            },
        },
        "counts_by_action": _COUNTS,
        "counts_by_kind": {"type": "object", "additionalProperties": _COUNTS},
        "changes": {"type": "array", "items": {"$ref": "#/$defs/change"}},
        "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/diagnostic"}},
        "live_fingerprints": {
            "type": "object",
            "propertyNames": _RESOURCE_ID,
            "additionalProperties": {"type": "string"},
        },
    },
    "$defs": {
        "change": {
            "type": "object",
            "required": [
                "action",
                "resource",
                "provider",
                "kind",
                "key",
                "risk",
                "impact",
                "protected",
                "remote_id",
                "depends_on",
                "drift",
                "attribute_changes",
                "before",
                "after",
            ],
            "properties": {
                "action": {"enum": _ACTIONS},
                "resource": _RESOURCE_ID,
                "provider": {"type": "string"},
                "kind": {"type": "string"},
                "key": {"type": "string"},
                "risk": {"enum": _RISKS},
                "impact": _NULLABLE_STR,
                "protected": {"type": "boolean"},
                "remote_id": _NULLABLE_STR,
                "depends_on": {"type": "array", "items": _RESOURCE_ID},
                "drift": {"type": "boolean"},
                "attribute_changes": {
                    "type": "array",
                    "items": {"$ref": "#/$defs/attribute_change"},
                },
                "before": {"type": ["object", "null"]},
                "after": {"type": ["object", "null"]},
            },
        },
        "attribute_change": {
            "type": "object",
            "required": ["path", "before", "after", "drift", "reorder_only"],
            "properties": {
                "path": {"type": "string", "minLength": 1},
                "drift": {"type": "boolean"},
                "reorder_only": {"type": "boolean"},
            },
        },
        "finding": {
            "type": "object",
            "required": ["severity", "code", "message", "remediation", "resource", "validator"],
            "properties": {
                "severity": {"enum": _SEVERITIES},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "remediation": {"type": "string"},
                "resource": {"anyOf": [_RESOURCE_ID, {"type": "null"}]},
                "validator": {"type": "string"},
            },
        },
        "diagnostic": {
            "type": "object",
            "required": ["severity", "code", "message"],
            "properties": {
                "severity": {"enum": _SEVERITIES},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "file": _NULLABLE_STR,
                "line": {"type": ["integer", "null"]},
                "col": {"type": ["integer", "null"]},
                "pointer": _NULLABLE_STR,
                "object": _NULLABLE_STR,
                "hint": _NULLABLE_STR,
            },
        },
    },
}
"""The schema as a Python value (JSON-serializable)."""

__all__ = ["PLAN_JSON_SCHEMA"]
