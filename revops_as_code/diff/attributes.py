"""Attribute-level comparison of one object: the second step of the differ.

Given the live and desired attributes of one object, say which managed attributes differ and
how. Only attributes the desired side sets are *managed*: whatever else the live object
carries is left alone. Lists get special treatment from the provider's capabilities:

- a *keyed* list (`options` keyed by `value`) is compared member by member, so renaming one
  option's label is `options[ppc].label: "PPC" → "Paid search"`, removing one is
  `options[ppc]: {...} → null`, and a pure reordering is one `reorder_only` change on the
  list whose before/after are the member keys in order;
- an *ordered* list holding the same members in another order is one `reorder_only` change,
  never a delete plus a create;
- a keyed list that is not ordered ignores member order entirely.

Drift (three-way): an attribute is drifted when live differs from what revops last applied.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import AttributeChange
from revops_as_code.providers.base import KindCapability
from revops_as_code.resources import JsonValue, canonical_json

MISSING: Any = None
"""How an attribute absent on one side appears in `before`/`after` (JSON null)."""


def _keyed(members: Sequence[JsonValue], key_field: str) -> dict[str, JsonValue] | None:
    """key -> member, or None when the list cannot be keyed (non-dicts, missing/dupe keys)."""
    out: dict[str, JsonValue] = {}
    for member in members:
        if not isinstance(member, Mapping) or key_field not in member:
            return None
        key = str(member[key_field])
        if key in out:
            return None
        out[key] = member
    return out


def _same_members(before: Sequence[JsonValue], after: Sequence[JsonValue]) -> bool:
    return sorted(map(canonical_json, before)) == sorted(map(canonical_json, after))


def _diff_keyed(
    attr: str,
    before: dict[str, JsonValue],
    after: dict[str, JsonValue],
    *,
    ordered: bool,
    drift: bool,
) -> list[AttributeChange]:
    changes: list[AttributeChange] = []
    for key, member in after.items():
        old = before.get(key)
        path = f"{attr}[{key}]"
        if old is None:
            changes.append(AttributeChange(path, None, member, drift=drift))
        elif old != member:
            assert isinstance(old, Mapping) and isinstance(member, Mapping)
            for field in sorted(set(old) | set(member)):
                if old.get(field) != member.get(field):
                    changes.append(
                        AttributeChange(
                            f"{path}.{field}", old.get(field), member.get(field), drift=drift
                        )
                    )
    for key, member in before.items():
        if key not in after:
            changes.append(AttributeChange(f"{attr}[{key}]", member, None, drift=drift))
    if ordered:
        common_before = [k for k in before if k in after]
        common_after = [k for k in after if k in before]
        if common_before != common_after:
            changes.append(
                AttributeChange(attr, common_before, common_after, drift=drift, reorder_only=True)
            )
    return changes


def diff_attribute(
    attr: str,
    before: JsonValue,
    after: JsonValue,
    capability: KindCapability,
    *,
    drift: bool = False,
) -> list[AttributeChange]:
    """Changes that turn `before` into `after` for one attribute; empty when equivalent."""
    if before == after:
        return []
    key_field = capability.keyed_lists.get(attr)
    ordered = attr in capability.ordered_attributes
    if isinstance(before, list) and isinstance(after, list):
        if key_field is not None:
            kb, ka = _keyed(before, key_field), _keyed(after, key_field)
            if kb is not None and ka is not None:
                return _diff_keyed(attr, kb, ka, ordered=ordered, drift=drift)
        if ordered and _same_members(before, after):
            return [AttributeChange(attr, before, after, drift=drift, reorder_only=True)]
    return [AttributeChange(attr, before, after, drift=drift)]


def managed_attributes(
    desired: Mapping[str, JsonValue], ignore: frozenset[str], capability: KindCapability
) -> list[str]:
    """Attributes revops compares for one object, sorted: set by desired, minus ignored."""
    skip = ignore | capability.read_only_attributes
    return sorted(a for a in desired if a not in skip)


def diff_attributes(
    live: Mapping[str, JsonValue],
    desired: Mapping[str, JsonValue],
    capability: KindCapability,
    *,
    ignore: frozenset[str] = frozenset(),
    last_applied: Mapping[str, JsonValue] | None = None,
) -> list[AttributeChange]:
    """Every attribute-level change for one object present on both sides, in path order.

    `last_applied` is the object's entry in state, if any: where it has the attribute and
    live differs from it, the change is marked `drift`.
    """
    changes: list[AttributeChange] = []
    for attr in managed_attributes(desired, ignore, capability):
        before = live.get(attr, MISSING)
        drift = (
            last_applied is not None
            and attr in last_applied
            and not _equivalent(attr, last_applied[attr], before, capability)
        )
        changes.extend(diff_attribute(attr, before, desired[attr], capability, drift=drift))
    return changes


def _equivalent(attr: str, a: JsonValue, b: JsonValue, capability: KindCapability) -> bool:
    return not diff_attribute(attr, a, b, capability)


def desired_after(
    live: Mapping[str, JsonValue],
    desired: Mapping[str, JsonValue],
    ignore: frozenset[str],
    capability: KindCapability,
) -> dict[str, JsonValue]:
    """What the object should look like after an update: live, with managed attrs replaced.

    Ignored, read-only and unmanaged attributes keep their live values, so applying `after`
    never touches what the plan said it would leave alone.
    """
    after = dict(live)
    for attr in managed_attributes(desired, ignore, capability):
        after[attr] = desired[attr]
    return dict(sorted(after.items()))


def create_changes(after: Mapping[str, JsonValue], *, vanished: bool) -> list[AttributeChange]:
    """A create's attribute lines: every attribute it sets, as drift when revops had applied
    the object before and someone deleted it by hand (`vanished`)."""
    return [AttributeChange(a, None, v, drift=vanished) for a, v in sorted(after.items())]


__all__ = [
    "MISSING",
    "create_changes",
    "desired_after",
    "diff_attribute",
    "diff_attributes",
    "managed_attributes",
]
