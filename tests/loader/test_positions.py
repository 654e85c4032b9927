"""Positions: every value (and every key) resolves to its 1-based `file:line:col`."""

from __future__ import annotations

from revops_as_code.loader import load_bytes, pointer_join

SOURCE = b"""\
apiVersion: revops.dev/v1
kind: Pipeline
stages:
  - key: discovery
    label: Discovery
  - {key: demo, label: "Demo / eval"}
a/b:
  c~d: 1
"""


def _doc():  # type: ignore[no-untyped-def]
    result = load_bytes(SOURCE, "defs/p.yaml")
    assert result.diagnostics == ()
    return result.documents[0]


def test_value_positions() -> None:
    doc = _doc()
    assert doc.positions.lookup("/kind") == (2, 7)
    assert doc.positions.lookup("/stages/0/key") == (4, 10)
    assert doc.positions.lookup("/stages/1/label") == (6, 24)
    assert doc.positions.lookup("/stages/1") == (6, 5)


def test_key_positions() -> None:
    doc = _doc()
    assert doc.positions.lookup("/stages/0/label", key=True) == (5, 5)
    assert doc.positions.lookup("/kind", key=True) == (2, 1)


def test_root_and_escaped_pointers() -> None:
    doc = _doc()
    assert doc.positions.lookup("") == (1, 1)
    assert doc.positions.lookup(pointer_join("a/b", "c~d")) == (8, 8)


def test_unknown_pointer_resolves_to_nearest_ancestor() -> None:
    doc = _doc()
    assert doc.positions.lookup("/stages/0/missing") == (4, 5)
    assert doc.positions.lookup("/stages/9/key") == (4, 3)
    assert doc.positions.lookup("/nope/deeper") == (1, 1)


def test_location_carries_file_and_pointer() -> None:
    location = _doc().location("/stages/0/key")
    assert str(location) == "defs/p.yaml:4:10"
    assert location.pointer == "/stages/0/key"


def test_second_document_positions_are_file_absolute() -> None:
    result = load_bytes(b"a: 1\n---\nb:\n  c: 2\n", "m.yaml")
    assert [d.index for d in result.documents] == [0, 1]
    assert result.documents[1].positions.lookup("/b/c") == (4, 6)
