"""Formatting shared by the text and markdown renderers: symbols, values, attribute lines.

Renderers are pure functions of a Plan, so these helpers are too: no terminal detection,
no environment lookups (the CLI decides about colour and passes it in).
"""

from __future__ import annotations

import json

from revops_as_code.changes import Action, AttributeChange, Change, Risk
from revops_as_code.resources import JsonValue

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

MAX_VALUE_CHARS = 160
"""Longer values are cut, with the number of characters left out said plainly."""


def format_value(value: JsonValue, limit: int = MAX_VALUE_CHARS) -> str:
    """Compact JSON (sorted keys), cut to `limit` characters with an honest note."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def attribute_symbol(ac: AttributeChange) -> str:
    if ac.reorder_only:
        return "~"
    if ac.before is None and ac.after is not None:
        return "+"
    if ac.after is None and ac.before is not None:
        return "-"
    return "~"


def attribute_line(ac: AttributeChange) -> str:
    """`~ label: "Old" → "New"`, `+ options[x]: {...}`, `~ options: reordered [...] → [...]`."""
    symbol = attribute_symbol(ac)
    if ac.reorder_only:
        body = f"{ac.path}: reordered {format_value(ac.before)} → {format_value(ac.after)}"
    elif symbol == "+":
        body = f"{ac.path}: {format_value(ac.after)}"
    elif symbol == "-":
        body = f"{ac.path}: {format_value(ac.before)} → (removed)"
    else:
        body = f"{ac.path}: {format_value(ac.before)} → {format_value(ac.after)}"
    suffix = "  # drift: changed outside revops" if ac.drift else ""
    return f"{symbol} {body}{suffix}"


def change_lines(change: Change) -> list[str]:
    """The attribute lines shown under one change (deletes list what will be lost)."""
    if change.action is Action.DELETE:
        before = change.before if isinstance(change.before, dict) else {}
        return [f"- {k}: {format_value(v)}" for k, v in sorted(before.items())]
    return [attribute_line(ac) for ac in change.attribute_changes]


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
    "MAX_VALUE_CHARS",
    "SYMBOLS",
    "VERBS",
    "attribute_line",
    "attribute_symbol",
    "badges",
    "change_lines",
    "format_value",
]
