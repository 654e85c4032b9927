"""Definitions built in memory from plain documents (validated by the real models)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from revops_as_code.models.fields import FieldStandard
from revops_as_code.models.lifecycle import Lifecycle


@dataclass(frozen=True)
class MemorySource:
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


KINDS: dict[str, type[BaseModel]] = {"FieldStandard": FieldStandard, "Lifecycle": Lifecycle}


def definitions(*docs: dict[str, Any]) -> Any:
    out = []
    for index, doc in enumerate(docs):
        model = KINDS[doc["kind"]].model_validate({"apiVersion": "revops.dev/v1", **doc})
        out.append(MemoryDocument(model, MemorySource(f"doc{index}.yaml")))
    return MemoryDefinitions(tuple(out))
