"""No plan could be made: every format still prints a body that says so."""

from __future__ import annotations

import json

import pytest

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.render import RENDERERS, render_failure

ERRORS = (
    Diagnostic(Severity.ERROR, "RV104", "unknown kind 'Pipelinez'", Location("p.yaml", 7, 7)),
    Diagnostic(Severity.INFO, "RV501", "x: not enforced", Location("q.yaml", 1, 1)),
)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_says_there_is_no_plan_and_why(fmt: str) -> None:
    body = render_failure(fmt, "production", "1 error(s) in definitions", ERRORS)
    assert "1 error(s) in definitions" in body
    assert "p.yaml" in body and "RV104" in body


def test_json_failure_says_has_errors_and_carries_the_diagnostics() -> None:
    data = json.loads(render_failure("json", "production", "1 error(s) in definitions", ERRORS))
    assert data["has_errors"] is True and data["has_changes"] is False
    assert [d["code"] for d in data["diagnostics"]] == ["RV104", "RV501"]
    assert data["diagnostics"][0]["line"] == 7


def test_github_failure_annotates_the_error() -> None:
    body = render_failure("github", "production", "1 error(s) in definitions", ERRORS)
    assert (
        body.splitlines()[0]
        == "::error file=p.yaml,line=7,col=7,title=RV104::unknown kind 'Pipelinez'"
    )
    assert render_failure("github", "p", "HubSpot said 401").startswith(
        "::error title=revops plan::"
    )
