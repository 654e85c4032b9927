"""`revops fmt`: canonical layout, comments kept, safe, --check/--diff, errors named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from revops_as_code.fmt import FmtError, format_text

from .conftest import ROOT, revops

MESSY = """\
# yaml-language-server: $schema=../schemas/pipeline.schema.json
# Why this pipeline exists.
description: Deals with new logos.   # trailing comment
stages:
- label: Discovery
  key: discovery   # the key stays
  probability: 10
  api_ids: {hubspot: appointmentscheduled}
label: New business
kind: Pipeline
key: new_business
note: on
apiVersion: revops.dev/v1
"""


def test_canonical_order_indentation_and_quoting() -> None:
    out = format_text(MESSY, "p.yaml")
    lines = out.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/pipeline.schema.json"
    assert lines[1] == "# Why this pipeline exists."
    assert lines[2:6] == [
        "apiVersion: revops.dev/v1",
        "kind: Pipeline",
        "key: new_business",
        "label: New business",
    ]
    assert out.index("description:") < out.index("stages:")  # collections last
    assert "  - key: discovery" in out and "# the key stays\n    label: Discovery\n" in out
    assert "    api_ids: {hubspot: appointmentscheduled}" in out  # flow style kept
    assert "# trailing comment" in out
    # `on` is a string to revops but a boolean to a YAML 1.1 reader: the loader's own rule
    # (`resolve_plain`) keeps it plain; what it would misread gets quotes.
    assert format_text("apiVersion: revops.dev/v1\nkind: ICP\nkey: k\nlabel: '012'\n") == (
        "apiVersion: revops.dev/v1\nkind: ICP\nkey: k\nlabel: '012'\n"
    )


def test_idempotent_on_the_messy_example() -> None:
    once = format_text(MESSY)
    assert format_text(once) == once


def test_a_file_that_does_not_load_is_refused() -> None:
    with pytest.raises(FmtError, match="does not load"):
        format_text("key: [unclosed\n", "bad.yaml")
    with pytest.raises(FmtError):
        format_text("a: 1\na: 2\n", "dupe.yaml")  # the loader refuses duplicate keys


def test_bundled_definitions_are_formatted() -> None:
    result = revops("-C", str(ROOT), "fmt", "--check")
    assert result.exit_code == 0, result.output
    assert "0 would be reformatted" in result.output


def test_check_diff_and_write(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    path = tmp_path / "definitions" / "messy.yaml"
    path.write_text(MESSY.replace("../schemas", "../../schemas"))
    before = path.read_text()
    check = revops("fmt", "--check", "--diff", str(tmp_path / "definitions"))
    assert check.exit_code == 1
    assert "would reformat" in check.output and "+apiVersion: revops.dev/v1" in check.output
    assert path.read_text() == before  # --check writes nothing
    write = revops("fmt", str(path))
    assert write.exit_code == 0, write.output
    assert path.read_text() == format_text(before)
    assert revops("fmt", "--check", str(path)).exit_code == 0


def test_errors_name_the_file_and_change_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: revops.dev/v1\nkey: [unclosed\n")
    result = revops("fmt", str(bad))
    assert result.exit_code == 1
    assert "bad.yaml:3:1: error" in result.stderr
    assert "the file was not changed" in result.stderr
    assert bad.read_text() == "apiVersion: revops.dev/v1\nkey: [unclosed\n"
    missing = revops("fmt", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 1 and "no such file or directory" in missing.stderr
    assert "Traceback" not in result.output + missing.output


def test_a_formatting_that_would_change_values_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revops_as_code import fmt

    def corrupt(node: object, order: object) -> object:
        node["label"] = "changed"  # type: ignore[index]
        return node

    monkeypatch.setattr(fmt, "_canonicalize", corrupt)
    path = tmp_path / "p.yaml"
    path.write_text("kind: ICP\nkey: k\nlabel: kept\n")
    result = revops("fmt", str(path))
    assert result.exit_code == 1
    assert "RV901" in result.stderr and "would change what the file means" in result.stderr
    assert path.read_text() == "kind: ICP\nkey: k\nlabel: kept\n"
