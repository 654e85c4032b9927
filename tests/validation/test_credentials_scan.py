"""The credential scan reports exactly what the string-by-string walk it replaced reported.

`scan` now pre-filters every string with one combined pattern and builds pointers only for
suspects; the reference below is the original walk (every string, every shape, a pointer
each) plus keys (a token pasted as a key is a finding too, before its value's), compared on
generated nested data mixing secrets, secret-like keys, secret-shaped keys and plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.cli.main import cli
from revops_as_code.loader import SourceDocument, pointer_join
from revops_as_code.validation.rules.credentials import _SECRET_KEY, _SHAPES, scan


class _Nowhere:
    def lookup(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        return 1, 1


def _walk(data: Any, pointer: str = "") -> Iterator[tuple[str, str, str | None, bool]]:
    if isinstance(data, dict):
        for key, value in data.items():
            step = pointer + pointer_join(str(key))
            yield step, str(key), None, True
            if isinstance(value, str):
                yield step, value, str(key), False
            else:
                yield from _walk(value, step)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            step = pointer + pointer_join(i)
            if isinstance(value, str):
                yield step, value, None, False
            else:
                yield from _walk(value, step)
    elif isinstance(data, str):
        yield pointer, data, None, False


def _reference(data: Any) -> list[tuple[str, str]]:
    out = []
    for pointer, value, key, _is_key in _walk(data):
        kind = next((name for name, shape in _SHAPES if shape.search(value)), None)
        if kind is None and key is not None and value.strip() and _SECRET_KEY.search(key):
            kind = f"value of {key!r}"
        if kind is not None:
            out.append((pointer, kind))
    return out


_SECRETS = [
    "pat-na1-12345678-1234-1234-1234-123456789012",
    "AKIAABCDEFGHIJKLMNOP",
    "ghp_" + "a" * 36,
    "xoxb-1234567890-abc",
    "sk_live_" + "a" * 16,
    "eyJabcdefghij.eyJabcdefghij.abcdefghij",
    "Bearer abcdefghijklmnopqrstuvwxyz",
    "-----BEGIN RSA PRIVATE KEY-----",
    "   ",
    "",
    "plain words",
    "R&D / team",
]
_KEYS = st.sampled_from(
    ["key", "label", "password", "api_key", "my_token", "a/b", "x~y", "Secret", *_SECRETS[:3]]
)
_LEAVES = st.one_of(
    st.sampled_from(_SECRETS),
    st.text(max_size=12),
    st.integers(),
    st.booleans(),
    st.none(),
)
_DATA = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(_DATA)
def test_scan_reports_what_the_string_by_string_walk_reported(data: Any) -> None:
    found = scan(SourceDocument("f.yaml", 0, data, _Nowhere()))
    got = [(d.location.pointer, d.message) for d in found]
    want = _reference(data)
    assert [p for p, _ in got] == [p for p, _ in want]
    assert all(f"({kind})" in message for (_, message), (_, kind) in zip(got, want, strict=True))


def test_a_token_pasted_as_a_key_is_found_and_shown_redacted() -> None:
    token = _SECRETS[0]
    found = scan(SourceDocument("f.yaml", 0, {"settings": {token: "x"}}, _Nowhere()))
    assert [d.location.pointer for d in found] == [pointer_join("settings", token)]
    assert "key looks like a credential (HubSpot private-app token)" in found[0].message
    assert token not in found[0].message


def test_a_token_pasted_as_a_revops_yaml_key_is_refused_at_its_line(tmp_path: Path) -> None:
    token = _SECRETS[0]
    (tmp_path / "definitions").mkdir()
    (tmp_path / "revops.yaml").write_text(
        "definitions: definitions/\ndefault_environment: dev\nenvironments:\n  dev:\n"
        f"    provider: fake\n    settings:\n      {token}: yes\n"
    )
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "--no-color", "validate"])
    assert result.exit_code == 1
    assert "revops.yaml:7:7: error RV401: this key looks like a credential" in result.output
    assert token not in result.output and "Traceback" not in result.output
