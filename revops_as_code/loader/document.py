"""A loaded YAML document: plain data plus a way to find where any value came from.

Positions are recorded cheaply while parsing and resolved only when a diagnostic needs one
(`location(pointer)`), so the hot path of `revops validate` pays almost nothing for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from revops_as_code.diagnostics import Location


class PositionIndex(Protocol):
    """Maps an RFC 6901 JSON pointer to a 1-based (line, col) in the file.

    `key=True` asks for the position of the mapping *key* rather than its value (an unknown
    key is reported at the key). Unknown pointers resolve to the nearest existing ancestor.
    """

    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]: ...


@dataclass(frozen=True)
class SourceDocument:
    path: str
    """Path as shown to the user (relative to the working directory when possible)."""
    index: int
    """0-based index of the document within its file (`---` separated)."""
    data: Any
    """Plain Python data: dict / list / str / int / float / bool / None."""
    positions: PositionIndex

    def location(self, pointer: str = "", *, key: bool = False) -> Location:
        line, col = self.positions.lookup(pointer, key=key)
        return Location(file=self.path, line=line, col=col, pointer=pointer)


def pointer_join(*parts: str | int) -> str:
    """`pointer_join("stages", 2, "key")` -> `/stages/2/key` (RFC 6901 escaping)."""
    out = []
    for part in parts:
        text = str(part).replace("~", "~0").replace("/", "~1")
        out.append("/" + text)
    return "".join(out)


__all__ = ["PositionIndex", "SourceDocument", "pointer_join"]
