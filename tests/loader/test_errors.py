"""Bad input becomes diagnostics at the exact place, never an exception."""

from __future__ import annotations

import codecs

import pytest

from revops_as_code.loader import MAX_DEPTH, LoadResult, load_bytes


def _found(result: LoadResult) -> list[tuple[str, int, int]]:
    return [(d.code, d.location.line, d.location.col) for d in result.diagnostics]


def test_duplicate_key_at_root_names_both_lines() -> None:
    result = load_bytes(b"key: a\nlabel: A\nkey: b\n", "d.yaml")
    assert _found(result) == [("RV008", 3, 1)]
    message = result.diagnostics[0].message
    assert "'key'" in message and "line 3" in message and "line 1" in message
    assert result.documents[0].data == {"key": "a", "label": "A"}


def test_duplicate_keys_at_every_level_are_all_reported() -> None:
    source = b"""\
fields:
  - key: a
    options:
      - {key: x, key: y}
    key: b
meta:
  x: 1
  x: 2
"""
    result = load_bytes(source, "d.yaml")
    assert sorted(_found(result)) == [("RV008", 4, 18), ("RV008", 5, 5), ("RV008", 8, 3)]
    assert result.diagnostics[0].location.pointer in {"/fields/0/options/0/key", "/fields/0/key"}


@pytest.mark.parametrize(
    ("source", "col", "needle"),
    [
        (b"a: !!python/object/apply:os.system ['ls']\n", 4, "Python object tag"),
        (b"a: !!python/name:os.system ''\n", 4, "Python object tag"),
        (b"a: !!python/object:collections.OrderedDict {x: 1}\n", 4, "Python object tag"),
        (b"a: !Ref other\n", 4, "unknown tag !Ref"),
        (b"a: !!binary aGVsbG8=\n", 4, "unknown tag !!binary"),
        (b"a: !!timestamp 2026-01-01\n", 4, "unknown tag !!timestamp"),
        (b"a: !!int twelve\n", 4, "not a valid !!int"),
        (b"a: !!set {x, y}\n", 4, "unknown tag !!set"),
    ],
)
def test_unknown_and_python_tags_are_refused(source: bytes, col: int, needle: str) -> None:
    result = load_bytes(source, "t.yaml")
    assert _found(result) == [("RV009", 1, col)]
    assert needle in result.diagnostics[0].message
    assert result.documents[0].data == {"a": None}
    assert "/a" in result.documents[0].positions.flagged  # type: ignore[attr-defined]


def test_tagged_key_is_refused() -> None:
    result = load_bytes(b"ok: 1\n!!python/str k: 1\n", "t.yaml")
    assert _found(result) == [("RV009", 2, 1)]


@pytest.mark.parametrize(
    ("source", "line", "col"),
    [(b"? [a, b]\n: 1\n", 1, 3), (b"x: 1\n{a: 1}: 2\n", 2, 1)],
)
def test_collection_keys_are_refused(source: bytes, line: int, col: int) -> None:
    assert _found(load_bytes(source, "t.yaml")) == [("RV012", line, col)]


BOMB = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_without_expanding() -> None:
    # Expanded, this is 387 million strings; refused, it is one pass over 600 bytes.
    result = load_bytes(BOMB, "bomb.yaml")
    found = _found(result)
    assert len(found) == 72
    assert found[0] == ("RV010", 2, 8)
    assert {code for code, _, _ in found} == {"RV010"}
    assert result.documents[0].data is None


def test_recursive_anchor_is_refused() -> None:
    result = load_bytes(b"a: &x [1, *x]\n", "r.yaml")
    assert _found(result) == [("RV010", 1, 11)]


def test_anchor_without_alias_and_ampersand_in_text_are_fine() -> None:
    result = load_bytes(b"a: &only 1\nb: R&D and M&A, & more\n", "a.yaml")
    assert result.diagnostics == ()
    assert result.documents[0].data == {"a": 1, "b": "R&D and M&A, & more"}


def test_nesting_past_the_depth_cap_is_refused_at_the_deepest_allowed_level() -> None:
    depth = MAX_DEPTH + 5
    source = ("[" * depth + "]" * depth + "\n").encode()
    result = load_bytes(b"a: " + source, "deep.yaml")
    assert _found(result) == [("RV011", 1, 4 + MAX_DEPTH - 1)]


def test_nesting_past_libyaml_limit_is_refused_not_a_crash() -> None:
    result = load_bytes(("[" * 5000).encode(), "deep.yaml")
    assert _found(result) == [("RV011", 1, 1001)]


def test_size_cap() -> None:
    result = load_bytes(b"a: 1\n" * 10, "big.yaml", max_bytes=20)
    assert _found(result) == [("RV002", 1, 1)]
    assert result.documents == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    raw = bom + "kind: Pipeline\n".encode(codec)
    result = load_bytes(raw, "w.yaml")
    assert _found(result) == [("RV003", 1, 1)]
    assert "byte offset 0" in result.diagnostics[0].message
    assert "UTF-8" in (result.diagnostics[0].hint or "")


def test_utf16_without_bom_is_caught_by_its_nul_bytes() -> None:
    result = load_bytes("kind: Pipeline\n".encode("utf-16-le"), "w.yaml")
    assert _found(result) == [("RV003", 1, 2)]
    assert "byte offset 1" in result.diagnostics[0].message


def test_invalid_utf8_reports_byte_offset_line_and_column() -> None:
    raw = "a: 1\nlabel: Café\n".encode("latin-1")
    result = load_bytes(raw, "l.yaml")
    assert _found(result) == [("RV004", 2, 11)]
    assert "0xE9 at byte offset 15" in result.diagnostics[0].message
    assert "iconv" in (result.diagnostics[0].hint or "")


def test_tab_indentation_gets_a_hint() -> None:
    result = load_bytes(b"a:\n\tb: 1\n", "tab.yaml")
    assert _found(result) == [("RV006", 2, 1)]
    assert "spaces" in (result.diagnostics[0].hint or "")


@pytest.mark.parametrize(
    ("source", "line", "col"),
    [(b"a: 1\nlabel: 'Demo\nb: 2\n", 2, 8), (b'a: "x\n', 1, 4)],
)
def test_unclosed_quote_points_at_the_opening_quote(source: bytes, line: int, col: int) -> None:
    assert _found(load_bytes(source, "q.yaml")) == [("RV007", line, col)]


def test_syntax_error_position() -> None:
    result = load_bytes(b"a: 1\nb: [1, 2\nc: 3\n", "s.yaml")
    assert [code for code, _, _ in _found(result)] == ["RV005"]
    assert result.documents == ()


def test_control_character_is_a_syntax_error() -> None:
    result = load_bytes(b"a: 1\nb: x\x07y\n", "c.yaml")
    assert _found(result) == [("RV005", 2, 5)]


def test_empty_file_is_a_warning() -> None:
    result = load_bytes(b"# only a comment\n", "e.yaml")
    assert _found(result) == [("RV014", 1, 1)]
    assert result.ok


def test_several_documents_per_file() -> None:
    result = load_bytes(b"kind: A\n---\nkind: B\n...\n---\n- 1\n", "m.yaml")
    assert [d.data for d in result.documents] == [{"kind": "A"}, {"kind": "B"}, [1]]
    assert result.diagnostics == ()
