"""Formatting shared by the text and markdown renderers: symbols, values, attribute lines.

Renderers are pure functions of a Plan, so these helpers are too: no terminal detection,
no environment lookups (the CLI decides about colour and passes it in).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping

from revops_as_code.changes import Action, AttributeChange, Change, Risk
from revops_as_code.diff.risk import leaf_attribute, top_attribute
from revops_as_code.providers.base import AttributeDisplay
from revops_as_code.resources import JsonValue

Displays = Mapping[str, AttributeDisplay]
"""attribute -> how to show it, for one change's kind (from the plan's `display`)."""

SYMBOLS: dict[Action, str] = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.DELETE: "-",
    Action.REPLACE: "-/+",
}
"""Terraform's action symbols."""

VERBS: dict[Action, str] = {
    Action.CREATE: "will be created",
    Action.UPDATE: "will be updated in place",
    Action.DELETE: "will be destroyed",
    Action.REPLACE: "will be replaced (destroyed and re-created)",
}

WRAP_WIDTH = 100
"""Attribute lines longer than this wrap onto continuation lines; nothing is ever cut."""

MEMBER_KEYS = ("value", "key", "name", "id")
"""How a list member is named when a list of objects is shown one member per line: the first
of these fields that every member has (else its position)."""


def format_value(value: JsonValue) -> str:
    """Compact JSON (sorted keys), whole: long values wrap where they are shown, never cut."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def wrap_line(line: str, width: int = WRAP_WIDTH, indent: str = "    ") -> list[str]:
    """`line` as lines of at most `width` characters (a word longer than that is split), the
    continuation lines indented; every character but the spaces at a break is kept."""
    if len(line) <= width:
        return [line]
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
        replace_whitespace=False,
        drop_whitespace=True,
    ) or [line]


def _member_key(members: list[JsonValue]) -> str | None:
    if not members or not all(isinstance(m, dict) for m in members):
        return None
    for key in MEMBER_KEYS:
        if all(isinstance(m, dict) and key in m for m in members):
            return key
    return None


def member_lines(symbol: str, path: str, value: JsonValue) -> list[str] | None:
    """A list of objects (a new dropdown's options) as one `+ options[x]: {...}` line per
    member instead of one JSON blob; None when `value` is not such a list."""
    if not isinstance(value, list):
        return None
    key = _member_key(value)
    if key is None:
        return None
    out = []
    for index, member in enumerate(value):
        assert isinstance(member, dict)
        rest = {k: v for k, v in member.items() if k != key}
        name = member.get(key, index)
        body = format_value(rest) if rest else "{}"
        out.append(f"{symbol} {path}[{name}]: {body}")
    return out


def attribute_symbol(ac: AttributeChange) -> str:
    if ac.reorder_only:
        return "~"
    if ac.before is None and ac.after is not None:
        return "+"
    if ac.after is None and ac.before is not None:
        return "-"
    return "~"


def _shown(path: str, displays: Displays) -> tuple[str, AttributeDisplay | None]:
    """The path in the definition's words, and how to show its values (if declared)."""
    top, leaf = top_attribute(path), leaf_attribute(path)
    if top in displays and top == leaf and "[" not in path:
        return displays[top].name, displays[top]
    if top in displays:
        return displays[top].name + path[len(top) :], None
    if leaf in displays and path.endswith(leaf):
        return path[: len(path) - len(leaf)] + displays[leaf].name, displays[leaf]
    return path, None


def show_value(value: JsonValue, display: AttributeDisplay | None) -> str:
    """A value as the definition states it: `20%` for HubSpot's stored 0.2."""
    if display is None:
        return format_value(value)
    shown = display.show(value)
    if display.unit and isinstance(shown, int | float) and not isinstance(shown, bool):
        return f"{shown}{display.unit}"
    return format_value(shown)


def attribute_line(ac: AttributeChange, displays: Displays | None = None) -> str:
    """`~ label: "Old" → "New"`, `+ options[x]: {...}`, `~ options: reordered [...] → [...]`."""
    symbol = attribute_symbol(ac)
    path, display = _shown(ac.path, displays or {})
    if ac.reorder_only:
        body = f"{path}: reordered {format_value(ac.before)} → {format_value(ac.after)}"
    elif symbol == "+":
        body = f"{path}: {show_value(ac.after, display)}"
    elif symbol == "-":
        body = f"{path}: {show_value(ac.before, display)} → (removed)"
    else:
        body = f"{path}: {show_value(ac.before, display)} → {show_value(ac.after, display)}"
    suffix = "  # drift: changed outside revops" if ac.drift else ""
    return f"{symbol} {body}{suffix}"


def _attribute_lines(ac: AttributeChange, displays: Displays) -> list[str]:
    symbol = attribute_symbol(ac)
    path, _ = _shown(ac.path, displays)
    if symbol in "+-" and not ac.reorder_only and not ac.drift:
        members = member_lines(symbol, path, ac.after if symbol == "+" else ac.before)
        if members is not None:
            return members
    return [attribute_line(ac, displays)]


def change_lines(
    change: Change, displays: Displays | None = None, width: int = WRAP_WIDTH
) -> list[str]:
    """The attribute lines shown under one change (deletes list what will be lost): lists of
    objects one member per line, long lines wrapped at `width`, nothing cut."""
    shown = displays or {}
    raw: list[str] = []
    if change.action is Action.DELETE:
        before = change.before if isinstance(change.before, dict) else {}
        for k, v in sorted(before.items()):
            path, display = _shown(k, shown)
            members = member_lines("-", path, v)
            raw += members if members is not None else [f"- {path}: {show_value(v, display)}"]
    else:
        for ac in change.attribute_changes:
            if change.action is Action.CREATE and ac.before is None and ac.after is None:
                # A create setting an attribute to null (a field with no display field): what
                # it sets, not a change from null to null.
                raw.append(f"+ {_shown(ac.path, shown)[0]}: null")
                continue
            raw += _attribute_lines(ac, shown)
    return [part for line in raw for part in wrap_line(line, width)]


def origin_name(address: str) -> str:
    """`pipeline/new_business/stage/discovery` -> `pipeline new_business › stage discovery`;
    `field/company/icp_tier` -> `field company.icp_tier`."""
    parts = [p for p in address.split("/") if p]
    if not parts:
        return ""
    if parts[0] in ("field", "fact") and len(parts) >= 3:
        parts = [parts[0], f"{parts[1]}.{parts[2]}", *parts[3:]]
    pairs = [" ".join(parts[i : i + 2]) for i in range(0, len(parts), 2)]
    return " › ".join(pairs)


def headline(change: Change) -> tuple[str, str]:
    """(what a reviewer reads first, where it lives): the definition's name and `file:line`,
    then the vendor address (`hubspot deals/default/appointmentscheduled`)."""
    rid = change.resource_id
    vendor = f"{rid.target} {rid.kind.replace('_', ' ')} {rid.key}"
    if not change.origin.address:
        return str(rid), ""
    where = f"({change.origin.file_line})  " if change.origin.file_line else ""
    return origin_name(change.origin.address), f"{where}{vendor}"


def displays_for(plan_display: Mapping[str, Mapping[str, Displays]], change: Change) -> Displays:
    rid = change.resource_id
    return plan_display.get(rid.target, {}).get(rid.kind, {})


def badges(change: Change) -> list[str]:
    """Short tags after a change's header: risk (when not safe), drift, protected."""
    out = []
    if change.risk is not Risk.SAFE:
        out.append(change.risk.label)
    if change.has_drift:
        out.append("drift")
    if change.protected:
        out.append("protected")
    return out


__all__ = [
    "MEMBER_KEYS",
    "SYMBOLS",
    "VERBS",
    "WRAP_WIDTH",
    "Displays",
    "attribute_line",
    "attribute_symbol",
    "badges",
    "change_lines",
    "displays_for",
    "format_value",
    "headline",
    "member_lines",
    "origin_name",
    "show_value",
    "wrap_line",
]
