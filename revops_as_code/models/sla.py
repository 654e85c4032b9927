"""`HandoffSLA`: how fast one team must act on what another hands over, and how it is measured.

The clock starts when the trigger happens (a lifecycle stage is reached or a pipeline stage
is entered) and stops when the receiving team does the `action` (at the time the CRM records
for it, or the time a `completed_at_field` holds). Business time is counted in
the SLA's calendar: a time zone, working days and hours, and a country's public holidays.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field as PydanticField
from pydantic import StrictStr

from revops_as_code.models.base import Count, Key, Label, LiveObject, Model, Text, exact
from revops_as_code.models.conditions import FieldRefText
from revops_as_code.models.fields import StageRefText

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ClockTime = Annotated[
    str, PydanticField(strict=True, pattern=exact(r"([01][0-9]|2[0-3]):[0-5][0-9]"))
]
"""A wall-clock time, 24-hour `HH:MM`."""

IsoDate = Annotated[str, PydanticField(strict=True, pattern=exact(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"))]
"""A calendar date, `YYYY-MM-DD`."""


class WorkingHours(Model):
    """The part of a working day that counts as business time."""

    start: ClockTime = "09:00"
    """When the working day starts (local time)."""
    end: ClockTime = "17:00"
    """When the working day ends (local time); after `start`."""


class BusinessCalendar(Model):
    """When the clock runs: time zone, working days and hours, holidays."""

    timezone: StrictStr
    """IANA time zone the team works in (`America/New_York`)."""
    working_days: Annotated[tuple[Weekday, ...], PydanticField(min_length=1)] = (
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    )
    """Days that count as business days."""
    working_hours: WorkingHours = PydanticField(default_factory=WorkingHours)
    """Hours of a business day that count as business hours."""
    holiday_country: (
        Annotated[str, PydanticField(strict=True, pattern=exact(r"[A-Z]{2}"))] | None
    ) = None
    """ISO 3166 country whose public holidays are not business days (`US`), from the
    `holidays` package."""
    holiday_subdivision: StrictStr | None = None
    """State or province whose holidays also apply (`NY`)."""
    closed_dates: tuple[IsoDate, ...] = ()
    """Company-specific closed days on top of public holidays (year-end shutdown)."""


class Within(Model):
    """How long the receiving team has."""

    amount: Count
    """How many units."""
    unit: Literal["business_hours", "business_days", "calendar_hours"]
    """`business_*` count only the calendar's working time; `calendar_hours` count every hour."""


class Escalation(Model):
    """Who is told when the SLA is breached."""

    owner: Key
    """Role or team that owns the escalation (`sales_manager`)."""
    notify: tuple[Key, ...] = ()
    """Further roles or teams notified (`revops`)."""


class HandoffSLA(LiveObject):
    """A handoff service-level agreement between two teams."""

    api_version: Literal["revops.dev/v1"] = PydanticField(alias="apiVersion")
    """Definition language version."""
    kind: Literal["HandoffSLA"]
    """Document kind."""
    key: Key
    """Natural key of the SLA (`mqa_first_touch`)."""
    label: Label
    """The agreement in one line, as the teams say it."""
    description: Text | None = None
    """Why the SLA exists and what counts as meeting it."""
    trigger: StageRefText
    """What starts the clock: a lifecycle stage reached (`lifecycle/mqa`) or a pipeline stage
    entered (`pipeline/new_business/stage/closed_won`)."""
    from_team: Key
    """Team handing over (`marketing`)."""
    to_team: Key
    """Team that must act (`sales`)."""
    action: Literal["first_touch", "meeting_booked", "stage_change"]
    """What stops the clock: a first logged touch (call, email, meeting), a meeting booked,
    or the record reaching `until_stage`."""
    until_stage: StageRefText | None = None
    """For `action: stage_change`: the stage that must be reached."""
    completed_at_field: FieldRefText | None = None
    """A date or datetime field of the triggering record that holds when the action was done
    (`onboarding_kickoff_date`): its value stops the clock instead of a time the CRM records
    itself, for actions the CRM does not time (a kickoff meeting on a deal). A date counts as
    done at the start of that day in the SLA's calendar, so the due day itself is in time."""
    within: Within
    """How long the receiving team has."""
    calendar: BusinessCalendar | None = None
    """Business calendar; required for business-hour and business-day SLAs."""
    target_percent: Annotated[float, PydanticField(strict=True, ge=0, le=100)]
    """Share of handoffs that must meet the SLA (percent, e.g. 100)."""
    escalation: Escalation | None = None
    """Who is told about breaches."""
    due_at_field: FieldRefText | None = None
    """A datetime field the deadline is written to, so the CRM can show and report it."""
    breached_field: FieldRefText | None = None
    """A bool field set when the deadline passes without the action."""


__all__ = [
    "WEEKDAYS",
    "BusinessCalendar",
    "Escalation",
    "HandoffSLA",
    "Weekday",
    "Within",
    "WorkingHours",
]
