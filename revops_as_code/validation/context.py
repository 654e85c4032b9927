"""What a cross-document rule sees: the typed definitions and a way to point at their source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from revops_as_code.diagnostics import Diagnostic

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


@dataclass(frozen=True)
class RuleContext:
    definitions: Definitions


class Rule(Protocol):
    """A cross-document rule: one small module in `validation/rules/`, one stable code."""

    code: str

    def __call__(self, ctx: RuleContext) -> Iterable[Diagnostic]: ...


__all__ = ["Rule", "RuleContext"]
