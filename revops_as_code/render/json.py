"""The JSON rendering of a plan: exactly the plan file (`plan.io`), documented in
docs/plan-json.md, so `revops plan --format json` output can be read by scripts *and* saved
and applied. Versioned by `format_version`; includes `has_changes`, the summary and counts by
action and by kind.
"""

from __future__ import annotations

from revops_as_code.plan.io import plan_to_json
from revops_as_code.plan.model import Plan


def render_json(plan: Plan) -> str:
    """The versioned plan JSON, byte-identical for equal plans, ending with a newline."""
    return plan_to_json(plan)


__all__ = ["render_json"]
