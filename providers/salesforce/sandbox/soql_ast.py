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
    """A relative date literal as a half-open UTC interval [start, end)."""
    now = now.astimezone(UTC)
    today = datetime(now.year, now.month, now.day, tzinfo=UTC)
    day = timedelta(days=1)

    def month(offset: int) -> tuple[datetime, datetime]:
        y, m = divmod(now.year * 12 + now.month - 1 + offset, 12)
        start = datetime(y, m + 1, 1, tzinfo=UTC)
        y2, m2 = divmod(y * 12 + m + 1, 12)
        return start, datetime(y2, m2 + 1, 1, tzinfo=UTC)

    if name == "TODAY":
        return today, today + day
    if name == "YESTERDAY":
        return today - day, today
    if name == "TOMORROW":
        return today + day, today + 2 * day
    if name == "LAST_N_DAYS":  # today and the n days before it
        return today - n * day, today + day
    if name == "NEXT_N_DAYS":  # the n days after today, today excluded
        return today + day, today + (n + 1) * day
    if name == "THIS_MONTH":
        return month(0)
    if name == "LAST_MONTH":
        return month(-1)
    if name == "NEXT_MONTH":
        return month(1)
    # THIS_YEAR
    return (datetime(now.year, 1, 1, tzinfo=UTC), datetime(now.year + 1, 1, 1, tzinfo=UTC))


__all__ = [
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
