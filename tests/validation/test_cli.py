"""`revops validate`: compiler-style lines, a summary, JSON, exit codes, and never a traceback."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli import validate_cmd
from revops_as_code.cli.main import cli
from revops_as_code.validation import validate_path
from tests.validation.helpers import KINDS, build

GOOD = b"apiVersion: revops.dev/v1\nkind: Widget\nkey: w\nsize: 1\n"


@pytest.fixture(autouse=True)
def _small_language(monkeypatch: pytest.MonkeyPatch) -> None:
    small = functools.partial(
        validate_path, kinds=KINDS, rules=(), api_version="revops.dev/v1", build=build
    )
    monkeypatch.setattr(validate_cmd, "validate_path", small)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def _project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    for name, raw in files.items():
        (definitions / name).write_bytes(raw)
    return tmp_path


def test_clean_definitions_exit_0_with_a_summary(tmp_path: Path) -> None:
    project = _project(tmp_path, {"w.yaml": GOOD})
    result = _run("-C", str(project), "validate")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("valid (1 document in 1 file).")


def test_errors_exit_1_sorted_compiler_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, {
        "b.yaml": GOOD.replace(b"size: 1", b"size: 1\nszie: 2"),
        "a.yaml": b"apiVersion: revops.dev/v1\nkind: Widget\nkey: w\nkey: v\nsize: one\n",
    })  # fmt: skip
    result = _run("validate", "definitions")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if not line.startswith("  hint:")]
    assert lines == [
        "definitions/a.yaml:4:1: error RV008: duplicate key 'key': line 4 repeats the key "
        "from line 3",
        "definitions/a.yaml:5:7: error RV112: Input should be a valid integer, got a string",
        "definitions/b.yaml:5:1: error RV110: unknown key 'szie'",
        "definitions: 3 errors, 0 warnings (2 documents in 2 files).",
    ]
    assert "  hint: did you mean 'size'?" in result.output


def test_json_format(tmp_path: Path) -> None:
    project = _project(tmp_path, {"w.yaml": GOOD.replace(b"size: 1", b"size: x")})
    result = _run("validate", str(project / "definitions"), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["ok"] is False and payload["errors"] == 1 and payload["files"] == 1
    (diagnostic,) = payload["diagnostics"]
    assert diagnostic["code"] == "RV112"
    assert (diagnostic["line"], diagnostic["col"], diagnostic["pointer"]) == (4, 7, "/size")


def test_a_single_file_can_be_validated(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_bytes(GOOD)
    assert _run("validate", str(tmp_path / "one.yaml")).exit_code == 0


def test_missing_definitions_directory_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = _run("-C", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert "RV001" in result.output


def test_garbage_never_produces_a_traceback(tmp_path: Path) -> None:
    rng = random.Random(4)
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    seeds = [GOOD, b"a: [", b"\xff\xfe\x00", b"- *x", b"!!python/object:os.system x", b"\t"]
    for index in range(60):
        raw = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(0, 8)):
            raw.insert(rng.randint(0, len(raw)), rng.randint(0, 255))
        (definitions / f"g{index:02d}.yaml").write_bytes(bytes(raw))
    result = _run("-C", str(tmp_path), "validate", "--format", "json")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    payload = json.loads(result.output)
    assert payload["files"] == 60 and payload["errors"] >= 1
