"""SOQL text -> a `Query` tree: a tokenizer and a recursive-descent parser for the subset the
sandbox serves (see `soql.py` for what that subset is and how it runs).

Syntax errors are Salesforce's: `MALFORMED_QUERY` with the offending line, a caret, `ERROR at
Row:r:Column:c` and `unexpected token: 'X'` (the parser names the first token it could not
place; `'<EOF>'` when the text ends early). As in Salesforce, AND and OR may not be mixed at
one level without parentheses.
"""

from __future__ import annotations

from typing import Any

from .soql_ast import (
    Aggregate,
    Compare,
    Condition,
    FieldRef,
    Junction,
    Literal,
    Not,
    OrderItem,
    Query,
    SelectItem,
    SoqlError,
    date_range,
)
from .soql_lex import (
    AGGREGATES,
    DATE_RANGES,
    KEYWORDS,
    N_RANGES,
    RESERVED,
    Token,
    malformed,
    tokenize,
)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    # -- token helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def is_kw(self, *words: str, ahead: int = 0) -> bool:
        tok = self.tokens[min(self.i + ahead, len(self.tokens) - 1)]
        return tok.kind == "IDENT" and tok.text.upper() in words

    def take(self) -> Token:
        tok = self.tok
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def fail(self, tok: Token | None = None) -> SoqlError:
        tok = tok or self.tok
        return malformed(self.text, tok.pos, f"unexpected token: '{tok.text}'")

    def expect_kw(self, word: str) -> Token:
        if not self.is_kw(word):
            raise self.fail()
        return self.take()

    def expect_punct(self, ch: str) -> Token:
        if self.tok.kind != "PUNCT" or self.tok.text != ch:
            raise self.fail()
        return self.take()

    def at_punct(self, ch: str) -> bool:
        return self.tok.kind == "PUNCT" and self.tok.text == ch

    # -- grammar -------------------------------------------------------------------------------
    def query(self) -> Query:
        self.expect_kw("SELECT")
        select, count_only = self.select_list()
        self.expect_kw("FROM")
        sobject = self.name()
        where = group_by = having = None
        order_by: tuple[OrderItem, ...] = ()
        limit = offset = None
        if self.is_kw("WHERE"):
            self.take()
            where = self.condition(allow_aggregates=False)
        if self.is_kw("GROUP") and self.is_kw("BY", ahead=1):
            self.i += 2
            group_by = self.comma_list(self.field)
        if self.is_kw("HAVING"):
            if group_by is None:
                raise self.fail()
            self.take()
            having = self.condition(allow_aggregates=True)
        if self.is_kw("ORDER") and self.is_kw("BY", ahead=1):
            self.i += 2
            order_by = self.comma_list(self.order_item)
        if self.is_kw("LIMIT"):
            self.take()
            limit = self.count()
        if self.is_kw("OFFSET"):
            self.take()
            offset = self.count()
        if self.tok.kind != "EOF":
            raise self.fail()
        return Query(
            sobject,
            select,
            count_only,
            where,
            group_by or (),
            having,
            order_by,
            limit,
            offset,
            self.text,
        )

    def comma_list(self, item: Any) -> tuple[Any, ...]:
        items = [item()]
        while self.at_punct(","):
            self.take()
            items.append(item())
        return tuple(items)

    def select_list(self) -> tuple[tuple[SelectItem, ...], bool]:
        if (
            self.is_kw("COUNT")
            and self.tokens[self.i + 1].text == "("
            and self.tokens[self.i + 2].text == ")"
        ):
            self.i += 3
            if not self.is_kw("FROM"):
                raise self.fail()
            return (Aggregate("COUNT", None),), True
        return self.comma_list(self.select_item), False

    def select_item(self) -> SelectItem:
        expr = self.expression(allow_aggregates=True)
        if isinstance(expr, Aggregate) and self.tok.kind == "IDENT" and not self.is_kw("FROM"):
            alias = self.take()
            if alias.text.upper() in KEYWORDS:
                raise self.fail(alias)
            return Aggregate(expr.func, expr.arg, alias.text)
        return expr

    def expression(self, *, allow_aggregates: bool) -> FieldRef | Aggregate:
        tok = self.tok
        if (
            allow_aggregates
            and tok.kind == "IDENT"
            and tok.text.upper() in AGGREGATES
            and self.tokens[self.i + 1].text == "("
        ):
            self.i += 2
            if tok.text.upper() == "COUNT" and self.at_punct(")"):
                raise self.fail(self.tok)  # COUNT() only stands alone
            arg = self.field()
            self.expect_punct(")")
            return Aggregate(tok.text.upper(), arg)
        return self.field()

    def name(self) -> str:
        tok = self.tok
        if tok.kind != "IDENT" or tok.text.upper() in RESERVED:
            raise self.fail()
        return self.take().text

    def field(self) -> FieldRef:
        start = self.tok.pos
        parts = [self.name()]
        while self.at_punct("."):
            self.take()
            parts.append(self.name())
        return FieldRef(tuple(parts), start)

    def count(self) -> int:
        tok = self.tok
        if tok.kind != "NUMBER" or not isinstance(tok.value, int) or tok.value < 0:
            raise self.fail()
        return int(self.take().value)

    def order_item(self) -> OrderItem:
        expr = self.expression(allow_aggregates=True)
        descending = False
        if self.is_kw("ASC", "DESC"):
            descending = self.take().text.upper() == "DESC"
        nulls_first = not descending
        if self.is_kw("NULLS"):
            self.take()
            if not self.is_kw("FIRST", "LAST"):
                raise self.fail()
            nulls_first = self.take().text.upper() == "FIRST"
        return OrderItem(expr, descending, nulls_first)

    def condition(self, *, allow_aggregates: bool) -> Condition:
        first = self.unary(allow_aggregates=allow_aggregates)
        if not self.is_kw("AND", "OR"):
            return first
        op = self.tok.text.upper()
        parts = [first]
        while self.is_kw("AND", "OR"):
            if self.tok.text.upper() != op:
                raise self.fail()  # Salesforce wants parentheses around mixed AND/OR
            self.take()
            parts.append(self.unary(allow_aggregates=allow_aggregates))
        return Junction(op, tuple(parts))

    def unary(self, *, allow_aggregates: bool) -> Condition:
        if self.is_kw("NOT"):
            self.take()
            return Not(self.unary(allow_aggregates=allow_aggregates))
        if self.at_punct("("):
            self.take()
            inner = self.condition(allow_aggregates=allow_aggregates)
            self.expect_punct(")")
            return inner
        return self.comparison(allow_aggregates=allow_aggregates)

    def comparison(self, *, allow_aggregates: bool) -> Compare:
        left = self.expression(allow_aggregates=allow_aggregates)
        pos = self.tok.pos
        if self.tok.kind == "OP":
            op = self.take().text
            return Compare(left, op, (self.literal(),), pos)
        if self.is_kw("LIKE"):
            self.take()
            value = self.literal()
            if value.kind != "string":
                raise self.fail(self.tokens[self.i - 1])
            return Compare(left, "LIKE", (value,), pos)
        if self.is_kw("NOT") and self.is_kw("IN", ahead=1):
            self.i += 2
            return Compare(left, "NOT IN", self.literal_list(), pos)
        if self.is_kw("IN", "INCLUDES", "EXCLUDES"):
            op = self.take().text.upper()
            return Compare(left, op, self.literal_list(), pos)
        raise self.fail()

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect_punct("(")
        values = self.comma_list(self.literal)
        self.expect_punct(")")
        return values

    def literal(self) -> Literal:
        tok = self.tok
        if tok.kind == "STRING":
            self.take()
            lit: Literal = tok.value
            return lit
        if tok.kind == "NUMBER":
            return Literal("number", self.take().value)
        if tok.kind == "DATE":
            return Literal("date", self.take().value)
        if tok.kind == "DATETIME":
            return Literal("datetime", self.take().value)
        if tok.kind == "IDENT":
            word = tok.text.upper()
            if word in ("TRUE", "FALSE"):
                self.take()
                return Literal("boolean", word == "TRUE")
            if word == "NULL":
                self.take()
                return Literal("null", None)
            if word in DATE_RANGES:
                self.take()
                n = 0
                if word in N_RANGES:
                    self.expect_punct(":")
                    n = self.count()
                return Literal("range", (word, n))
        raise self.fail()


def parse(text: str) -> Query:
    """Parse one SOQL SELECT; raises `SoqlError` (MALFORMED_QUERY) the way Salesforce does."""
    return _Parser(text).query()


__all__ = [
    "Aggregate",
    "Compare",
    "Condition",
    "FieldRef",
    "Junction",
    "Literal",
    "Not",
    "OrderItem",
    "Query",
    "SelectItem",
    "SoqlError",
    "date_range",
    "malformed",
    "parse",
    "tokenize",
]
