"""YAML 1.2 scalar rules: the YAML 1.1 surprises stay strings; numbers stay JSON-like."""

from __future__ import annotations

import math

import pytest

from revops_as_code.loader import load_bytes


def _value(text: str) -> object:
    result = load_bytes(f"v: {text}\n".encode(), "t.yaml")
    assert result.diagnostics == ()
    return result.documents[0].data["v"]


@pytest.mark.parametrize(
    "text",
    ["no", "No", "NO", "yes", "on", "off", "y", "n", "012", "0012", "12:30", "1:20:30",
     "2026-01-01", "2026-01-01T10:00:00Z", "0x1F", "0o17", "1_000", "+.5e", "1.2.3", "=",
     "<<", "Infinity", "NaN", ".5.5", "012.5"],
)  # fmt: skip
def test_yaml_11_surprises_stay_strings(text: str) -> None:
    assert _value(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("-7", -7), ("+3", 3), ("500", 500), ("1.5", 1.5), ("-0.25", -0.25),
     (".5", 0.5), ("1e3", 1000.0), ("2.5E-1", 0.25), ("true", True), ("False", False),
     ("TRUE", True), ("null", None), ("~", None), ("", None), (".inf", math.inf),
     ("-.Inf", -math.inf)],
)  # fmt: skip
def test_core_schema_scalars(text: str, expected: object) -> None:
    value = _value(text)
    assert value == expected
    assert type(value) is type(expected)


def test_nan_is_a_float() -> None:
    value = _value(".nan")
    assert isinstance(value, float) and math.isnan(value)


def test_quoted_scalars_are_always_strings() -> None:
    result = load_bytes(b"a: '12'\nb: \"true\"\nc: 'null'\nd: \"\"\n", "t.yaml")
    assert result.documents[0].data == {"a": "12", "b": "true", "c": "null", "d": ""}


def test_block_scalars_are_strings() -> None:
    result = load_bytes(b"a: |\n  12\nb: >-\n  no\n  yes\n", "t.yaml")
    assert result.documents[0].data == {"a": "12\n", "b": "no yes"}


def test_mapping_keys_are_always_strings() -> None:
    result = load_bytes(b"on: 1\nyes: 2\n200: 3\ntrue: 4\nnull: 5\n", "t.yaml")
    assert result.documents[0].data == {"on": 1, "yes": 2, "200": 3, "true": 4, "null": 5}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("!!str 12", "12"), ("!!int 12", 12), ("!!float 1", 1.0), ("!!bool true", True),
     ("!!null ''", None), ("! 12", 12), ("!!str no", "no")],
)  # fmt: skip
def test_core_tags_are_understood(text: str, expected: object) -> None:
    # `! 12` is libyaml's non-specific tag on a plain scalar: resolved like an untagged one.
    value = _value(text)
    assert value == expected
    assert type(value) is type(expected)


def test_explicit_core_collection_tags_are_accepted() -> None:
    result = load_bytes(b"a: !!map {x: 1}\nb: !!seq [1]\n", "t.yaml")
    assert result.diagnostics == ()
    assert result.documents[0].data == {"a": {"x": 1}, "b": [1]}


def test_utf8_bom_and_unicode_text_load() -> None:
    result = load_bytes("\ufeffname: Zoë — 東京\n".encode(), "t.yaml")
    assert result.diagnostics == ()
    assert result.documents[0].data == {"name": "Zoë — 東京"}
