"""Salesforce validation-rule formulas for the sandbox: `check` one the way a save of the rule
would, `evaluate` it against a record the way a record save does, list the `fields` it reads.

A validation rule blocks the save when its formula is TRUE. Values follow Salesforce's formula
semantics: blank text is "" and ISBLANK of "" or null is TRUE; number fields treat blanks as
blanks (arithmetic and comparisons with a blank are blank, which never blocks), not zero; a
Checkbox is a plain boolean (never blank); a Percent reads as a fraction (75% is 0.75); ISCHANGED is FALSE and PRIORVALUE is the current
value on a new record (Salesforce Help, "ISCHANGED" and "PRIORVALUE"); ISPICKVAL, CONTAINS and
BEGINS are case-sensitive. See `formula_check.py` for what is refused before anything runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .formula_check import MULTI, PICK, Checker, FieldType, formula_type, shown
from .formula_parse import Binary, Call, Field, FormulaError, Lit, Node, Unary, parse, walk

Getter = Callable[[str], Any]


@functools.lru_cache(maxsize=1024)
def _tree(formula: str) -> Node:
    return parse(formula)


def check(formula: str, field_type: FieldType) -> None:
    """Refuse what Salesforce refuses when a validation rule is saved: syntax, unknown fields
    and functions, argument counts and types, picklists outside their functions, and a result
    that is not true or false."""
    kind = Checker(field_type).type_of(_tree(formula))
    if kind not in ("Boolean", "Null"):
        raise FormulaError(
            f"Error: Formula result is data type ({shown(kind)}), incompatible "
            "with expected data type (true or false)."
        )


def fields(formula: str) -> frozenset[str]:
    """The field paths the formula reads, as written (`StageName`, `Account.ICP_Tier__c`)."""
    return frozenset(node.path for node in walk(_tree(formula)) if isinstance(node, Field))


def evaluate(
    formula: str,
    value: Getter,
    *,
    prior: Getter | None,
    is_new: bool,
    field_type: FieldType,
    now: datetime,
) -> Any:
    """The formula's value for a record being saved: `value(path)` reads the record as it would
    be saved, `prior(path)` as it was (None on create)."""
    tree = _tree(formula)
    checker = Checker(field_type)
    checker.type_of(tree)
    return _Run(value, prior, is_new, field_type, now, checker).eval(tree)


def blocks(result: Any) -> bool:
    """A validation rule refuses the save only when its formula is TRUE (a blank does not)."""
    return result is True


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _convert(raw: Any, kind: str) -> Any:
    """A stored field value in its formula type (text blanks as "", number blanks as None)."""
    if kind == "Boolean":
        return raw.lower() == "true" if isinstance(raw, str) else bool(raw)
    if kind in ("Text", PICK, MULTI):
        return "" if raw is None else str(raw)
    if _blank(raw):
        return None
    if kind == "Number":
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return raw
        try:
            return float(raw)
        except (TypeError, ValueError):
            raise FormulaError(f"Error: Invalid number '{raw}'") from None
    if kind == "Date":
        return _date(raw)
    if kind == "DateTime":
        return _datetime(raw)
    return raw


def _date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.astimezone(UTC).date() if raw.tzinfo else raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise FormulaError(f"Error: Invalid date '{raw}'") from None


def _datetime(raw: Any) -> datetime:
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day, tzinfo=UTC)
    text = str(raw).replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]  # Salesforce writes +0000
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FormulaError(f"Error: Invalid date/time '{raw}'") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Run:
    def __init__(
        self,
        value: Getter,
        prior: Getter | None,
        is_new: bool,
        field_type: FieldType,
        now: datetime,
        checker: Checker,
    ) -> None:
        self.value, self.prior, self.is_new = value, prior, is_new
        self.field_type, self.now, self.checker = field_type, now, checker

    def kind(self, node: Node) -> str:
        return self.checker._infer(node)

    def read(self, path: str, getter: Getter) -> Any:
        metadata_type = self.field_type(path) or "Text"
        value = _convert(getter(path), formula_type(metadata_type))
        if metadata_type == "Percent" and value is not None:
            return value / 100  # a formula sees 75% as 0.75
        return value

    def eval(self, node: Node) -> Any:
        if isinstance(node, Lit):
            return node.value
        if isinstance(node, Field):
            return self.read(node.path, self.value)
        if isinstance(node, Unary):
            operand = self.eval(node.operand)
            if operand is None:
                return None
            return (not operand) if node.op == "!" else (-operand if node.op == "-" else operand)
        if isinstance(node, Binary):
            return self.binary(node)
        assert isinstance(node, Call)
        return _CALLS[node.name](self, node.args)  # the checker let only known names through

    def truth(self, node: Node) -> bool:
        return self.eval(node) is True

    # -- operators ------------------------------------------------------------------------------
    def binary(self, node: Binary) -> Any:
        op = node.op
        if op == "&&":
            return self.truth(node.left) and self.truth(node.right)
        if op == "||":
            return self.truth(node.left) or self.truth(node.right)
        left, right = self.eval(node.left), self.eval(node.right)
        if op == "&":
            return _text(left) + _text(right)
        if op in ("=", "!="):
            if self.kind(node.left) in ("Text", "Null") and self.kind(node.right) in (
                "Text",
                "Null",
            ):
                left, right = left or None, right or None  # blank text is null
            same = left == right
            return same if op == "=" else not same
        if isinstance(left, str) and isinstance(right, str) and op == "+":
            return left + right
        if left is None or right is None:
            return None  # a blank number stays blank
        if op in ("<", "<=", ">", ">="):
            return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[
                op
            ]
        return _arithmetic(op, left, right)

    # -- functions ------------------------------------------------------------------------------
    def f_and(self, args: tuple[Node, ...]) -> bool:
        return all(self.truth(a) for a in args)

    def f_or(self, args: tuple[Node, ...]) -> bool:
        return any(self.truth(a) for a in args)

    def f_not(self, args: tuple[Node, ...]) -> Any:
        result = self.eval(args[0])
        return None if result is None else not result

    def f_if(self, args: tuple[Node, ...]) -> Any:
        return self.eval(args[1]) if self.truth(args[0]) else self.eval(args[2])

    def f_case(self, args: tuple[Node, ...]) -> Any:
        subject = self.eval(args[0])
        for i in range(1, len(args) - 1, 2):
            if subject == self.eval(args[i]):
                return self.eval(args[i + 1])
        return self.eval(args[-1])

    def f_isblank(self, args: tuple[Node, ...]) -> bool:
        return _blank(self.eval(args[0]))

    def f_isnull(self, args: tuple[Node, ...]) -> bool:
        # Salesforce: text is never null, so ISNULL of a text field is always FALSE
        if self.kind(args[0]) == "Text":
            return False
        return _blank(self.eval(args[0]))

    def f_blankvalue(self, args: tuple[Node, ...]) -> Any:
        first = self.eval(args[0])
        return self.eval(args[1]) if _blank(first) else first

    def f_ispickval(self, args: tuple[Node, ...]) -> bool:
        return bool(self.eval(args[0]) == self.eval(args[1]))

    def f_includes(self, args: tuple[Node, ...]) -> bool:
        chosen = [v.strip() for v in str(self.eval(args[0]) or "").split(";")]
        return str(self.eval(args[1])) in chosen

    def f_ischanged(self, args: tuple[Node, ...]) -> bool:
        if self.is_new or self.prior is None:
            return False
        return bool(self.f_priorvalue(args) != self.eval(args[0]))

    def f_priorvalue(self, args: tuple[Node, ...]) -> Any:
        arg = args[0]
        assert isinstance(arg, Field)
        if self.is_new or self.prior is None:
            return self.eval(arg)
        return self.read(arg.path, self.prior)

    def f_isnew(self, args: tuple[Node, ...]) -> bool:
        return self.is_new

    def f_text(self, args: tuple[Node, ...]) -> str:
        return _text(self.eval(args[0]))

    def f_value(self, args: tuple[Node, ...]) -> Any:
        text = self.eval(args[0])
        if _blank(text):
            return None
        try:
            return float(str(text).strip())
        except ValueError:
            raise FormulaError(f"Error: VALUE() cannot read '{text}' as a number") from None

    def f_len(self, args: tuple[Node, ...]) -> int:
        return len(self.eval(args[0]) or "")

    def f_contains(self, args: tuple[Node, ...]) -> bool:
        return str(self.eval(args[1]) or "") in str(self.eval(args[0]) or "")

    def f_begins(self, args: tuple[Node, ...]) -> bool:
        return str(self.eval(args[0]) or "").startswith(str(self.eval(args[1]) or ""))

    def f_lower(self, args: tuple[Node, ...]) -> str:
        return str(self.eval(args[0]) or "").lower()

    def f_upper(self, args: tuple[Node, ...]) -> str:
        return str(self.eval(args[0]) or "").upper()

    def f_today(self, args: tuple[Node, ...]) -> date:
        return self.now.astimezone(UTC).date()

    def f_now(self, args: tuple[Node, ...]) -> datetime:
        return self.now

    def f_datevalue(self, args: tuple[Node, ...]) -> date | None:
        raw = self.eval(args[0])
        return None if _blank(raw) else _date(raw)

    def f_date(self, args: tuple[Node, ...]) -> date | None:
        parts = [self.eval(a) for a in args]
        if any(p is None for p in parts):
            return None
        try:
            return date(*(int(p) for p in parts))
        except ValueError:
            raise FormulaError(
                f"Error: DATE({', '.join(_text(p) for p in parts)}) is not a valid date"
            ) from None

    def f_datetimevalue(self, args: tuple[Node, ...]) -> datetime | None:
        raw = self.eval(args[0])
        if _blank(raw):
            return None
        if isinstance(raw, str) and "T" not in raw and "Z" not in raw:
            raw = raw.strip().replace(" ", "T") + ("+00:00" if " " in raw.strip() else "")
        return _datetime(raw)  # DATETIMEVALUE reads "YYYY-MM-DD HH:MM:SS" as GMT

    def f_abs(self, args: tuple[Node, ...]) -> Any:
        number = self.eval(args[0])
        return None if number is None else abs(number)


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, (date, datetime)):
        if isinstance(right, (date, datetime)):  # Date - Date: days between
            return (_datetime(left) - _datetime(right)) / timedelta(days=1)
        days = timedelta(days=right)
        if not isinstance(left, datetime):
            days = timedelta(days=int(right))
        return left + days if op == "+" else left - days
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right == 0:
            raise FormulaError("Error: Division by zero")
        return left / right
    return left**right


_CALLS: dict[str, Callable[[_Run, tuple[Node, ...]], Any]] = {
    "AND": _Run.f_and,
    "OR": _Run.f_or,
    "NOT": _Run.f_not,
    "IF": _Run.f_if,
    "CASE": _Run.f_case,
    "ISBLANK": _Run.f_isblank,
    "ISNULL": _Run.f_isnull,
    "BLANKVALUE": _Run.f_blankvalue,
    "ISPICKVAL": _Run.f_ispickval,
    "INCLUDES": _Run.f_includes,
    "ISCHANGED": _Run.f_ischanged,
    "PRIORVALUE": _Run.f_priorvalue,
    "ISNEW": _Run.f_isnew,
    "TEXT": _Run.f_text,
    "VALUE": _Run.f_value,
    "LEN": _Run.f_len,
    "CONTAINS": _Run.f_contains,
    "BEGINS": _Run.f_begins,
    "LOWER": _Run.f_lower,
    "UPPER": _Run.f_upper,
    "TODAY": _Run.f_today,
    "NOW": _Run.f_now,
    "DATEVALUE": _Run.f_datevalue,
    "ABS": _Run.f_abs,
    "DATE": _Run.f_date,
    "DATETIMEVALUE": _Run.f_datetimevalue,
}
__all__ = ["FormulaError", "blocks", "check", "evaluate", "fields"]
