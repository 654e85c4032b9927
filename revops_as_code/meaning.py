"""What each target's attributes mean, looked up by resource id: one object the differ, risk,
validators and renderers consult instead of naming vendor attributes.

An environment has several targets, each a provider with its own `Capabilities` and
`Declarations`; two providers may use the same kind name for different things. `Meaning`
keys both by target, so `meaning.capability(rid)` and `meaning.declaration(rid)` answer for
the provider that owns `rid`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from revops_as_code.providers.base import (
    Capabilities,
    Declarations,
    KindCapability,
    KindDeclaration,
)
from revops_as_code.resources import ResourceId


@dataclass(frozen=True)
class TargetMeaning:
    provider: str
    capabilities: Capabilities
    declarations: Declarations = field(default_factory=Declarations)


@dataclass(frozen=True)
class Meaning:
    """Capabilities and declarations of every target of an environment."""

    targets: Mapping[str, TargetMeaning] = field(default_factory=dict)
    fallback: TargetMeaning | None = None
    """Used for any target not listed (engine tests that build resources by hand)."""

    @classmethod
    def single(
        cls, capabilities: Capabilities, declarations: Declarations | None = None
    ) -> Meaning:
        """One provider's meaning for whatever target an id names."""
        return cls(fallback=TargetMeaning("", capabilities, declarations or Declarations()))

    def _target(self, rid: ResourceId) -> TargetMeaning | None:
        return self.targets.get(rid.target) or self.fallback

    def capability(self, rid: ResourceId) -> KindCapability:
        target = self._target(rid)
        if target is None:
            return KindCapability()
        return target.capabilities.kinds.get(rid.kind) or KindCapability()

    def declaration(self, rid: ResourceId) -> KindDeclaration:
        target = self._target(rid)
        return target.declarations.kind(rid.kind) if target is not None else KindDeclaration()

    def provider_of(self, rid: ResourceId) -> str:
        target = self._target(rid)
        return (target.provider if target is not None else "") or rid.target


def as_meaning(value: Meaning | Capabilities) -> Meaning:
    """Accept a bare `Capabilities` (one provider) wherever a `Meaning` is expected."""
    return value if isinstance(value, Meaning) else Meaning.single(value)


__all__ = ["Meaning", "TargetMeaning", "as_meaning"]
