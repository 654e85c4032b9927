"""did-you-mean with pruning gives exactly the suggestions of scoring every candidate.

`_common.did_you_mean` bounds candidates with difflib's `quick_ratio` before scoring them
exactly (a project has as many field candidates as fields). The reference below is the
original: score everything, sort, keep the top three near the best.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from revops_as_code.validation.rules._common import _similarity, did_you_mean


def _reference(wrong: str, candidates: list[str]) -> str | None:
    scored = sorted(
        ((_similarity(wrong, c), c) for c in set(candidates) if c != wrong), reverse=True
    )
    if not scored or scored[0][0] < 0.6:
        return None
    best = scored[0][0]
    close = [c for score, c in scored[:3] if score >= max(0.6, best - 0.1)]
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


# Small alphabets make many ties and near ties, where pruning could go wrong.
_TEXT = st.text(alphabet="ab/_c", max_size=9)


@settings(max_examples=2000, deadline=None)
@given(_TEXT, st.lists(_TEXT, max_size=25))
def test_same_suggestions_as_scoring_every_candidate(wrong: str, candidates: list[str]) -> None:
    assert did_you_mean(wrong, candidates) == _reference(wrong, candidates)


def test_same_suggestions_on_reference_shaped_names() -> None:
    candidates = [
        f"field/{obj}/s{i:04d}_{key}"
        for i in range(300)
        for obj in ("company", "contact", "deal")
        for key in ("score", "segment", "touch", "owner")
    ]
    for wrong in (
        "field/deal/s0012_scor",
        "field/contact/owner",
        "field/company/s0100_segmnt",
        "field/deal/amount",
        "field/contact/s0299_touch",
        "score",
    ):
        assert did_you_mean(wrong, candidates) == _reference(wrong, candidates), wrong


def test_wording() -> None:
    assert did_you_mean("revops_standrd", {"revops_standard", "marketing"}) == (
        "did you mean 'revops_standard'?"
    )
    assert did_you_mean("x", []) is None
