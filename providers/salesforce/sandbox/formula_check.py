"""Type-checking a formula tree the way Salesforce does before it saves a validation rule.

Salesforce's picklist rules ("Tips for Working with Picklist and Multi-Select Picklist Formula
Fields", and the deploy errors people report): a Picklist value may only stand as the argument
of ISPICKVAL, TEXT, CASE (its first argument), ISCHANGED or PRIORVALUE, and PRIORVALUE of a
picklist is itself a picklist; `ISBLANK(StageName)` and `StageName = "x"` are refused with
"Field StageName is a picklist field. Picklist fields are only supported in certain
functions." A MultiselectPicklist may only stand in INCLUDES, ISBLANK, ISNULL, ISCHANGED and
PRIORVALUE. Other messages follow Salesforce's wording: "Incorrect number of parameters for
function 'IF()'. Expected 3, received 2", "Incorrect parameter type for function 'TEXT()'.
Expected Number, Date, Date/Time, Picklist, received Boolean", "Field Foo__c does not exist.
Check spelling.", "Unknown function FOO. Check spelling.".
"""

from __future__ import annotations

from collections.abc import Callable

from .formula_parse import Binary, Call, Field, FormulaError, Lit, Node, Unary

FieldType = Callable[[str], str | None]

PICK = "Picklist"
MULTI = "MultiselectPicklist"
_TYPES = {
    "Number": "Number",
    "Currency": "Number",
    "Percent": "Number",
    "Double": "Number",
    "Int": "Number",
    "Integer": "Number",
    "Checkbox": "Boolean",
    "Boolean": "Boolean",
    "Date": "Date",
    "DateTime": "DateTime",
    PICK: PICK,
    MULTI: MULTI,
}
_SHOWN = {"DateTime": "Date/Time", MULTI: "Multi-Select Picklist"}
_ARITY: dict[str, tuple[int, int | None]] = {
    "AND": (1, None),
    "OR": (1, None),
    "NOT": (1, 1),
    "IF": (3, 3),
    "CASE": (4, None),
    "ISBLANK": (1, 1),
    "ISNULL": (1, 1),
    "BLANKVALUE": (2, 2),
    "ISPICKVAL": (2, 2),
    "INCLUDES": (2, 2),
    "ISCHANGED": (1, 1),
    "PRIORVALUE": (1, 1),
    "ISNEW": (0, 0),
    "TEXT": (1, 1),
    "VALUE": (1, 1),
    "LEN": (1, 1),
    "CONTAINS": (2, 2),
    "BEGINS": (2, 2),
    "LOWER": (1, 1),
    "UPPER": (1, 1),
    "TODAY": (0, 0),
    "NOW": (0, 0),
    "DATEVALUE": (1, 1),
    "ABS": (1, 1),
    "DATE": (3, 3),
    "DATETIMEVALUE": (1, 1),
}


def formula_type(metadata_type: str) -> str:
    """A field's Metadata type as a formula data type (Text for all the string-like ones)."""
    return _TYPES.get(metadata_type, "Text")


def shown(kind: str) -> str:
    return _SHOWN.get(kind, kind)


def _picklist_name(node: Node) -> str:
    if isinstance(node, Call) and node.args:
        return _picklist_name(node.args[0])
    return node.path if isinstance(node, Field) else "?"


