"""What the Salesforce write modules share: a change's desired and live attributes, the
refusal of a change that does not belong in its group, and `settle`: after an ambiguous
write (a transport error, a 5xx, a composite answer that leaves a change out) or a
`DUPLICATE_DEVELOPER_NAME`, the objects are re-read (one scoped read for the whole batch)
and each change is judged by what is live — adopted when it is exactly as asked, failed
otherwise. Nothing is ever re-sent blindly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ProviderError, RevopsError
from revops_as_code.providers.base import ApplyResult, ChangeGroup, ChangeOutcome, Scope
from revops_as_code.resources import ResourceId

from .client import SalesforceClient
from .errors import PROVIDER
from .model import BUSINESS_PROCESS, CUSTOM_FIELD, RECORD_TYPE
from .normalize import canonical


def after_of(change: Change) -> Mapping[str, Any]:
    if not isinstance(change.after, Mapping):
        raise ProviderError(
            f"{change.resource_id}: change has no desired attributes", provider=PROVIDER
        )
    return change.after


def before_of(change: Change) -> Mapping[str, Any] | None:
    return change.before if isinstance(change.before, Mapping) else None


def foreign(group: ChangeGroup, change: Change) -> ProviderError:
    return ProviderError(
        f"{change.resource_id} ({change.action.value}) does not belong in change group "
        f"{group.key!r}; the plan was made by another version or edited",
        hint="run `revops plan` again",
        provider=PROVIDER,
    )


def deleted_field_hint(key: str, reason: str) -> str:
    """Salesforce keeps a deleted custom field (and its name) for 15 days, so a field of
    that name cannot be made again until it is erased or undeleted; the way out."""
    obj, name = key.split(".", 1)
    return (
        f"custom field {key}: {reason}; no live field has that name, so a deleted one holds it "
        f"(Salesforce keeps deleted custom fields for 15 days). In Setup > Object Manager > "
        f"{obj} > Fields & Relationships > Deleted Fields, erase {name} (or undelete it and run "
        "`revops plan` to manage it), or give the field another Salesforce name with "
        "`api_names: {salesforce: <new name>}`"
    )


def settle(
    client: SalesforceClient, changes: Sequence[Change], why: Mapping[ResourceId, str]
) -> dict[ResourceId, ChangeOutcome]:
    """Judge each change by a re-read of its object (one scoped read for all of them)."""
    from .read import read_config

    if not changes:
        return {}
    try:
        config = read_config(client, Scope(ids=frozenset(c.resource_id for c in changes)))
    except RevopsError as exc:
        return {
            c.resource_id: ChangeOutcome.failed(
                f"{c.resource_id}: {why.get(c.resource_id, 'the write failed')}; re-reading it "
                f"failed too ({exc.message}), so whether it was applied is unknown — run "
                "`revops plan` to see"
            )
            for c in changes
        }
    live = {r.id: r for r in config.resources}
    out: dict[ResourceId, ChangeOutcome] = {}
    for change in changes:
        rid = change.resource_id
        reason = why.get(rid, "the write failed")
        found = live.get(rid)
        remote = config.remote_ids.get(rid) or change.remote_id
        if change.action is Action.DELETE:
            # A process or record type is deactivated, not deleted (see write.py).
            gone = found is None or (
                rid.kind in (BUSINESS_PROCESS, RECORD_TYPE)
                and found.attributes.get("active") is False
            )
            out[rid] = (
                ChangeOutcome(True)
                if gone
                else ChangeOutcome.failed(f"{rid}: the delete failed ({reason}); it still exists")
            )
            continue
        wanted = canonical(rid.kind, after_of(change))
        if found is not None and dict(found.attributes) == wanted:
            out[rid] = ChangeOutcome.ok(ApplyResult(remote, wanted))
        elif found is None and rid.kind == CUSTOM_FIELD and "DUPLICATE_DEVELOPER_NAME" in reason:
            out[rid] = ChangeOutcome.failed(deleted_field_hint(rid.key, reason))
        elif found is None:
            out[rid] = ChangeOutcome.failed(
                f"{rid}: {reason}; the object does not exist, so nothing was created — re-run apply"
            )
        elif change.action is Action.CREATE:
            out[rid] = ChangeOutcome.failed(
                f"{rid} exists in Salesforce but differs from the definition (made by someone "
                f"else, or a half-applied create: {reason}); run `revops plan` again: it shows "
                "the difference as an update"
            )
        else:
            out[rid] = ChangeOutcome.failed(
                f"{rid}: {reason}; the object is not as asked — run `revops plan` to see what is left"
            )
    return out


__all__ = ["after_of", "before_of", "foreign", "settle"]
