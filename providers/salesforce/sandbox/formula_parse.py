"""Salesforce formula text -> an expression tree (`formula.py` checks and evaluates it).

Precedence, loosest first: `||`, `&&`, comparisons (`= == != <> < <= > >=`), `+ - &`, `* /`,
unary `- + !`, `^`, then literals, calls, field paths and parentheses. Function names and
keywords (TRUE, FALSE, NULL) are case-insensitive; `/* comments */` are skipped. Syntax errors
read like Salesforce's ("Error: Syntax error.  Missing ')'").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class FormulaError(Exception):
    """A formula Salesforce would refuse to save, or one that fails while it runs."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Lit:
    kind: str
    """Number, Text, Boolean or Null."""
    value: Any


@dataclass(frozen=True)
class Field:
    path: str
    """As written, e.g. `Account.ICP_Tier__c`."""


@dataclass(frozen=True)
class Call:
    name: str
    """Upper-cased function name."""
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    """`==` is read as `=` and `<>` as `!=`."""
    left: Node
    right: Node


Node = Lit | Field | Call | Unary | Binary

_TOKEN = re.compile(
    r"""(?P<ws>\s+|/\*.*?\*/)
      | (?P<number>\d+(?:\.\d*)?|\.\d+)
      | (?P<name>\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
      | (?P<op>&&|\|\||==|!=|<>|<=|>=|[=<>+\-*/&!^(),])
      | (?P<quote>["'])""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", '"': '"', "'": "'", "b": "\b", "f": "\f"}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    value: Any = None


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise FormulaError(f"Error: Syntax error.  Found '{text[pos]}'")
        kind = match.lastgroup or ""
        if kind == "quote":
            value, pos = _string(text, pos)
            out.append(_Tok("string", value, value))
            continue
        lexeme = match.group()
        if kind == "number":
            out.append(_Tok("number", lexeme, float(lexeme) if "." in lexeme else int(lexeme)))
        elif kind == "name":
            out.append(_Tok("name", lexeme))
        elif kind == "op":
            out.append(_Tok("op", {"==": "=", "<>": "!="}.get(lexeme, lexeme)))
        pos = match.end()
    out.append(_Tok("end", "end of formula"))
    return out


def _string(text: str, start: int) -> tuple[str, int]:
    quote = text[start]
    chars: list[str] = []
    pos = start + 1
    while pos < len(text):
        ch = text[pos]
        if ch == quote:
            return "".join(chars), pos + 1
        if ch == "\\" and pos + 1 < len(text):
            nxt = text[pos + 1]
            if nxt not in _ESCAPES:
                raise FormulaError(f"Error: Syntax error.  Illegal escape sequence '\\{nxt}'")
            chars.append(_ESCAPES[nxt])
            pos += 2
            continue
        chars.append(ch)
        pos += 1
    raise FormulaError("Error: Syntax error.  Missing " + quote)


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def at(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def take(self) -> _Tok:
        tok = self.tok
        self.i = min(self.i + 1, len(self.toks) - 1)
        return tok

    def found(self) -> FormulaError:
        return FormulaError(f"Error: Syntax error.  Found '{self.tok.text}'")

    def formula(self) -> Node:
        if self.tok.kind == "end":
            raise self.found()
        node = self.or_()
        if self.at(")"):
            raise FormulaError("Error: Syntax error.  Extra ')'")
        if self.at(","):
            raise FormulaError("Error: Syntax error.  Extra ','")
        if self.tok.kind != "end":
            raise self.found()
        return node

    def left_assoc(self, ops: tuple[str, ...], operand: Any) -> Node:
        node: Node = operand()
        while self.at(*ops):
            op = self.take().text
            node = Binary(op, node, operand())
        return node

    def or_(self) -> Node:
        return self.left_assoc(("||",), self.and_)

    def and_(self) -> Node:
        return self.left_assoc(("&&",), self.compare)

    def compare(self) -> Node:
        return self.left_assoc(("=", "!=", "<", "<=", ">", ">="), self.additive)

    def additive(self) -> Node:
        return self.left_assoc(("+", "-", "&"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.left_assoc(("*", "/"), self.unary)

    def unary(self) -> Node:
        if self.at("-", "+", "!"):
            op = self.take().text
            return Unary(op, self.unary())
        return self.power()

    def power(self) -> Node:
        base = self.primary()
        if self.at("^"):
            self.take()
            return Binary("^", base, self.unary())
        return base

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            return Lit("Number", tok.value)
        if tok.kind == "string":
            self.take()
            return Lit("Text", tok.value)
        if self.at("("):
            self.take()
            inner = self.or_()
            self.close()
            return inner
        if tok.kind != "name":
            raise self.found()
        self.take()
        word = tok.text.upper()
        if self.at("("):
            self.take()
            args: list[Node] = []
            if not self.at(")"):
                args.append(self.or_())
                while self.at(","):
                    self.take()
                    args.append(self.or_())
            self.close()
            return Call(word, tuple(args))
        if word in ("TRUE", "FALSE"):
            return Lit("Boolean", word == "TRUE")
        if word == "NULL":
            return Lit("Null", None)
        return Field(tok.text)

    def close(self) -> None:
        if not self.at(")"):
            if self.tok.kind == "end":
                raise FormulaError("Error: Syntax error.  Missing ')'")
            raise self.found()
        self.take()


def parse(text: str) -> Node:
    return _Parser(text).formula()


def walk(node: Node) -> list[Node]:
    """Every node of the tree, parents before children."""
    out = [node]
    children: tuple[Node, ...] = ()
    if isinstance(node, Call):
        children = node.args
    elif isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    for child in children:
        out.extend(walk(child))
    return out


__all__ = ["Binary", "Call", "Field", "FormulaError", "Lit", "Node", "Unary", "parse", "walk"]
