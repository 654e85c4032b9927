"""The terminal plan: risk headline, review order, wrapped values, collapsed diagnostics."""

from __future__ import annotations

from revops_as_code.changes import Action, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.render import RenderOptions, render_text

from .builders import change, info, plan


def test_headline_and_order() -> None:
    p = plan(
        change("contacts/a_safe"),
        change("contacts/b_review", action=Action.UPDATE, risk=Risk.REVIEW),
    )
    text = render_text(p)
    assert "Risk: 1 needs review, 1 safe" in text
    assert text.index("contacts.b_review") < text.index("contacts.a_safe")


def test_long_values_wrap_with_every_word_kept() -> None:
    words = " ".join(f"w{i}" for i in range(120))
    text = render_text(plan(change("contacts/long", attrs={"description": (None, words)})))
    assert all(len(line) <= 100 for line in text.splitlines())
    assert all(f"w{i}" in text.split() or f'"w{i}' in text or f'w{i}"' in text for i in range(120))
    assert "more characters" not in text


def test_diagnostics_one_line_per_code_unless_verbose() -> None:
    diagnostics = (
        *(
            info("RV501", f"criteria of 's{i}': not enforced in HubSpot", i, "run audit")
            for i in range(5)
        ),
        Diagnostic(
            Severity.WARNING, "HS201", "competes with a standard field", Location("a.yaml", 1, 1)
        ),
    )
    p = plan(change("contacts/x"), diagnostics=diagnostics)
    text = render_text(p)
    assert "  warning HS201: competes with a standard field (a.yaml:1:1)" in text
    assert "  info RV501 ×5: not enforced in HubSpot" in text
    assert text.count("hint: run audit") == 1
    assert "criteria of 's3'" not in text
    verbose = render_text(p, options=RenderOptions(verbose=True))
    assert "definitions/lifecycle.yaml:3:7: criteria of 's3': not enforced in HubSpot" in verbose
    quiet = render_text(p, options=RenderOptions(min_severity=Severity.WARNING))
    assert "RV501" not in quiet and "HS201" in quiet
    assert "(5 below warning not shown: --min-severity)" in quiet


def test_a_create_setting_null_shows_what_it_sets_not_a_change() -> None:
    text = render_text(
        plan(change("contacts/x", attrs={"label": (None, "X"), "display_field": (None, None)}))
    )
    assert "+ display_field: null" in text
    assert "null → null" not in text
