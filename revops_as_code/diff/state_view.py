"""`StateView`: the slice of state the differ needs, independent of how state is stored.

The state package builds one from real state (plus the environment's managed scope); tests
build one by hand. Keeping the differ on this small value means the differ never touches
files, locks or backends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from revops_as_code.resources import JsonValue, ResourceId


@dataclass(frozen=True)
class StateView:
    """What the last apply left behind, as the differ sees it."""

    lineage: str | None = None
    """Identity of the state (stable across serials); None before the first apply."""
    serial: int = 0
    """Increments on every state write; a plan records the serial it was made against."""
    last_applied: Mapping[ResourceId, Mapping[str, JsonValue]] = field(default_factory=dict)
    """Attributes as revops last wrote them: the third side of the three-way diff (drift)."""
    owned: frozenset[ResourceId] = frozenset()
    """Objects revops created (ownership `created`): the only ones it may delete."""
    managed: frozenset[ResourceId] | None = None
    """Everything in state, created or adopted (None: the same as `owned`). An adopted
    object whose definition is gone is forgotten, never deleted."""
    protected: frozenset[ResourceId] = frozenset()
    """Objects whose deletion is refused even after their definition is removed."""
    remote_ids: Mapping[ResourceId, str] = field(default_factory=dict)
    """Server ids from state; a live snapshot's ids take precedence."""

    @property
    def in_state(self) -> frozenset[ResourceId]:
        return self.owned if self.managed is None else self.managed | self.owned

    @classmethod
    def empty(cls) -> StateView:
        return cls()


__all__ = ["StateView"]
