"""load_file / load_tree: files found recursively and sorted; unreadable paths reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.loader import MAX_FILE_BYTES, find_yaml_files, load_file, load_tree


def test_tree_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "z.yaml").write_text("n: z\n")
    (tmp_path / "a.yml").write_text("n: a\n")
    (tmp_path / "b" / "c.yaml").write_text("n: c\n")
    (tmp_path / ".hidden" / "x.yaml").write_text("n: x\n")
    (tmp_path / ".dot.yaml").write_text("n: dot\n")
    (tmp_path / "notes.txt").write_text("n: txt\n")
    assert [p.relative_to(tmp_path).as_posix() for p in find_yaml_files(tmp_path)] == [
        "a.yml",
        "b/c.yaml",
        "z.yaml",
    ]
    result = load_tree(tmp_path)
    assert [d.data["n"] for d in result.documents] == ["a", "c", "z"]
    assert result.files == 3
    assert result.diagnostics == ()


def test_paths_are_shown_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "defs").mkdir()
    (tmp_path / "defs" / "x.yaml").write_text("a: 1\na: 2\n")
    monkeypatch.chdir(tmp_path)
    result = load_tree(tmp_path / "defs")
    assert str(result.diagnostics[0].location) == "defs/x.yaml:2:1"
    assert result.documents[0].path == "defs/x.yaml"


def test_one_file_can_be_loaded_as_a_tree(tmp_path: Path) -> None:
    file = tmp_path / "one.yaml"
    file.write_text("a: 1\n")
    assert [d.data for d in load_tree(file).documents] == [{"a": 1}]


def test_missing_path(tmp_path: Path) -> None:
    result = load_tree(tmp_path / "nope")
    assert [d.code for d in result.diagnostics] == ["RV001"]
    assert not result.ok


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = load_file(tmp_path)  # a directory opened as a file
    assert [d.code for d in result.diagnostics] == ["RV001"]


def test_empty_directory(tmp_path: Path) -> None:
    result = load_tree(tmp_path)
    assert [d.code for d in result.diagnostics] == ["RV013"]


def test_default_size_cap_reads_only_past_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    result = load_file(big)
    assert [(d.code, d.location.line, d.location.col) for d in result.diagnostics] == [
        ("RV002", 1, 1)
    ]
