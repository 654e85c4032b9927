"""The files `revops import` writes: names that never clobber, atomic writes that can be undone.

`plan_files` gives each decompiled document a path (`<kind>-<name>.yaml`, or the next free
`-N`); `Writes` writes them atomically and remembers what each path held, so a failure puts
the definitions directory back byte for byte; `render` is a document as YAML the project's
loader reads back (`loader/emit.py`) under a header saying where it came from.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from revops_as_code.loader.emit import dump_yaml
from revops_as_code.resources import JsonValue


@dataclass
class Writes:
    """Every file this import wrote, with the bytes it replaced (None: it was new), so a
    failure anywhere puts the definitions directory back exactly as it was."""

    originals: dict[Path, bytes | None] = field(default_factory=dict)

    def write(self, path: Path, text: str) -> None:
        if path not in self.originals:
            self.originals[path] = path.read_bytes() if path.exists() else None
        _atomic_write(path, text.encode("utf-8"))

    def forget(self, path: Path) -> None:
        """Put one file back (a rejected one) and stop tracking it."""
        original = self.originals.pop(path, None)
        if original is None:
            path.unlink(missing_ok=True)
        else:
            _atomic_write(path, original)

    def undo(self) -> None:
        for path in list(self.originals):
            self.forget(path)


def _atomic_write(path: Path, data: bytes) -> None:
    # A temporary file in the same directory, then one rename: a reader (or a crash) sees
    # the old bytes or the new ones, never half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def plan_files(
    documents: list[dict[str, JsonValue]], output_dir: Path, force: bool
) -> dict[Path, dict[str, JsonValue]]:
    """A path per document: `<kind>-<name>.yaml`, or the next free `-N` when it is taken (by
    this import, or on disk unless `force` says to replace what is there)."""
    files: dict[Path, dict[str, JsonValue]] = {}
    for index, document in enumerate(documents):
        kind = _slug(str(document.get("kind", "document")))
        name = _slug(str(_name_of(document) or index))
        path = output_dir / f"{kind}-{name}.yaml"
        n = 2
        while path in files or (path.exists() and not force) or rejected_path(path).exists():
            path = output_dir / f"{kind}-{name}-{n}.yaml"
            n += 1
        files[path] = document
    return files


def rejected_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejected")


def _name_of(document: Mapping[str, JsonValue]) -> JsonValue:
    for key in ("key", "name", "object"):
        if document.get(key):
            return document[key]
    metadata = document.get("metadata")
    return metadata.get("name") if isinstance(metadata, Mapping) else None


def _slug(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text).lower()
    return re.sub(r"[^a-z0-9_]+", "_", text).strip("_") or "document"


def render(document: dict[str, JsonValue], origin: str, notes: tuple[str, ...]) -> str:
    ordered: dict[str, JsonValue] = {}
    for key in ("apiVersion", "kind"):
        if key in document:
            ordered[key] = document[key]
    ordered.update((k, v) for k, v in document.items() if k not in ordered)
    day = datetime.now(UTC).date().isoformat()
    header = [f"# Imported by `revops import` from {origin} on {day}."]
    header += [f"# Live object: {note}" for note in notes]
    return "\n".join(header) + "\n" + dump_yaml(ordered)


__all__ = ["Writes", "plan_files", "rejected_path", "render"]
