"""PyYAML/libyaml exceptions turned into diagnostics a person can act on.

libyaml reports the scanner's view ("while scanning a quoted scalar ... found unexpected end
of stream"); we point at what the author has to fix (the opening quote, the tab) and add a
hint for the mistakes people actually make.
"""

from __future__ import annotations

import yaml

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.loader import codes
from revops_as_code.loader.decode import line_col_at


def yaml_error_diagnostic(exc: yaml.YAMLError, raw: bytes, shown: str) -> Diagnostic:
    """One diagnostic for a parse failure (libyaml stops at the first one)."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = line_col_at(raw, min(max(exc.position, 0), len(raw)))
        return Diagnostic(
            Severity.ERROR,
            codes.YAML_SYNTAX,
            f"character not allowed in YAML: {exc.reason}",
            Location(shown, line, col),
            hint="remove the control character (often pasted from a terminal or a PDF)",
        )
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return Diagnostic(Severity.ERROR, codes.YAML_SYNTAX, str(exc), Location(shown, 1, 1))
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        start = exc.context_mark
        return Diagnostic(
            Severity.ERROR,
            codes.UNCLOSED_QUOTE,
            "quoted string is never closed",
            Location(shown, start.line + 1, start.column + 1),
            hint="add the closing quote (inside '...' write '' for a quote; inside \"...\" \\\")",
        )
    if "tab" in problem or _char_at(raw, mark.line, mark.column) == "\t":
        return Diagnostic(
            Severity.ERROR,
            codes.TAB,
            "tab character where YAML expects spaces",
            Location(shown, mark.line + 1, mark.column + 1),
            hint="YAML indentation must use spaces; set your editor to insert spaces",
        )
    if "nesting depth" in problem:
        return Diagnostic(
            Severity.ERROR,
            codes.TOO_DEEP,
            "nesting deeper than the YAML parser allows",
            Location(shown, mark.line + 1, mark.column + 1),
            hint="definitions never need this much nesting; flatten the structure",
        )
    message = problem
    if context and exc.context_mark is not None:
        where = f"{exc.context_mark.line + 1}:{exc.context_mark.column + 1}"
        message = f"{problem} ({context} at {where})"
    elif context:
        message = f"{problem} ({context})"
    return Diagnostic(
        Severity.ERROR,
        codes.YAML_SYNTAX,
        message,
        Location(shown, mark.line + 1, mark.column + 1),
    )


def _char_at(raw: bytes, line: int, column: int) -> str:
    """The character at a 0-based line/column (libyaml does not always name it)."""
    lines = raw.split(b"\n", line + 1)
    if line >= len(lines):
        return ""
    text = lines[line].decode("utf-8", errors="replace")
    return text[column] if column < len(text) else ""


__all__ = ["yaml_error_diagnostic"]
