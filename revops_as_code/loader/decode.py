"""Byte-level checks before any YAML parsing: size cap, encoding, and where a bad byte is.

libyaml would accept UTF-16 silently and report invalid UTF-8 with a bare offset; we want a
definition file to be UTF-8 (what git diffs, editors and CRMs agree on), and when it is not,
to say at which byte, on which line, and how to fix it.
"""

from __future__ import annotations

import codecs

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.loader import codes

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Definition files are hand-written; anything bigger is a mistake or an attack."""

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_FIX_ENCODING = "re-save the file as UTF-8 (e.g. `iconv -f {enc} -t UTF-8 FILE > FILE.new`)"


def line_col_at(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as editors count) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def check_bytes(raw: bytes, shown: str, *, max_bytes: int = MAX_FILE_BYTES) -> Diagnostic | None:
    """The one reason these bytes cannot be parsed as a definition file, or None."""
    if len(raw) > max_bytes:
        return Diagnostic(
            Severity.ERROR,
            codes.TOO_LARGE,
            f"file is {len(raw):,} bytes, over the {max_bytes:,}-byte cap for definition files",
            Location(file=shown, line=1, col=1),
            hint="split it into several files (any *.yaml under the directory is read)",
        )
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            return Diagnostic(
                Severity.ERROR,
                codes.NOT_UTF8_ENCODING,
                f"file is {name} (byte order mark at byte offset 0); definitions must be UTF-8",
                Location(file=shown, line=1, col=1),
                hint=_FIX_ENCODING.format(enc=name),
            )
    nul = raw.find(b"\x00")
    if nul >= 0:
        # ASCII text saved as UTF-16 without a BOM has a NUL next to every character.
        line, col = line_col_at(raw, nul)
        return Diagnostic(
            Severity.ERROR,
            codes.NOT_UTF8_ENCODING,
            f"NUL byte at byte offset {nul}: the file looks UTF-16 (or binary), not UTF-8",
            Location(file=shown, line=line, col=col),
            hint=_FIX_ENCODING.format(enc="UTF-16"),
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col_at(raw, exc.start)
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return Diagnostic(
            Severity.ERROR,
            codes.INVALID_UTF8,
            f"invalid UTF-8 byte 0x{bad} at byte offset {exc.start}",
            Location(file=shown, line=line, col=col),
            hint="the file looks Latin-1/Windows-1252 encoded; "
            + _FIX_ENCODING.format(enc="WINDOWS-1252"),
        )
    return None


__all__ = ["MAX_FILE_BYTES", "check_bytes", "line_col_at"]
