"""Plain-English sentences for criteria, exit criteria and SLAs: what the handbook says.

Criteria are the one condition language (`models/conditions.py`); each leaf becomes a clause
("the number of employees is at least 500") and each group joins its clauses with "and" or
"or" (serial comma from three items on; a nested group says "either … or …" or "both … and
…" so the reader never has to guess the brackets). Names come from the definitions: a field
reference reads as the field's label, an option key as the option's label, a fact as its
label, so the sentences use the words the teams signed off rather than API names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from revops_as_code.handbook.operators import PHRASES, Subject, duration
from revops_as_code.models import Condition, Definitions, HandoffSLA, refs
from revops_as_code.models.fields import TEMPORAL_TYPES
from revops_as_code.models.pipeline import ExitCriteria

# Words whose case people expect preserved when a key is turned into a name.
_ACRONYMS = {
    "revops": "RevOps",
    "cs": "CS",
    "sdr": "SDR",
    "bdr": "BDR",
    "ae": "AE",
    "am": "AM",
    "csm": "CSM",
    "icp": "ICP",
    "mql": "MQL",
    "mqa": "MQA",
    "sql": "SQL",
    "vp": "VP",
    "ops": "Ops",
}
_WITHIN_UNITS = {
    "business_hours": ("business hour", "business hours"),
    "business_days": ("business day", "business days"),
    "calendar_hours": ("calendar hour", "calendar hours"),
}
_WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
_WEEK = tuple(_WEEKDAY_NAMES)


def humanize(key: str) -> str:
    """`customer_success` -> `Customer success`, `sales_manager` -> `Sales manager`,
    `revops` -> `RevOps`; `COMPUTER_SOFTWARE` -> `Computer software`."""
    words = [w for w in re.split(r"[_\s]+", key.strip()) if w]
    if not words:
        return key
    out = [_ACRONYMS.get(w.lower(), w.lower()) for w in words]
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def lower_first(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, unless it starts an acronym
    (`ICP tier` stays, `Number of employees` becomes `number of employees`)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """`a`; `a and b`; `a, b, and c` (serial comma, as the teams' documents write it)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def number(value: float) -> str:
    """`500`, `50,000`, `12.5`: integers without a decimal point, thousands separated."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}".rstrip("0")


def percent(value: float) -> str:
    return f"{number(value)}%"


def plural(amount: int, singular: str, many: str) -> str:
    return f"{number(amount)} {singular if amount == 1 else many}"


class Speaker:
    """Turns criteria into sentences in the vocabulary of one set of definitions."""

    def __init__(self, definitions: Definitions | None = None) -> None:
        self.definitions = definitions

    # -- names ------------------------------------------------------------------------------

    def subject(self, condition: Condition, subject_object: str) -> Subject:
        if condition.fact is not None:
            ref = refs.parse(condition.fact, subject=subject_object, bare="fact")
            fact = refs.resolve_fact(self.definitions, ref) if self.definitions and ref else None
            label = fact.label if fact else humanize(condition.fact.rsplit("/", 1)[-1])
            name = "number of " + lower_first(label)
            return Subject(self._owner(ref, subject_object) + name, is_count=True)
        text = condition.field or ""
        ref = refs.parse(text, subject=subject_object)
        found = refs.resolve_field(self.definitions, ref) if self.definitions and ref else None
        label = found.label if found else humanize(text.rsplit("/", 1)[-1])
        return Subject(self._owner(ref, subject_object) + lower_first(label), found)

    @staticmethod
    def _owner(ref: refs.Ref | None, subject_object: str) -> str:
        # A field of another object (a contact lifecycle reading the company's size) says
        # whose field it is; the subject's own fields need no owner.
        if ref is None or ref.scope in ("", subject_object):
            return "the "
        return f"the {ref.scope}'s "

    def value(self, raw: object, subject: Subject) -> str:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        if isinstance(raw, int | float):
            if subject.field is not None and subject.field.type == "percent":
                return percent(raw)
            return number(raw)
        text = str(raw)
        if subject.field is not None:
            for option in subject.field.options:
                if option.key == text or text in option.api_names.values():
                    return option.label
        return humanize(text) if re.fullmatch(r"[A-Za-z0-9_]+", text) else f"“{text}”"

    def values(self, raw: object, subject: Subject, conjunction: str) -> str:
        items = raw if isinstance(raw, tuple | list) else (raw,)
        return join([self.value(v, subject) for v in items], conjunction)

    # -- clauses ----------------------------------------------------------------------------

    def clause(self, condition: Condition, subject_object: str) -> str:
        """One leaf as a clause, lower-case, no final full stop."""
        s = self.subject(condition, subject_object)
        op, raw = condition.op, condition.value
        field_type = s.field.type if s.field is not None else None
        temporal = field_type in TEMPORAL_TYPES
        if field_type == "bool" and op in ("eq", "neq") and isinstance(raw, bool):
            checked = (op == "eq") == raw
            return f"{s.name} is {'checked' if checked else 'not checked'}"
        phrase = PHRASES.get(op or "")
        if phrase is None:  # a future operator: say it plainly rather than guess
            return f"{s.name} {humanize(op or 'matches').lower()} {self.value(raw, s)}"
        return phrase(self, s, raw, temporal)

    def sentence(self, condition: Condition, subject_object: str) -> str:
        """The whole condition as one sentence with a capital and a full stop."""
        return upper_first(self.phrase(condition, subject_object, top=True)) + "."

    def phrase(self, condition: Condition, subject_object: str, *, top: bool = False) -> str:
        if not condition.is_group:
            return self.clause(condition, subject_object)
        conjunction = "and" if condition.all is not None else "or"
        parts = [self.phrase(c, subject_object) for c in condition.children]
        if len(parts) == 1:
            return parts[0]
        joined = join(parts, conjunction)
        if top and len(parts) == 2 and any(" and " in p or " or " in p for p in parts):
            # "A is either X or Y, or B": the comma says which "or" joins the sentence (a
            # nested group needs none: its "either"/"both" opens it).
            joined = f"{parts[0]}, {conjunction} {parts[1]}"
        if top:
            return joined
        # A nested group announces itself, so "A and B or C" is never ambiguous.
        lead = "either" if conjunction == "or" else ("both" if len(parts) == 2 else "all of")
        return f"{lead} {joined}" if lead != "all of" else f"all of: {joined}"

    def clauses(self, condition: Condition, subject_object: str) -> list[str]:
        """A top-level `all` as one sentence per item (for bullet lists); else one."""
        if condition.all is not None and len(condition.all) > 1:
            return [
                upper_first(self.phrase(c, subject_object, top=True)) + "." for c in condition.all
            ]
        return [self.sentence(condition, subject_object)]

    def required(self, fields: Sequence[str], subject_object: str) -> str:
        names = []
        for text in fields:
            ref = refs.parse(text, subject=subject_object)
            found = refs.resolve_field(self.definitions, ref) if self.definitions and ref else None
            label = found.label if found else humanize(text.rsplit("/", 1)[-1])
            names.append(self._owner(ref, subject_object) + lower_first(label))
        verb = "is" if len(names) == 1 else "are"
        return upper_first(f"{join(names)} {verb} filled in.")

    def exit_criteria(self, criteria: ExitCriteria | None, subject_object: str) -> list[str]:
        """Every sentence a deal must satisfy to leave a stage, required fields first."""
        if criteria is None:
            return []
        out = (
            [self.required(criteria.required_fields, subject_object)]
            if criteria.required_fields
            else []
        )
        out.extend(self.sentence(c, subject_object) for c in criteria.conditions)
        return out

    # -- SLAs -------------------------------------------------------------------------------

    def stage_name(self, reference: str) -> str:
        ref = refs.parse(reference)
        if ref is None or self.definitions is None:
            return humanize(reference.rsplit("/", 1)[-1])
        if ref.type == "pipeline_stage":
            found = refs.resolve_pipeline_stage(self.definitions, ref)
            return found[1].label if found else humanize(ref.key)
        if ref.type == "lifecycle_stage":
            lc = refs.resolve_lifecycle_stage(self.definitions, ref)
            return lc[1].label if lc else humanize(ref.key)
        return humanize(ref.key)

    def trigger(self, reference: str) -> str:
        """Who the clock runs for: `contacts that reach Marketing qualified account`."""
        ref = refs.parse(reference)
        stage = self.stage_name(reference)
        if ref is not None and ref.type == "pipeline_stage":
            pipeline = self.definitions.pipeline(ref.scope) if self.definitions else None
            noun = f"{pipeline.object}s" if pipeline else "deals"
            where = f" in {pipeline.label}" if pipeline else ""
            return f"{noun} that enter {stage}{where}"
        noun = "contacts"
        if ref is not None and self.definitions is not None:
            found = refs.resolve_lifecycle_stage(self.definitions, ref)
            if found is not None:
                noun = f"{found[0].object}s" if found[0].object != "company" else "companies"
        return f"{noun} that reach {stage}"

    def sla(self, sla: HandoffSLA) -> str:
        """The agreement in one sentence: team, action, share, trigger, time, calendar,
        escalation. "Sales follows up on 100% of contacts that reach Marketing qualified
        account within 2 business days (America/New_York, US public holidays), escalating
        to the sales manager and notifying RevOps."""
        team = humanize(sla.to_team)
        share = percent(sla.target_percent)
        who = self.trigger(sla.trigger)
        if sla.action == "first_touch":
            head = f"{team} follows up on {share} of {who}"
        elif sla.action == "meeting_booked":
            head = f"{team} books a meeting for {share} of {who}"
        else:
            target = self.stage_name(sla.until_stage) if sla.until_stage else "the next stage"
            head = f"{team} moves {share} of {who} to {target}"
        singular, many = _WITHIN_UNITS[sla.within.unit]
        text = f"{head} within {plural(sla.within.amount, singular, many)}"
        if sla.calendar is not None and sla.within.unit != "calendar_hours":
            text += f" ({self.calendar_short(sla)})"
        if sla.escalation is not None:
            text += f", escalating to the {lower_first(humanize(sla.escalation.owner))}"
            if sla.escalation.notify:
                notified = join([humanize(n) for n in sla.escalation.notify])
                text += f" and notifying {notified}"
        return text + "."

    @staticmethod
    def calendar_short(sla: HandoffSLA) -> str:
        cal = sla.calendar
        assert cal is not None
        parts = [cal.timezone]
        if cal.holiday_country:
            region = cal.holiday_country
            if cal.holiday_subdivision:
                region += f"-{cal.holiday_subdivision}"
            parts.append(f"{region} public holidays")
        return ", ".join(parts)

    @staticmethod
    def calendar(sla: HandoffSLA) -> str | None:
        """The business calendar in one sentence, or None when the SLA has none."""
        cal = sla.calendar
        if cal is None:
            return None
        days = _day_ranges(cal.working_days)
        hours = f"{cal.working_hours.start}–{cal.working_hours.end}"
        text = f"Business time is {days}, {hours} {cal.timezone} time"
        excluded = []
        if cal.holiday_country:
            region = cal.holiday_country
            if cal.holiday_subdivision:
                region += f"-{cal.holiday_subdivision}"
            excluded.append(f"{region} public holidays")
        if cal.closed_dates:
            excluded.append(
                plural(len(cal.closed_dates), "company closed day", "company closed days")
            )
        if excluded:
            text += f", except {join(excluded)}"
        return text + "."


def _day_ranges(days: Sequence[str]) -> str:
    """`mon..fri` -> `Monday to Friday`, `sun..thu` -> `Sunday to Thursday` (a run may wrap
    past Sunday); scattered days are listed in week order."""
    indexes = sorted({_WEEK.index(d) for d in days})
    if 2 < len(indexes) < 7:
        for first in indexes:
            run = [(first + n) % 7 for n in range(len(indexes))]
            if sorted(run) == indexes:
                last = _WEEK[run[-1]]
                return f"{_WEEKDAY_NAMES[_WEEK[first]]} to {_WEEKDAY_NAMES[last]}"
    if len(indexes) == 7:
        return "every day"
    return join([_WEEKDAY_NAMES[_WEEK[i]] for i in indexes])


__all__ = ["Speaker", "Subject", "duration", "humanize", "join", "lower_first", "number", "percent"]
