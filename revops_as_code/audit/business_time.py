"""Business-time arithmetic for handoff SLAs: pure functions over one `Calendar`.

Business time runs only on working days (not weekends the calendar excludes, not the public
holidays of its country from the `holidays` package, not its closed dates) and only inside
the working hours, in the calendar's time zone. A business day is one working day's hours:
"2 business days" with 09:00-18:00 hours is 18 business hours, so a trigger at 10:00 on a
Thursday is due at 10:00 on the Monday, and a trigger at 20:00 counts from 09:00 next
working day. Wall-clock hours are taken in local time (so a DST change day still has its
09:00-18:00), and instants are compared in UTC (aware-datetime subtraction within one
`ZoneInfo` ignores the offset change, which is exactly the DST bug to avoid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from revops_as_code.models.sla import WEEKDAYS, BusinessCalendar

_SEARCH_DAYS = 3_700
"""How far `add` looks for working time before giving up (ten years of closed days)."""


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Calendar:
    """When the clock runs: a time zone, working weekdays and hours, and days off."""

    timezone: ZoneInfo
    working_days: frozenset[int] = frozenset(range(5))
    """Weekday numbers (Monday 0) that are working days."""
    start: time = time(9, 0)
    end: time = time(17, 0)
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed_dates: frozenset[date] = frozenset()

    @classmethod
    def of(cls, calendar: BusinessCalendar) -> Calendar:
        """The calendar a `HandoffSLA` declares."""
        return cls(
            timezone=ZoneInfo(calendar.timezone),
            working_days=frozenset(WEEKDAYS.index(d) for d in calendar.working_days),
            start=_clock(calendar.working_hours.start),
            end=_clock(calendar.working_hours.end),
            holiday_country=calendar.holiday_country,
            holiday_subdivision=calendar.holiday_subdivision,
            closed_dates=frozenset(date.fromisoformat(d) for d in calendar.closed_dates),
        )

    @property
    def day_hours(self) -> float:
        """Business hours in one working day."""
        span = datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)
        return span.total_seconds() / 3600

    def is_holiday(self, day: date) -> bool:
        if self.holiday_country is None:
            return False
        return day in _public_holidays(self.holiday_country, self.holiday_subdivision, day.year)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() in self.working_days
            and day not in self.closed_dates
            and not self.is_holiday(day)
        )

    def _window(self, day: date) -> tuple[float, float]:
        """The day's working hours as UTC timestamps."""
        opens = datetime.combine(day, self.start, tzinfo=self.timezone)
        closes = datetime.combine(day, self.end, tzinfo=self.timezone)
        return opens.timestamp(), closes.timestamp()

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """The instant `hours` business hours after `start` (aware, in the calendar's zone)."""
        remaining = hours * 3600.0
        moment = start.timestamp()
        day = start.astimezone(self.timezone).date()
        for _ in range(_SEARCH_DAYS):
            if self.is_working_day(day):
                opens, closes = self._window(day)
                begin = max(moment, opens)
                if begin <= closes:
                    if remaining <= closes - begin:
                        return datetime.fromtimestamp(begin + remaining, UTC).astimezone(
                            self.timezone
                        )
                    remaining -= closes - begin
            day += timedelta(days=1)
        raise ValueError(f"no working time within {_SEARCH_DAYS} days of {start.isoformat()}")

    def hours_between(self, start: datetime, end: datetime) -> float:
        """Business hours from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.hours_between(end, start)
        first = start.timestamp()
        last = end.timestamp()
        day = start.astimezone(self.timezone).date()
        final = end.astimezone(self.timezone).date()
        total = 0.0
        while day <= final:
            if self.is_working_day(day):
                opens, closes = self._window(day)
                total += max(0.0, min(last, closes) - max(first, opens))
            day += timedelta(days=1)
        return total / 3600.0


def due_at(calendar: Calendar | None, start: datetime, amount: int, unit: str) -> datetime:
    """When an SLA of `amount` `unit`s that started at `start` is due."""
    if unit == "calendar_hours" or calendar is None:
        # In UTC: adding to a local time adds wall-clock hours, wrong across a DST change.
        return (start.astimezone(UTC) + timedelta(hours=amount)).astimezone(start.tzinfo)
    hours = amount * (calendar.day_hours if unit == "business_days" else 1.0)
    return calendar.add_hours(start, hours)


def elapsed(calendar: Calendar | None, start: datetime, end: datetime, unit: str) -> float:
    """Time from `start` to `end` in `unit` (business units in the calendar's time)."""
    if unit == "calendar_hours" or calendar is None:
        return (end.timestamp() - start.timestamp()) / 3600.0
    hours = calendar.hours_between(start, end)
    return hours / calendar.day_hours if unit == "business_days" else hours


__all__ = ["Calendar", "due_at", "elapsed"]