class Checker:
    """Infers each node's type; `type_of` refuses a picklist outside the slots that allow it."""

    def __init__(self, field_type: FieldType) -> None:
        self.field_type = field_type

    def type_of(self, node: Node, allow: frozenset[str] = frozenset()) -> str:
        kind = self._infer(node)
        if kind == PICK and PICK not in allow:
            raise FormulaError(
                f"Error: Field {_picklist_name(node)} is a picklist field. "
                "Picklist fields are only supported in certain functions."
            )
        if kind == MULTI and MULTI not in allow:
            raise FormulaError(
                f"Error: Field {_picklist_name(node)} is a multi-select picklist field. "
                "Multi-select picklist fields are only supported in certain functions."
            )
        return kind

    def _infer(self, node: Node) -> str:
        if isinstance(node, Lit):
            return node.kind
        if isinstance(node, Field):
            metadata_type = self.field_type(node.path)
            if metadata_type is None:
                raise FormulaError(f"Error: Field {node.path} does not exist. Check spelling.")
            return formula_type(metadata_type)
        if isinstance(node, Unary):
            want = ("Boolean",) if node.op == "!" else ("Number",)
            self._operand(node.op, node.operand, want)
            return want[0]
        if isinstance(node, Binary):
            return self._binary(node)
        return self._call(node)

    # -- operators ------------------------------------------------------------------------------
    def _operand(self, op: str, node: Node, want: tuple[str, ...]) -> str:
        kind = self.type_of(node)
        if kind != "Null" and kind not in want:
            raise FormulaError(
                f"Error: Incorrect parameter type for operator '{op}'. "
                f"Expected {', '.join(shown(w) for w in want)}, "
                f"received {shown(kind)}"
            )
        return kind

    def _binary(self, node: Binary) -> str:
        op = node.op
        if op in ("&&", "||"):
            self._operand(op, node.left, ("Boolean",))
            self._operand(op, node.right, ("Boolean",))
            return "Boolean"
        if op == "&":
            self._operand(op, node.left, ("Text",))
            self._operand(op, node.right, ("Text",))
            return "Text"
        if op in ("*", "/", "^"):
            self._operand(op, node.left, ("Number",))
            self._operand(op, node.right, ("Number",))
            return "Number"
        if op in ("+", "-"):
            left = self._operand(op, node.left, ("Number", "Date", "DateTime", "Text"))
            if left == "Text":
                if op == "-":
                    raise FormulaError(
                        "Error: Incorrect parameter type for operator '-'. "
                        "Expected Number, Date, Date/Time, received Text"
                    )
                self._operand(op, node.right, ("Text",))
                return "Text"
            if left in ("Date", "DateTime"):
                right = self._operand(
                    op, node.right, ("Number", left) if op == "-" else ("Number",)
                )
                return "Number" if right == left else left
            self._operand(op, node.right, ("Number",))
            return "Number"
        # comparisons
        left = self.type_of(node.left)
        ordered = ("Number", "Text", "Date", "DateTime")
        want = ordered if op in ("<", "<=", ">", ">=") else (*ordered, "Boolean")
        if left != "Null" and left not in want:
            raise FormulaError(
                f"Error: Incorrect parameter type for operator '{op}'. Expected "
                f"{', '.join(shown(w) for w in want)}, received {shown(left)}"
            )
        self._operand(op, node.right, (left,) if left != "Null" else want)
        return "Boolean"

    # -- functions ------------------------------------------------------------------------------
    def _arg(
        self, fn: str, node: Node, want: tuple[str, ...], allow: frozenset[str] = frozenset()
    ) -> str:
        kind = self.type_of(node, allow)
        if kind != "Null" and kind not in want:
            raise FormulaError(
                f"Error: Incorrect parameter type for function '{fn}()'. "
                f"Expected {', '.join(shown(w) for w in want)}, "
                f"received {shown(kind)}"
            )
        return kind

    def _unify(self, fn: str, kinds: list[str]) -> str:
        result = "Null"
        for kind in kinds:
            if result == "Null":
                result = kind
            elif kind not in ("Null", result):
                raise FormulaError(
                    f"Error: Incorrect parameter type for function '{fn}()'. "
                    f"Expected {shown(result)}, received {shown(kind)}"
                )
        return result

    def _call(self, node: Call) -> str:
        fn, args = node.name, node.args
        if fn not in _ARITY:
            raise FormulaError(f"Error: Unknown function {fn}. Check spelling.")
        low, high = _ARITY[fn]
        count = len(args)
        bad_case = fn == "CASE" and count >= low and count % 2 == 1
        if count < low or (high is not None and count > high) or bad_case:
            expected = low if count < low else (high if high is not None else count + 1)
            raise FormulaError(
                f"Error: Incorrect number of parameters for function '{fn}()'. "
                f"Expected {expected}, received {count}"
            )
        handler = _HANDLERS.get(fn)
        if handler is not None:
            return handler(self, fn, args)
        want, result = _SIMPLE[fn]
        for arg in args:
            self._arg(fn, arg, want)
        return result

    def _logic(self, fn: str, args: tuple[Node, ...]) -> str:
        for arg in args:
            self._arg(fn, arg, ("Boolean",))
        return "Boolean"

    def _if(self, fn: str, args: tuple[Node, ...]) -> str:
        self._arg(fn, args[0], ("Boolean",))
        return self._unify(fn, [self.type_of(args[1]), self.type_of(args[2])])

    def _case(self, fn: str, args: tuple[Node, ...]) -> str:
        subject = self.type_of(args[0], frozenset({PICK}))
        match = "Text" if subject == PICK else subject
        for value in args[1:-1:2]:
            self._arg(fn, value, (match,) if match != "Null" else ("Number", "Text", "Date"))
        return self._unify(fn, [self.type_of(r) for r in (*args[2:-1:2], args[-1])])

    def _blank(self, fn: str, args: tuple[Node, ...]) -> str:
        self.type_of(args[0], frozenset({MULTI}))
        return "Boolean"

    def _blankvalue(self, fn: str, args: tuple[Node, ...]) -> str:
        return self._unify(fn, [self.type_of(args[0]), self.type_of(args[1])])

    def _ispickval(self, fn: str, args: tuple[Node, ...]) -> str:
        self._arg(fn, args[0], (PICK,), frozenset({PICK}))
        self._arg(fn, args[1], ("Text",))
        return "Boolean"

    def _includes(self, fn: str, args: tuple[Node, ...]) -> str:
        self._arg(fn, args[0], (MULTI,), frozenset({MULTI}))
        self._arg(fn, args[1], ("Text",))
        if not isinstance(args[1], Lit) or not str(args[1].value).strip():
            raise FormulaError(
                f"Error: Incorrect parameter type for function '{fn}()'. "
                "Expected Text Literal, received an expression"
            )
        return "Boolean"

    def _prior(self, fn: str, args: tuple[Node, ...]) -> str:
        arg = args[0]
        kind = self.type_of(arg, frozenset({PICK, MULTI}))
        if not isinstance(arg, Field):
            raise FormulaError(
                f"Error: Incorrect parameter type for function '{fn}()'. "
                f"Expected Field, received {shown(kind)}"
            )
        return "Boolean" if fn == "ISCHANGED" else kind

    def _text(self, fn: str, args: tuple[Node, ...]) -> str:
        self._arg(fn, args[0], ("Number", "Date", "DateTime", PICK), frozenset({PICK}))
        return "Text"

    def _datevalue(self, fn: str, args: tuple[Node, ...]) -> str:
        self._arg(fn, args[0], ("Text", "DateTime", "Date"))
        return "Date" if fn == "DATEVALUE" else "DateTime"


