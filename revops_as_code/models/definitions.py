"""`Definitions`: the validated, typed set of documents that compilers and the audit consume.

Each model keeps its source (`DefinitionDocument.source`) so any later finding about it can
point at `file:line:col`. Accessors return the models of one kind in load order (files
sorted by path, documents in file order).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from pydantic import BaseModel

from revops_as_code.loader.document import SourceDocument
from revops_as_code.models import refs
from revops_as_code.models.conditions import DerivedFact
from revops_as_code.models.fields import Field, FieldStandard
from revops_as_code.models.icp import ICP
from revops_as_code.models.lifecycle import Lifecycle
from revops_as_code.models.pipeline import Pipeline
from revops_as_code.models.sla import HandoffSLA

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DefinitionDocument:
    """One validated document and where it came from."""

    model: BaseModel
    """The kind's model (`FieldStandard`, `Pipeline`, ...)."""
    source: SourceDocument
    """The loaded YAML document: `source.location(pointer)` gives `file:line:col`."""

    @property
    def kind(self) -> str:
        return str(getattr(self.model, "kind", type(self.model).__name__))


@dataclass(frozen=True)
class Definitions:
    """Every validated document of a definitions directory."""

    documents: tuple[DefinitionDocument, ...]

    def of_type(self, model_type: type[M]) -> tuple[M, ...]:
        return tuple(d.model for d in self.documents if isinstance(d.model, model_type))

    def documents_of(self, model_type: type[BaseModel]) -> Iterator[DefinitionDocument]:
        return (d for d in self.documents if isinstance(d.model, model_type))

    def document_of(self, model: BaseModel) -> DefinitionDocument | None:
        """The document a model came from (identity, not equality)."""
        return next((d for d in self.documents if d.model is model), None)

    @cached_property
    def field_standards(self) -> tuple[FieldStandard, ...]:
        return self.of_type(FieldStandard)

    @cached_property
    def pipelines(self) -> tuple[Pipeline, ...]:
        return self.of_type(Pipeline)

    @cached_property
    def lifecycles(self) -> tuple[Lifecycle, ...]:
        return self.of_type(Lifecycle)

    @cached_property
    def icps(self) -> tuple[ICP, ...]:
        return self.of_type(ICP)

    @cached_property
    def handoff_slas(self) -> tuple[HandoffSLA, ...]:
        return self.of_type(HandoffSLA)

    def field_standards_of(self, object_name: str) -> tuple[FieldStandard, ...]:
        """Every field standard of a CRM object, in load order.

        Teams split an object's fields across several documents (by team, or imported ones
        next to the hand-written standard); together they are the object's standard.
        """
        return tuple(s for s in self.field_standards if s.object == object_name)

    def field_standard(self, object_name: str) -> FieldStandard | None:
        """The first field standard of a CRM object (see `field_standards_of` for all)."""
        return next(iter(self.field_standards_of(object_name)), None)

    def pipeline(self, key: str) -> Pipeline | None:
        return next((p for p in self.pipelines if p.key == key), None)

    def lifecycle(self, key: str) -> Lifecycle | None:
        return next((lc for lc in self.lifecycles if lc.key == key), None)

    def field(self, reference: str, subject: str | None = None) -> Field | None:
        """A field by reference: `field/company/employee_count`, or a bare key on `subject`."""
        ref = refs.parse(reference, subject=subject)
        if ref is None or ref.type != "field":
            return None
        return refs.resolve_field(self, ref)

    def fact(self, reference: str, subject: str | None = None) -> DerivedFact | None:
        """A derived fact by reference: `fact/company/engaged_contacts_30d` or a bare key."""
        ref = refs.parse(reference, subject=subject, bare="fact")
        if ref is None or ref.type != "fact":
            return None
        return refs.resolve_fact(self, ref)


__all__ = ["DefinitionDocument", "Definitions"]
