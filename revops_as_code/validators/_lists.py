"""Which members a change removes from a list, however the provider models the list.

A provider may declare a list keyed (the differ then reports `options[ppc]: {...} → null`)
or nest it inside another object (`fields[lead_source].options: [...] → [...]`, a whole-list
change). Validators ask one question — which member keys disappeared — and get the same
answer for both shapes.
"""

from __future__ import annotations

from collections.abc import Mapping

from revops_as_code.changes import AttributeChange
from revops_as_code.diff.risk import is_member_removal, leaf_attribute
from revops_as_code.resources import JsonValue


def _key(member: JsonValue, key_field: str) -> str:
    if isinstance(member, Mapping):
        return str(member.get(key_field, ""))
    return str(member)


def removed_keys(ac: AttributeChange, list_names: tuple[str, ...], key_field: str) -> list[str]:
    """Keys of members of a list named in `list_names` that `ac` removes (in before order)."""
    if ac.reorder_only or leaf_attribute(ac.path) not in list_names:
        return []
    if is_member_removal(ac):
        return [ac.path[ac.path.rindex("[") + 1 : -1]]
    if isinstance(ac.before, list) and isinstance(ac.after, list):
        kept = {_key(m, key_field) for m in ac.after}
        return [k for k in (_key(m, key_field) for m in ac.before) if k not in kept]
    return []


__all__ = ["removed_keys"]
