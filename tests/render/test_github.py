"""`--format github`: workflow annotations GitHub can parse, escaped, then the text plan."""

from __future__ import annotations

from revops_as_code.changes import Action, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.render import RenderOptions, render, render_github
from revops_as_code.render.github import annotation

from .builders import change, info, plan


def test_annotation_escapes_data_and_properties() -> None:
    line = annotation(
        Severity.ERROR, "50% off\nnext: line", title="RV1,01", file="a:b.yaml", line=3, col=5
    )
    assert line == "::error file=a%3Ab.yaml,line=3,col=5,title=RV1%2C01::50%25 off%0Anext: line"
    assert "\n" not in line


def test_diagnostics_and_attention_changes_become_annotations() -> None:
    p = plan(
        change("contacts/x"),
        change(
            "contacts/risky",
            action=Action.UPDATE,
            risk=Risk.REVIEW,
            impact="260 contacts hold a value",
        ),
        diagnostics=(
            Diagnostic(Severity.ERROR, "RV201", "dangling reference", Location("d.yaml", 4, 9)),
            info("RV501", "not enforced in HubSpot", 12),
        ),
    )
    out = render_github(p)
    lines = out.splitlines()
    assert "::error file=d.yaml,line=4,col=9,title=RV201::dangling reference" in lines
    assert any(
        line.startswith("::notice file=definitions/lifecycle.yaml,line=12,col=7,title=RV501::")
        for line in lines
    )
    warning = next(line for line in lines if line.startswith("::warning"))
    assert "file=definitions/fields/contact.yaml,line=14,col=5" in warning
    assert warning.endswith("field contacts.risky update (review): 260 contacts hold a value")
    assert "Plan: 1 to add, 1 to change, 0 to destroy." in out
    assert "::notice" not in render(
        p, "github", options=RenderOptions(min_severity=Severity.WARNING)
    )
