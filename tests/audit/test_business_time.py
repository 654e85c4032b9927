"""Business-time arithmetic: table tests for the calendar's edges, and a round-trip property."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.audit.business_time import Calendar, due_at, elapsed

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
US = Calendar(NY, start=time(9), end=time(18), holiday_country="US")
SHUTDOWN = Calendar(
    NY,
    holiday_country="US",
    closed_dates=frozenset(date(2026, 12, d) for d in (28, 29, 30, 31)),
)


def ny(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NY)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("calendar", "start", "amount", "unit", "due"),
    [
        # Thursday 10:00 + 2 business days (9 h each): Monday 10:00, the weekend skipped.
        (US, ny(2026, 3, 5, 10), 2, "business_days", ny(2026, 3, 9, 10)),
        # After hours: the clock starts at 09:00 next working day.
        (US, ny(2026, 3, 5, 20), 2, "business_days", ny(2026, 3, 9, 18)),
        # A trigger on a Saturday counts from Monday 09:00.
        (US, ny(2026, 3, 7, 11), 4, "business_hours", ny(2026, 3, 9, 13)),
        # A trigger on a holiday (Independence Day observed, Friday 2026-07-03).
        (US, ny(2026, 7, 3, 10), 1, "business_days", ny(2026, 7, 6, 18)),
        # A holiday inside the window pushes the deadline a day (Thanksgiving 2026-11-26).
        (US, ny(2026, 11, 25, 10), 2, "business_days", ny(2026, 11, 30, 10)),
        # DST ends 2026-11-01 (Sunday): Friday 17:00 + 2 h is Monday 10:00 local.
        (US, ny(2026, 10, 30, 17), 2, "business_hours", ny(2026, 11, 2, 10)),
        # DST starts 2026-03-08: the same, one offset the other way.
        (US, ny(2026, 3, 6, 17), 2, "business_hours", ny(2026, 3, 9, 10)),
        # Year end: Christmas (Fri) and the shutdown 28-31 Dec, New Year's Day: 5 days from
        # 2026-12-23 10:00 (40 h of 8-hour days) are 23 Dec (7 h), 24 Dec, 4-6 Jan, and 1 h
        # on 7 Jan.
        (SHUTDOWN, ny(2026, 12, 23, 10), 5, "business_days", ny(2027, 1, 7, 10)),
        # Calendar hours ignore the calendar, and count real hours across DST (23-hour day).
        (US, ny(2026, 3, 7, 11), 30, "calendar_hours", ny(2026, 3, 8, 18)),
    ],
)
def test_due_at(calendar: Calendar, start: datetime, amount: int, unit: str, due: datetime) -> None:
    assert due_at(calendar, start, amount, unit) == due


def test_due_at_in_another_time_zone() -> None:
    # 15:00 UTC on a Friday is 16:00 in Berlin; 3 business hours (09-17) end Monday 11:00.
    berlin = Calendar(BERLIN, holiday_country="DE")
    got = due_at(berlin, datetime(2026, 3, 6, 15, tzinfo=UTC), 3, "business_hours")
    assert got == datetime(2026, 3, 9, 11, tzinfo=BERLIN)


def test_subdivision_holidays() -> None:
    # Epiphany (6 Jan) is a holiday in Bavaria, not in Berlin.
    bavaria = Calendar(BERLIN, holiday_country="DE", holiday_subdivision="BY")
    berlin = Calendar(BERLIN, holiday_country="DE", holiday_subdivision="BE")
    assert not bavaria.is_working_day(date(2026, 1, 6))
    assert berlin.is_working_day(date(2026, 1, 6))


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (ny(2026, 3, 5, 10), ny(2026, 3, 5, 12), 2.0),
        (ny(2026, 3, 5, 7), ny(2026, 3, 5, 20), 9.0),  # outside hours does not count
        (ny(2026, 3, 6, 17), ny(2026, 3, 9, 10), 2.0),  # a weekend does not count
        (ny(2026, 11, 25, 17), ny(2026, 11, 27, 10), 2.0),  # Thanksgiving does not count
        (ny(2026, 3, 9, 10), ny(2026, 3, 6, 17), -2.0),  # backwards is negative
        (ny(2026, 10, 30, 17), ny(2026, 11, 2, 10), 2.0),  # across a DST change
    ],
)
def test_hours_between(start: datetime, end: datetime, hours: float) -> None:
    assert US.hours_between(start, end) == pytest.approx(hours)


def test_elapsed_in_days() -> None:
    assert elapsed(US, ny(2026, 3, 5, 10), ny(2026, 3, 9, 10), "business_days") == 2.0
    assert elapsed(None, ny(2026, 3, 5, 10), ny(2026, 3, 6, 10), "calendar_hours") == 24.0


def test_a_calendar_without_working_time_is_an_error() -> None:
    never = Calendar(NY, working_days=frozenset())
    with pytest.raises(ValueError, match="no working time"):
        never.add_hours(ny(2026, 1, 1), 1)


moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(start=moments, minutes=st.integers(min_value=0, max_value=60 * 9 * 40))
def test_adding_then_measuring_gives_back_the_hours(start: datetime, minutes: int) -> None:
    hours = minutes / 60
    for calendar in (US, SHUTDOWN):
        due = calendar.add_hours(start, hours)
        assert calendar.hours_between(start, due) == pytest.approx(hours, abs=1e-6)
        # Nothing later than the deadline is needed: one second earlier is not enough.
        if hours:
            earlier = due - timedelta(seconds=1)
            assert calendar.hours_between(start, earlier) < hours
