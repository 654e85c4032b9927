"""Business calendars of SLAs are real calendars.

RV240  time zone is not an IANA zone (checked with `zoneinfo`).
RV241  holiday country / subdivision is not one the `holidays` package knows.
RV242  working hours end at or before they start.
RV243  a closed date is not a calendar date; or a working day is listed twice.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator

import holidays

from revops_as_code.diagnostics import Diagnostic
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import DefinitionDocument, HandoffSLA
from revops_as_code.models.sla import BusinessCalendar
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic, did_you_mean

TIMEZONE = "RV240"
HOLIDAYS = "RV241"
HOURS = "RV242"
DATES = "RV243"


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def _countries() -> dict[str, list[str]]:
    return dict(holidays.list_supported_countries())


class SlaCalendar:
    code = TIMEZONE

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for doc in ctx.definitions.documents_of(HandoffSLA):
            sla = doc.model
            assert isinstance(sla, HandoffSLA)
            if sla.calendar is not None:
                yield from _check(doc, sla.calendar)


def _check(doc: DefinitionDocument, cal: BusinessCalendar) -> Iterator[Diagnostic]:
    if cal.timezone not in _timezones():
        yield diagnostic(
            doc,
            "/calendar/timezone",
            TIMEZONE,
            f"{cal.timezone!r} is not an IANA time zone",
            hint=did_you_mean(cal.timezone, _timezones()) or "e.g. America/New_York",
        )
    countries = _countries()
    if cal.holiday_country is not None and cal.holiday_country not in countries:
        yield diagnostic(
            doc,
            "/calendar/holiday_country",
            HOLIDAYS,
            f"the holidays package has no calendar for country {cal.holiday_country!r}",
            hint=did_you_mean(cal.holiday_country, countries),
        )
    elif cal.holiday_subdivision is not None:
        subdivisions = countries.get(cal.holiday_country or "", [])
        if cal.holiday_subdivision not in subdivisions:
            where = cal.holiday_country or "(no holiday_country)"
            yield diagnostic(
                doc,
                "/calendar/holiday_subdivision",
                HOLIDAYS,
                f"{cal.holiday_subdivision!r} is not a subdivision of {where}",
                hint=did_you_mean(cal.holiday_subdivision, subdivisions),
            )
    if cal.working_hours.end <= cal.working_hours.start:
        yield diagnostic(
            doc,
            "/calendar/working_hours/end",
            HOURS,
            f"working hours end ({cal.working_hours.end}) must be after they start "
            f"({cal.working_hours.start})",
        )
    for i, text in enumerate(cal.closed_dates):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            yield diagnostic(
                doc,
                pointer_join("calendar", "closed_dates", i),
                DATES,
                f"{text!r} is not a calendar date",
            )
    seen: set[str] = set()
    for i, day in enumerate(cal.working_days):
        if day in seen:
            yield diagnostic(
                doc,
                pointer_join("calendar", "working_days", i),
                DATES,
                f"working day {day!r} is listed twice",
            )
        seen.add(day)


RULE = SlaCalendar()
