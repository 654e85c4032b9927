"""Operator -> clause: how each comparison of the condition language is said in English.

Each phrase gets the `Speaker` (for value names), the `Subject` (what is compared, with its
field when known), the raw value and whether the field is a date. `test_sentences` renders
every operator in `conditions.Operator`, so a new operator needs a phrase here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from revops_as_code.models.fields import Field

if TYPE_CHECKING:
    from revops_as_code.handbook.sentences import Speaker

_UNITS = {"h": ("hour", "hours"), "d": ("day", "days"), "w": ("week", "weeks")}


@dataclass(frozen=True)
class Subject:
    """What a leaf compares: its name in the sentence and, for a field, the field."""

    name: str
    field: Field | None = None
    is_count: bool = False


def duration(text: str) -> str:
    """`30d` -> `30 days`, `1w` -> `1 week`, `48h` -> `48 hours`."""
    amount, unit = int(text[:-1]), text[-1]
    singular, plural = _UNITS[unit]
    return f"{amount} {singular if amount == 1 else plural}"


Phrase = Callable[["Speaker", Subject, object, bool], str]


def _compare(number_word: str, date_word: str) -> Phrase:
    def phrase(sp: Speaker, s: Subject, raw: object, temporal: bool) -> str:
        word = date_word if temporal else number_word
        return f"{s.name} is {word} {sp.value(raw, s)}"

    return phrase


def _within(negated: bool) -> Phrase:
    def phrase(sp: Speaker, s: Subject, raw: object, temporal: bool) -> str:
        span = duration(str(raw))
        if negated:
            return f"{s.name} is not within the past {span}"
        return f"{s.name} is within the past {span}"

    return phrase


def _one_of(negated: bool) -> Phrase:
    def phrase(sp: Speaker, s: Subject, raw: object, temporal: bool) -> str:
        items = raw if isinstance(raw, tuple | list) else (raw,)
        if len(items) == 1:
            return f"{s.name} is {'not ' if negated else ''}{sp.value(items[0], s)}"
        if len(items) == 2:
            a, b = (sp.value(v, s) for v in items)
            return (
                f"{s.name} is neither {a} nor {b}" if negated else f"{s.name} is either {a} or {b}"
            )
        return f"{s.name} is {'none' if negated else 'one'} of {sp.values(items, s, 'or')}"

    return phrase


def _selected(how: str) -> Phrase:
    """Multi-select membership, said of the options so the verb agrees with them whatever
    the field's label is ("Partner is selected in the tags")."""

    def phrase(sp: Speaker, s: Subject, raw: object, temporal: bool) -> str:
        items = raw if isinstance(raw, tuple | list) else (raw,)
        if len(items) == 1:
            return f"{sp.value(items[0], s)} is selected in {s.name}"
        if how == "any":
            return f"at least one of {sp.values(items, s, 'or')} is selected in {s.name}"
        return f"{sp.values(items, s, 'and')} are all selected in {s.name}"

    return phrase


def _contains(sp: Speaker, s: Subject, raw: object, temporal: bool) -> str:
    if s.field is not None and s.field.type == "multi_enum":
        return _selected("any")(sp, s, raw, temporal)
    return f"{s.name} contains {sp.value(raw, s)}"


PHRASES: dict[str, Phrase] = {
    "eq": lambda sp, s, raw, t: f"{s.name} is {sp.value(raw, s)}",
    "neq": lambda sp, s, raw, t: f"{s.name} is not {sp.value(raw, s)}",
    "gt": _compare("more than", "after"),
    "gte": _compare("at least", "on or after"),
    "lt": _compare("less than", "before"),
    "lte": _compare("at most", "on or before"),
    "in": _one_of(False),
    "not_in": _one_of(True),
    "contains": _contains,
    "contains_any": _selected("any"),
    "contains_all": _selected("all"),
    "is_set": lambda sp, s, raw, t: f"{s.name} is filled in",
    "is_not_set": lambda sp, s, raw, t: f"{s.name} is empty",
    "within_last": _within(False),
    "not_within_last": _within(True),
}
"""Operator -> clause. A test renders every operator in `conditions.Operator`."""

__all__ = ["PHRASES", "Phrase", "Subject", "duration"]
