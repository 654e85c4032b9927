"""The validation pipeline: load -> structure -> models -> `Definitions` -> rules -> sorted.

This is the façade the engine calls before every plan and `revops validate` prints. pydantic
is the validator on the hot path (the JSON Schemas in `schemas/` are proved equivalent by the
models' tests, so they are not run here). Every stage reports into one list, so a run shows
all problems; cross-document rules run over every document that passed its model, but
`definitions` is only handed out when every document did.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pydantic

from revops_as_code.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from revops_as_code.errors import DefinitionError
from revops_as_code.loader import SourceDocument, load_tree
from revops_as_code.validation import codes
from revops_as_code.validation.context import Rule, RuleContext
from revops_as_code.validation.model_errors import model_diagnostics
from revops_as_code.validation.structure import check_structure

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

Builder = Callable[[list[tuple[pydantic.BaseModel, SourceDocument]]], Any]
"""Turns validated (model, source) pairs into a `Definitions` value."""
RawCheck = Callable[[SourceDocument], Iterable[Diagnostic]]
"""A check on a document's plain data, run on documents that failed structure or model
(rules see only valid ones): a secret pasted under a misspelt key must still be caught."""


@dataclass(frozen=True)
class ValidationResult:
    definitions: Definitions | None
    """Every document, typed; None when any document failed to load or to match its model."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Sorted by file and position, de-duplicated."""
    files: int = 0
    """Files read."""
    documents: int = 0
    """Documents found in them."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    def raise_for_errors(self) -> Definitions:
        """The definitions, or `DefinitionError` carrying every diagnostic."""
        if not self.ok or self.definitions is None:
            raise DefinitionError(self.diagnostics)
        return self.definitions


def validate_path(
    path: str | os.PathLike[str],
    *,
    kinds: Mapping[str, type[pydantic.BaseModel]] | None = None,
    rules: Sequence[Rule] | None = None,
    api_version: str | None = None,
    build: Builder | None = None,
    raw_checks: Sequence[RawCheck] | None = None,
) -> ValidationResult:
    """Validate a definitions directory (every `*.yaml`/`*.yml`, recursively) or one file.

    The keyword arguments are as for `validate_documents` (tests inject a small language).
    """
    with gc_paused():
        loaded = load_tree(path)
        result = validate_documents(
            loaded.documents,
            kinds=kinds,
            rules=rules,
            diagnostics=loaded.diagnostics,
            api_version=api_version,
            build=build,
            raw_checks=raw_checks,
        )
    return ValidationResult(result.definitions, result.diagnostics, loaded.files, result.documents)


def validate_documents(
    documents: Iterable[SourceDocument],
    *,
    kinds: Mapping[str, type[pydantic.BaseModel]] | None = None,
    rules: Sequence[Rule] | None = None,
    diagnostics: Iterable[Diagnostic] = (),
    api_version: str | None = None,
    build: Builder | None = None,
    raw_checks: Sequence[RawCheck] | None = None,
) -> ValidationResult:
    """Validate loaded documents (in-memory use); `diagnostics` are earlier findings to keep.

    `kinds`, `rules`, `api_version` and `build` default to the real definition language
    (`revops_as_code.models`, `revops_as_code.validation.rules`); tests inject small ones.
    """
    if raw_checks is None:
        raw_checks = _default_raw_checks() if rules is None else ()
    kinds, rules, api_version, build = _defaults(kinds, rules, api_version, build)
    found: list[Diagnostic] = list(diagnostics)
    valid: list[tuple[pydantic.BaseModel, SourceDocument]] = []
    complete = not any(d.severity is Severity.ERROR for d in found)
    count = 0
    for doc in documents:
        count += 1
        if "" in getattr(doc.positions, "flagged", ()):
            complete = False  # the loader refused the whole document and said why
            continue
        kind, problems = check_structure(doc, kinds, api_version)
        if kind is None:
            found.extend(problems)
        else:
            model = kinds[kind]
            try:
                valid.append((model.model_validate(doc.data), doc))
                continue
            except pydantic.ValidationError as exc:
                found.extend(model_diagnostics(doc, model, exc))
        complete = False
        for check in raw_checks:
            found.extend(check(doc))
    definitions = build(valid)
    found.extend(_run_rules(rules, definitions))
    return ValidationResult(definitions if complete else None, sort_diagnostics(found), 0, count)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large acyclic graph is being built.

    Loading keeps every YAML node (positions are resolved lazily from them) and validation
    builds a model object per value: hundreds of thousands of container objects that live
    until the run ends. With the collector on, each gen-2 pass re-traverses all of them,
    which doubled the loader's time in the benchmark; refcounting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_rules(rules: Sequence[Rule], definitions: Any) -> list[Diagnostic]:
    context = RuleContext(definitions)
    out: list[Diagnostic] = []
    for rule in rules:
        try:
            out.extend(rule(context))
        except Exception as exc:  # a rule bug must not hide every other finding
            name = getattr(rule, "__name__", type(rule).__name__)
            out.append(
                Diagnostic(
                    Severity.ERROR,
                    codes.RULE_CRASHED,
                    f"internal error: rule {getattr(rule, 'code', '?')} ({name}) crashed "
                    f"with {type(exc).__name__}; please report this bug",
                    Location(object="revops"),
                )
            )
    return out


def _defaults(
    kinds: Mapping[str, type[pydantic.BaseModel]] | None,
    rules: Sequence[Rule] | None,
    api_version: str | None,
    build: Builder | None,
) -> tuple[Mapping[str, type[pydantic.BaseModel]], Sequence[Rule], str, Builder]:
    if kinds is None or api_version is None or build is None:
        from revops_as_code import models

        kinds = models.KINDS if kinds is None else kinds
        api_version = models.API_VERSION if api_version is None else api_version
        build = _build_definitions if build is None else build
    if rules is None:
        from revops_as_code.validation.rules import RULES

        rules = RULES
    return kinds, rules, api_version, build


def _default_raw_checks() -> tuple[RawCheck, ...]:
    from revops_as_code.validation.rules.credentials import scan

    return (scan,)


def _build_definitions(valid: list[tuple[pydantic.BaseModel, SourceDocument]]) -> Definitions:
    from revops_as_code.models import DefinitionDocument, Definitions

    return Definitions(
        documents=tuple(DefinitionDocument(model=model, source=source) for model, source in valid)
    )


__all__ = ["ValidationResult", "validate_documents", "validate_path"]
