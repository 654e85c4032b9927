"""Properties of `revops fmt` over generated documents: fmt(fmt(x)) == fmt(x), the values
are unchanged (checked with the project's own loader), and every comment survives."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.fmt import format_text
from revops_as_code.loader.emit import dump_yaml
from revops_as_code.loader.load import load_bytes

KEYS = st.sampled_from(
    [
        "key",
        "label",
        "description",
        "kind",
        "stages",
        "fields",
        "options",
        "on",
        "012",
        "probability",
        "api_ids",
    ]
)
SCALARS = st.one_of(
    st.integers(-1000, 1000),
    st.booleans(),
    st.none(),
    st.sampled_from(
        ["yes", "no", "on", "012", "1e3", "12:30", "~", "", "a: b", "#x", "Tier 1 – fit"]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
)


def _tree(depth: int = 3) -> st.SearchStrategy[Any]:
    if depth == 0:
        return SCALARS
    child = _tree(depth - 1)
    return st.one_of(
        SCALARS,
        st.lists(child, max_size=3),
        st.dictionaries(KEYS, child, max_size=4),
    )


DOCS = st.dictionaries(KEYS, _tree(), min_size=1, max_size=6)


def _values(text: str) -> Any:
    result = load_bytes(text.encode(), "t.yaml")
    assert result.ok, result.diagnostics
    return [d.data for d in result.documents]


@settings(max_examples=150, deadline=None)
@given(DOCS, st.lists(st.sampled_from(["# one", "# two: with colon", "# schema"]), max_size=3))
def test_fmt_is_idempotent_safe_and_keeps_comments(
    doc: dict[str, Any], comments: list[str]
) -> None:
    body = dump_yaml(doc)
    text = "".join(f"{c}\n" for c in comments) + body
    once = format_text(text)
    assert format_text(once) == once
    assert _values(once) == _values(text)
    for comment in comments:
        assert comment in once