_Handler = Callable[[Checker, str, tuple[Node, ...]], str]
_HANDLERS: dict[str, _Handler] = {
    "AND": Checker._logic,
    "OR": Checker._logic,
    "NOT": Checker._logic,
    "IF": Checker._if,
    "CASE": Checker._case,
    "ISBLANK": Checker._blank,
    "ISNULL": Checker._blank,
    "BLANKVALUE": Checker._blankvalue,
    "ISPICKVAL": Checker._ispickval,
    "INCLUDES": Checker._includes,
    "ISCHANGED": Checker._prior,
    "PRIORVALUE": Checker._prior,
    "TEXT": Checker._text,
    "DATEVALUE": Checker._datevalue,
    "DATETIMEVALUE": Checker._datevalue,
}
_SIMPLE: dict[str, tuple[tuple[str, ...], str]] = {
    "ISNEW": ((), "Boolean"),
    "TODAY": ((), "Date"),
    "NOW": ((), "DateTime"),
    "VALUE": (("Text",), "Number"),
    "LEN": (("Text",), "Number"),
    "CONTAINS": (("Text",), "Boolean"),
    "BEGINS": (("Text",), "Boolean"),
    "LOWER": (("Text",), "Text"),
    "UPPER": (("Text",), "Text"),
    "ABS": (("Number",), "Number"),
    "DATE": (("Number",), "Date"),
}

__all__ = ["MULTI", "PICK", "Checker", "FieldType", "formula_type", "shown"]
