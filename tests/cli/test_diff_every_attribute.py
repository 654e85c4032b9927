"""`revops diff` over every attribute the bundled definitions set: change one value (a
number, a text, a flag, a list) anywhere in any document, and the diff reports exactly that
one change, at that place, with both values in its sentence."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from revops_as_code.agreement_diff import Document, diff_documents, show
from revops_as_code.loader.load import load_tree

from .conftest import ROOT

IDENTITY = {"key", "kind", "apiVersion", "object", "field", "fact"}
"""What names a document or a member: changing it is a removal plus an addition."""


def _documents() -> list[Document]:
    return [Document(d.data, d.path) for d in load_tree(ROOT / "definitions").documents]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in IDENTITY:
                yield from _leaves(v, (*path, k))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path, value


def _mutated(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, str):
        return value + " (edited)"
    if isinstance(value, list):
        return [*value, "zz_added"]
    if isinstance(value, dict):
        return {**value, "zz_added": 1}
    return "set"


CASES = [(doc, path, value) for doc in _documents() for path, value in _leaves(dict(doc.data))]


def test_the_bundled_definitions_give_many_cases() -> None:
    assert len(CASES) > 300
    kinds = {doc.data["kind"] for doc, _, _ in CASES}
    assert kinds == {"FieldStandard", "Pipeline", "Lifecycle", "ICP", "HandoffSLA"}


@pytest.mark.parametrize(
    ("doc", "path", "value"),
    CASES,
    ids=[f"{d.subject}:{'.'.join(map(str, p))}" for d, p, _ in CASES],
)
def test_one_changed_value_is_one_change(doc: Document, path: tuple[Any, ...], value: Any) -> None:
    data = copy.deepcopy(dict(doc.data))
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = _mutated(value)
    changes = diff_documents([doc], [Document(data, doc.file)])
    assert len(changes) == 1, [c.text for c in changes]
    (change,) = changes
    new = node[path[-1]]
    # A condition reads whole (`employee_count ≥ 500 → ≥ 507`), and so does an SLA window
    # (`within 2 → 9 business days`): the change is at the condition or the window.
    whole = isinstance(node, dict) and ("op" in node or set(node) == {"amount", "unit"})
    assert change.path[-1] == str(path[-1]) or str(path[-1]) in change.text or whole
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        assert show(new) in change.text
    assert change.text.startswith(change.document + ":")
