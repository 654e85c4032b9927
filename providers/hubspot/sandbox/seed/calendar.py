"""The business calendar the seed plants SLA timings against: America/New_York, US holidays.

The MQA follow-up SLA ("Sales follows up 100% of MQAs within 2 business days") is measured
on this calendar. The seed uses it to place first touches clearly inside or clearly outside
the window, so any reasonable reading of "2 business days" (same wall-clock time, or end of
that day, or 16 working hours) classifies every planted record the same way; the only
deliberate edge cases are the holiday ones, on time only when the holiday is skipped.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TIMEZONE = ZoneInfo("America/New_York")
"""The SLA's calendar time zone."""

HOLIDAY_COUNTRY = "US"
"""The SLA's holiday calendar (`holidays.country_holidays("US")`, federal holidays)."""


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(HOLIDAY_COUNTRY, years=year))


def is_holiday(day: date) -> bool:
    """Whether `day` is a US (federal, incl. observed) holiday."""
    return day in _holidays_for(day.year)


def is_business_day(day: date, *, skip_holidays: bool = True) -> bool:
    """Monday to Friday, and (unless `skip_holidays` is False) not a US holiday."""
    return day.weekday() < 5 and not (skip_holidays and is_holiday(day))


def add_business_days(moment: datetime, days: int, *, skip_holidays: bool = True) -> datetime:
    """The instant `days` business days after `moment`, at the same New York wall-clock time.

    A moment outside business days counts from the start (00:00) of the next business day.
    The result is timezone-aware (New York); compare it with aware datetimes.
    """
    local = moment.astimezone(TIMEZONE)
    day = local.date()
    clock = local.time()
    if not is_business_day(day, skip_holidays=skip_holidays):
        clock = time(0, 0)
        while not is_business_day(day, skip_holidays=skip_holidays):
            day += timedelta(days=1)
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_business_day(day, skip_holidays=skip_holidays):
            remaining -= 1
    return datetime.combine(day, clock, tzinfo=TIMEZONE)


def previous_business_day(day: date) -> date:
    """The last business day strictly before `day`."""
    day -= timedelta(days=1)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day


def weekday_holidays_before(limit: date, count: int) -> list[date]:
    """The `count` most recent US holidays on a weekday, on or before `limit`, newest first."""
    found: list[date] = []
    year = limit.year
    while len(found) < count:
        for day in sorted(_holidays_for(year), reverse=True):
            if day <= limit and day.weekday() < 5 and day not in found:
                found.append(day)
                if len(found) == count:
                    break
        year -= 1
    return found


__all__ = [
    "HOLIDAY_COUNTRY",
    "TIMEZONE",
    "add_business_days",
    "is_business_day",
    "is_holiday",
    "previous_business_day",
    "weekday_holidays_before",
]
