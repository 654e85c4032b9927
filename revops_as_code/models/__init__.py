"""The definition language: one pydantic model per kind, the source of truth for the schemas.

    FieldStandard  fields of one CRM object (types, options, meaning, per-system names)
    Pipeline       ordered stages: probability, forecast category, outcome, exit criteria
    Lifecycle      lead → MQL/MQA → SQL → opportunity → customer, with entry criteria
    ICP            ordered tiers with criteria, written to a tier field
    HandoffSLA     team → team within N business hours/days, in a business calendar

`KINDS[kind].model_validate(data)` validates a whole document (structure only; meaning
across documents is checked by `revops_as_code.validation.rules`). Criteria in every kind
use the one condition language in `conditions.py`; references are typed strings handled by
`refs.py`.
"""

from __future__ import annotations

from pydantic import BaseModel

from revops_as_code.models.conditions import Condition, DerivedFact
from revops_as_code.models.definitions import DefinitionDocument, Definitions
from revops_as_code.models.fields import EnumOption, Field, FieldGroup, FieldStandard
from revops_as_code.models.icp import ICP, Tier
from revops_as_code.models.lifecycle import Lifecycle, LifecycleStage
from revops_as_code.models.pipeline import ExitCriteria, Pipeline, Stage
from revops_as_code.models.sla import BusinessCalendar, Escalation, HandoffSLA, Within

API_VERSION = "revops.dev/v1"
"""The definition language version this revops reads (`apiVersion:` of every document)."""

KINDS: dict[str, type[BaseModel]] = {
    "FieldStandard": FieldStandard,
    "Pipeline": Pipeline,
    "Lifecycle": Lifecycle,
    "ICP": ICP,
    "HandoffSLA": HandoffSLA,
}
"""Kind name (the `kind:` value) -> model of a whole document."""

__all__ = [
    "API_VERSION",
    "ICP",
    "KINDS",
    "BusinessCalendar",
    "Condition",
    "DefinitionDocument",
    "Definitions",
    "DerivedFact",
    "EnumOption",
    "Escalation",
    "ExitCriteria",
    "Field",
    "FieldGroup",
    "FieldStandard",
    "HandoffSLA",
    "Lifecycle",
    "LifecycleStage",
    "Pipeline",
    "Stage",
    "Tier",
    "Within",
]
