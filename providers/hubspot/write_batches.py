"""Creating HubSpot properties in batches: the `batch_create_properties` group of
`write_groups.py`, one `POST /crm/v3/properties/{objectType}/batch/create` for up to
`BATCH_SIZE` properties of one object type. A batch refused as a whole fails every member; one
that fails ambiguously (timeout, reset, 5xx after sending), reports a conflict, or comes back
207 with some inputs left out is resolved with one list call of that object type's
properties, however many members it has: each missing member is adopted when it exists as
asked, else fails with HubSpot's reason for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, RevopsError
from revops_as_code.providers.base import ApplyResult, ChangeGroup, ChangeOutcome, GroupResult
from revops_as_code.resources import ResourceId

from .errors import AmbiguousWriteError
from .normalize import PROPERTY, canonical_property, property_from_api, property_to_api, split_key
from .write_common import GroupWriter, _adoption, _after, _archived_hint, _foreign
from .write_groups import _object_type


def batch_create_properties(
    writer: GroupWriter, group: ChangeGroup, changes: Sequence[Change]
) -> GroupResult:
    obj = str(group.private.get("object_type", ""))
    for change in changes:
        rid = change.resource_id
        if rid.kind != PROPERTY or change.action is not Action.CREATE:
            raise _foreign(group, change)
        if _object_type(rid) != obj:
            raise _foreign(group, change)
    if len(changes) == 1:
        # One create: the single endpoint, whose 409 names the conflict precisely.
        return writer.each(changes)
    wanted = {split_key(c.resource_id.key, 2)[1]: c for c in changes}
    inputs = [
        property_to_api(name, canonical_property(_after(c)), create=True)
        for name, c in wanted.items()
    ]
    path = f"/crm/v3/properties/{obj}/batch/create"
    try:
        data = writer.client.request("POST", path, json={"inputs": inputs}) or {}
    except (AmbiguousWriteError, ConflictError) as exc:
        return GroupResult(_properties_by_list(writer, obj, wanted, {}, exc.message))
    except RevopsError as exc:  # refused as a whole (400, 401, 429...): nothing was made
        return GroupResult({c.resource_id: ChangeOutcome.failed(exc.message) for c in changes})
    outcomes: dict[ResourceId, ChangeOutcome] = {}
    for item in data.get("results") or []:
        made = wanted.get(str(item.get("name")))
        if made is not None:
            live = property_from_api(obj, item)
            result = ApplyResult(remote_id=str(item["name"]), attributes=dict(live.attributes))
            outcomes[made.resource_id] = ChangeOutcome.ok(result)
    missing = {n: c for n, c in wanted.items() if c.resource_id not in outcomes}
    if missing:
        # A 207: some inputs failed. One that exists already (a conflict) may be exactly
        # what was asked; one list call tells, for all of them.
        reasons, why = _batch_errors(data)
        outcomes.update(_properties_by_list(writer, obj, missing, reasons, why))
    return GroupResult(outcomes)


def _properties_by_list(
    writer: GroupWriter,
    obj: str,
    wanted: Mapping[str, Change],
    reasons: Mapping[str, str],
    why: str,
) -> dict[ResourceId, ChangeOutcome]:
    """Adopt what exists as asked, fail the rest: one list call of `obj`'s properties."""
    try:
        listed = (writer.client.get(f"/crm/v3/properties/{obj}") or {}).get("results") or []
    except RevopsError as exc:
        unknown = (
            f"{why}; re-reading {obj} properties failed too ({exc.message}), so whether "
            "it was created is unknown"
        )
        return {c.resource_id: ChangeOutcome.failed(unknown) for c in wanted.values()}
    live = {
        str(p["name"]): property_from_api(obj, p)
        for p in listed
        if p.get("name") in wanted and not p.get("archived")
    }
    return {
        change.resource_id: _adoption(
            change,
            live.get(name),
            name,
            canonical_property(_after(change)),
            why=_archived_hint(obj, name, reasons.get(name, why)),
        )
        for name, change in wanted.items()
    }


def _batch_errors(data: Mapping[str, Any]) -> tuple[dict[str, str], str]:
    """A 207's errors: per input name where HubSpot names it (`context.name`), and all of
    them as one text for inputs it does not name."""
    reasons: dict[str, str] = {}
    messages: list[str] = []
    for item in data.get("errors") or []:
        if not isinstance(item, Mapping):
            continue
        message = str(item.get("message") or "rejected")
        messages.append(message)
        names = (item.get("context") or {}).get("name") or []
        for name in names if isinstance(names, list) else []:
            reasons[str(name)] = f"HubSpot did not create it: {message}"
    why = "; ".join(dict.fromkeys(messages)) or "its batch response left it out"
    return reasons, f"HubSpot did not create it: {why}"
