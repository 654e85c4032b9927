"""compile: pipelines as the OpportunityStage value set (values two pipelines share, case,
`api_ids` renames, probabilities) and what stays a gap (ticket pipelines)."""

from __future__ import annotations

from revops_as_code.diagnostics import Severity
from revops_as_code.providers.salesforce import model

from .compile_helpers import LOST, OPEN, WON, compiled, pipeline, resource, stage


def test_a_value_two_pipelines_share_must_mean_the_same() -> None:
    won_here = stage("won", "Closed won", 100, "closed", "won")
    won_there = stage("done", "Closed won", 90, "commit", "won")
    result = compiled(pipeline("a", "A", OPEN, won_here), pipeline("b", "B", OPEN, won_there))
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].code == "SF204"
    assert "b/done" in errors[0].message and "a/won" in errors[0].message
    assert "probability" in errors[0].message and errors[0].hint
    values = resource(result, model.VALUE_SET, "OpportunityStage").attributes["values"]
    assert [v["value"] for v in values] == ["Open", "Closed won"]


def test_values_that_differ_only_in_case_are_one_salesforce_value() -> None:
    upper = stage("won", "Closed Won", 100, "closed", "won")
    lower = stage("won", "Closed won", 100, "closed", "won")
    result = compiled(pipeline("a", "A", OPEN, upper), pipeline("b", "B", OPEN, lower))
    errors = [d for d in result.diagnostics if d.code == "SF204"]
    assert len(errors) == 1 and "disagree on value, label" in errors[0].message
    values = resource(result, model.VALUE_SET, "OpportunityStage").attributes["values"]
    assert [v["value"] for v in values] == ["Open", "Closed Won"]


def test_a_shared_value_that_agrees_appears_once_and_api_ids_rename() -> None:
    renamed = stage("open", "Open", 10, "pipeline", api_ids={"salesforce": "Prospecting"})
    result = compiled(pipeline("a", "A", OPEN, WON, LOST), pipeline("b", "B", renamed, WON, LOST))
    assert not [d for d in result.diagnostics if d.severity is Severity.ERROR]
    values = resource(result, model.VALUE_SET, "OpportunityStage").attributes["values"]
    assert [(v["value"], v["label"]) for v in values] == [
        ("Open", "Open"), ("Won", "Won"), ("Lost", "Lost"), ("Prospecting", "Open"),
    ]  # fmt: skip
    process = resource(result, model.BUSINESS_PROCESS, "Opportunity.B").attributes
    assert process["values"][0] == {"value": "Prospecting", "default": True}


def test_a_fractional_probability_is_an_error() -> None:
    result = compiled(pipeline("a", "A", stage("x", "X", 33.3, "pipeline"), WON))
    assert any(d.code == "SF209" and d.severity is Severity.ERROR for d in result.diagnostics)


def test_ticket_pipelines_are_an_info_gap() -> None:
    tickets = {"kind": "Pipeline", "key": "support", "label": "Support", "object": "ticket",
               "stages": [{"key": "new", "label": "New"}, {"key": "done", "label": "Done",
                                                            "outcome": "closed"}]}  # fmt: skip
    result = compiled(tickets)
    assert not list(result.resources)
    gap = next(d for d in result.diagnostics if "ticket pipeline 'support'" in d.message)
    assert gap.severity is Severity.INFO and gap.message.endswith("measured by audit")
