"""From composed YAML nodes to plain data, with the YAML 1.2 rules definitions need.

PyYAML's own constructors implement YAML 1.1 (`no` -> False, `012` -> 10, `12:30` -> 750,
`2026-01-01` -> date), build Python objects on request, and expand aliases without limit. This
constructor is the small replacement on the hot path: one recursive walk that resolves plain
scalars with a JSON-compatible subset of the YAML 1.2 core schema, refuses duplicate keys,
unknown tags and aliases, and caps nesting. It never raises for bad input: every finding is a
`Diagnostic`, and the offending value becomes `None` with its pointer flagged so the model
layer does not report the same place twice.

Plain-scalar rules (anything else is a string):
- `null`, `Null`, `NULL`, `~`, empty -> None; `true`/`True`/`TRUE`, `false`/... -> bool;
- integers `[-+]?(0|[1-9][0-9]*)` (so `012`, `0x1F`, `1_000` stay strings, as in JSON);
- floats `[-+]?(.5|1.|1.5)([eE][-+]?N)?` without leading zeros, `.inf`, `-.inf`, `.nan`
  (with their case variants).
Mapping keys are always strings, as in JSON (`on:`, `yes:`, `200:` are the keys "on", ...).
"""

from __future__ import annotations

import math
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.loader import codes
from revops_as_code.loader.positions import PositionRecorder, pointer_of

MAX_DEPTH = 64
"""Definitions nest a handful of levels; criteria trees perhaps a dozen."""

PLAIN = "?"
"""Tag the composer gives a plain (unquoted, untagged) scalar: resolved by `_plain`."""
STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
_CORE = "tag:yaml.org,2002:"

_MISSING = object()
_SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_NUMBER_START = frozenset("-+.0123456789")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


def resolve_plain(value: str) -> Any:
    """A plain scalar's value under the rules in the module docstring."""
    special = _SPECIAL.get(value, _MISSING)
    if special is not _MISSING:
        return special
    if value[0] in _NUMBER_START:  # value is non-empty: "" is in _SPECIAL
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    return value


