"""Plan changes -> Marketo calls, as change groups.

- Creates: one `POST /rest/v1/leads/schema/fields.json` with up to `CREATE_BATCH` inputs
  (one group). Each item answers for itself (`created`, or `skipped` with reasons); a field
  that already exists (1017) with the wanted type is adopted; a create that broke off is
  resolved by re-reading the schema, never re-sent.
- Updates: `POST /rest/v1/leads/schema/fields/{name}.json` per field (the endpoint takes one).
- What the API cannot do is refused with the manual step, before anything is sent: a type
  change (no `dataType` in `UpdateLeadField`) and a delete (no DELETE endpoint). The plan
  shows both as changes with a warning (`validate_changes`), so they are never skipped
  silently; apply fails them with the instructions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import ChangeGroup, ChangeOutcome, GroupResult
from revops_as_code.resources import JsonValue

from .client import MarketoClient
from .errors import AmbiguousWriteError
from .model import LEAD_FIELD, canonical, create_input, from_api, update_input
from .read import FIELDS, PAGE

CREATE_BATCH = 100
"""Fields per create call (the create endpoint's batch size is not documented: unverified;
100 keeps a request far under the 1 MB payload limit)."""
TYPE_CHANGE = "MK201"
NO_DELETE = "MK202"


def _attrs(value: JsonValue) -> Mapping[str, JsonValue]:
    return value if isinstance(value, Mapping) else {}


def manual_step(change: Change) -> tuple[str, str, str] | None:
    """(code, what is wrong, what to do) for a change the API cannot make, else None."""
    name = change.resource_id.key
    if change.action is Action.DELETE:
        return (
            NO_DELETE,
            f"lead field {name} is no longer defined, but Marketo's API cannot delete "
            "a lead field: this is a manual step",
            "in Marketo, Admin > Field Management: delete the field (Marketo deletes a custom "
            "field only when no asset uses it) or hide it; revops then stops tracking it. "
            "To keep it, put it back in the definitions",
        )
    if change.action in (Action.UPDATE, Action.REPLACE):
        typed = [a for a in change.attribute_changes if a.path.split(".")[0] == "data_type"]
        if typed:
            before, after = typed[0].before, typed[0].after
            return (
                TYPE_CHANGE,
                f"lead field {name} is a {before} field and the definition wants "
                f"{after}, but Marketo's API cannot change a field's type: this is a manual "
                "step (nothing is sent for this field)",
                f"in Marketo, Admin > Field Management: create a {after} field, copy the "
                "values with a smart campaign's Change Data Value, then set the definition's "
                "api_names.marketo to the new field (or ask Adobe support to convert it); "
                "or make the definition say the live type",
            )
    return None


def validate_changes(changes: Sequence[Change]) -> list[Diagnostic]:
    found = []
    for change in changes:
        step = manual_step(change)
        if step is not None:
            code, message, hint = step
            found.append(
                Diagnostic(
                    Severity.WARNING,
                    code,
                    message,
                    Location(file=change.origin.source, object=str(change.resource_id)),
                    hint=hint,
                )
            )
    return found


def group_changes(changes: Sequence[Change]) -> list[ChangeGroup]:
    groups: list[ChangeGroup] = []
    creates = [c for c in changes if c.action is Action.CREATE and c.resource_id.kind == LEAD_FIELD]
    for start in range(0, len(creates), CREATE_BATCH):
        batch = creates[start : start + CREATE_BATCH]
        groups.append(
            ChangeGroup(
                key=f"create lead fields {start // CREATE_BATCH + 1}",
                members=tuple(c.resource_id for c in batch),
            )
        )
    grouped = {c.resource_id for c in creates}
    for change in changes:
        if change.resource_id not in grouped:
            groups.append(
                ChangeGroup(
                    key=f"{change.action.value} {change.resource_id.key}",
                    members=(change.resource_id,),
                )
            )
    return groups


class Writer:
    def __init__(self, client: MarketoClient) -> None:
        self.client = client

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        outcomes: dict[Any, ChangeOutcome] = {}
        todo = []
        for change in changes:
            step = manual_step(change)
            if step is not None:
                outcomes[change.resource_id] = ChangeOutcome.failed(
                    f"{step[1]}. What to do: {step[2]}"
                )
            else:
                todo.append(change)
        creates = [c for c in todo if c.action is Action.CREATE]
        if creates:
            outcomes.update(self._create(creates))
        for change in todo:
            if change.action is Action.UPDATE:
                outcomes[change.resource_id] = self._update(change)
        return GroupResult(outcomes)

    def _create(self, changes: Sequence[Change]) -> dict[Any, ChangeOutcome]:
        inputs = [create_input(c.resource_id.key, _attrs(c.after)) for c in changes]
        try:
            envelope = self.client.request("POST", FIELDS, json={"input": inputs})
        except AmbiguousWriteError:
            return self._resolve(changes, None)
        except ProviderError as exc:
            return {c.resource_id: ChangeOutcome.failed(exc.message) for c in changes}
        results = {str(r.get("name")): r for r in envelope.get("result") or []}
        outcomes: dict[Any, ChangeOutcome] = {}
        exists: list[Change] = []
        for change in changes:
            item = results.get(change.resource_id.key) or {}
            if item.get("status") == "created":
                outcomes[change.resource_id] = ChangeOutcome(
                    True, change.resource_id.key, created_form(_attrs(change.after))
                )
            elif _reason_codes(item) & {"1017"}:
                exists.append(change)
            else:
                outcomes[change.resource_id] = ChangeOutcome.failed(
                    _refusal(change.resource_id.key, "create", item)
                )
        if exists:
            outcomes.update(self._resolve(exists, "exists"))
        return outcomes

    def _resolve(self, changes: Sequence[Change], why: str | None) -> dict[Any, ChangeOutcome]:
        """Re-read the schema: a field now live with the wanted type is adopted."""
        try:
            live = {
                str(f.get("name")): f for f in self.client.paginate(FIELDS, {"batchSize": PAGE})
            }
        except ProviderError as exc:
            return {c.resource_id: ChangeOutcome.failed(exc.message) for c in changes}
        outcomes = {}
        for change in changes:
            name = change.resource_id.key
            found = live.get(name)
            want = _attrs(change.after).get("data_type")
            if found is not None and found.get("dataType") == want:
                # describe2 is not re-read: an API-created field is neither CRM-managed nor
                # read-only, which is what these defaults say.
                attrs = from_api(found, {"crmManaged": False, "updateable": True})
                outcomes[change.resource_id] = ChangeOutcome(True, name, attrs)
            elif found is not None:
                outcomes[change.resource_id] = ChangeOutcome.failed(
                    f"lead field {name} already exists as a {found.get('dataType')} "
                    f"field, not {want}: rename the definition's field (api_names.marketo) or "
                    "make it say the live type"
                )
            else:
                outcomes[change.resource_id] = ChangeOutcome.failed(
                    f"creating lead field {name} broke off and the field is not live: "
                    "re-run `revops apply`"
                    if why is None
                    else f"lead field {name} was refused as existing but is not listed"
                )
        return outcomes

    def _update(self, change: Change) -> ChangeOutcome:
        name = change.resource_id.key
        item = update_input(_attrs(change.after))
        path = f"/rest/v1/leads/schema/fields/{name}.json"
        try:
            envelope = self.client.request("POST", path, json={"input": [item]}, idempotent=True)
        except ProviderError as exc:
            return ChangeOutcome.failed(exc.message)
        (result,) = envelope.get("result") or [{}]
        if result.get("status") == "updated":
            return ChangeOutcome(True, name, dict(_attrs(change.after)))
        return ChangeOutcome.failed(_refusal(name, "update", result))


def created_form(after: Mapping[str, JsonValue]) -> dict[str, JsonValue]:
    """What a read returns for a field just created from `after`, without re-reading it:
    the Swagger's defaults (`isHidden`, `isSensitive` false, no description) and what an
    API-created field is (custom, not CRM-managed, updateable). State records this, so the
    next drift check compares like with like."""
    return canonical(
        {
            "description": "",
            "is_hidden": False,
            "is_sensitive": False,
            **after,
            "is_custom": True,
            "crm_managed": False,
            "updateable": True,
        }
    )


def _reason_codes(item: Mapping[str, Any]) -> set[str]:
    return {str(r.get("code")) for r in item.get("reasons") or []}


def _refusal(name: str, verb: str, item: Mapping[str, Any]) -> str:
    reasons = (
        "; ".join(f"{r.get('code')} {r.get('message')}" for r in item.get("reasons") or [])
        or "no result for this field"
    )
    return (
        f"Marketo refused to {verb} lead field {name}: {reasons}. Fix the definition "
        "(name, display name or type) and re-run `revops apply`"
    )
