"""The plan: a frozen value (`model`), how it is built (`builder`) and stored (`io`).

Renderers live in `revops_as_code.render`; the applier consumes a `Plan` and never builds one.
"""

from __future__ import annotations

from revops_as_code.diff.state_view import StateView
from revops_as_code.plan.builder import ImpactFn, ValidateChangesFn, build_plan
from revops_as_code.plan.model import FORMAT_VERSION, Plan, PlanSummary

__all__ = [
    "FORMAT_VERSION",
    "ImpactFn",
    "Plan",
    "PlanSummary",
    "StateView",
    "ValidateChangesFn",
    "build_plan",
]
