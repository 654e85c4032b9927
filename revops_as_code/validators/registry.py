"""The change-validator registry: small rules over planned changes (Salto's change validators).

A validator is a named function from one `Change` (and, if it takes a second argument, the
provider's `KindDeclaration` for that change's kind: what its attributes mean) to zero or
more `Finding`s. The built-in
rules live one per module in this package and are listed in `validators/__init__.py`; a team
adds its own policy with `register(...)` (or by building its own `ValidatorRegistry`) and
every plan runs it. Findings of severity ERROR block apply.

    from revops_as_code.validators import register, Finding

    @register("no-deal-deletes", code="TEAM001")
    def no_deal_deletes(change):
        ...
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from revops_as_code.changes import Change
from revops_as_code.meaning import Meaning
from revops_as_code.providers.base import KindDeclaration
from revops_as_code.validators.finding import Finding

CheckFn = Callable[..., Iterable[Finding]]
"""`check(change)` or `check(change, declaration)`."""


@functools.lru_cache(maxsize=256)
def _takes_declaration(check: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(check).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in params)


@dataclass(frozen=True)
class ChangeValidator:
    """One rule: a name (unique in a registry), its finding code and the check itself."""

    name: str
    """Unique in a registry, kebab-case (`enum-option-removed`); recorded on each finding."""
    code: str
    """The stable code its findings carry (`RV602`)."""
    check: CheckFn
    """`check(change[, declaration])` yields the findings for one change (none when fine)."""
    description: str = ""
    """What the rule guards against (the module docstring for built-ins)."""

    def __call__(self, change: Change, declaration: KindDeclaration) -> Iterable[Finding]:
        if _takes_declaration(self.check):
            return self.check(change, declaration)
        return self.check(change)


class ValidatorRegistry:
    """An ordered set of validators; `run` applies each to each change."""

    def __init__(self, validators: Iterable[ChangeValidator] = ()) -> None:
        self._validators: dict[str, ChangeValidator] = {}
        for validator in validators:
            self.add(validator)

    def add(self, validator: ChangeValidator) -> None:
        if validator.name in self._validators:
            raise ValueError(f"a change validator named {validator.name!r} is registered")
        self._validators[validator.name] = validator

    def remove(self, name: str) -> None:
        del self._validators[name]

    def __contains__(self, name: object) -> bool:
        return name in self._validators

    def __iter__(self) -> Iterator[ChangeValidator]:
        return iter(list(self._validators.values()))

    def names(self) -> list[str]:
        return list(self._validators)

    def copy(self) -> ValidatorRegistry:
        return ValidatorRegistry(self._validators.values())

    def run(self, changes: Sequence[Change], meaning: Meaning | None = None) -> list[Finding]:
        """Every finding over `changes`, sorted by resource, then severity (worst first)."""
        findings: list[Finding] = []
        for change in changes:
            declaration = (
                meaning.declaration(change.resource_id)
                if meaning is not None
                else KindDeclaration()
            )
            for validator in self._validators.values():
                for finding in validator(change, declaration):
                    if not finding.validator:
                        finding = Finding(
                            finding.severity,
                            finding.code,
                            finding.message,
                            finding.remediation,
                            finding.resource_id,
                            validator.name,
                        )
                    findings.append(finding)
        return sorted(findings, key=Finding.sort_key)


__all__ = ["ChangeValidator", "CheckFn", "ValidatorRegistry"]
