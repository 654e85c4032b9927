"""The YAML loader: one safe pass from files to plain data that remembers `file:line:col`.

`load_tree(path)` / `load_file(path)` return a `LoadResult` (documents + diagnostics) and
never raise for bad input. Each `SourceDocument` resolves a JSON pointer to a position only
when asked (see `document.py`). Rules: YAML 1.2 scalars, no duplicate keys, no unknown tags,
no aliases, size and depth caps, UTF-8 only (see `construct.py`, `decode.py`, `codes.py`).
"""

from revops_as_code.loader.construct import MAX_DEPTH
from revops_as_code.loader.decode import MAX_FILE_BYTES
from revops_as_code.loader.document import PositionIndex, SourceDocument, pointer_join
from revops_as_code.loader.load import (
    YAML_SUFFIXES,
    LoadResult,
    find_yaml_files,
    load_bytes,
    load_file,
    load_tree,
    shown_path,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "YAML_SUFFIXES",
    "LoadResult",
    "PositionIndex",
    "SourceDocument",
    "find_yaml_files",
    "load_bytes",
    "load_file",
    "load_tree",
    "pointer_join",
    "shown_path",
]
