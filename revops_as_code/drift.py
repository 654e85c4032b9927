"""Drift: live objects that no longer match what revops last applied (state vs live).

`revops drift` answers one question for CI: did anyone change the CRM by hand since the last
apply? It compares each managed object's last-applied attributes (state) with its live
attributes, attribute by attribute, and reports objects changed or deleted out of band.
Definitions play no part: that comparison is `revops plan`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from revops_as_code.diff.attributes import diff_attribute
from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.resources import JsonValue, ResourceId, canonical_json
from revops_as_code.state import State

if TYPE_CHECKING:
    from revops_as_code.meaning import Meaning


@dataclass(frozen=True)
class DriftedAttribute:
    name: str
    last_applied: JsonValue
    live: JsonValue


@dataclass(frozen=True)
class DriftItem:
    resource_id: ResourceId
    status: str
    """`changed` (attributes differ) or `deleted` (gone from the live system)."""
    attributes: tuple[DriftedAttribute, ...] = ()
    updated_by: str | None = None
    """Who changed it last, when the live system says."""
    updated_at: str | None = None
    """When it was last changed, when the live system says."""

    def provenance(self) -> str:
        """` (last changed 2026-11-24T16:35:14Z by ana@...)`, or what of it is known."""
        parts = [f"last changed {self.updated_at}" if self.updated_at else "last changed"]
        if self.updated_by:
            parts.append(f"by {self.updated_by}")
        return f" ({' '.join(parts)})" if self.updated_at or self.updated_by else ""


@dataclass(frozen=True)
class DriftReport:
    items: tuple[DriftItem, ...]
    checked: int
    """Managed objects compared."""

    @property
    def has_drift(self) -> bool:
        return bool(self.items)

    def render_text(self) -> str:
        if not self.items:
            return f"No drift: {self.checked} managed object(s) match the last apply."
        lines = []
        for item in self.items:
            lines.append(f"~ {item.resource_id}: {item.status} outside revops{item.provenance()}")
            for attr in item.attributes:
                lines.append(
                    f"    {attr.name}: {canonical_json(attr.last_applied)} → {canonical_json(attr.live)}"
                )
        lines.append(f"Drift: {len(self.items)} of {self.checked} managed object(s) changed.")
        return "\n".join(lines)

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "has_drift": self.has_drift,
            "checked": self.checked,
            "items": [
                {
                    "resource": str(item.resource_id),
                    "status": item.status,
                    "updated_by": item.updated_by,
                    "updated_at": item.updated_at,
                    "attributes": [
                        {"name": a.name, "last_applied": a.last_applied, "live": a.live}
                        for a in item.attributes
                    ],
                }
                for item in self.items
            ],
        }


def detect_drift(
    state: State, snapshot: LiveSnapshot, meaning: Meaning | None = None
) -> DriftReport:
    """Compare every object in `state` with `snapshot` (which must cover them).

    With `meaning`, a keyed list (a property's `options`) drifts member by member, as the
    plan shows it (`options[ppc].label`), instead of as two whole lists."""
    items: list[DriftItem] = []
    # Pending objects (a create whose outcome is unknown) have no last-applied attributes.
    pending = state.pending()
    ids = [rid for rid in state.ids() if rid not in pending]
    for rid in ids:
        managed = state.get(rid)
        assert managed is not None
        live = snapshot.resources.get(rid)
        meta = snapshot.meta.get(rid)
        who = meta.updated_by if meta is not None else None
        when = meta.updated_at if meta is not None else None
        if live is None:
            items.append(DriftItem(rid, "deleted"))  # a deleted object's history is gone
            continue
        names = sorted(set(managed.attributes) | set(live.attributes))
        changed = tuple(
            part
            for name in names
            if canonical_json(managed.attributes.get(name))
            != canonical_json(live.attributes.get(name))
            for part in _drifted(rid, name, managed.attributes.get(name),
                                 live.attributes.get(name), meaning)
        )  # fmt: skip
        if changed:
            items.append(DriftItem(rid, "changed", changed, who, when))
    return DriftReport(tuple(items), len(ids))


def _drifted(
    rid: ResourceId, name: str, applied: JsonValue, live: JsonValue, meaning: Meaning | None
) -> list[DriftedAttribute]:
    if meaning is None:
        return [DriftedAttribute(name, applied, live)]
    capability = meaning.capability(rid)
    if name not in capability.keyed_lists:
        return [DriftedAttribute(name, applied, live)]
    return [
        DriftedAttribute(c.path, c.before, c.after)
        for c in diff_attribute(name, applied, live, capability)
    ] or [DriftedAttribute(name, applied, live)]


__all__ = ["DriftItem", "DriftReport", "DriftedAttribute", "detect_drift"]
