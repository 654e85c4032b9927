"""One canonical form for Salesforce configuration (`model.py`), reached from both sides.

`read.py` turns describe results, SOQL rows and Tooling `Metadata` into the canonical
attributes with the `*_from_*` functions here; `write.py` builds Tooling bodies with the
`*_metadata` functions; compile's resources pass the `canonical_*` functions. Every
`canonical_*` function is idempotent (tested), and what a `*_metadata` body says reads back
through `*_from_metadata` to the same canonical attributes (tested), so the plan shows every
value apply sends.

Settled here once:
- size attributes exist only where the type has them (`model.TYPE_DEFAULTS`): a TextArea
  has no length, an Email none either (Salesforce fixes them), a Text field has one;
- describe's types (`string`, `textarea`, `double`, `reference`, ...) map to Metadata type
  names (`Text`, `TextArea`/`LongTextArea`/`Html`, `Number`, `Lookup`, ...);
- inactive picklist values are dropped (a removed value is deactivated, never deleted);
- text is compared exactly as Salesforce stores it, `None` as "".

Modules: `normalize_fields.py` (custom fields, picklist values), `normalize_config.py`
(value sets, sales processes, record types, rules); this module re-exports both and
dispatches by kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import JsonValue, Resource

from .model import BUSINESS_PROCESS, CUSTOM_FIELD, RECORD_TYPE, VALIDATION_RULE, VALUE_SET, key_of
from .normalize_config import (
    canonical_process,
    canonical_record_type,
    canonical_rule,
    canonical_set_value,
    canonical_value_set,
    process_from_metadata,
    process_metadata,
    record_type_from_metadata,
    record_type_from_row,
    record_type_metadata,
    rule_from_metadata,
    rule_metadata,
    value_set_from_describe,
    value_set_from_metadata,
    value_set_from_rows,
    value_set_metadata,
)
from .normalize_fields import (
    DESCRIBE_TYPES,
    PICKLIST_TYPES,
    SIZE_ATTRS,
    canonical_field,
    canonical_value,
    canonical_values,
    describe_type,
    field_from_describe,
    field_from_metadata,
    field_metadata,
    field_metadata_update,
    needs_metadata,
    rid,
)

CANONICAL = {
    CUSTOM_FIELD: canonical_field,
    VALUE_SET: canonical_value_set,
    BUSINESS_PROCESS: canonical_process,
    RECORD_TYPE: canonical_record_type,
    VALIDATION_RULE: canonical_rule,
}
"""Kind -> its canonical function (what compile's resources and tests pass through)."""


def canonical(kind: str, attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return CANONICAL[kind](attrs)


def from_metadata(kind: str, object_name: str, name: str, metadata: Mapping[str, Any]) -> Resource:
    """Any Tooling-writable kind from its Metadata (adopt-or-fail re-reads)."""
    readers = {
        CUSTOM_FIELD: field_from_metadata,
        BUSINESS_PROCESS: process_from_metadata,
        RECORD_TYPE: record_type_from_metadata,
        VALIDATION_RULE: rule_from_metadata,
    }
    return readers[kind](object_name, name, metadata)


def to_metadata(
    kind: str,
    attrs: Mapping[str, Any],
    before: Mapping[str, Any] | None = None,
    inactive: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The Tooling Metadata body of a create or update of `kind` (`inactive`: a custom
    picklist's inactive values, resent inactive)."""
    if kind == CUSTOM_FIELD:
        return field_metadata_update(attrs, before, inactive)
    if kind == BUSINESS_PROCESS:
        return process_metadata(attrs)
    if kind == RECORD_TYPE:
        return record_type_metadata(attrs)
    if kind == VALIDATION_RULE:
        return rule_metadata(attrs)
    raise KeyError(kind)


def full_name(kind: str, attrs: Mapping[str, Any]) -> str:
    """The Tooling `FullName`: `Opportunity.Field__c`, `Opportunity.New Business`, ..."""
    a = canonical(kind, attrs)
    return key_of(str(a["object"]), str(a["name"]))


__all__ = [
    "CANONICAL",
    "DESCRIBE_TYPES",
    "PICKLIST_TYPES",
    "SIZE_ATTRS",
    "canonical",
    "canonical_field",
    "canonical_process",
    "canonical_record_type",
    "canonical_rule",
    "canonical_set_value",
    "canonical_value",
    "canonical_value_set",
    "canonical_values",
    "describe_type",
    "field_from_describe",
    "field_from_metadata",
    "field_metadata",
    "field_metadata_update",
    "from_metadata",
    "full_name",
    "needs_metadata",
    "process_from_metadata",
    "process_metadata",
    "record_type_from_metadata",
    "record_type_from_row",
    "record_type_metadata",
    "rid",
    "rule_from_metadata",
    "rule_metadata",
    "to_metadata",
    "value_set_from_describe",
    "value_set_from_metadata",
    "value_set_from_rows",
    "value_set_metadata",
]
