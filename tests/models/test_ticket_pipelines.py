"""A pipeline's stages fit its object: a deal pipeline's are forecast (probability and
forecast category required, outcome open/won/lost), a ticket pipeline's are not (neither
given, outcome open/closed). Each misfit is reported at the stage's own key, file:line:col."""

from __future__ import annotations

from pathlib import Path

from revops_as_code.models import Pipeline
from revops_as_code.validation import validate_path

TICKETS = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: support
label: Support
object: ticket
stages:
  - key: new
    label: New
  - key: done
    label: Done
    outcome: closed
"""

MISFITS = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: support
label: Support
object: ticket
stages:
  - key: new
    label: New
    forecast_category: pipeline
  - key: done
    label: Done
    outcome: won
    probability: 10
---
apiVersion: revops.dev/v1
kind: Pipeline
key: sales
label: Sales
stages:
  - key: discovery
    label: Discovery
    forecast_category: pipeline
  - key: done
    label: Done
    probability: 100
    forecast_category: closed
    outcome: closed
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "definitions" / "pipelines.yaml"
    path.parent.mkdir()
    path.write_text(text)
    return path


def test_a_ticket_pipeline_has_stages_without_probability(tmp_path: Path) -> None:
    _write(tmp_path, TICKETS)
    result = validate_path(tmp_path / "definitions")
    assert result.ok, [d.message for d in result.diagnostics]
    assert result.definitions is not None
    (pipeline,) = result.definitions.pipelines
    assert isinstance(pipeline, Pipeline) and not pipeline.forecast
    assert [(s.probability, s.forecast_category, s.outcome) for s in pipeline.stages] == [
        (None, None, "open"),
        (None, None, "closed"),
    ]


def test_stages_that_do_not_fit_the_pipeline_object_are_errors_at_the_stage(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, MISFITS)
    result = validate_path(tmp_path / "definitions")
    assert not result.ok
    found = sorted(
        (d.location.line, d.location.col, d.message)
        for d in result.diagnostics
        if d.location.file is not None and d.location.file.endswith(path.name)
    )
    assert [(line, col) for line, col, _ in found] == [
        (9, 24),
        (12, 14),
        (13, 18),
        (20, 5),
        (27, 14),
    ]
    messages = [m for _, _, m in found]
    assert "ticket stage 'new' has a forecast_category" in messages[0]
    assert "remove `forecast_category:`" in messages[0]
    assert "ticket stage 'done' has outcome 'won': a ticket stage is open or closed" in messages[1]
    assert "ticket stage 'done' has a probability" in messages[2]
    # An open deal stage without a probability stays an error, at the stage, saying what to add.
    assert "deal stage 'discovery' has no probability" in messages[3]
    assert "add `probability:` to the stage" in messages[3]
    assert (
        "deal stage 'done' has outcome 'closed': a deal stage is open, won or lost" in messages[4]
    )
    assert all(d.code == "RV113" for d in result.diagnostics if d.location.file)
