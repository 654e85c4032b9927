"""The bad-input corpus (tests/fixtures/bad/): every case rejected at its exact place.

Each file runs through the real pipeline (`validate_path`: loader, structure, the real
models, the real rules) on its own, and the test asserts the complete list of findings as
`(line, col, code)`: no finding missing, none extra, nothing raised.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from revops_as_code.loader import MAX_FILE_BYTES
from revops_as_code.validation import validate_path

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"

_BOMB = [(line, col, "RV010") for line in range(6, 11) for col in (8, 12, 16, 20, 24, 28)]

EXPECTED: dict[str, list[tuple[int, int, str]]] = {
    "alias_bomb.yaml": [*_BOMB, (11, 9, "RV010")],
    "dangling_reference.yaml": [(11, 19, "RV201"), (11, 35, "RV201")],
    "deep_nesting.yaml": [(5, 10, "RV112"), (5, 72, "RV011")],
    "duplicate_keys.yaml": [(5, 1, "RV008"), (11, 5, "RV008"), (13, 42, "RV008"), (16, 7, "RV008")],
    "latin1.yaml": [(6, 26, "RV004")],
    "list_document.yaml": [(1, 1, "RV100")],
    "missing_required.yaml": [(5, 5, "RV111"), (5, 5, "RV111")],
    "multi_document.yaml": [(11, 1, "RV111")],
    "newer_api_version.yaml": [(1, 13, "RV102")],
    "non_string_key.yaml": [(9, 5, "RV012")],
    "pasted_token.yaml": [(9, 18, "RV401"), (10, 5, "RV110"), (10, 23, "RV401")],
    "python_tag.yaml": [(4, 14, "RV009"), (9, 18, "RV009")],
    "scalar_document.yaml": [(2, 1, "RV100")],
    "tabs.yaml": [(6, 1, "RV006")],
    "unclosed_quote.yaml": [(6, 12, "RV007")],
    "unknown_keys.yaml": [(6, 5, "RV110"), (10, 5, "RV110")],
    "unknown_kind.yaml": [(2, 7, "RV104")],
    "unknown_tag.yaml": [(6, 12, "RV009")],
    "utf16.yaml": [(1, 1, "RV003")],
    "wrong_types.yaml": [(6, 12, "RV112"), (9, 14, "RV112"), (10, 10, "RV112"), (15, 14, "RV112")],
    "yaml11_surprises.yaml": [(11, 10, "RV112"), (17, 41, "RV112")],
}


def _findings(path: Path) -> list[tuple[int, int, str]]:
    result = validate_path(path)
    assert not result.ok
    for diagnostic in result.diagnostics:
        assert diagnostic.location.file == str(path) or diagnostic.location.file.endswith(path.name)
    return [(d.location.line, d.location.col, d.code) for d in result.diagnostics]


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_case(name: str, tmp_path: Path) -> None:
    copy = tmp_path / name
    shutil.copyfile(BAD / name, copy)
    assert _findings(copy) == EXPECTED[name]


def test_oversized_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    body = "apiVersion: revops.dev/v1\nkind: FieldStandard\n# " + "x" * MAX_FILE_BYTES + "\n"
    big.write_text(body)
    assert _findings(big) == [(1, 1, "RV002")]


def test_pasted_secrets_are_never_echoed(tmp_path: Path) -> None:
    copy = tmp_path / "pasted_token.yaml"
    shutil.copyfile(BAD / "pasted_token.yaml", copy)
    output = "\n".join(d.format() for d in validate_path(copy).diagnostics)
    assert "0a1b2c3d-1111" not in output and "hunter2-but-longer" not in output
    assert "HubSpot private-app token" in output


def test_yaml11_words_stay_text_where_text_is_wanted(tmp_path: Path) -> None:
    copy = tmp_path / "s.yaml"
    shutil.copyfile(BAD / "yaml11_surprises.yaml", copy)
    result = validate_path(copy)
    messages = " ".join(d.hint or "" for d in result.diagnostics)
    assert "write true or false" in messages
    # `label: no`, `key: on`, `label: on` and the 12:30/2026-01-01 prose raised nothing.
    assert {d.location.line for d in result.diagnostics} == {11, 17}


def test_the_whole_corpus_in_one_run(tmp_path: Path) -> None:
    shutil.copytree(BAD, tmp_path / "bad")
    result = validate_path(tmp_path / "bad")
    assert result.files == len(EXPECTED)
    assert result.definitions is None
    files = [d.location.file for d in result.diagnostics]
    assert files == sorted(files)
    actual = Counter(
        (Path(d.location.file).name, d.location.line, d.location.col, d.code)
        for d in result.diagnostics
    )
    expected = Counter(
        (name, line, col, code) for name, found in EXPECTED.items() for line, col, code in found
    )
    assert expected - actual == Counter()
    # Together, the files that did validate declare the same company standard three times.
    assert {code for _, _, _, code in actual - expected} == {"RV210"}
