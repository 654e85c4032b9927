"""The markdown plan as a reviewer meets it in a pull request: what needs attention is never
hidden, everything hidden is named, and the comment fits GitHub's limit."""

from __future__ import annotations

import re

import pytest

from revops_as_code.changes import Action, Risk
from revops_as_code.render import render_markdown
from revops_as_code.render._common import origin_name

from .builders import big_plan, change, info, plan

GITHUB_LIMIT = 65_536


def test_a_271_change_plan_shows_every_change_that_needs_attention_and_names_the_rest() -> None:
    p, important = big_plan()
    assert len(p.changes) == 271
    md = render_markdown(p)
    assert len(md) <= GITHUB_LIMIT
    opened = re.findall(r"<details open><summary><code>\S+ (.+?)</code>", md)
    assert {name.replace("&gt;", ">") for name in opened} == important  # each with its block
    assert "**Impact:** 260 contacts hold a value" in md
    assert "Shortened" in md and "the details of 265 safe change(s)" in md
    for c in p.changes:  # every hidden change is still named
        assert origin_name(c.origin.address) in md
    assert md.count("Where the lead first heard") < 271  # safe details were what was dropped


def test_the_headline_counts_by_risk_before_any_change() -> None:
    p, _ = big_plan()
    md = render_markdown(p)
    headline = "**Risk: 4 destructive, 1 needs review, 266 safe (1 protected, 1 drift)**"
    assert headline in md
    assert md.index(headline) < md.index("<details")


def test_changes_are_ordered_by_risk_then_definition() -> None:
    p = plan(
        change("contacts/b_safe"),
        change("contacts/a_safe"),
        change("contacts/c_review", action=Action.UPDATE, risk=Risk.REVIEW),
        change("contacts/d_destroy", action=Action.DELETE, risk=Risk.DESTRUCTIVE),
    )
    md = render_markdown(p)
    order = [
        md.index(f"contacts.{k}</code>") for k in ("d_destroy", "c_review", "a_safe", "b_safe")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("limit", [3_000, 8_000, 20_000])
def test_under_a_tight_limit_changes_needing_attention_still_have_their_block(limit: int) -> None:
    p, important = big_plan()
    md = render_markdown(p, max_chars=limit)
    assert len(md) <= limit
    if "Truncated" not in md:  # the shortest form fits: nothing is dropped from it
        assert md.count("<details open>") == len(important)
        for c in p.changes:
            assert origin_name(c.origin.address) in md


def test_long_values_wrap_instead_of_being_cut() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    md = render_markdown(plan(change("contacts/long", attrs={"description": (None, words)})))
    assert "more characters" not in md
    fence = md[md.index("```diff") : md.rindex("```")]
    assert all(len(line) <= 100 for line in fence.splitlines())
    assert all(f"word{i}" in fence for i in range(80))


def test_a_new_dropdown_lists_its_options_one_per_line() -> None:
    options = [{"label": f"Option {i}", "value": f"o{i}"} for i in range(3)]
    md = render_markdown(plan(change("contacts/pick", attrs={"options": (None, options)})))
    for i in range(3):
        assert f'+ options[o{i}]: {{"label": "Option {i}"}}' in md


def test_diagnostics_collapse_to_one_line_per_code_with_the_rest_folded() -> None:
    diagnostics = tuple(
        info("RV501", f"entry criteria of stage 's{i}': not enforced in HubSpot", 10 + i)
        for i in range(40)
    )
    md = render_markdown(plan(change("contacts/x"), diagnostics=diagnostics))
    assert "- **info** RV501 ×40: not enforced in HubSpot" in md
    assert "<details><summary>Every diagnostic</summary>" in md
    assert md.count("RV501 `definitions/lifecycle.yaml:") == 40  # folded, not dropped
