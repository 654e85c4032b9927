"""Validation work grows linearly with the number of documents: counted, never timed.

A project of N small field standards (over company, contact and deal, referring to each
other's groups and fields, like a standard split by team) is validated with every read of
a model attribute and of a `DefinitionDocument` attribute counted. A rule or lookup that
scans all documents per document (as `field_standards_of` and RV202's group collection
once did) makes the count grow ~16x for 4x the documents; linear work grows ~4x.
`benchmarks/validate_scaling.py` has the seconds and the memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydantic
import pytest

from revops_as_code.loader import SourceDocument, load_bytes
from revops_as_code.models import DefinitionDocument, refs
from revops_as_code.validation import validate_documents
from revops_as_code.validation.rules import _common

OBJECTS = ("company", "contact", "deal")


def _standard(index: int, count: int) -> str:
    obj = OBJECTS[index % 3]
    previous = index - 3 if index >= 3 else index  # the previous standard of the object
    contact = index - index % 3 + 1 if index - index % 3 + 1 < count else 1
    p = f"s{index:04d}"
    text = f"""\
apiVersion: revops.dev/v1
kind: FieldStandard
object: {obj}
default_group: team_{index:04d}
groups:
  - {{key: team_{index:04d}, label: Team {index}}}
fields:
  - {{key: {p}_score, label: Score, type: number, description: A score., group: team_{previous:04d}}}
  - key: {p}_segment
    label: Segment
    type: enum
    description: A segment.
    options: [{{key: small, label: Small}}, {{key: large, label: Large}}]
  - key: {p}_touch
    label: Last touch
    type: date
    description: When.
"""
    if obj == "deal":
        text += "    required_at: [pipeline/sales/stage/proposal]\n"
    if obj == "company":
        text += f"""\
facts:
  - key: {p}_engaged
    label: Engaged contacts
    related: contact
    where: {{field: field/contact/s{contact:04d}_touch, op: within_last, value: 30d}}
    stored_in: {p}_score
"""
    return text


def _pipeline(count: int) -> str:
    deals = [i for i in range(count) if i % 3 == 2][:5]
    fields = ", ".join(f"s{i:04d}_touch" for i in deals)
    conditions = "".join(
        f"            - {{field: s{i:04d}_segment, op: eq, value: large}}\n" for i in deals
    )
    return f"""\
apiVersion: revops.dev/v1
kind: Pipeline
key: sales
label: Sales
object: deal
stages:
  - key: proposal
    label: Proposal
    probability: 50
    forecast_category: pipeline
    exit_criteria:
      required_fields: [{fields}]
      conditions:
        - any:
{conditions}  - {{key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}}
  - {{key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}}
"""


def _corpus(count: int, typos: int = 0) -> list[SourceDocument]:
    texts = [_standard(i, count) for i in range(count)] + [_pipeline(count)]
    for n in range(typos):  # dangling references, each a near miss of a real field
        texts[n] = texts[n].replace("stored_in: s", "stored_in: x", 1)
        texts[n] = texts[n].replace("group: team_", "group: tema_", 1)
    documents: list[SourceDocument] = []
    for i, text in enumerate(texts):
        result = load_bytes(text.encode(), f"defs/{i:04d}.yaml")
        assert result.diagnostics == ()
        documents.extend(result.documents)
    return documents


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts attribute reads on every pydantic model and every `DefinitionDocument`."""
    counter = [0]

    def counting(self: Any, name: str) -> Any:
        counter[0] += 1
        return object.__getattribute__(self, name)

    monkeypatch.setattr(pydantic.BaseModel, "__getattribute__", counting, raising=False)
    monkeypatch.setattr(DefinitionDocument, "__getattribute__", counting, raising=False)
    yield counter


def _reads_for(count: int, reads: list[int], typos: int = 0) -> int:
    documents = _corpus(count, typos)
    reads[0] = 0
    result = validate_documents(documents)
    measured = reads[0]
    codes = {d.code for d in result.diagnostics}
    assert codes == ({"RV201", "RV202"} if typos else set()), result.diagnostics[:3]
    return measured


def test_attribute_reads_grow_linearly_with_the_number_of_standards(reads: list[int]) -> None:
    small, large = _reads_for(60, reads), _reads_for(240, reads)
    assert small > 0
    # Linear work gives ~4x; one scan of all standards per standard gives ~16x.
    assert large <= 4.5 * small, (small, large)


def test_dangling_references_keep_validation_linear(reads: list[int]) -> None:
    # The same share of documents carries a typo: did-you-mean lists candidates once per run
    # and scores only the few that can win, so the work still grows ~4x, not ~16x.
    small, large = _reads_for(60, reads, typos=6), _reads_for(240, reads, typos=24)
    assert large <= 4.5 * small, (small, large)


def test_exact_similarity_is_computed_for_a_bounded_number_of_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scored = [0]
    similarity = _common._similarity

    def counting(a: str, b: str) -> float:
        scored[0] += 1
        return similarity(a, b)

    monkeypatch.setattr(_common, "_similarity", counting)
    for count in (1_000, 4_000):
        candidates = [
            f"field/{obj}/s{i:05d}_{key}"
            for i in range(count // 4)
            for obj in OBJECTS
            for key in ("score", "segment", "touch", "owner")
        ]
        for wrong in ("field/deal/s00012_scor", "field/contact/owner", "field/deal/amount"):
            scored[0] = 0
            _common.did_you_mean(wrong, candidates)
            assert scored[0] <= 50, (count, wrong, scored[0])


def test_candidates_are_listed_once_per_run_however_many_references_dangle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed: list[str] = []
    candidates = refs.candidates

    def counting(defs: Any, ref: refs.Ref) -> list[str]:
        listed.append(ref.type)
        return candidates(defs, ref)

    monkeypatch.setattr(refs, "candidates", counting)
    result = validate_documents(_corpus(60, typos=12))
    assert sum(d.code == "RV201" for d in result.diagnostics) == 4  # the company standards
    assert listed == ["field"]
