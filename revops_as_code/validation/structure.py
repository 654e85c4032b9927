"""Before any model runs: is the document a mapping, with an `apiVersion` and `kind` we know?

These checks pick the model (`KINDS[kind]`); a document that fails them is reported once, at
the offending value, instead of as a cascade of model errors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from revops_as_code import __version__
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import SourceDocument
from revops_as_code.validation import codes

_VERSIONED = re.compile(r"revops\.dev/v([0-9]+)")


def describe(value: Any) -> str:
    """A value's YAML type in words, never the value itself (it may be a pasted secret)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def did_you_mean(word: str, candidates: list[str]) -> str | None:
    """The closest candidate, case-insensitively, or None."""
    lowered = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def check_structure(
    doc: SourceDocument, kinds: Mapping[str, Any], api_version: str
) -> tuple[str | None, list[Diagnostic]]:
    """The document's kind when it can be validated by a model, and what stops it otherwise."""
    data = doc.data
    if not isinstance(data, dict):
        what = "empty" if data is None else describe(data)
        return None, [
            _error(
                doc,
                "",
                codes.NOT_A_MAPPING,
                f"a definition document must be a mapping with apiVersion and kind, found {what}",
                hint=f"start the document with `apiVersion: {api_version}` and `kind: ...`",
            )
        ]
    found: list[Diagnostic] = []
    version = data.get("apiVersion")
    if "apiVersion" not in data:
        found.append(
            _error(
                doc,
                "",
                codes.API_VERSION_MISSING,
                "missing apiVersion",
                hint=f"add `apiVersion: {api_version}`",
            )
        )
    elif version != api_version:
        found.append(_api_version_error(doc, version, api_version))
    kind = data.get("kind")
    if "kind" not in data:
        found.append(
            _error(
                doc,
                "",
                codes.KIND_MISSING,
                "missing kind",
                hint=f"add `kind:` with one of {', '.join(sorted(kinds))}",
            )
        )
    elif not isinstance(kind, str) or kind not in kinds:
        suggestion = did_you_mean(kind, sorted(kinds)) if isinstance(kind, str) else None
        shown = repr(kind) if isinstance(kind, str) and len(kind) <= 40 else describe(kind)
        found.append(
            _error(
                doc,
                "/kind",
                codes.KIND_UNKNOWN,
                f"unknown kind {shown}",
                hint=f"did you mean {suggestion!r}?"
                if suggestion
                else f"known kinds: {', '.join(sorted(kinds))}",
            )
        )
    if found:
        return None, found
    return str(kind), []


def _api_version_error(doc: SourceDocument, version: Any, api_version: str) -> Diagnostic:
    current = _VERSIONED.fullmatch(api_version)
    newer = _VERSIONED.fullmatch(version) if isinstance(version, str) else None
    if current and newer and int(newer.group(1)) > int(current.group(1)):
        return _error(
            doc,
            "/apiVersion",
            codes.API_VERSION_UNKNOWN,
            f"apiVersion {version} is newer than this revops ({__version__}) reads: "
            f"revops {__version__} reads {api_version} only",
            hint="upgrade revops (`pip install -U revops-as-code`) to a release that reads "
            f"{version}",
        )
    shown = repr(version) if isinstance(version, str) and len(version) <= 40 else describe(version)
    return _error(
        doc,
        "/apiVersion",
        codes.API_VERSION_UNKNOWN,
        f"unknown apiVersion {shown}",
        hint=f"use `apiVersion: {api_version}`",
    )


def _error(
    doc: SourceDocument, pointer: str, code: str, message: str, *, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, doc.location(pointer), hint)


__all__ = ["check_structure", "describe", "did_you_mean"]
