"""No input crashes the loader: garbage bytes and mangled YAML only ever give diagnostics."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.loader import load_bytes

SEED = b"""\
apiVersion: revops.dev/v1
kind: Pipeline
key: new_business
stages:
  - {key: discovery, label: "Discovery", probability: 10}
  - key: won
    label: 'Closed won'
    outcome: won
    exit: &x {all: [{field: amount, op: gt, value: 0}]}
other: *x
notes: |
  free text
"""
_YAML_BYTES = st.sampled_from([*b"{}[]:,-?|>&*!%@`'\"#\t\n \\", 0, 0xFF, 0xC3, 0xFE])


def _check(raw: bytes) -> None:
    result = load_bytes(raw, "f.yaml")
    for diagnostic in result.diagnostics:
        assert diagnostic.code.startswith("RV0")
        assert diagnostic.location.line >= 1 and diagnostic.location.col >= 1
    for document in result.documents:
        document.location("/a/0/b")  # resolving any pointer is safe


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(raw: bytes) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mangled_yaml_never_crashes(data: st.DataObject) -> None:
    raw = bytearray(SEED)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        byte = data.draw(_YAML_BYTES)
        if action == "insert":
            raw.insert(at, byte)
        elif at < len(raw):
            if action == "delete":
                del raw[at]
            else:
                raw[at] = byte
    _check(bytes(raw))
