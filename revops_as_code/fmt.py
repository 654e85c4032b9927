"""`revops fmt`: one canonical layout for definition files, with comments kept.

The canonical form, chosen to match how the bundled definitions are written so formatting
them changes nothing a person would notice:

- identity first: `apiVersion`, `kind`, `key`, `label` (those present, in that order);
- nested collections of objects (a pipeline's `stages`, a standard's `groups`, `fields`,
  `facts`, an ICP's `tiers`, a field's `options`) last, in the order the kind's model
  declares them; every other key stays where its author put it;
- two-space indentation, list dashes indented under their key (`  - key: …`);
- quoting by the loader's own rules: a plain scalar that the loader would not read back as
  the same string (`on`, `012`, `1e3` meant as text) is double-quoted; quotes an author
  wrote are kept, and long text is never re-wrapped.

It is a round trip through ruamel.yaml, so comments (the `# yaml-language-server: $schema=`
line included), blank lines, flow mappings and block scalars survive. It is safe: the
formatted text is loaded with the project's loader and must give the same values as the
original, or nothing is written. Formatting is idempotent (a property test checks
`fmt(fmt(x)) == fmt(x)`).
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import DefinitionError
from revops_as_code.loader.construct import resolve_plain
from revops_as_code.loader.load import find_yaml_files, load_bytes
from revops_as_code.models import KINDS

HEAD = ("apiVersion", "kind", "key", "label")
"""Keys that say what a document or an item is: always first, in this order."""

FMT_UNSAFE = "RV901"
"""Code of the diagnostic when formatting would change a value (nothing is written)."""
FMT_PARSE = "RV902"
"""Code of the diagnostic when a file cannot be parsed for formatting."""


def _collection_order(model: type[BaseModel]) -> dict[str, int]:
    """Position of each field in the kind's model (its declared order)."""
    return {name: i for i, name in enumerate(model.model_fields)}


MODEL_ORDER: dict[str, dict[str, int]] = {k: _collection_order(m) for k, m in KINDS.items()}


def _is_collection(value: Any) -> bool:
    """A block list of objects (`stages:`, `fields:`): what goes last."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _order(node: CommentedMap, model_order: dict[str, int]) -> list[str]:
    keys = list(node)
    head = [k for k in HEAD if k in node]
    collections = sorted(
        (k for k in keys if k not in head and _is_collection(node[k])),
        key=lambda k: (model_order.get(k, len(model_order)), keys.index(k)),
    )
    middle = [k for k in keys if k not in head and k not in collections]
    return head + middle + collections


def _needs_quotes(value: str) -> bool:
    return value == "" or resolve_plain(value) != value


def _canonicalize(node: Any, model_order: dict[str, int]) -> Any:
    """Reorder keys and add required quotes in place; returns the (possibly new) node."""
    if isinstance(node, CommentedMap):
        wanted = _order(node, model_order)
        if wanted != list(node):
            for key in wanted:
                node.move_to_end(key)
        for key in list(node):
            node[key] = _canonicalize(node[key], model_order)
        return node
    if isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            node[i] = _canonicalize(item, model_order)
        return node
    if isinstance(node, str) and not isinstance(node, ScalarString) and _needs_quotes(node):
        return DoubleQuotedScalarString(node)
    return node


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap what an author wrote
    yaml.allow_duplicate_keys = False
    return yaml


class FmtError(DefinitionError):
    """A file that cannot be formatted safely; nothing was written to it."""


def _values(text: str, shown: str) -> list[Any]:
    result = load_bytes(text.encode("utf-8"), shown)
    if not result.ok:
        raise FmtError(list(result.diagnostics), f"{shown}: the file does not load")
    return [d.data for d in result.documents]


def format_text(text: str, shown: str = "<text>") -> str:
    """The canonical form of one definition file's text.

    Raises `FmtError` when the text does not parse, or when the formatted text would load
    to different values than the original (then nothing should be written)."""
    original = _values(text, shown)
    yaml = _yaml()
    try:
        documents = list(yaml.load_all(text))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown)
        diagnostic = Diagnostic(Severity.ERROR, FMT_PARSE, f"cannot format: {exc}", where)
        raise FmtError([diagnostic], f"{shown}: cannot be parsed for formatting") from None
    for i, doc in enumerate(documents):
        kind = doc.get("kind") if isinstance(doc, CommentedMap) else None
        documents[i] = _canonicalize(doc, MODEL_ORDER.get(str(kind), {}))
    out = io.StringIO()
    yaml.explicit_start = len(documents) > 1 or re.match(r"(?:#.*\n|\s*\n)*---", text) is not None
    yaml.dump_all(documents, out)
    formatted = out.getvalue()
    if _values(formatted, shown) != original:
        diagnostic = Diagnostic(
            Severity.ERROR,
            FMT_UNSAFE,
            "formatting would change what the file means; it was left as it is",
            Location(shown, 1, 1),
            hint="report this file to the revops maintainers; format it by hand meanwhile",
        )
        raise FmtError([diagnostic], f"{shown}: formatting is not safe")
    return formatted


@dataclass(frozen=True)
class FileResult:
    path: Path
    shown: str
    original: str
    formatted: str | None
    """None when the file could not be formatted (see `error`)."""
    error: FmtError | None = None

    @property
    def changed(self) -> bool:
        return self.formatted is not None and self.formatted != self.original

    def diff(self) -> str:
        if self.formatted is None:
            return ""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.formatted.splitlines(keepends=True),
                fromfile=f"{self.shown} (before)",
                tofile=f"{self.shown} (formatted)",
            )
        )


def definition_files(paths: list[Path]) -> Iterator[Path]:
    """The YAML files under `paths` (files as given, directories searched)."""
    for path in paths:
        if path.is_dir():
            yield from find_yaml_files(path)
        else:
            yield path


def format_file(path: Path, shown: str) -> FileResult:
    original = path.read_text(encoding="utf-8")
    try:
        return FileResult(path, shown, original, format_text(original, shown))
    except FmtError as exc:
        return FileResult(path, shown, original, None, exc)


def write_formatted(result: FileResult) -> None:
    """Replace the file's content with its formatted form (already checked to be safe)."""
    assert result.formatted is not None
    tmp = result.path.with_name(result.path.name + ".revops-fmt.tmp")
    tmp.write_text(result.formatted, encoding="utf-8")
    tmp.replace(result.path)


__all__ = [
    "FMT_PARSE",
    "FMT_UNSAFE",
    "HEAD",
    "FileResult",
    "FmtError",
    "definition_files",
    "format_file",
    "format_text",
    "write_formatted",
]
