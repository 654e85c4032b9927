"""pydantic's `ValidationError` mapped to diagnostics at `file:line:col`.

Each error's `loc` tuple is walked through the document's data to get a JSON pointer (segments
that name no data, such as a union member's tag, are skipped), and the pointer is resolved to
a position only here, on the error path. An unknown key is reported at the key with the
nearest valid key of that model suggested; a missing key at the mapping that lacks it.
Messages describe the offending value's type but never echo it: it may be a pasted secret.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic
from pydantic_core import ErrorDetails

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import SourceDocument, pointer_join
from revops_as_code.validation import codes
from revops_as_code.validation.structure import describe, did_you_mean

_TYPE_ERRORS = frozenset(
    {
        "model_type",
        "model_attributes_type",
        "dict_type",
        "list_type",
        "tuple_type",
        "set_type",
        "frozen_set_type",
        "string_type",
        "int_type",
        "float_type",
        "bool_type",
        "decimal_type",
        "date_type",
        "datetime_type",
        "is_instance_of",
        "none_required",
        "int_from_float",
    }
)
_QUOTED = re.compile(r"'([^']*)'")


def model_diagnostics(
    doc: SourceDocument, model: type[pydantic.BaseModel], exc: pydantic.ValidationError
) -> list[Diagnostic]:
    """Every error of one document's validation, located; loader-flagged places skipped."""
    flagged: set[str] = getattr(doc.positions, "flagged", set())
    errors = exc.errors(include_url=False)
    # pydantic counts only the items that validated, so one bad item of a list that needs
    # at least one also reports "too short": noise next to the item's own error.
    parents = {tuple(e["loc"][:i]) for e in errors for i in range(len(e["loc"]))}
    out: list[Diagnostic] = []
    for error in errors:
        if error["type"] == "too_short" and tuple(error["loc"]) in parents:
            continue
        diagnostic = _one(doc, model, error)
        if not _under_flagged(diagnostic.location.pointer, flagged):
            out.append(diagnostic)
    return out


def _under_flagged(pointer: str, flagged: set[str]) -> bool:
    if not flagged:
        return False
    return any(pointer == f or pointer.startswith(f + "/") or f == "" for f in flagged)


def _resolve_loc(data: Any, loc: tuple[int | str, ...], *, keep_last: bool) -> list[str | int]:
    """The data path of a pydantic `loc` (union tags and the like dropped)."""
    parts: list[str | int] = []
    current = data
    for position, segment in enumerate(loc):
        found, child = _child(current, segment)
        if found:
            parts.append(segment)
            current = child
        elif keep_last and position == len(loc) - 1:
            parts.append(segment)
    return parts


def _child(current: Any, segment: int | str) -> tuple[bool, Any]:
    if isinstance(current, dict):
        return (True, current[segment]) if segment in current else (False, None)
    if isinstance(current, list) and isinstance(segment, int) and 0 <= segment < len(current):
        return True, current[segment]
    return False, None


def _one(doc: SourceDocument, model: type[pydantic.BaseModel], error: ErrorDetails) -> Diagnostic:
    kind = error["type"]
    loc = tuple(error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        parts = _resolve_loc(doc.data, loc, keep_last=True)
        key = str(parts[-1]) if parts else str(loc[-1])
        pointer = pointer_join(*parts)
        valid = sorted(_field_names_at(model, parts[:-1]))
        suggestion = did_you_mean(key, valid)
        if suggestion:
            hint = f"did you mean {suggestion!r}?"
        elif valid:
            hint = "valid keys here: " + ", ".join(valid)
        else:
            hint = None
        return Diagnostic(
            Severity.ERROR,
            codes.UNKNOWN_KEY,
            f"unknown key {_short(key)}",
            doc.location(pointer, key=True),
            hint,
        )
    if kind == "missing":
        parts = _resolve_loc(doc.data, loc, keep_last=True)
        pointer = pointer_join(*parts)
        name = parts[-1] if parts else loc[-1]
        return Diagnostic(
            Severity.ERROR,
            codes.MISSING_KEY,
            f"missing required key {str(name)!r}",
            # The position is the mapping that lacks the key (nearest existing ancestor).
            doc.location(pointer),
        )
    parts = _resolve_loc(doc.data, loc, keep_last=False)
    pointer = pointer_join(*parts)
    got = describe(error.get("input"))
    hint = None
    if kind in _TYPE_ERRORS:
        code = codes.WRONG_TYPE
        message = f"{message}, got {got}"
        hint = _yaml12_hint(kind, error.get("input"))
    else:
        code = codes.INVALID_VALUE
        if kind == "literal_error" and isinstance(error.get("input"), str):
            expected = str((error.get("ctx") or {}).get("expected", ""))
            suggestion = did_you_mean(str(error["input"]), _QUOTED.findall(expected))
            if suggestion:
                hint = f"did you mean {suggestion!r}?"
    return Diagnostic(Severity.ERROR, code, message, doc.location(pointer), hint)


_YAML11_BOOLS = frozenset({"yes", "no", "on", "off", "y", "n"})
_DIGITS = re.compile(r"[-+]?[0-9][0-9_:.]*")


def _yaml12_hint(kind: str, value: object) -> str | None:
    """Explain the YAML 1.1 habits that YAML 1.2 (and revops) read as strings."""
    if not isinstance(value, str):
        return None
    if kind == "bool_type" and value.lower() in _YAML11_BOOLS:
        return f"YAML 1.2 reads {value} as text; write true or false"
    if kind in ("int_type", "float_type") and _DIGITS.fullmatch(value):
        return "quoted, zero-padded, `_`-grouped or `:`-separated numbers are text; write 12"
    return None


def _short(key: str) -> str:
    return repr(key) if len(key) <= 60 else repr(key[:57] + "...")


# -- which keys are valid at a data path (for did-you-mean) -----------------------------


def _field_names_at(model: type[pydantic.BaseModel], parts: Sequence[str | int]) -> set[str]:
    current: list[Any] = [model]
    for segment in parts:
        current = [child for tp in current for child in _step(tp, segment)]
    names: set[str] = set()
    for tp in current:
        for member in _members(tp):
            if isinstance(member, type) and issubclass(member, pydantic.BaseModel):
                for name, info in member.model_fields.items():
                    names.add(info.alias or name)
    return names


def _members(tp: Any) -> list[Any]:
    """A type with `Annotated`, `Optional` and unions unwrapped into its members."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _members(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        return [m for arg in typing.get_args(tp) for m in _members(arg)]
    return [tp]


def _step(tp: Any, segment: str | int) -> list[Any]:
    out: list[Any] = []
    for member in _members(tp):
        origin = typing.get_origin(member)
        args = typing.get_args(member)
        if isinstance(member, type) and issubclass(member, pydantic.BaseModel):
            if isinstance(segment, str):
                for name, info in member.model_fields.items():
                    if segment in (name, info.alias):
                        out.append(info.annotation)
        elif origin in (list, tuple, set, frozenset, Sequence) and args:
            out.append(args[0])
        elif origin in (dict, Mapping) and len(args) == 2:
            out.append(args[1])
    return out


__all__ = ["model_diagnostics"]
