"""What every check shares: the definitions, the clock, and record reads through a provider.

Records are read with the fewest reads: the checks run once as a planning pass (reads return
nothing and are noted), the noted requests are merged (every request for all contacts
becomes one read with the union of their fields), and the real pass reads each merged
request once. Every read's request count and record count are added up for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from revops_as_code.models import Definitions
from revops_as_code.models.fields import Field, FieldStandard
from revops_as_code.providers.base import Provider, Record, RecordRequest

Progress = Callable[[str, int, int | None], None]
"""(what is read, records so far, total if known)."""


@dataclass
class Read:
    """The records of one request and what the live system lacked."""

    records: list[Record]
    missing_fields: tuple[str, ...] = ()
    unsupported_actions: tuple[str, ...] = ()


@dataclass
class AuditContext:
    definitions: Definitions
    provider: Provider
    now: datetime
    since: datetime
    progress: Progress | None = None
    requests: int = 0
    records_read: int = 0
    facts: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    """Derived facts computed so far: (object, key) -> record id -> value (nonzero only)."""
    reads: list[tuple[RecordRequest, int, int, bool]] = field(default_factory=list)
    """Each read made: (request, records, API requests, filtered on the server)."""
    planning: bool = False
    """A planning pass: reads return nothing and are noted in `requested`."""
    requested: list[RecordRequest] = field(default_factory=list)
    _merged: dict[tuple[Any, ...], RecordRequest] = field(default_factory=dict)
    _cache: dict[Any, Read] = field(default_factory=dict)
    _indexes: dict[int, dict[str, Record]] = field(default_factory=dict)

    def standard(self, obj: str) -> FieldStandard | None:
        return next((s for s in self.definitions.field_standards if s.object == obj), None)

    def field(self, obj: str, key: str) -> Field | None:
        return self.definitions.field_of(obj, key)

    def fields(self, obj: str, keys: set[str]) -> tuple[Field, ...]:
        """The declared fields of `obj` among `keys` (undeclared keys are skipped)."""
        found = (self.field(obj, k) for k in sorted(keys))
        return tuple(f for f in found if f is not None)

    def owner_field(self, obj: str) -> Field | None:
        """The object's owner field, if a standard of it declares one."""
        standards = (s for s in self.definitions.field_standards if s.object == obj)
        return next((f for s in standards for f in s.fields if f.type == "owner"), None)

    def stored(self, obj: str, record_id: str, key: str) -> Any:
        """The value a record read earlier holds in field `key` (None if none read it)."""
        for (cached_obj, *_), read in self._cache.items():
            if cached_obj == obj:
                record = self._index(id(read), read).get(record_id)
                if record is not None and key in record.values:
                    return record.values[key]
        return None

    def _index(self, key: int, read: Read) -> dict[str, Record]:
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = {r.id: r for r in read.records}
        return found

    @staticmethod
    def _merge_key(request: RecordRequest) -> tuple[Any, ...]:
        """Requests with the same key read the same records (a lifecycle adds data, a
        pipeline or an entry window filters), so one read with their union serves them."""
        filtering = request.stages if getattr(request.stages, "kind", "") == "Pipeline" else None
        return (request.object, id(filtering), request.entered_since)

    def plan(self, requests: list[RecordRequest]) -> None:
        """Merge the requests a planning pass recorded: one read per merge key, with every
        field, action and association any of them asked for."""
        merged: dict[tuple[Any, ...], RecordRequest] = {}
        for r in requests:
            key = self._merge_key(r)
            have = merged.get(key)
            if have is None:
                merged[key] = r
                continue
            fields = {f.key: f for f in (*have.fields, *r.fields)}
            merged[key] = RecordRequest(
                object=r.object,
                fields=tuple(fields[k] for k in sorted(fields)),
                stages=have.stages or r.stages,
                actions=tuple(sorted({*have.actions, *r.actions})),
                related=tuple(sorted({*have.related, *r.related})),
                entered_since=r.entered_since,
                pipelines=tuple({id(p): p for p in (*have.pipelines, *r.pipelines)}.values()),
            )
        self._merged = merged

    def read(self, request: RecordRequest) -> Read:
        """The records of `request`: in a planning pass, nothing (the request is noted);
        afterwards, those of the merged read that covers it (read once)."""
        if self.planning:
            self.requested.append(request)
            return Read([])
        key = self._merge_key(request)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        wanted = self._merged.get(key, request)
        out = Read([])
        sum_requests = 0
        for batch in self.provider.read_records(wanted):
            sum_requests += batch.requests
            out.records.extend(batch.records)
            out.missing_fields = batch.missing_fields
            out.unsupported_actions = batch.unsupported_actions
            self.requests += batch.requests
            if self.progress is not None:
                self.progress(request.object, len(out.records), batch.total)
        self.records_read += len(out.records)
        filtered = key[1] != id(None) or key[2] is not None
        self.reads.append((wanted, len(out.records), sum_requests, filtered))
        self._cache[key] = out
        return out


__all__ = ["AuditContext", "Progress", "Read"]
