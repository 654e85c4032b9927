"""Definitions <-> fake resources: one resource per definition document, and back.

The fake system stores each definition document as one object of kind `<kind in snake
case>` keyed by the document's natural key, with the document's content (minus `apiVersion`,
`kind` and the engine knobs `protect`/`ignore`) as attributes. That makes `decompile` an exact
inverse of `compile`, which is what `revops import` and the contract suite's "import → plan
empty" need, without the fake knowing anything about what a pipeline or an SLA means.
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


def compile_definitions(definitions: Definitions) -> CompileResult:
    resources: list[Resource] = []
    diagnostics: list[Diagnostic] = []
    kind_names: dict[str, str] = {}
    for document in definitions.documents:
        data: dict[str, Any] = document.model.model_dump(
            mode="json", by_alias=True, exclude_defaults=True
        )
        source = document.source.location("")
        kind = str(data.get("kind") or type(document.model).__name__)
        data.pop("kind", None)
        data.pop("apiVersion", None)
        key = document_key(data)
        if key is None:
            diagnostics.append(
                Diagnostic(
                    Severity.WARNING, "RV901", f"{kind} has no key; not sent to fake", source
                )
            )
            continue
        protect = bool(data.pop("protect", False))
        ignore = frozenset(str(a) for a in data.pop("ignore", ()) or ())
        kind_names[kind_name(kind)] = kind
        resources.append(
            Resource(
                id=ResourceId(PROVIDER, kind_name(kind), key),
                attributes={"kind": kind, **data},
                protect=protect,
                ignore=ignore,
                source=str(source) if isinstance(source, Location) else "",
            )
        )
    return CompileResult(resources=ResourceSet.of(resources), diagnostics=diagnostics)


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


__all__ = ["CAPABILITIES", "compile_definitions", "decompile", "document_key", "kind_name"]
