"""The importer's YAML emitter writes what the project's loader reads back, value for value."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.loader import load_bytes
from revops_as_code.loader.emit import dump_yaml

# The loader refuses what a definition file may not hold (NUL, lone surrogates, BOMs and
# other non-characters are refused by decode.py); strings are everything else.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"),
    max_size=60,
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | _TEXT
)
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_TEXT, inner, max_size=5),
    max_leaves=30,
)


def _load(text: str) -> Any:
    result = load_bytes(text.encode("utf-8"), "emitted.yaml")
    assert result.ok, [d.message for d in result.diagnostics]
    (document,) = result.documents
    return document.data


def _same(a: Any, b: Any) -> bool:
    # `==` alone says 1 == 1.0 == True: the loader must give back the same *types* too.
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_TEXT, _DATA, min_size=1, max_size=6))
def test_emitted_yaml_loads_back_to_identical_values(data: dict[str, Any]) -> None:
    assert _same(_load(dump_yaml(data)), data)


def test_yaml_traps_stay_strings() -> None:
    traps = ["1e3", "1E-5", "no", "yes", "on", "off", "null", "~", "True", "012", "0x1F",
             "1_000", "12:30", "2026-01-01", ".inf", "-.5", "+1", " padded ", "trailing ",
             "- dash", "key: value", "#hash", "", "'", '"', "@at", "`tick", "100%", "é ü 日本"]  # fmt: skip
    text = dump_yaml({"values": traps})
    assert _load(text) == {"values": traps}
    assert '"1e3"' in text  # PyYAML alone would write it plain, and the loader read 1000.0


def test_numbers_and_nested_structures_keep_their_types() -> None:
    data = {"n": 1, "f": 1.0, "big": 1e300, "neg": -0.5, "inf": math.inf, "b": False,
            "none": None, "nested": {"list": [1, "1", 1.5, "1.5", [], {}]}}  # fmt: skip
    assert _same(_load(dump_yaml(data)), data)


def test_keys_keep_the_callers_order() -> None:
    text = dump_yaml({"apiVersion": "revops.dev/v1", "kind": "Pipeline", "a": 1})
    assert text.splitlines()[:2] == ["apiVersion: revops.dev/v1", "kind: Pipeline"]
