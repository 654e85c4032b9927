"""The parsed form of a SOQL query (what `soql_parse` builds and `soql` runs) and the error
every stage raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


class SoqlError(Exception):
    """A query Salesforce would refuse: `error_code` (MALFORMED_QUERY, INVALID_FIELD, ...) and
    Salesforce's message."""

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(f"{error_code}: {message}")
        self.error_code = error_code
        self.message = message


@dataclass(frozen=True)
class FieldRef:
    path: tuple[str, ...]
    """As written: ("Account", "ICP_Tier__c")."""
    pos: int

    @property
    def text(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Aggregate:
    func: str
    """Upper-cased: COUNT, COUNT_DISTINCT, SUM, MAX, MIN, AVG."""
    arg: FieldRef | None
    """None for `COUNT()`."""
    alias: str | None = None


@dataclass(frozen=True)
class Literal:
    kind: str
    """string, number, boolean, null, date, datetime, range."""
    value: Any
    """str / int | float / bool / None / date / datetime / (RANGE NAME, n)."""
    raw: str = ""
    """A string literal's text between the quotes, escapes intact (LIKE reads `\\%`, `\\_`)."""


@dataclass(frozen=True)
class Compare:
    left: FieldRef | Aggregate
    op: str
    """=, !=, <, <=, >, >=, LIKE, IN, NOT IN, INCLUDES, EXCLUDES (`<>` is read as `!=`)."""
    right: tuple[Literal, ...]
    """One literal, or the list of IN / INCLUDES."""
    pos: int


@dataclass(frozen=True)
class Not:
    inner: Condition


@dataclass(frozen=True)
class Junction:
    op: str
    """AND or OR."""
    parts: tuple[Condition, ...]


Condition = Compare | Not | Junction
SelectItem = FieldRef | Aggregate


@dataclass(frozen=True)
class OrderItem:
    expr: FieldRef | Aggregate
    descending: bool
    nulls_first: bool
    """Salesforce's default: nulls sort first ascending and last descending."""


@dataclass(frozen=True)
class Query:
    sobject: str
    """As written; the caller matches it case-insensitively."""
    select: tuple[SelectItem, ...]
    count_only: bool
    """`SELECT COUNT() FROM ...`: only totalSize is answered."""
    where: Condition | None
    group_by: tuple[FieldRef, ...]
    having: Condition | None
    order_by: tuple[OrderItem, ...]
    limit: int | None
    offset: int | None
    text: str

    @property
    def selects_metadata(self) -> bool:
        """Selects `Metadata` or `FullName` (Tooling allows those on one-row results only)."""
        return any(
            isinstance(item, FieldRef) and item.text.lower() in ("metadata", "fullname")
            for item in self.select
        )

    @property
    def aggregate(self) -> bool:
        """An AggregateResult query (aggregate functions or GROUP BY, other than COUNT())."""
        return not self.count_only and (
            bool(self.group_by) or any(isinstance(i, Aggregate) for i in self.select)
        )


def date_range(name: str, n: int, now: datetime) -> tuple[datetime, datetime]:
    """A relative date literal as a half-open UTC interval [start, end). Weeks start on
    Sunday (an en_US org); LAST_N_DAYS:n and LAST_90_DAYS include today, NEXT_N_DAYS:n starts
    tomorrow, N_DAYS_AGO:n is the one day n days ago."""
    now = now.astimezone(UTC)
    today = datetime(now.year, now.month, now.day, tzinfo=UTC)
    day = timedelta(days=1)
    sunday = today - ((today.weekday() + 1) % 7) * day

    def months(offset: int, length: int) -> tuple[datetime, datetime]:
        def first(shift: int) -> datetime:
            year, month = divmod(now.year * 12 + now.month - 1 + shift, 12)
            return datetime(year, month + 1, 1, tzinfo=UTC)

        return first(offset), first(offset + length)

    quarter = -((now.month - 1) % 3)
    year = -(now.month - 1)
    ranges = {
        "TODAY": (today, today + day),
        "YESTERDAY": (today - day, today),
        "TOMORROW": (today + day, today + 2 * day),
        "LAST_N_DAYS": (today - n * day, today + day),
        "NEXT_N_DAYS": (today + day, today + (n + 1) * day),
        "N_DAYS_AGO": (today - n * day, today - (n - 1) * day),
        "LAST_90_DAYS": (today - 90 * day, today + day),
        "NEXT_90_DAYS": (today + day, today + 91 * day),
        "THIS_WEEK": (sunday, sunday + 7 * day),
        "LAST_WEEK": (sunday - 7 * day, sunday),
        "NEXT_WEEK": (sunday + 7 * day, sunday + 14 * day),
        "THIS_MONTH": months(0, 1),
        "LAST_MONTH": months(-1, 1),
        "NEXT_MONTH": months(1, 1),
        "THIS_QUARTER": months(quarter, 3),
        "LAST_QUARTER": months(quarter - 3, 3),
        "NEXT_QUARTER": months(quarter + 3, 3),
        "THIS_YEAR": months(year, 12),
        "LAST_YEAR": months(year - 12, 12),
        "NEXT_YEAR": months(year + 12, 12),
    }
    return ranges[name]


DATE_RANGES = frozenset(
    {
        "TODAY",
        "YESTERDAY",
        "TOMORROW",
        "LAST_N_DAYS",
        "NEXT_N_DAYS",
        "N_DAYS_AGO",
        "LAST_90_DAYS",
        "NEXT_90_DAYS",
        "THIS_WEEK",
        "LAST_WEEK",
        "NEXT_WEEK",
        "THIS_MONTH",
        "LAST_MONTH",
        "NEXT_MONTH",
        "THIS_QUARTER",
        "LAST_QUARTER",
        "NEXT_QUARTER",
        "THIS_YEAR",
        "LAST_YEAR",
        "NEXT_YEAR",
    }
)
"""The relative date literals `date_range` knows."""
N_RANGES = frozenset({"LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO"})
"""The ones that take `:n`."""


__all__ = [
    "DATE_RANGES",
    "N_RANGES",
    "Aggregate",
    "Compare",
    "Condition",
    "FieldRef",
    "Junction",
    "Literal",
    "Not",
    "OrderItem",
    "Query",
    "SelectItem",
    "SoqlError",
    "date_range",
]
