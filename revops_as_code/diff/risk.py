"""Risk of one change: safe < review < destructive. Decided here, once, for every provider.

The policy (documented in docs/plan-json.md):

- create: safe. Nothing existing is touched.
- delete and replace: destructive. Data attached to the object (record values, deals in a
  stage) may be lost or orphaned.
- update: destructive when it changes an attribute the provider declares destructive; review
  when it changes one the provider declares review (a field's type, a stage's probability or
  won/lost flag), removes a member of a keyed list (an enum option, a stage in a list), or
  overwrites an attribute someone changed outside revops (drift); otherwise safe. Label,
  description, order and additions are safe unless the provider says otherwise.

Which attributes matter is the provider's `KindDeclaration`, never a name spelled here.
Providers do not set risk; they add impact text ("412 deals are in this stage").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from revops_as_code.changes import Action, AttributeChange, Risk
from revops_as_code.providers.base import KindDeclaration

_MEMBER_KEY = re.compile(r"\[[^\]]*\]")
"""A member key in a path (`[v1.0]`): blanked before splitting, since keys may hold dots."""


def top_attribute(path: str) -> str:
    """`options[ppc].label` -> `options`; `metadata.probability` -> `metadata`."""
    return _MEMBER_KEY.sub("", path).split(".", 1)[0]


def is_member_removal(ac: AttributeChange) -> bool:
    """A keyed-list member that disappears: `options[ppc]: {...} -> null`."""
    return ac.path.endswith("]") and ac.before is not None and ac.after is None


def leaf_attribute(path: str) -> str:
    """`options[ppc].label` -> `label`; `probability` -> `probability`."""
    return _MEMBER_KEY.sub("", path).rsplit(".", 1)[-1]


def _names(path: str) -> set[str]:
    return {top_attribute(path), leaf_attribute(path)}


def assess_risk(
    action: Action,
    attribute_changes: Iterable[AttributeChange],
    declaration: KindDeclaration | None = None,
) -> Risk:
    if action in (Action.DELETE, Action.REPLACE):
        return Risk.DESTRUCTIVE
    if action is Action.CREATE:
        return Risk.SAFE
    meaning = declaration or KindDeclaration()
    risk = Risk.SAFE
    for ac in attribute_changes:
        if ac.reorder_only:
            continue
        names = _names(ac.path)
        if names & meaning.destructive:
            return Risk.DESTRUCTIVE
        if ac.drift or is_member_removal(ac) or names & meaning.review:
            risk = Risk.REVIEW
    return risk


__all__ = [
    "assess_risk",
    "is_member_removal",
    "leaf_attribute",
    "top_attribute",
]
