"""`Pipeline`: a sales (or service) process as ordered stages with business meaning.

Each stage says what it means (`description`), how likely a deal in it is to close
(`probability`), which forecast bucket it counts in, whether it is open, won or lost, what
must be true to leave it (`exit_criteria`), and how long a deal may sit in it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field as PydanticField

from revops_as_code.models.base import ApiNames, Key, Label, LiveObject, Model, Text
from revops_as_code.models.conditions import Condition, FieldRefText

ForecastCategory = Literal["pipeline", "best_case", "commit", "closed", "omitted"]
"""Forecast bucket: `pipeline` (early), `best_case`, `commit` (the rep stakes their number on
it), `closed` (won), `omitted` (lost, or not forecast)."""

Outcome = Literal["open", "won", "lost"]
"""Whether a deal in the stage is still being worked, closed won, or closed lost."""


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
    probability: Annotated[float, PydanticField(strict=True, ge=0, le=100)]
    """Chance (percent, 0–100) that a deal in this stage closes won; drives the weighted
    forecast. Won stages are 100, lost stages 0."""
    forecast_category: ForecastCategory
    """The forecast bucket deals in this stage count in."""
    outcome: Outcome = "open"
    """`won`/`lost` mark the closed stages; exactly one of each per pipeline (`lost` may
    repeat: e.g. lost and disqualified)."""
    exit_criteria: ExitCriteria | None = None
    """What must be true to leave the stage."""
    max_days_in_stage: Annotated[int, PydanticField(strict=True, ge=1)] | None = None
    """Deals older than this in the stage are stale: flagged by the audit."""
    api_ids: ApiNames = PydanticField(default_factory=dict)
    """The stage's id per system where it differs from `key`: `{hubspot: qualifiedtobuy}`."""


class Pipeline(LiveObject):
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

    def stage(self, key: str) -> Stage | None:
        return next((s for s in self.stages if s.key == key), None)


__all__ = ["ExitCriteria", "ForecastCategory", "Outcome", "Pipeline", "Stage"]
