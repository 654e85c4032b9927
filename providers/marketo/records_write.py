"""Record writes for `revops audit --sync`: Marketo leads updated through the lead sync.

`POST /rest/v1/leads.json` with `{action: "updateOnly", lookupField: "id", input: [...]}`,
at most 300 leads a call ([MKTO-spec] `SyncLeadRequest`). `updateOnly` never creates a lead:
an id Marketo does not know comes back `skipped` (1004), as does a lead with an unknown or
read-only field (1006, 1003). Marketo answers one item per input, `{id, status, reasons}`;
leads it skipped are reported together after every batch ran.

Names: a field key maps to its Marketo API name exactly as compile names it (`api_names.
marketo`, else the key in camelCase; a lifecycle's stage field is `leadStatus`), and an
option key to its stored value (`api_names.marketo`, else the key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from revops_as_code.errors import ProviderError, UsageError
from revops_as_code.providers.base import RecordUpdate

from .client import MarketoClient
from .compile import LIFECYCLE_FIELD, MK
from .model import PROVIDER, camel

LEADS = "/rest/v1/leads.json"
UPDATE_BATCH = 300
"""Leads per sync call (Marketo's lead batch limit)."""
OBJECT = "contact"
"""The one definitions object Marketo holds records of: a contact is a Marketo lead."""


def mk_name(fdef: Any, lifecycle_field: str | None = None) -> str | None:
    """A field definition's Marketo lead field name, as compile names it; None for an owner
    field without an explicit name (compile leaves it to the CRM sync).

    `lifecycle_field`: the key of the lifecycle's stage field, which compile maps to
    `leadStatus` unless `api_names.marketo` says otherwise."""
    explicit = fdef.api_names.get(MK)
    if explicit:
        return str(explicit)
    if lifecycle_field is not None and fdef.key == lifecycle_field:
        return LIFECYCLE_FIELD
    if getattr(fdef, "type", None) == "owner":
        return None
    return camel(str(fdef.key))


def option_value(option: Any) -> str:
    """What Marketo stores for an enum option: `api_names.marketo`, else its key."""
    return str(option.api_names.get(MK) or option.key)


def stored(fdef: Any, value: Any) -> Any:
    """A canonical value as Marketo's lead JSON takes it. None is sent as JSON null, which
    the sandbox takes as clearing the field; that real Marketo's REST sync clears on null is
    unverified (the docs found describe only the smart-campaign `NULL` value)."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime):
        if fdef.type == "date":
            return value.astimezone(UTC).date().isoformat()
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if fdef.type in ("enum", "multi_enum"):
        by_key = {o.key: option_value(o) for o in fdef.options}
        if isinstance(value, tuple | list):
            # compile creates a multi_enum as a string field: values joined as the CRM sync
            # writes a multi-select picklist.
            return ";".join(by_key.get(str(v), str(v)) for v in value)
        return by_key.get(str(value), str(value))
    return str(value)


def _lead_id(update: RecordUpdate) -> int:
    try:
        return int(update.id)
    except ValueError:
        raise UsageError(
            f"contact {update.id!r} is not a Marketo lead id (lead ids are integers)",
            hint="audit --sync writes back only records `revops audit` read from this target",
        ) from None


def update_records(
    client: MarketoClient, updates: Sequence[RecordUpdate], fields: Sequence[Any]
) -> int:
    """Write `updates` as `updateOnly` lead syncs of <= 300 leads a call; leads updated.

    Setting a field to a value is idempotent, so the POST is retried like a read after an
    ambiguous failure. Only contacts (Marketo leads) can be written; leads Marketo skips
    raise one `ProviderError` naming them, after the other batches were written."""
    others = sorted({u.object for u in updates if u.object != OBJECT})
    if others:
        raise UsageError(
            f"Marketo cannot write {', '.join(others)} records: it holds leads (contacts) "
            "only; its company and opportunity records sync from the CRM",
            hint="run `revops audit --sync` against the CRM target for those records",
        )
    by_key = {f.key: f for f in fields}
    items: list[dict[str, Any]] = []
    for update in updates:
        item: dict[str, Any] = {"id": _lead_id(update)}
        for key, value in update.values.items():
            fdef = by_key.get(key)
            name = mk_name(fdef) if fdef is not None else None
            if fdef is None or name is None:
                raise UsageError(
                    f"contact field {key!r} has no Marketo lead field to write to",
                    hint="give the field `api_names: {marketo: <lead field>}` in its standard",
                )
            item[name] = stored(fdef, value)
        items.append(item)
    written = 0
    refused: list[str] = []
    for start in range(0, len(items), UPDATE_BATCH):
        chunk = items[start : start + UPDATE_BATCH]
        body = client.request(
            "POST",
            LEADS,
            json={"action": "updateOnly", "lookupField": "id", "input": chunk},
            idempotent=True,
        )
        results = body.get("result") or []
        for index, item in enumerate(chunk):
            result = results[index] if index < len(results) else None
            if isinstance(result, Mapping) and result.get("status") == "updated":
                written += 1
            else:
                refused.append(f"lead {item['id']}: {_reason(result)}")
    if refused:
        raise ProviderError(
            f"Marketo skipped {len(refused)} of {len(items)} lead updates "
            f"({'; '.join(refused[:3])}{'; ...' if len(refused) > 3 else ''}); "
            f"{written} were written",
            hint="1004: the lead no longer exists (re-run `revops audit`); 1006/1003: the "
            "field is missing or read-only in Marketo (run `revops apply`, or drop the field's "
            "marketo mapping)",
            provider=PROVIDER,
        )
    return written


def _reason(result: Any) -> str:
    if not isinstance(result, Mapping):
        return "no result returned"
    reasons = result.get("reasons") or []
    first = reasons[0] if isinstance(reasons, list) and reasons else {}
    code = str(first.get("code") or "") if isinstance(first, Mapping) else ""
    message = str(first.get("message") or "") if isinstance(first, Mapping) else ""
    status = str(result.get("status") or "refused")
    return " ".join(p for p in (status, code, message) if p)


__all__ = ["LEADS", "OBJECT", "UPDATE_BATCH", "mk_name", "option_value", "stored",
           "update_records"]  # fmt: skip
