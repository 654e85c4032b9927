"""The shipped JSON Schemas and the models give the same verdict on every document.

Editors and other tools validate with the schemas; `revops validate` runs the models. The
fixtures in tests/fixtures/definitions (valid/ and invalid/, each invalid file naming the
JSON pointer of its defect) and the bundled definitions/ are checked both ways, and a
Hypothesis mutation test breaks valid documents at random places and compares verdicts.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from revops_as_code.loader import load_file
from revops_as_code.models import KINDS
from revops_as_code.schema_gen import schema_file_name

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "definitions"
VALID = sorted((FIXTURES / "valid").glob("*.yaml")) + sorted((ROOT / "definitions").rglob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))

_VALIDATORS = {
    kind: Draft202012Validator(
        json.loads((ROOT / "schemas" / schema_file_name(kind)).read_text(encoding="utf-8"))
    )
    for kind in KINDS
}


def _data(path: Path) -> Any:
    result = load_file(path)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    (document,) = result.documents
    return document.data


def _model_errors(kind: str, data: Any) -> list[str]:
    try:
        KINDS[kind].model_validate(data)
    except pydantic.ValidationError as exc:
        return ["/" + "/".join(str(p) for p in e["loc"]) for e in exc.errors()]
    return []


def _schema_errors(kind: str, data: Any) -> list[str]:
    return [
        "/" + "/".join(str(p) for p in e.absolute_path) for e in _VALIDATORS[kind].iter_errors(data)
    ]


def test_fixture_corpus_is_not_trivial() -> None:
    assert len(VALID) >= 15
    assert len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_documents_pass_both(path: Path) -> None:
    data = _data(path)
    assert _model_errors(data["kind"], data) == []
    assert _schema_errors(data["kind"], data) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_documents_fail_both_at_the_defect(path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ").strip()
    data = _data(path)
    kind = data["kind"]
    model_errors = _model_errors(kind, data)
    schema_errors = _schema_errors(kind, data)
    assert model_errors, "the model accepted an invalid document"
    assert schema_errors, "the schema accepted an invalid document"
    # The model's error sits at the defect (pydantic may add union-member segments below).
    assert any(e == expected or e.startswith(expected + "/") for e in model_errors), model_errors


# -- mutation: break valid documents anywhere, the verdicts still agree ---------------------

_REPLACEMENTS: list[Any] = [
    None, "", "x", "Not A Key", "lifecycle/mqa", "30d", 0, 1, -1, 101, 1.5, True, False,
    [], ["x"], [1], {}, {"key": "x"}, {"field": "amount", "op": "is_set"},
]  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(_paths(value, (*prefix, i)))
    return out


def _mutate(data: Any, path: tuple[Any, ...], how: str, replacement: Any) -> Any:
    doc = copy.deepcopy(data)
    if not path:
        return doc
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "replace":
        parent[last] = replacement
    elif how == "add_key" and isinstance(parent[last], dict):
        parent[last]["unexpected_key"] = replacement
    elif how == "wrap":
        parent[last] = [parent[last]]
    return doc


_SOURCES = [_data(p) for p in VALID]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_documents_get_the_same_verdict(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(_SOURCES))
    path = data.draw(st.sampled_from(_paths(source)[1:]))
    if path == ("kind",):
        return  # the kind selects the schema; the pipeline reports unknown kinds itself
    how = data.draw(st.sampled_from(["delete", "replace", "add_key", "wrap"]))
    replacement = data.draw(st.sampled_from(_REPLACEMENTS))
    mutated = _mutate(source, path, how, replacement)
    kind = source["kind"]
    model_ok = not _model_errors(kind, mutated)
    schema_ok = not _schema_errors(kind, mutated)
    assert model_ok == schema_ok, (path, how, replacement)
