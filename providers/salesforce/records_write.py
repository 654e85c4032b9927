"""Record writes for `revops audit --sync`: sObject Collections of at most 200 records.

`PATCH composite/sobjects` with `allOrNone: false` ("Update Records Using sObject
Collections"): each record names its type in `attributes` and its `Id` (the docs' example
spells it `id`; field names are case-insensitive, and `Id` is how every read spells it);
Salesforce answers
one SaveResult per record, in order, and processes a collection in runs of one type (at most
10 runs a request), so the records are grouped by type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from revops_as_code.errors import ProviderError
from revops_as_code.providers.base import RecordUpdate

from .model import PROVIDER, api_name, custom_field_name
from .records_bulk import Client

SF = "salesforce"
UPDATE_BATCH = 200
SOBJECTS: dict[str, tuple[str, ...]] = {
    "contact": ("Lead", "Contact"),
    "company": ("Account",),
    "deal": ("Opportunity",),
    "ticket": ("Case",),
}
KEY_PREFIXES = {"00Q": "Lead", "003": "Contact", "001": "Account", "006": "Opportunity",
                "500": "Case"}  # fmt: skip
"""Record id prefix -> sObject (a contact update names a Lead or a Contact by its id)."""


def sf_name(fdef: Any) -> str:
    """A field definition's Salesforce API name: `api_names.salesforce`, else the custom
    field name revops creates (a system-defined field: its key as a developer name)."""
    explicit = fdef.api_names.get(SF)
    if explicit:
        return str(explicit)
    return api_name(fdef.key) if fdef.system_defined else custom_field_name(fdef.key)


def _stored(fdef: Any, value: Any) -> Any:
    """A canonical value as Salesforce's JSON takes it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        if fdef.type == "date":
            return value.astimezone(UTC).date().isoformat()
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if fdef.type in ("enum", "multi_enum"):
        by_key = {o.key: str(o.api_names.get(SF) or o.key) for o in fdef.options}
        if isinstance(value, tuple):
            return ";".join(by_key.get(str(v), str(v)) for v in value)
        return by_key.get(str(value), str(value))
    return str(value)


def _sobject_of(update: RecordUpdate) -> str:
    by_prefix = KEY_PREFIXES.get(update.id[:3])
    if by_prefix is not None:
        return by_prefix
    return SOBJECTS.get(update.object, (update.object,))[-1]


def update_records(client: Client, updates: Sequence[RecordUpdate], fields: Sequence[Any]) -> int:
    """Write `updates` as sObject collections of <= 200 records a call; records written.

    Setting a field to a value is idempotent, so the PATCH is retried like a read. Records
    Salesforce refuses (a validation rule, a deleted record) are reported together after
    every batch ran."""
    by_key = {f.key: f for f in fields}
    written = 0
    refused: list[str] = []
    # Salesforce processes a collection in runs of one type, at most 10 runs a request:
    # grouped by type, a collection of Leads and Contacts is two runs.
    ordered = sorted(updates, key=_sobject_of)
    items = [
        {"attributes": {"type": _sobject_of(u)}, "Id": u.id,
         **{sf_name(by_key[k]): _stored(by_key[k], v) for k, v in u.values.items()}}
        for u in ordered
    ]  # fmt: skip
    for start in range(0, len(items), UPDATE_BATCH):
        chunk = items[start : start + UPDATE_BATCH]
        results = client.request(
            "PATCH",
            "composite/sobjects",
            json={"allOrNone": False, "records": chunk},
            idempotent=True,
        )
        for item, result in zip(chunk, results or [], strict=False):
            if isinstance(result, Mapping) and result.get("success"):
                written += 1
            else:
                errors = result.get("errors") if isinstance(result, Mapping) else None
                first = errors[0] if isinstance(errors, list) and errors else {}
                refused.append(f"{item['Id']}: {first.get('message') or 'refused'}")
    if refused:
        raise ProviderError(
            f"Salesforce refused {len(refused)} of {len(items)} record updates "
            f"({'; '.join(refused[:3])}{'; ...' if len(refused) > 3 else ''}); "
            f"{written} were written",
            hint="fix what the message names on those records (a validation rule or a "
            "required field), then run audit --sync again",
            provider=PROVIDER,
        )
    return written


__all__ = ["UPDATE_BATCH", "sf_name", "update_records"]
