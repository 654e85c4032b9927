"""Risk of one change: safe < review < destructive. Decided here, once, for every provider.

The policy (documented in docs/plan-json.md):

- create: safe. Nothing existing is touched.
- delete and replace: destructive. Data attached to the object (record values, deals in a
  stage) may be lost or orphaned.
- update: review when it changes what existing records mean, otherwise safe. That is:
  a change to one of `REVIEW_ATTRIBUTES` (a field's type, a stage's probability or closed
  flag), the removal of a member of a keyed list (an enum option, a stage in a list), or the
  overwrite of an attribute someone changed outside revops (drift). Label, description,
  order and additions are safe.

Providers do not set risk; they add impact text ("412 deals are in this stage").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from revops_as_code.changes import Action, AttributeChange, Risk

REVIEW_ATTRIBUTES = frozenset(
    {"type", "field_type", "probability", "is_closed", "is_won", "closed_won", "closed_lost"}
)
"""Attributes whose change alters the meaning of existing records."""


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


def assess_risk(action: Action, attribute_changes: Iterable[AttributeChange]) -> Risk:
    if action in (Action.DELETE, Action.REPLACE):
        return Risk.DESTRUCTIVE
    if action is Action.CREATE:
        return Risk.SAFE
    for ac in attribute_changes:
        if ac.reorder_only:
            continue
        if ac.drift or is_member_removal(ac):
            return Risk.REVIEW
        if top_attribute(ac.path) in REVIEW_ATTRIBUTES or leaf_attribute(ac.path) in (
            REVIEW_ATTRIBUTES
        ):
            return Risk.REVIEW
    return Risk.SAFE


__all__ = [
    "REVIEW_ATTRIBUTES",
    "assess_risk",
    "is_member_removal",
    "leaf_attribute",
    "top_attribute",
]
