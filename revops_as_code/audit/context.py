"""What every check shares: the definitions, the clock, and record reads through a provider.

Reads are cached by request, so two checks that need the same records (every company, for
a pipeline's exit criteria and for the ICP) read them once; every read's request count and
record count are added up for the report.
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
        for (cached_obj, keys, *_), read in self._cache.items():
            if cached_obj == obj and key in keys:
                index = self._index(id(read), read)
                record = index.get(record_id)
                if record is not None:
                    return record.values.get(key)
        return None

    def _index(self, key: int, read: Read) -> dict[str, Record]:
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = {r.id: r for r in read.records}
        return found

    def read(self, request: RecordRequest) -> Read:
        key = (
            request.object,
            tuple(f.key for f in request.fields),
            id(request.stages),
            request.actions,
            request.related,
            request.entered_since,
            tuple(id(p) for p in request.pipelines),
        )
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        out = Read([])
        for batch in self.provider.read_records(request):
            out.records.extend(batch.records)
            out.missing_fields = batch.missing_fields
            out.unsupported_actions = batch.unsupported_actions
            self.requests += batch.requests
            if self.progress is not None:
                self.progress(request.object, len(out.records), batch.total)
        self.records_read += len(out.records)
        self._cache[key] = out
        return out


__all__ = ["AuditContext", "Progress", "Read"]
