"""RV221 (warning): open-stage probabilities do not decrease along the pipeline.

A later stage with a lower probability usually means stages were reordered or a stage's
meaning drifted; the weighted forecast then drops as deals progress. A stage without a
probability (a ticket pipeline's) is not forecast and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.loader.document import pointer_join
from revops_as_code.models import Pipeline
from revops_as_code.validation.context import RuleContext
from revops_as_code.validation.rules._common import diagnostic

DECREASING = "RV221"


class OpenProbabilities:
    code = DECREASING

    def __call__(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for doc in ctx.definitions.documents_of(Pipeline):
            pipeline = doc.model
            assert isinstance(pipeline, Pipeline)
            previous = None
            for i, stage in enumerate(pipeline.stages):
                if stage.outcome != "open" or stage.probability is None:
                    continue
                if (
                    previous is not None
                    and previous.probability is not None
                    and stage.probability < previous.probability
                ):
                    yield diagnostic(
                        doc,
                        pointer_join("stages", i, "probability"),
                        DECREASING,
                        f"stage {stage.key!r} ({stage.probability:g}%) comes after "
                        f"{previous.key!r} ({previous.probability:g}%): open-stage "
                        "probabilities should not decrease",
                        severity=Severity.WARNING,
                    )
                previous = stage


RULE = OpenProbabilities()
