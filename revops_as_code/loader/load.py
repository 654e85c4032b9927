"""Read definition files: bytes -> checked UTF-8 -> libyaml nodes -> plain data + positions.

The C parser (libyaml, through PyYAML's `CParser`) composes nodes with their marks; our
`Constructor` turns them into plain data under YAML 1.2 rules. Nothing here raises for bad
input: every problem is a `Diagnostic` in the `LoadResult`, so one run reports all files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.loader import codes
from revops_as_code.loader.construct import MAP, PLAIN, SEQ, STR, Constructor
from revops_as_code.loader.decode import MAX_FILE_BYTES, check_bytes
from revops_as_code.loader.document import SourceDocument
from revops_as_code.loader.positions import (
    FlatPositionIndex,
    NodePositionIndex,
    PositionRecorder,
)
from revops_as_code.loader.yaml_errors import yaml_error_diagnostic

try:  # libyaml is bundled in PyYAML's wheels; the pure-Python parser is the slow fallback
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: bytes) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


YAML_SUFFIXES = (".yaml", ".yml")
# An alias needs an anchor, and an anchor starts a token: `&name` after a space, a line
# start or a flow indicator. "R&D" does not match, so most files skip alias tracking.
_ANCHOR = re.compile(rb"(?:^|[\s\[{,:])&[^\s]", re.MULTILINE)


class _Composer(_Parser):
    """libyaml's composer with a resolver that only says plain vs quoted (we resolve later)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR
        return MAP if kind is MappingNode else SEQ


@dataclass(frozen=True)
class LoadResult:
    """Documents that parsed, and every finding on the way (sorted by the caller)."""

    documents: tuple[SourceDocument, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    files: int = 0
    """How many files were read (for the summary line)."""

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    @staticmethod
    def merge(results: Iterable[LoadResult]) -> LoadResult:
        documents: list[SourceDocument] = []
        diagnostics: list[Diagnostic] = []
        files = 0
        for result in results:
            documents.extend(result.documents)
            diagnostics.extend(result.diagnostics)
            files += result.files
        return LoadResult(tuple(documents), tuple(diagnostics), files)


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """The path as a user should see it: relative to the working directory when under it.

    `cwd` is the working directory when the caller already has it (a tree load asks once,
    not once per file).
    """
    try:
        return path.absolute().relative_to(Path.cwd() if cwd is None else cwd).as_posix()
    except ValueError:
        return str(path)


def load_bytes(raw: bytes, shown: str, *, max_bytes: int = MAX_FILE_BYTES) -> LoadResult:
    """Parse one file's bytes; `shown` is the path used in locations."""
    problem = check_bytes(raw, shown, max_bytes=max_bytes)
    if problem is not None:
        return LoadResult((), (problem,), 1)
    roots: list[Node] = []
    composer = _Composer(raw)
    try:
        while composer.check_node():
            root = composer.get_node()
            if root is not None:
                roots.append(root)
    except yaml.YAMLError as exc:
        return LoadResult((), (yaml_error_diagnostic(exc, raw, shown),), 1)
    finally:
        composer.dispose()
    if not roots:
        empty = Diagnostic(
            Severity.WARNING,
            codes.NO_DOCUMENT,
            "file holds no YAML document",
            Location(shown, 1, 1),
        )
        return LoadResult((), (empty,), 1)
    track = b"&" in raw and _ANCHOR.search(raw) is not None
    documents: list[SourceDocument] = []
    diagnostics: list[Diagnostic] = []
    for index, root in enumerate(roots):
        # Without anchors the nodes form a tree, recorded compactly on the constructor's walk
        # so the nodes can be freed; with anchors (rare, and refused once used) the node
        # graph is kept and walked, which is safe on shared or cyclic nodes.
        recorder = None if track else PositionRecorder()
        constructor = Constructor(root, shown, track_aliases=track, positions=recorder)
        data = constructor.build()
        positions: NodePositionIndex | FlatPositionIndex = (
            NodePositionIndex(root) if recorder is None else recorder.index()
        )
        positions.flagged.update(constructor.flagged)
        diagnostics.extend(constructor.diagnostics)
        if constructor.alias_found:
            # The whole document is refused: its data may be a shared or cyclic graph.
            positions.flagged.add("")
            diagnostics.extend(_alias_diagnostics(raw, shown, index))
            data = None
        documents.append(SourceDocument(shown, index, data, positions))
    return LoadResult(tuple(documents), tuple(diagnostics), 1)


def _alias_diagnostics(raw: bytes, shown: str, document_index: int) -> list[Diagnostic]:
    """One RV010 per alias of the document (error path: a second, event-level pass)."""
    out: list[Diagnostic] = []
    current = -1
    parser = _Composer(raw)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                current += 1
            elif (
                isinstance(event, yaml.AliasEvent)
                and current == document_index
                and (mark := event.start_mark) is not None
            ):
                out.append(
                    Diagnostic(
                        Severity.ERROR,
                        codes.ALIAS,
                        f"alias *{event.anchor} refused: anchors and aliases are not supported",
                        Location(shown, mark.line + 1, mark.column + 1),
                        hint="write the value out; repeated blocks belong in separate keys",
                    )
                )
    except yaml.YAMLError:  # pragma: no cover - the same bytes composed without error
        pass
    finally:
        parser.dispose()
    return out


def load_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> LoadResult:
    """Load every document of one YAML file."""
    file = Path(path)
    return _load_file(file, shown_path(file), max_bytes)


def _load_file(file: Path, shown: str, max_bytes: int) -> LoadResult:
    try:
        with file.open("rb") as handle:
            # Read one byte past the cap: enough to know it is too big, never the whole thing.
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        diagnostic = Diagnostic(
            Severity.ERROR, codes.UNREADABLE, f"cannot read file: {reason}", Location(shown)
        )
        return LoadResult((), (diagnostic,), 0)
    return load_bytes(raw, shown, max_bytes=max_bytes)


def find_yaml_files(directory: Path) -> list[Path]:
    """`*.yaml`/`*.yml` under `directory`, recursively, sorted; hidden entries skipped."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(directory).as_posix())


def load_tree(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> LoadResult:
    """Load a file, or every YAML file under a directory (sorted, recursive)."""
    root = Path(path)
    if root.is_file():
        return load_file(root, max_bytes=max_bytes)
    if not root.is_dir():
        diagnostic = Diagnostic(
            Severity.ERROR,
            codes.UNREADABLE,
            "no such file or directory",
            Location(shown_path(root)),
        )
        return LoadResult((), (diagnostic,), 0)
    files = find_yaml_files(root)
    if not files:
        diagnostic = Diagnostic(
            Severity.ERROR,
            codes.NO_FILES,
            "directory holds no *.yaml or *.yml file",
            Location(shown_path(root)),
        )
        return LoadResult((), (diagnostic,), 0)
    cwd = Path.cwd()
    return LoadResult.merge(_load_file(file, shown_path(file, cwd), max_bytes) for file in files)


__all__ = [
    "YAML_SUFFIXES",
    "LoadResult",
    "find_yaml_files",
    "load_bytes",
    "load_file",
    "load_tree",
    "shown_path",
]
