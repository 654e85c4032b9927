"""Change validators: small rules over a plan's changes; errors block apply.

`run_validators(changes)` runs the default registry (the built-ins below plus anything a team
`register`ed). Each built-in is one short module; to add a rule for everyone, write a module
with a `VALIDATOR` and list it in `BUILTINS`. To add a team policy without touching revops:

    from revops_as_code.validators import Finding, register

    @register("no-deletes-on-friday", code="TEAM001")
    def no_deletes_on_friday(change): ...
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from revops_as_code.changes import Change
from revops_as_code.meaning import Meaning
from revops_as_code.validators import (
    enum_option_removed,
    field_type_change,
    protected_deletion,
    sla_target_lowered,
    stage_removed,
)
from revops_as_code.validators.finding import Finding
from revops_as_code.validators.registry import ChangeValidator, CheckFn, ValidatorRegistry

BUILTINS: tuple[ChangeValidator, ...] = (
    field_type_change.VALIDATOR,
    enum_option_removed.VALIDATOR,
    stage_removed.VALIDATOR,
    sla_target_lowered.VALIDATOR,
    protected_deletion.VALIDATOR,
)

DEFAULT_REGISTRY = ValidatorRegistry(BUILTINS)
"""The registry every plan runs unless given another; `register` adds to it."""


def register(
    name: str, *, code: str, description: str = "", registry: ValidatorRegistry | None = None
) -> Callable[[CheckFn], CheckFn]:
    """Decorator: add a check function to a registry (the default one unless given)."""

    def decorate(check: CheckFn) -> CheckFn:
        target = registry if registry is not None else DEFAULT_REGISTRY
        target.add(ChangeValidator(name, code, check, description or (check.__doc__ or "")))
        return check

    return decorate


def default_registry() -> ValidatorRegistry:
    """A fresh registry holding only the built-ins (tests and isolated runs use this)."""
    return ValidatorRegistry(BUILTINS)


def run_validators(
    changes: Sequence[Change],
    registry: ValidatorRegistry | None = None,
    meaning: Meaning | None = None,
) -> list[Finding]:
    """Every finding over `changes`; sorted by resource, then worst severity first."""
    return (registry if registry is not None else DEFAULT_REGISTRY).run(changes, meaning)


__all__ = [
    "BUILTINS",
    "DEFAULT_REGISTRY",
    "ChangeValidator",
    "Finding",
    "ValidatorRegistry",
    "default_registry",
    "register",
    "run_validators",
]
