"""Identity matching: the first step of the differ (Alembic's compare order).

Before looking at any attribute, split the object ids into three sets: desired − live is
created, live − desired is deleted *only if revops owns it* (otherwise it is someone else's
object and is left alone), and the intersection goes on to the attribute compare. Ids come
out sorted, so everything downstream is independent of the order live objects were read in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from revops_as_code.resources import ResourceId


@dataclass(frozen=True)
class IdentityMatch:
    """The three identity sets of a diff, each sorted by id."""

    create: tuple[ResourceId, ...]
    """Desired, not live."""
    delete: tuple[ResourceId, ...]
    """Live, not desired, and owned by revops."""
    compare: tuple[ResourceId, ...]
    """On both sides: compared attribute by attribute."""
    unowned: tuple[ResourceId, ...]
    """Live, not desired, not owned: never touched."""
    missing_owned: tuple[ResourceId, ...] = ()
    """Owned (in state), neither desired nor live: gone already, nothing to do."""


def match_identities(
    desired: Iterable[ResourceId],
    live: Iterable[ResourceId],
    owned: Iterable[ResourceId] = (),
) -> IdentityMatch:
    want, have, mine = frozenset(desired), frozenset(live), frozenset(owned)
    gone = have - want
    return IdentityMatch(
        create=tuple(sorted(want - have)),
        delete=tuple(sorted(gone & mine)),
        compare=tuple(sorted(want & have)),
        unowned=tuple(sorted(gone - mine)),
        missing_owned=tuple(sorted(mine - want - have)),
    )


__all__ = ["IdentityMatch", "match_identities"]
