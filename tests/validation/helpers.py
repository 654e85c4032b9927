"""A tiny throwaway definition language so the pipeline is tested independently of the real one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.loader import SourceDocument, load_bytes
from revops_as_code.validation import Rule, ValidationResult, validate_documents


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Model):
    key: Annotated[str, Field(strict=True, pattern=r"^[a-z_]+$")]
    label: str


class Widget(_Model):
    api_version: Literal["revops.dev/v1"] = Field(alias="apiVersion")
    kind: Literal["Widget"]
    key: str
    size: StrictInt
    mode: Literal["fast", "slow"] = "fast"
    options: tuple[Option, ...] = ()
    labels: dict[str, Option] = Field(default_factory=dict)


class Gadget(_Model):
    api_version: Literal["revops.dev/v1"] = Field(alias="apiVersion")
    kind: Literal["Gadget"]
    name: str
    parts: tuple[Option, ...] = Field(default=(), min_length=1)


KINDS: dict[str, type[BaseModel]] = {"Widget": Widget, "Gadget": Gadget}


def build(valid: list[tuple[BaseModel, SourceDocument]]) -> tuple[BaseModel, ...]:
    return tuple(model for model, _ in valid)


def run(
    files: dict[str, bytes] | bytes, rules: Sequence[Rule] = (), **kwargs: object
) -> ValidationResult:
    if isinstance(files, bytes):
        files = {"w.yaml": files}
    documents: list[SourceDocument] = []
    diagnostics: list[Diagnostic] = []
    for name, raw in files.items():
        loaded = load_bytes(raw, name)
        documents.extend(loaded.documents)
        diagnostics.extend(loaded.diagnostics)
    return validate_documents(
        documents,
        kinds=KINDS,
        rules=rules,
        api_version="revops.dev/v1",
        build=build,
        diagnostics=diagnostics,
    )


def found(result: ValidationResult | Iterable[Diagnostic]) -> list[tuple[str, str]]:
    diagnostics = result.diagnostics if isinstance(result, ValidationResult) else result
    return [(str(d.location), d.code) for d in diagnostics]
