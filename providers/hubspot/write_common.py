"""What the HubSpot write modules share: the `GroupWriter` shape that group appliers are
handed (the `Writer` in `write.py`, typed structurally so `write_batches.py` and
`write_pipelines.py` need not import it back), the desired attributes of a change (`_after`),
the refusal of a change that does not belong in its group (`_foreign`), and adopt-or-fail
after an ambiguous or conflicting create (`_adopt_or_fail`, `_adoption`, with the way out of
HubSpot's archived-property name clash in `_archived_hint`). Creates are never retried
blindly: the object is re-read by its natural key and adopted when it matches what was asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from revops_as_code.changes import Change
from revops_as_code.errors import ConflictError, ProviderError, RevopsError
from revops_as_code.providers.base import ApplyResult, ChangeGroup, ChangeOutcome, GroupResult
from revops_as_code.resources import JsonValue, Resource

from .client import HubSpotClient
from .errors import PROVIDER


class GroupWriter(Protocol):
    """What applying a group needs of the `Writer`: its client, the aliases of HubSpot-minted
    ids, and applying changes one by one."""

    client: HubSpotClient
    aliases: dict[str, str]

    def each(self, changes: Sequence[Change]) -> GroupResult: ...


NO_STAGES = (
    "HubSpot creates a pipeline only with at least one stage, and this group holds none of "
    "its stage creates"
)


def _foreign(group: ChangeGroup, change: Change) -> ProviderError:
    return ProviderError(
        f"{change.resource_id} ({change.action.value}) does not belong in change group "
        f"{group.key!r}; the plan was made by another version or edited",
        hint="run `revops plan` again",
        provider=PROVIDER,
    )


def _after(change: Change) -> Mapping[str, Any]:
    if not isinstance(change.after, Mapping):
        raise ProviderError(f"{change.resource_id}: change has no desired attributes")
    return change.after


def _adopt_or_fail(
    change: Change,
    live: Resource | None,
    remote_id: str,
    canonical: Mapping[str, JsonValue],
    *,
    why: str = "",
) -> ApplyResult:
    """After an ambiguous create: the object exists as asked -> adopt; otherwise fail."""
    if live is None:
        raise ProviderError(
            f"{change.resource_id}: "
            + (f"{why}; " if why else "the create failed and ")
            + "the object does not exist",
            hint="nothing was created; "
            + (
                "restore or rename it as said, then plan again"
                if "archived" in why
                else "re-run apply"
            ),
            provider=PROVIDER,
        )
    if dict(live.attributes) != dict(canonical):
        raise ConflictError(
            f"{change.resource_id} exists in HubSpot but differs from the definition "
            "(created by someone else, or a half-applied create)",
            hint="run `revops plan` again: it shows the difference as an update",
            provider=PROVIDER,
        )
    return ApplyResult(remote_id=remote_id, attributes=dict(live.attributes))


def _adoption(
    change: Change,
    live: Resource | None,
    remote_id: str,
    canonical: Mapping[str, JsonValue],
    *,
    why: str,
) -> ChangeOutcome:
    """`_adopt_or_fail` as the outcome of one member of a group."""
    try:
        return ChangeOutcome.ok(_adopt_or_fail(change, live, remote_id, canonical, why=why))
    except RevopsError as exc:
        return ChangeOutcome.failed(exc.message)


def _archived_hint(obj: str, name: str, message: str) -> str:
    """HubSpot's 409 "already exists as an archived property", with the way out: an archived
    property keeps its name (HubSpot lets it be restored), so a new one cannot take it."""
    if "archived" not in message.lower():
        return message
    return (
        f"{message}: HubSpot keeps the name of an archived {obj} property, so '{name}' cannot "
        "be created again; restore it in HubSpot (Settings > Properties > Archived "
        "properties) and run `revops plan` to manage it, or give the field another HubSpot "
        "name with `api_names: {hubspot: <new name>}`"
    )
