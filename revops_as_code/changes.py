"""One planned change to one live object: the unit the differ emits and a provider applies.

Risk is a property of each change (ordered: safe < review < destructive), with an optional
provider-supplied impact text ("412 deals are in this stage"). Policy over risk (refuse
destructive without --allow-destructive) is applied once, in the applier.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from revops_as_code.resources import JsonValue, ResourceId


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REPLACE = "replace"
    """Delete and re-create: an attribute that cannot change in place changed."""


class Risk(enum.IntEnum):
    SAFE = 0
    REVIEW = 1
    DESTRUCTIVE = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class AttributeChange:
    """`path` is a dotted attribute path (`options`, `metadata.probability`)."""

    path: str
    before: JsonValue
    after: JsonValue
    drift: bool = False
    """True when live differs from the last-applied state: someone changed it out of band."""
    reorder_only: bool = False
    """The collection holds the same members in a different order."""


@dataclass(frozen=True)
class Origin:
    """The definition a change comes from: what a reviewer reads before the vendor address."""

    address: str = ""
    """Typed definition address (`pipeline/new_business/stage/discovery`)."""
    source: str = ""
    """`file:line:col` of that definition, if known."""

    @property
    def file_line(self) -> str:
        """`definitions/pipelines/new_business.yaml:19` (the column left out), or ''."""
        parts = self.source.rsplit(":", 2)
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            return f"{parts[0]}:{parts[1]}"
        return self.source


@dataclass(frozen=True)
class Change:
    action: Action
    resource_id: ResourceId
    before: JsonValue
    """Live attributes (None for create)."""
    after: JsonValue
    """Desired attributes (None for delete)."""
    attribute_changes: tuple[AttributeChange, ...] = ()
    risk: Risk = Risk.SAFE
    impact: str | None = None
    remote_id: str | None = None
    """Server id from state/live, for update and delete."""
    depends_on: tuple[ResourceId, ...] = ()
    protected: bool = False
    """The object is protected (`protect: true` now or in state): it must never be deleted.
    Recomputed at apply from `desired_protect` and state; a plan file's value is checked."""
    origin: Origin = field(default_factory=Origin)
    """The definition this change comes from (empty for a delete of what nothing defines)."""
    ignore: tuple[str, ...] = ()
    """Attributes the definition leaves alone (already mapped to this kind's attributes)."""
    desired_protect: bool = False
    """The definition says `protect: true` (state may protect the object as well)."""

    @property
    def has_drift(self) -> bool:
        return any(ac.drift for ac in self.attribute_changes)


__all__ = ["Action", "AttributeChange", "Change", "Origin", "Risk"]
