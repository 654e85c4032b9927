"""Definitions <-> fake resources: one resource per definition document, and back.

The fake system stores each definition document as one object of kind `<kind in snake
case>` keyed by the document's natural key, with the document's content (minus `apiVersion`,
`kind` and the engine knobs `protect`/`ignore`) as attributes. That makes `decompile` an exact
inverse of `compile`, which is what `revops import` and the contract suite's "import → plan
empty" need, without the fake knowing anything about what a pipeline or an SLA means.

A field standard has no key of its own and an object may have several standards, so one is
keyed `<object>/<its first field's key>`: unique (field keys are unique per object across
its standards) and carried through decompile, unlike a file name. Two documents that still
land on one key (definitions that skipped validation) are an error diagnostic, never a
silent overwrite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.providers.base import (
    Capabilities,
    CompileResult,
    KindCapability,
    LiveSnapshot,
)
from revops_as_code.resources import JsonValue, Resource, ResourceId, ResourceSet

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

API_VERSION = "revops.dev/v1"
PROVIDER = "fake"
_KNOBS = ("protect", "ignore")
DUPLICATE = "RV902"
"""Two documents compile to one fake object."""

CAPABILITIES = Capabilities(
    kinds={
        "field_standard": KindCapability(keyed_lists={"fields": "key", "groups": "key"}),
        "pipeline": KindCapability(
            ordered_attributes=frozenset({"stages"}), keyed_lists={"stages": "key"}
        ),
        "lifecycle": KindCapability(
            ordered_attributes=frozenset({"stages"}), keyed_lists={"stages": "key"}
        ),
        "icp": KindCapability(keyed_lists={"tiers": "key"}),
        "handoff_sla": KindCapability(),
        # Generic kind for engine tests that build resources by hand.
        "item": KindCapability(
            ordered_attributes=frozenset({"options"}),
            keyed_lists={"options": "value"},
            replace_on=frozenset({"type"}),
        ),
    },
    description="in-memory fake system for tests and demos",
)


def kind_name(kind: str) -> str:
    """`FieldStandard` -> `field_standard`, `ICP` -> `icp`, `HandoffSLA` -> `handoff_sla`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", kind).lower()


def document_key(data: Mapping[str, Any]) -> str | None:
    """The natural key of a document: `key`, else `name`, else `metadata.name`, else `object`."""
    for field in ("key", "name", "object"):
        value = data.get(field)
        if isinstance(value, str) and value:
            return value
    metadata = data.get("metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("name"), str):
        return str(metadata["name"])
    return None


def resource_key(kind: str, data: Mapping[str, Any]) -> str | None:
    """The fake object's key for a document of `kind`: `document_key`, except for field
    standards (`company/employee_count`: the object and its first field's key)."""
    if kind == "FieldStandard":
        fields = data.get("fields")
        first = fields[0] if isinstance(fields, list | tuple) and fields else None
        obj = data.get("object")
        if isinstance(first, Mapping) and isinstance(first.get("key"), str) and obj:
            return f"{obj}/{first['key']}"
        return None
    return document_key(data)


def compile_definitions(definitions: Definitions) -> CompileResult:
    resources: dict[ResourceId, Resource] = {}
    diagnostics: list[Diagnostic] = []
    for document in definitions.documents:
        data: dict[str, Any] = document.model.model_dump(
            mode="json", by_alias=True, exclude_defaults=True
        )
        source = document.source.location("")
        kind = str(data.get("kind") or type(document.model).__name__)
        data.pop("kind", None)
        data.pop("apiVersion", None)
        key = resource_key(kind, data)
        if key is None:
            diagnostics.append(
                Diagnostic(
                    Severity.WARNING, "RV901", f"{kind} has no key; not sent to fake", source
                )
            )
            continue
        protect = bool(data.pop("protect", False))
        ignore = frozenset(str(a) for a in data.pop("ignore", ()) or ())
        rid = ResourceId(PROVIDER, kind_name(kind), key)
        first = resources.get(rid)
        if first is not None:
            diagnostics.append(
                Diagnostic(
                    Severity.ERROR,
                    DUPLICATE,
                    f"{kind} {key!r} is also defined at {first.source}; not sent to fake",
                    source,
                )
            )
            continue
        resources[rid] = Resource(
            id=rid,
            attributes={"kind": kind, **data},
            protect=protect,
            ignore=ignore,
            source=str(source) if isinstance(source, Location) else "",
            origin=f"{kind_name(kind)}/{key}",
        )
    return CompileResult(resources=ResourceSet.of(resources.values()), diagnostics=diagnostics)


def decompile(snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
    """One definition document per object that came from a definition (has a `kind`)."""
    documents: list[dict[str, JsonValue]] = []
    for resource in snapshot.resources:
        attributes = dict(resource.attributes)
        kind = attributes.pop("kind", None)
        if not isinstance(kind, str):
            continue
        documents.append({"apiVersion": API_VERSION, "kind": kind, **attributes})
    return documents


__all__ = [
    "CAPABILITIES",
    "compile_definitions",
    "decompile",
    "document_key",
    "kind_name",
    "resource_key",
]
