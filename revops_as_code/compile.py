"""Compile orchestration: definitions → the desired `ResourceSet` for one provider.

The vendor mapping itself is the provider's (`Provider.compile`); this module is the
engine's side of that call. It checks what the provider returned against what it declared
(`Capabilities`), so nothing is ever silently dropped: a definition the provider cannot
express is reported as a capability gap, "<what>: not enforced in <system>; measured by
audit", and resources of kinds the provider never declared are removed *with* such a
diagnostic rather than planned into changes it cannot apply.

`capability_gap` is the one way to word a gap, for providers and engine alike, so CI can
grep for the code and a reader always sees the same sentence.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from pydantic import BaseModel

from revops_as_code.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import CompileResult, Provider
from revops_as_code.resources import ResourceSet, fingerprint

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

CAPABILITY_GAP = "RV501"
"""Something the definitions say that the live system cannot enforce; audit measures it."""
UNDECLARED_KIND = "RV502"
"""The provider compiled a resource of a kind its capabilities do not declare."""


def capability_gap(
    system: str,
    what: str,
    *,
    location: Location | None = None,
    severity: Severity = Severity.INFO,
    hint: str | None = None,
) -> Diagnostic:
    """`<what>: not enforced in <system>; measured by audit` as a diagnostic."""
    return Diagnostic(
        severity,
        CAPABILITY_GAP,
        f"{what}: not enforced in {system}; measured by audit",
        location or Location(),
        hint=hint or "`revops audit` reports how well records follow it",
    )


def compile_for(provider: Provider, definitions: Definitions) -> CompileResult:
    """The provider's desired resources for `definitions`, checked against its capabilities.

    Raises `ProviderError` when the provider compiles a resource for another provider (a
    bug that would otherwise plan changes against the wrong system).
    """
    result = provider.compile(definitions)
    declared = provider.capabilities.kinds
    kept = []
    diagnostics = list(result.diagnostics)
    for resource in result.resources:
        rid = resource.id
        if provider.name and rid.target != provider.name:
            raise ProviderError(
                f"provider {provider.name!r} compiled {rid}, which belongs to {rid.target!r}",
                provider=provider.name,
            )
        if rid.kind not in declared:
            diagnostics.append(
                dataclasses.replace(
                    capability_gap(
                        provider.name or rid.target,
                        f"{rid.kind} {rid.key!r}",
                        location=_location(resource.source, str(rid)),
                        severity=Severity.WARNING,
                        hint=f"the provider does not declare the kind {rid.kind!r}",
                    ),
                    code=UNDECLARED_KIND,
                )
            )
            continue
        kept.append(resource)
    return CompileResult(ResourceSet.of(kept), tuple(sort_diagnostics(diagnostics)))


def _location(source: str, obj: str) -> Location:
    """A `Location` from a resource's `file:line:col` source, falling back to its id."""
    parts = source.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=source, object=obj)


def _plain(value: object) -> object:
    """JSON-able form of definition objects (pydantic models, dataclasses, sets)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return str(value)


def definitions_hash(definitions: object) -> str:
    """Stable hash of the definitions a plan was compiled from (recorded in the plan)."""
    return fingerprint(json.loads(json.dumps(definitions, default=_plain, sort_keys=True)))


__all__ = [
    "CAPABILITY_GAP",
    "UNDECLARED_KIND",
    "capability_gap",
    "compile_for",
    "definitions_hash",
]
