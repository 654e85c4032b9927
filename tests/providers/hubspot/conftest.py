"""Shared helpers: definitions built in memory from plain documents, without the loader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from revops_as_code.models.fields import FieldStandard
from revops_as_code.models.icp import ICP
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.models.pipeline import Pipeline
from revops_as_code.models.sla import HandoffSLA

KINDS: dict[str, type[BaseModel]] = {
    "FieldStandard": FieldStandard,
    "Pipeline": Pipeline,
    "Lifecycle": Lifecycle,
    "ICP": ICP,
    "HandoffSLA": HandoffSLA,
}


@dataclass(frozen=True)
class MemorySource:
    """A source without positions: locations fall back to a name."""

    path: str

    def location(self, pointer: str = "") -> str:
        return f"{self.path}#{pointer}"


@dataclass(frozen=True)
class MemoryDocument:
    model: Any
    source: MemorySource


@dataclass(frozen=True)
class MemoryDefinitions:
    documents: tuple[MemoryDocument, ...]


def definitions(*docs: dict[str, Any]) -> Any:
    """`Definitions`-shaped value from plain documents (validated by the real models)."""
    out = []
    for index, doc in enumerate(docs):
        model = KINDS[doc["kind"]].model_validate({"apiVersion": "revops.dev/v1", **doc})
        out.append(MemoryDocument(model, MemorySource(f"doc{index}.yaml")))
    return MemoryDefinitions(tuple(out))
