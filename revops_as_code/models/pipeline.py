"""`Pipeline`: a sales (or service) process as ordered stages with business meaning.

Each stage says what it means (`description`), how likely a deal in it is to close
(`probability`), which forecast bucket it counts in, whether it is open, won or lost, what
must be true to leave it (`exit_criteria`), and how long a deal may sit in it.

A ticket pipeline's stages are not forecast: they have no probability or forecast category
(CRMs store none for tickets) and are `open` or `closed` (HubSpot's ticket state). A deal
stage needs both; the pipeline checks each stage against its object and reports the stage.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field as PydanticField
from pydantic import ModelWrapValidatorHandler, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from revops_as_code.models.base import ApiNames, Key, Label, LiveObject, Model, Text
from revops_as_code.models.conditions import Condition, FieldRefText

ForecastCategory = Literal["pipeline", "best_case", "commit", "closed", "omitted"]
"""Forecast bucket: `pipeline` (early), `best_case`, `commit` (the rep stakes their number on
it), `closed` (won), `omitted` (lost, or not forecast)."""

Outcome = Literal["open", "won", "lost", "closed"]
"""Whether a deal in the stage is still being worked, closed won, or closed lost; a ticket's
stage is `open` or `closed`."""

DEAL_OUTCOMES = ("open", "won", "lost")
TICKET_OUTCOMES = ("open", "closed")


class ExitCriteria(Model):
    """What must be true of a deal before it may leave the stage (move forward)."""

    required_fields: tuple[FieldRefText, ...] = ()
    """Fields that must have a value: `amount`, `field/company/industry`."""
    conditions: tuple[Condition, ...] = ()
    """Conditions that must all hold (each may be an `all`/`any` group)."""


class Stage(LiveObject):
    """One stage of a pipeline."""

    key: Key
    """Natural key (`discovery`), referenced as `pipeline/<pipeline>/stage/<key>`."""
    label: Label
    """Stage name shown in the CRM."""
    description: Text | None = None
    """What the stage means: the buyer's state, not the rep's activity."""
    probability: Annotated[float, PydanticField(strict=True, ge=0, le=100)] | None = None
    """Chance (percent, 0–100) that a deal in this stage closes won; drives the weighted
    forecast. Won stages are 100, lost stages 0. Required in a deal pipeline; a ticket
    pipeline's stages have none."""
    forecast_category: ForecastCategory | None = None
    """The forecast bucket deals in this stage count in. Required in a deal pipeline; a
    ticket pipeline's stages have none."""
    outcome: Outcome = "open"
    """`won`/`lost` mark a deal pipeline's closed stages; exactly one won per pipeline (`lost`
    may repeat: e.g. lost and disqualified). A ticket pipeline's stages are `open` or
    `closed`."""
    exit_criteria: ExitCriteria | None = None
    """What must be true to leave the stage."""
    max_days_in_stage: Annotated[int, PydanticField(strict=True, ge=1)] | None = None
    """Deals older than this in the stage are stale: flagged by the audit."""
    api_ids: ApiNames = PydanticField(default_factory=dict)
    """The stage's id per system where it differs from `key`: `{hubspot: qualifiedtobuy}`."""


def _stages_schema(*, forecast: bool) -> dict[str, Any]:
    outcomes = DEAL_OUTCOMES if forecast else TICKET_OUTCOMES
    stage: dict[str, Any] = {"properties": {"outcome": {"enum": list(outcomes)}}}
    if forecast:
        stage["required"] = ["probability", "forecast_category"]
    else:
        stage["not"] = {
            "anyOf": [{"required": ["probability"]}, {"required": ["forecast_category"]}]
        }
    return {"properties": {"stages": {"items": stage}}}


# What `_misfits` checks, said in the schema too, so editors and `revops validate` agree.
_OBJECT_STAGES: dict[str, Any] = {
    "if": {"properties": {"object": {"const": "ticket"}}, "required": ["object"]},
    "then": _stages_schema(forecast=False),
    "else": _stages_schema(forecast=True),
}


class Pipeline(LiveObject, json_schema_extra=_OBJECT_STAGES):
    """A pipeline: its stages, in order."""

    api_version: Literal["revops.dev/v1"] = PydanticField(alias="apiVersion")
    """Definition language version."""
    kind: Literal["Pipeline"]
    """Document kind."""
    key: Key
    """Natural key (`new_business`), referenced as `pipeline/<key>`."""
    label: Label
    """Pipeline name shown in the CRM."""
    description: Text | None = None
    """Which deals go in this pipeline and who works them."""
    object: Literal["deal", "ticket"] = "deal"
    """The CRM object that moves through the pipeline."""
    owner_team: Key | None = None
    """Team accountable for the pipeline's definition."""
    stages: tuple[Stage, ...] = PydanticField(min_length=1)
    """Stages in order, open stages first, then the closed (won/lost) ones."""
    api_ids: ApiNames = PydanticField(default_factory=dict)
    """The pipeline's id per system where it differs from `key`: `{hubspot: default}`."""

    @model_validator(mode="wrap")
    @classmethod
    def _stages_fit_object(
        cls, data: Any, handler: ModelWrapValidatorHandler[Pipeline]
    ) -> Pipeline:
        # A wrap validator, so the errors can name the stage's own key (`loc`) and be
        # reported at its file:line:col, not at the whole pipeline.
        pipeline = handler(data)
        errors = [
            InitErrorDetails(
                type=PydanticCustomError("stage_object", message),
                loc=("stages", index, name),
                input=getattr(stage, name),
            )
            for index, stage in enumerate(pipeline.stages)
            for name, message in _misfits(pipeline.object, stage)
        ]
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return pipeline

    @property
    def forecast(self) -> bool:
        """Whether deals in this pipeline are forecast (a ticket pipeline is not)."""
        return self.object == "deal"

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)


def _misfits(obj: str, stage: Stage) -> list[tuple[str, str]]:
    """(attribute, message) for each way `stage` does not fit a pipeline of `obj`."""
    out: list[tuple[str, str]] = []
    if obj == "deal":
        for name in ("probability", "forecast_category"):
            if getattr(stage, name) is None:
                out.append((name, f"deal stage {stage.key!r} has no {name}: a deal pipeline's "
                            f"stages are forecast; add `{name}:` to the stage"))  # fmt: skip
        if stage.outcome not in DEAL_OUTCOMES:
            out.append(("outcome", f"deal stage {stage.key!r} has outcome {stage.outcome!r}: "
                        "a deal stage is open, won or lost"))  # fmt: skip
        return out
    for name in ("probability", "forecast_category"):
        if getattr(stage, name) is not None:
            out.append((name, f"{obj} stage {stage.key!r} has a {name}: {obj} pipelines are "
                        f"not forecast; remove `{name}:` from the stage"))  # fmt: skip
    if stage.outcome not in TICKET_OUTCOMES:
        out.append(("outcome", f"{obj} stage {stage.key!r} has outcome {stage.outcome!r}: a "
                    f"{obj} stage is open or closed"))  # fmt: skip
    return out


__all__ = [
    "DEAL_OUTCOMES",
    "TICKET_OUTCOMES",
    "ExitCriteria",
    "ForecastCategory",
    "Outcome",
    "Pipeline",
    "Stage",
]
