"""Definitions for the compile tests: the bundled project, or plain documents in memory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from revops_as_code.models.fields import FieldStandard
from revops_as_code.models.icp import ICP
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.models.pipeline import Pipeline
from revops_as_code.models.sla import HandoffSLA
from revops_as_code.providers.base import CompileResult
from revops_as_code.providers.salesforce.compile import compile_definitions
from revops_as_code.resources import Resource, ResourceId
from revops_as_code.validation import validate_path

BUNDLED = Path(__file__).resolve().parents[3] / "definitions"

KINDS: dict[str, type[BaseModel]] = {
    "FieldStandard": FieldStandard,
    "Pipeline": Pipeline,
    "Lifecycle": Lifecycle,
    "ICP": ICP,
    "HandoffSLA": HandoffSLA,
}


@cache
def bundled() -> CompileResult:
    """The bundled definitions/ compiled (validated first: they must be clean)."""
    validated = validate_path(BUNDLED)
    assert validated.definitions is not None
    return compile_definitions(validated.definitions)


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


def lines_to(source: str) -> list[str]:
    """The lines of the file a `file:line:col` source names, up to and including that line
    (stable when comments above it move)."""
    path, line, _col = source.rsplit(":", 2)
    file = Path(path) if Path(path).is_absolute() else BUNDLED.parent / path
    return file.read_text().splitlines()[: int(line)]


def compiled(*docs: dict[str, Any]) -> CompileResult:
    return compile_definitions(definitions(*docs))


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId("salesforce", kind, key)


def resource(result: CompileResult, kind: str, key: str) -> Resource:
    return result.resources[rid(kind, key)]


def stage(key: str, label: str, probability: float, category: str, outcome: str = "open",
          **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"key": key, "label": label, "probability": probability,
            "forecast_category": category, "outcome": outcome, **extra}  # fmt: skip


def pipeline(key: str, label: str, *stages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": "Pipeline", "key": key, "label": label, "stages": list(stages), **extra}


def standard(obj: str, *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"kind": "FieldStandard", "object": obj, "fields": list(fields), **extra}


def fld(key: str, type_: str, label: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"key": key, "label": label or key.replace("_", " ").capitalize(), "type": type_,
            "description": f"{key} field.", **extra}  # fmt: skip


OPEN = stage("open", "Open", 10, "pipeline")
WON = stage("won", "Won", 100, "closed", "won")
LOST = stage("lost", "Lost", 0, "omitted", "lost")
"""Stages the pipeline tests compose."""
