"""SOQL's tokens: quoted strings with SOQL's backslash escapes, numbers, date and datetime
literals (`2026-01-31`, `2026-01-31T10:00:00Z`, `+hh:mm` offsets), identifiers, operators; and
Salesforce's located error message (the line, a caret, `ERROR at Row:r:Column:c`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .soql_ast import DATE_RANGES, N_RANGES, Literal, SoqlError

KEYWORDS = frozenset(
    [
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "IN",
        "LIKE",
        "INCLUDES",
        "EXCLUDES",
        "NULL",
        "TRUE",
        "FALSE",
        "GROUP",
        "BY",
        "HAVING",
        "ORDER",
        "ASC",
        "DESC",
        "NULLS",
        "FIRST",
        "LAST",
        "LIMIT",
        "OFFSET",
    ]
)
RESERVED = frozenset(
    [
        "AND",
        "ASC",
        "DESC",
        "EXCLUDES",
        "FIRST",
        "FROM",
        "GROUP",
        "HAVING",
        "IN",
        "INCLUDES",
        "LAST",
        "LIKE",
        "LIMIT",
        "NOT",
        "NULL",
        "NULLS",
        "OR",
        "SELECT",
        "WHERE",
        "WITH",
    ]
)
"""Salesforce's reserved SOQL words: never a field or object name (ORDER is not one: the
Order object exists)."""
AGGREGATES = frozenset({"COUNT", "COUNT_DISTINCT", "SUM", "MAX", "MIN", "AVG"})
_ESCAPES = {
    "'": "'",
    '"': '"',
    "\\": "\\",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "b": "\b",
    "f": "\f",
    "%": "%",
    "_": "_",
}


@dataclass(frozen=True)
class Token:
    kind: str
    """IDENT, STRING, NUMBER, DATE, DATETIME, OP (= != <> < <= > >=), PUNCT (( ) , . :), EOF."""
    text: str
    pos: int
    value: Any = None


_TOKEN_RE = re.compile(
    r"""(?P<ws>\s+)
      | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))
      | (?P<date>\d{4}-\d{2}-\d{2}(?![\dT]))
      | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))
      | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>!=|<>|<=|>=|=|<|>)
      | (?P<punct>[(),.:])
      | (?P<quote>')""",
    re.VERBOSE,
)


def malformed(text: str, pos: int, detail: str, code: str = "MALFORMED_QUERY") -> SoqlError:
    """Salesforce's query error message: the line, a caret under the column, the place, the
    detail."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    row = text.count("\n", 0, pos) + 1
    col = pos - line_start + 1
    return SoqlError(
        code,
        f"\n{line}\n{' ' * (col - 1)}^\nERROR at Row:{row}:Column:{col}\n{detail}",
    )


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise malformed(
                text, pos, f"line 1:{pos} no viable alternative at character '{text[pos]}'"
            )
        kind = match.lastgroup or ""
        lexeme = match.group()
        if kind == "quote":
            token, pos = _string(text, pos)
            tokens.append(token)
            continue
        if kind == "datetime":
            tokens.append(Token("DATETIME", lexeme, pos, _parse_datetime(text, pos, lexeme)))
        elif kind == "date":
            tokens.append(Token("DATE", lexeme, pos, _parse_date(text, pos, lexeme)))
        elif kind == "number":
            number: int | float = float(lexeme) if "." in lexeme else int(lexeme)
            tokens.append(Token("NUMBER", lexeme, pos, number))
        elif kind == "ident":
            tokens.append(Token("IDENT", lexeme, pos))
        elif kind in ("op", "punct"):
            tokens.append(Token(kind.upper(), "!=" if lexeme == "<>" else lexeme, pos))
        pos = match.end()
    tokens.append(Token("EOF", "<EOF>", len(text)))
    return tokens


def _string(text: str, start: int) -> tuple[Token, int]:
    """A quoted literal (its value a string `Literal`) and the offset after it."""
    out: list[str] = []
    pos = start + 1
    while pos < len(text):
        ch = text[pos]
        if ch == "'":
            raw = text[start + 1 : pos]
            literal = Literal("string", "".join(out), raw)
            return Token("STRING", text[start : pos + 1], start, literal), pos + 1
        if ch == "\\":
            nxt = text[pos + 1 : pos + 2]
            if nxt not in _ESCAPES:
                raise malformed(
                    text,
                    start,
                    f"Invalid string literal '{text[start + 1 : pos + 2]}'. "
                    f"Illegal character sequence '\\{nxt}' in string literal.",
                )
            out.append(_ESCAPES[nxt])
            pos += 2
            continue
        out.append(ch)
        pos += 1
    raise malformed(text, start, f"line 1:{len(text)} mismatched character '<EOF>' expecting '''")


def _parse_date(text: str, pos: int, lexeme: str) -> date:
    try:
        return date.fromisoformat(lexeme)
    except ValueError:
        raise malformed(text, pos, f"unexpected token: '{lexeme}'") from None


def _parse_datetime(text: str, pos: int, lexeme: str) -> datetime:
    iso = lexeme.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", iso):
        iso = iso[:-2] + ":" + iso[-2:]
    try:
        return datetime.fromisoformat(iso).astimezone(UTC)
    except ValueError:
        raise malformed(text, pos, f"unexpected token: '{lexeme}'") from None


__all__ = [
    "AGGREGATES",
    "DATE_RANGES",
    "KEYWORDS",
    "N_RANGES",
    "RESERVED",
    "Token",
    "malformed",
    "tokenize",
]
