"""The compact position record answers every pointer exactly as a walk of the node tree does.

The loader no longer keeps the composed nodes (they were most of validation's memory); it
records them on the constructor's walk (`FlatPositionIndex`). These tests compare that
record with `NodePositionIndex` over freshly composed nodes of the same bytes, for every
pointer the nodes define and for pointers that miss, on clean YAML and on YAML the
constructor refuses in parts (duplicate keys, tags, non-string keys, nesting past the cap).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from revops_as_code.loader import MAX_DEPTH, load_bytes
from revops_as_code.loader.load import _Composer
from revops_as_code.loader.positions import FlatPositionIndex, NodePositionIndex

CASES: list[bytes] = [
    b"""\
apiVersion: revops.dev/v1
kind: Pipeline
stages:
  - key: discovery
    label: Discovery
  - {key: demo, label: "Demo / eval"}
a/b:
  c~d: 1
empty: {}
none: []
""",
    b"a: 1\na: 2\nb: {c: 1, c: [1, 2]}\n",  # duplicate keys: the first one is found
    b"a: !!set {x: 1, y: [2]}\nb: !custom [1, {c: 2}]\nc: !!int 12\nd: !!int x\n",
    b"? [1, 2]\n: complex\n!!int 5: tagged key\nplain: 1\n? {k: v}\n: map key\n",
    b"- a\n- [b, [c, {d: e}]]\n- {f: [g, h]}\n",
    b"a: 1\n---\nb:\n  c: 2\n---\n- x\n",
    b"'quoted key': 1\n\"other\": {\"x\": 'y'}\n",
    b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n",
    b"a: " + b"{b: " * (MAX_DEPTH + 3) + b"1" + b"}" * (MAX_DEPTH + 3) + b"\nz: 2\n",
    b"scalar document\n",
    b"",
    b"a:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n  - 6\n  - 7\n  - 8\n  - 9\n  - 10\n  - 11\n",
]


def _pointers(node: Node, pointer: str = "") -> Iterator[str]:
    """Every pointer the node tree defines, plus near misses under each container."""
    yield pointer
    if isinstance(node, MappingNode):
        yield pointer + "/missing"
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                part = key_node.value.replace("~", "~0").replace("/", "~1")
                yield from _pointers(value_node, f"{pointer}/{part}")
    elif isinstance(node, SequenceNode):
        yield pointer + f"/{len(node.value)}"
        yield pointer + "/x"
        for index, item in enumerate(node.value):
            yield from _pointers(item, f"{pointer}/{index}")
    else:
        yield pointer + "/0"


def _roots(raw: bytes) -> list[Node]:
    composer = _Composer(raw)
    try:
        roots = []
        while composer.check_node():
            root = composer.get_node()
            if root is not None:
                roots.append(root)
        return roots
    finally:
        composer.dispose()


def _compare(raw: bytes) -> int:
    result = load_bytes(raw, "f.yaml")
    if not result.documents:
        return 0
    checked = 0
    for document, root in zip(result.documents, _roots(raw), strict=True):
        flat = document.positions
        if b"&" in raw:  # documents with anchors keep their nodes (and NodePositionIndex)
            continue
        assert isinstance(flat, FlatPositionIndex)
        tree = NodePositionIndex(root)
        for pointer in [*_pointers(root), "/nope/deeper", "/0/0"]:
            for key in (False, True):
                assert flat.lookup(pointer, key=key) == tree.lookup(pointer, key=key), pointer
                checked += 1
    return checked


def test_flat_index_matches_the_node_tree_on_every_pointer() -> None:
    assert sum(_compare(raw) for raw in CASES) > 300


def test_flat_index_matches_the_node_tree_on_the_bundled_definitions() -> None:
    root = Path(__file__).resolve().parents[2] / "definitions"
    files = sorted(root.rglob("*.yaml"))
    assert files
    assert all(_compare(file.read_bytes()) > 50 for file in files)


def test_repeated_sequence_lookups_use_one_child_list() -> None:
    raw = b"fields:\n" + b"".join(b"  - {key: f%d}\n" % i for i in range(50))
    positions = load_bytes(raw, "f.yaml").documents[0].positions
    assert isinstance(positions, FlatPositionIndex)
    assert [positions.lookup(f"/fields/{i}/key") for i in range(50)] == [
        (2 + i, 11) for i in range(50)
    ]
    assert len(positions._items) == 1  # the list's children, found once


def test_documents_with_anchors_keep_the_node_walk() -> None:
    positions = load_bytes(b"a: &x {b: 1}\nc: 2\n", "f.yaml").documents[0].positions
    assert isinstance(positions, NodePositionIndex)


_PIECES = st.sampled_from(
    [
        "a",
        "b",
        "a/b",
        "~",
        "1",
        "!!int 1",
        "!x y",
        "'q'",
        "[",
        "]",
        "{",
        "}",
        ", ",
        ": ",
        "\n",
        "\n  ",
        "- ",
        "? ",
        "!!set ",
        "null",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_flat_index_matches_the_node_tree_on_generated_yaml(pieces: list[str]) -> None:
    raw = "".join(pieces).encode()
    try:
        list(yaml.compose_all(raw, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return  # not YAML: no documents, nothing to compare
    _compare(raw)