class Constructor:
    """Builds one document's data from its root node, collecting diagnostics."""

    def __init__(
        self,
        root: Node,
        shown: str,
        *,
        track_aliases: bool,
        max_depth: int = MAX_DEPTH,
        positions: PositionRecorder | None = None,
    ) -> None:
        self.root = root
        # Every node is recorded here on the same walk (a second walk would cost as much as
        # this one), including subtrees the constructor refuses, so positions mirror the
        # whole node tree; see `loader.positions`.
        self.positions = positions
        self.shown = shown
        self.max_depth = max_depth
        self.diagnostics: list[Diagnostic] = []
        self.flagged: set[str] = set()
        self.alias_found = False
        # Only when the text contains an anchor can a node be reached twice; tracking ids
        # then turns an alias bomb (or a recursive anchor) into one cheap refusal.
        self._seen: set[int] | None = set() if track_aliases else None

    def build(self) -> Any:
        return self._node(self.root, 0, None)

    def _node(self, node: Node, depth: int, key_node: Node | None) -> Any:
        seen = self._seen
        if seen is not None:
            if id(node) in seen:
                self.alias_found = True
                return None
            seen.add(id(node))
        cls = node.__class__
        rec = self.positions
        if cls is ScalarNode:
            if rec is not None:
                rec.open(node, key_node)
            tag = node.tag
            if tag is PLAIN:
                return resolve_plain(node.value)
            if tag is STR:
                return node.value
            return self._tagged_scalar(node)
        if depth >= self.max_depth:
            self._error(
                node,
                codes.TOO_DEEP,
                f"nesting deeper than {self.max_depth} levels",
                hint="definitions never need this much nesting; flatten the structure",
            )
            if rec is not None:
                rec.subtree(node, key_node)
            return None
        if cls is MappingNode:
            if node.tag is not MAP and not self._collection_tag_ok(node, MAP):
                if rec is not None:
                    rec.subtree(node, key_node)
                return None
            index = rec.open(node, key_node) if rec is not None else 0
            out: dict[str, Any] = {}
            # Most values are plain or quoted scalars (keys, labels, descriptions): those are
            # resolved and recorded right here, which saves a call per scalar on the hot path.
            inline = seen is None
            for entry_key, value_node in node.value:
                if entry_key.__class__ is ScalarNode and (
                    entry_key.tag is PLAIN or entry_key.tag is STR
                ):
                    key = entry_key.value
                else:
                    self._bad_key(entry_key)
                    if rec is not None and isinstance(entry_key, ScalarNode):
                        rec.subtree(value_node, entry_key)  # a pointer can still name it
                    continue
                if key in out:
                    self._duplicate(node, entry_key, key)
                    if rec is not None:
                        rec.subtree(value_node, entry_key)
                    continue
                if inline and value_node.__class__ is ScalarNode:
                    tag = value_node.tag
                    if tag is PLAIN or tag is STR:
                        if rec is not None:
                            rec.scalar(value_node, entry_key)
                        value = value_node.value
                        out[key] = resolve_plain(value) if tag is PLAIN else value
                        continue
                out[key] = self._node(value_node, depth + 1, entry_key)
            if rec is not None:
                rec.close(index)
            return out
        if cls is SequenceNode:
            if node.tag is not SEQ and not self._collection_tag_ok(node, SEQ):
                if rec is not None:
                    rec.subtree(node, key_node)
                return None
            if rec is None:
                return [self._node(item, depth + 1, None) for item in node.value]
            index = rec.open(node, key_node)
            items = [self._node(item, depth + 1, None) for item in node.value]
            rec.close(index)
            return items
        return None  # pragma: no cover - the composer builds only the three node kinds

    # -- the error paths ---------------------------------------------------------------

    def _tagged_scalar(self, node: Node) -> Any:
        tag, value = node.tag, node.value
        if tag == STR or tag == "!":
            return value
        if tag == _CORE + "null" and value in ("", "~", "null", "Null", "NULL"):
            return None
        if tag == _CORE + "bool" and isinstance(_SPECIAL.get(value), bool):
            return _SPECIAL[value]
        if tag == _CORE + "int" and _INT.fullmatch(value):
            return int(value)
        if tag == _CORE + "float" and (_FLOAT.fullmatch(value) or value in _SPECIAL):
            special = _SPECIAL.get(value)
            return float(special) if isinstance(special, float) else float(value)
        if tag.startswith(_CORE) and tag[len(_CORE) :] in ("null", "bool", "int", "float"):
            self._error(node, codes.UNKNOWN_TAG, f"{value!r} is not a valid !!{tag[len(_CORE) :]}")
            return None
        self._unknown_tag(node)
        return None

    def _collection_tag_ok(self, node: Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        self._unknown_tag(node)
        return False

    def _unknown_tag(self, node: Node) -> None:
        tag = str(node.tag)
        shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
        if tag.startswith(_CORE + "python/"):
            message = f"Python object tag {shown} refused: definitions are data, never code"
        else:
            message = f"unknown tag {shown}"
        self._error(node, codes.UNKNOWN_TAG, message, hint="remove the tag; write plain YAML")

    def _bad_key(self, key_node: Node) -> None:
        if isinstance(key_node, ScalarNode):
            self._unknown_tag(key_node)
            return
        self._error(
            key_node,
            codes.NON_STRING_KEY,
            "mapping keys must be strings, not a list or mapping",
            as_key=True,
        )

    def _duplicate(self, mapping: Node, key_node: Node, key: str) -> None:
        first = next(k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == key)
        first_line = first.start_mark.line + 1
        line = key_node.start_mark.line + 1
        where = f"line {first_line}"
        if first_line == line:
            where = f"column {first.start_mark.column + 1}"
        self.diagnostics.append(
            Diagnostic(
                Severity.ERROR,
                codes.DUPLICATE_KEY,
                f"duplicate key {key!r}: line {line} repeats the key from {where}",
                self._location(key_node, pointer_of(self.root, key_node, as_key=True)),
                hint="keep one of them (most YAML tools silently keep only the last)",
            )
        )

    def _error(
        self,
        node: Node,
        code: str,
        message: str,
        *,
        hint: str | None = None,
        as_key: bool = False,
    ) -> None:
        pointer = pointer_of(self.root, node, as_key=as_key)
        self.flagged.add(pointer)
        self.diagnostics.append(
            Diagnostic(Severity.ERROR, code, message, self._location(node, pointer), hint)
        )

    def _location(self, node: Node, pointer: str) -> Location:
        mark = node.start_mark
        return Location(self.shown, mark.line + 1, mark.column + 1, pointer)


__all__ = ["MAP", "MAX_DEPTH", "PLAIN", "SEQ", "STR", "Constructor", "resolve_plain"]
