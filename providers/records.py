"""Record reading and writing (part of the provider contract), for `revops audit`.

`Provider.read_records(RecordRequest)` yields `RecordBatch` pages of canonical `Record`s;
`Provider.update_records` writes `RecordUpdate`s for `audit --sync`. Re-exported by
`providers.base`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True)
class RecordRequest:
    """Which records `read_records` reads, and what of them: canonical names throughout.

    The provider maps field keys to its own names (a field's `api_names`), stored values to
    option and stage keys, and reads only what is asked, filtering on its server where it
    can."""

    object: str
    """The definitions' object name (`contact`, `company`, `deal`)."""
    fields: tuple[Any, ...] = ()
    """The `models.fields.Field` definitions whose values are wanted (typed: numbers, bools,
    aware datetimes, option keys; a stored value no option maps to is kept as stored)."""
    stages: Any = None
    """A `Pipeline` (only its records are read) or `Lifecycle`: each record's current stage
    key and when it entered each stage."""
    actions: tuple[str, ...] = ()
    """SLA actions (`first_touch`, `meeting_booked`) whose first time is wanted."""
    related: tuple[str, ...] = ()
    """Objects whose associated record ids are wanted (`company`, `contact`)."""
    entered_since: tuple[str, datetime] | None = None
    """Only records that entered this stage (of `stages`) at or after this moment."""
    pipelines: tuple[Any, ...] = ()
    """The object's `Pipeline`s: values of its stage field are given as their stage keys."""


@dataclass
class Record:
    """One record, in canonical terms."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)
    """Field key -> value (absent: not set)."""
    stage: str | None = None
    """Current stage key (of the request's `stages`), or the stored value if no stage maps."""
    entered: dict[str, datetime] = field(default_factory=dict)
    """Stage key -> when the record entered it."""
    acted: dict[str, datetime] = field(default_factory=dict)
    """SLA action -> when it first happened."""
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Object -> associated record ids, the primary one first."""


@dataclass(frozen=True)
class RecordBatch:
    """One page of records (the engine reports progress between batches)."""

    records: tuple[Record, ...]
    total: int | None = None
    """How many records the whole read returns, when the provider knows."""
    missing_fields: tuple[str, ...] = ()
    """Requested field keys the live system does not have (not created yet)."""
    unsupported_actions: tuple[str, ...] = ()
    """Requested actions this system records no time for, on this object."""
    requests: int = 0
    """API requests this batch cost."""


@dataclass(frozen=True)
class RecordUpdate:
    """Values to write to one record (`revops audit --sync`): field key -> value (None
    clears it)."""

    object: str
    id: str
    values: dict[str, Any]


# -- turning a stored value into the definitions' terms (every provider's read does it) ----


def parse_iso_time(value: Any) -> datetime | None:
    """An ISO 8601 datetime (`2026-01-05T10:00:00.000+0000`, `…Z`) or date, aware (UTC);
    None when blank or unreadable."""
    if value in (None, ""):
        return None
    text = str(value)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def canonical_value(
    fdef: Any,
    raw: Any,
    options: Mapping[str, str] | None,
    parse_time: Callable[[Any], datetime | None] = parse_iso_time,
) -> Any:
    """A stored value in the definitions' terms for field `fdef`: numbers as floats, bools,
    aware datetimes (`parse_time` reads the vendor's format), option keys (`options`: stored
    value -> key; a value no option has is kept as stored). Blank is None; a value that does
    not fit the type is kept as its text, so the audit can report it."""
    if raw in (None, ""):
        return None
    kind = fdef.type
    if kind in ("number", "currency", "percent"):
        if isinstance(raw, bool):
            return str(raw)
        try:
            return float(raw)
        except (TypeError, ValueError):
            return str(raw)
    if kind == "bool":
        return raw if isinstance(raw, bool) else str(raw).lower() == "true"
    if kind in ("date", "datetime"):
        return parse_time(raw)
    if kind == "multi_enum":
        return tuple((options or {}).get(p, p) for p in str(raw).split(";") if p)
    if kind == "enum":
        return (options or {}).get(str(raw), str(raw))
    return str(raw)
