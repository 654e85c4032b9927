"""Writing to Salesforce: the `Writer`, which applies the change groups `write_groups.py`
recorded in the plan.

- A Tooling batch (`TOOLING_BATCH`): up to 25 creates (`POST tooling/sobjects/<Type>` with
  `FullName` and `Metadata`), updates (`PATCH .../<Type>/<Id>` with the whole `Metadata`:
  Tooling replaces it) and deletes (`DELETE .../<Type>/<Id>`) in one `tooling/composite`
  call with `allOrNone: false`, so each change gets its own outcome. The Ids Salesforce
  returns are recorded as remote ids.
  A sales process or record type is never deleted (Tooling cannot): a delete deactivates it.
- A standard value set (`VALUE_SET_PATCH`): its current Metadata is read (one Tooling
  query: `Metadata` may be queried for one row), then one PATCH sends the whole
  `standardValue` list: the desired values, and every other value inactive. Values are
  never deleted: records keep the value they hold.

Creates are never retried blindly. After an ambiguous failure (a transport error or a 5xx:
the create may have landed) or `DUPLICATE_DEVELOPER_NAME`, the batch's objects are re-read
(one scoped read) and adopted when they exist exactly as asked; otherwise the change fails
(`write_common.py`). A refusal of the whole call (a 400) fails every member with its
message. One after which nothing more can succeed (403 `REQUEST_LIMIT_EXCEEDED`, refused
credentials) leaves the members not attempted: the client is `halted`, the engine stops
sending and the re-run applies them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import (
    ConflictError,
    NotFoundError,
    ProviderError,
    RevopsError,
    ServerError,
    TransportError,
)
from revops_as_code.providers.base import ApplyResult, ChangeGroup, ChangeOutcome, GroupResult
from revops_as_code.resources import ResourceId

from .client import SalesforceClient, SubRequest, SubResponse
from .errors import PROVIDER
from .model import VALUE_SET
from .normalize import canonical, full_name, to_metadata, value_set_metadata
from .read import quoted
from .write_common import after_of, before_of, foreign, settle
from .write_groups import BATCHED_KINDS, REQUEST, TOOLING_BATCH, VALUE_SET_PATCH, group_changes

TOOLING_TYPES = {
    "custom_field": "CustomField",
    "validation_rule": "ValidationRule",
    "business_process": "BusinessProcess",
    "record_type": "RecordType",
}
"""Resource kind -> Tooling sObject."""

DEACTIVATED_ON_DELETE = frozenset({"business_process", "record_type"})
"""Kinds a delete deactivates: Tooling's BusinessProcess and RecordType take GET, PATCH and
POST, no DELETE (Tooling API reference), and Salesforce removes neither while it is active."""


class Writer:
    """Applies change groups through one client. Holds no plan state."""

    def __init__(self, client: SalesforceClient) -> None:
        self.client = client
        self.inactive: dict[ResourceId, list[dict[str, str]]] = {}
        """Custom picklists' inactive values seen by the provider's reads: an update resends
        them inactive, so the PATCH (which replaces the value list) drops none."""

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        if not changes:
            return GroupResult()
        request = group.private.get(REQUEST)
        if request == TOOLING_BATCH:
            return self.tooling_batch(group, changes)
        if request == VALUE_SET_PATCH:
            outcomes = {c.resource_id: self._value_set_outcome(c) for c in changes}
            if self.client.halted is not None:  # refused before it was written: not attempted
                outcomes = {k: v for k, v in outcomes.items() if v.applied}
            return GroupResult(outcomes)
        if request is None and all(c.resource_id.kind in BATCHED_KINDS for c in changes):
            return self.tooling_batch(group, changes)
        raise ProviderError(
            f"change group {group.key!r} names a request this provider does not make "
            f"({request!r}); the plan was made by another version or edited",
            hint="run `revops plan` again",
            provider=PROVIDER,
        )

    def apply(self, change: Change) -> ApplyResult:
        """One change alone (a convenience: the engine applies groups)."""
        (group,) = group_changes([change])
        outcome = self.apply_group(group, [change]).outcomes.get(change.resource_id)
        if outcome is None or not outcome.applied:
            raise ProviderError(
                outcome.error
                if outcome and outcome.error
                else f"{change.resource_id}: not applied",
                provider=PROVIDER,
            )
        return ApplyResult(outcome.remote_id, outcome.attributes)

    # -- Tooling batches --------------------------------------------------------------------

    def tooling_batch(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        requests: list[SubRequest] = []
        refs: dict[str, Change] = {}
        outcomes: dict[ResourceId, ChangeOutcome] = {}
        for n, change in enumerate(changes):
            if change.resource_id.kind not in BATCHED_KINDS:
                raise foreign(group, change)
            try:
                for sub in self._subrequests(change, f"c{n}"):
                    requests.append(sub)
                    refs[sub.reference_id] = change
            except ProviderError as exc:
                outcomes[change.resource_id] = ChangeOutcome.failed(exc.message)
        if not requests:
            return GroupResult(outcomes)
        sent = [c for c in changes if c.resource_id not in outcomes]
        try:
            responses = self.client.composite(requests, tooling=True, all_or_none=False)
        except (TransportError, ServerError) as exc:
            # The call may have landed in part: what exists as asked is adopted.
            outcomes.update(settle(self.client, sent, {c.resource_id: exc.message for c in sent}))
            return GroupResult(outcomes)
        except RevopsError as exc:  # refused as a whole: nothing was written
            if self.client.halted is not None:
                # Nothing more can succeed (allocation spent, credentials refused): the
                # members stay not attempted, for the re-run, and the engine stops here.
                return GroupResult(outcomes)
            outcomes.update({c.resource_id: ChangeOutcome.failed(exc.message) for c in sent})
            return GroupResult(outcomes)
        by_ref = {r.reference_id: r for r in responses}
        unsure: dict[ResourceId, str] = {}
        for ref, change in refs.items():
            rid = change.resource_id
            if rid in unsure or (rid in outcomes and not outcomes[rid].applied):
                continue
            response = by_ref.get(ref)
            if response is None:
                unsure[rid] = "Salesforce's composite response left it out"
                continue
            outcome, why = self._outcome(change, response)
            if outcome is not None:
                outcomes[rid] = outcome
            else:
                outcomes.pop(rid, None)
                unsure[rid] = why
        if unsure:
            outcomes.update(
                settle(self.client, [c for c in sent if c.resource_id in unsure], unsure)
            )
        return GroupResult(outcomes)

    def _subrequests(self, change: Change, ref: str) -> list[SubRequest]:
        kind = change.resource_id.kind
        sobject = TOOLING_TYPES[kind]
        base = f"tooling/sobjects/{sobject}"
        if change.action is Action.CREATE:
            after = after_of(change)
            body = {"FullName": full_name(kind, after), "Metadata": to_metadata(kind, after)}
            return [SubRequest("POST", base, ref, body)]
        remote = self._remote_id(change)
        if change.action is Action.UPDATE:
            inactive = self.inactive.get(change.resource_id, [])
            body = {"Metadata": to_metadata(kind, after_of(change), before_of(change), inactive)}
            return [SubRequest("PATCH", f"{base}/{remote}", ref, body)]
        if change.action is Action.DELETE and kind in DEACTIVATED_ON_DELETE:
            # The Tooling API has no DELETE for these (GET, PATCH, POST only): they are
            # deactivated, which is what Salesforce asks before one can be removed at all.
            live = {**(before_of(change) or {}), "active": False}
            body = {"Metadata": to_metadata(kind, live)}
            return [SubRequest("PATCH", f"{base}/{remote}", ref, body)]
        if change.action is Action.DELETE:
            return [SubRequest("DELETE", f"{base}/{remote}", ref)]
        # A replace: the old object goes, then the new one is made (same FullName).
        after = after_of(change)
        body = {"FullName": full_name(kind, after), "Metadata": to_metadata(kind, after)}
        return [
            SubRequest("DELETE", f"{base}/{remote}", f"{ref}d"),
            SubRequest("POST", base, ref, body),
        ]

    def _remote_id(self, change: Change) -> str:
        if change.remote_id:
            return change.remote_id
        raise ProviderError(
            f"{change.resource_id}: Salesforce's Id of this object is not known (not in state "
            "and not read live)",
            hint="run `revops plan` again so the object is read with its Id",
            provider=PROVIDER,
        )

    def _outcome(self, change: Change, response: SubResponse) -> tuple[ChangeOutcome | None, str]:
        """The outcome of one subresponse, or (None, why) when only a re-read can tell.
        A replace's delete subresponse (`<ref>d`) only matters when it fails."""
        error = response.error()
        delete_part = response.reference_id.endswith("d")
        if error is None:
            if delete_part:
                return ChangeOutcome(
                    False, error="replace: the delete went through, the create has no answer"
                ), ""
            if change.action is Action.DELETE:
                return ChangeOutcome(True), ""
            body = response.body if isinstance(response.body, Mapping) else {}
            remote = str(body.get("id") or change.remote_id or "") or None
            attrs = canonical(change.resource_id.kind, after_of(change))
            return ChangeOutcome.ok(ApplyResult(remote, attrs)), ""
        if isinstance(error, NotFoundError) and change.action is Action.DELETE:
            return ChangeOutcome(True), ""  # already gone: what the delete wanted
        if change.action in (Action.CREATE, Action.REPLACE) and isinstance(
            error, ConflictError | ServerError | TransportError
        ):
            return None, error.message
        if isinstance(error, ServerError | TransportError):
            return None, error.message
        return ChangeOutcome.failed(f"{change.resource_id}: {error.message}"), ""

    # -- standard value sets ----------------------------------------------------------------

    def _value_set_outcome(self, change: Change) -> ChangeOutcome:
        try:
            return ChangeOutcome.ok(self.patch_value_set(change))
        except RevopsError as exc:
            return ChangeOutcome.failed(exc.message)

    def patch_value_set(self, change: Change) -> ApplyResult:
        rid = change.resource_id
        if rid.kind != VALUE_SET or change.action is not Action.UPDATE:
            raise ProviderError(
                f"{rid}: every org has its standard value sets; revops updates them, it never "
                f"{'creates' if change.action is Action.CREATE else 'deletes'} one",
                hint=f"define the values of {rid.key} instead (they are adopted)",
                provider=PROVIDER,
            )
        current = self.current_value_set(rid.key)
        set_id = str(current.get("Id") or change.remote_id or "")
        if not set_id:
            raise ProviderError(
                f"standard value set {rid.key} was not found in the org",
                hint="check the API user can see Setup metadata (View Setup and Configuration)",
                provider=PROVIDER,
            )
        after = after_of(change)
        body = {
            "FullName": rid.key,
            "Metadata": value_set_metadata(after, current.get("Metadata") or {}),
        }
        try:
            self.client.patch(f"tooling/sobjects/StandardValueSet/{set_id}", body)
        except (TransportError, ServerError) as exc:
            return _value_set_adopt(self, change, set_id, exc.message)
        return ApplyResult(set_id, canonical(VALUE_SET, after))

    def current_value_set(self, name: str) -> dict[str, Any]:
        """The set's Id and Metadata (one row, so `Metadata` may be queried)."""
        rows = self.client.query(
            f"SELECT Id, MasterLabel, Metadata FROM StandardValueSet WHERE MasterLabel IN ({quoted([name])})",
            tooling=True,
        )
        return dict(rows[0]) if rows else {}


def _value_set_adopt(writer: Writer, change: Change, set_id: str, why: str) -> ApplyResult:
    """After an ambiguous PATCH: applied when the set now reads as asked, else failed."""
    from .normalize import value_set_from_metadata

    current = writer.current_value_set(change.resource_id.key)
    live = value_set_from_metadata(change.resource_id.key, current.get("Metadata") or {})
    wanted = canonical(VALUE_SET, after_of(change))
    if dict(live.attributes) == wanted:
        return ApplyResult(set_id, wanted)
    raise ProviderError(
        f"{change.resource_id}: the update failed ({why}) and the values are not as asked",
        hint="run `revops plan` again: it shows what is left to change",
        provider=PROVIDER,
    )


__all__ = ["TOOLING_TYPES", "Writer", "group_changes"]
