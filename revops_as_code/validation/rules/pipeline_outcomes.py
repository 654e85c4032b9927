"""RV220 (warning): a deal pipeline has exactly one won stage and at least one lost stage.

Without exactly one won stage, "closed won" (bookings, the onboarding SLA trigger, win
rates) has no single meaning; without a lost stage, dead deals stay open and inflate the
forecast. Both are RevOps opinions, not what CRMs require (HubSpot accepts a pipeline with
several won stages or none), so they warn: a real portal imports as it is. Ticket pipelines
have no won/lost. RV222 (warning): a won stage below 100% or a lost stage above 0% distorts
the weighted forecast.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import Pipeline
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic

OUTCOMES = "RV220"
CLOSED_PROBABILITY = "RV222"


class PipelineOutcomes:
    code = OUTCOMES

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for doc in ctx.definitions.documents_of(Pipeline):
            pipeline = doc.model
            assert isinstance(pipeline, Pipeline)
            if pipeline.object != "deal":
                continue
            won = [i for i, s in enumerate(pipeline.stages) if s.outcome == "won"]
            lost = [i for i, s in enumerate(pipeline.stages) if s.outcome == "lost"]
            if len(won) != 1:
                at = pointer_join("stages", won[1]) if len(won) > 1 else "/stages"
                yield diagnostic(
                    doc,
                    at,
                    OUTCOMES,
                    f"pipeline {pipeline.key!r} has {len(won)} won stages; a pipeline normally has exactly one",
                    severity=Severity.WARNING,
                    hint="mark the closed-won stage with `outcome: won`",
                )
            if not lost:
                yield diagnostic(
                    doc,
                    "/stages",
                    OUTCOMES,
                    f"pipeline {pipeline.key!r} has no lost stage",
                    severity=Severity.WARNING,
                    hint="add a closed-lost stage with `outcome: lost`",
                )
            for i, stage in enumerate(pipeline.stages):
                expected = {"won": 100.0, "lost": 0.0}.get(stage.outcome)
                # A stage without a probability is already a model error (RV113).
                if (
                    expected is not None
                    and stage.probability is not None
                    and stage.probability != expected
                ):
                    yield diagnostic(
                        doc,
                        pointer_join("stages", i, "probability"),
                        CLOSED_PROBABILITY,
                        f"{stage.outcome} stage {stage.key!r} has probability "
                        f"{stage.probability:g}; expected {expected:g}",
                        severity=Severity.WARNING,
                    )


RULE = PipelineOutcomes()
