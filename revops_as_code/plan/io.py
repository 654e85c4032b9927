"""Plan files: the Plan as versioned JSON, and back.

The same document is the `--format json` output and the `--out FILE` plan file, so a script
that reads one can read the other; the schema is documented in docs/plan-json.md. Output is
deterministic: object keys are sorted at every level below the top (whose order is fixed for
readability), lists keep their order, and there are no timestamps, so equal plans serialize
to identical bytes. Derived fields (`has_changes`, `summary`, counts) are written for
readers and recomputed on load, never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from revops_as_code.changes import Action, AttributeChange, Change, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import PlanError
from revops_as_code.plan.model import FORMAT_VERSION, Plan
from revops_as_code.resources import JsonValue, ResourceId
from revops_as_code.validators.finding import Finding


def sorted_json(value: JsonValue) -> JsonValue:
    """A copy with dict keys sorted recursively (tuples become lists): one canonical form."""
    if isinstance(value, Mapping):
        return {str(k): sorted_json(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [sorted_json(v) for v in value]
    return value


def _attribute_change_to_json(ac: AttributeChange) -> dict[str, JsonValue]:
    return {
        "path": ac.path,
        "before": sorted_json(ac.before),
        "after": sorted_json(ac.after),
        "drift": ac.drift,
        "reorder_only": ac.reorder_only,
    }


def _change_to_json(change: Change) -> dict[str, JsonValue]:
    rid = change.resource_id
    return {
        "action": change.action.value,
        "resource": str(rid),
        "provider": rid.provider,
        "kind": rid.kind,
        "key": rid.key,
        "risk": change.risk.label,
        "impact": change.impact,
        "protected": change.protected,
        "remote_id": change.remote_id,
        "depends_on": [str(d) for d in change.depends_on],
        "drift": change.has_drift,
        "attribute_changes": [_attribute_change_to_json(ac) for ac in change.attribute_changes],
        "before": sorted_json(change.before),
        "after": sorted_json(change.after),
    }


def plan_to_dict(plan: Plan) -> dict[str, JsonValue]:
    """The plan as plain JSON data (see docs/plan-json.md for every field)."""
    summary = plan.summary()
    return {
        "format_version": plan.format_version,
        "tool_version": plan.tool_version,
        "environment": plan.environment,
        "provider": plan.provider,
        "state": {"lineage": plan.state_lineage, "serial": plan.state_serial},
        "definitions_hash": plan.definitions_hash,
        "has_changes": plan.has_changes,
        "has_drift": plan.has_drift,
        "has_errors": plan.has_errors,
        "max_risk": plan.max_risk.label,
        "summary": {
            "add": summary.add,
            "change": summary.change,
            "destroy": summary.destroy,
            "text": str(summary),
        },
        "counts_by_action": plan.counts_by_action(),
        "counts_by_kind": plan.counts_by_kind(),
        "changes": [_change_to_json(c) for c in plan.changes],
        "findings": [f.to_json() for f in plan.findings],
        "diagnostics": [d.to_json() for d in plan.diagnostics],
        "live_fingerprints": {str(k): v for k, v in sorted(plan.live_fingerprints.items())},
    }


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


# -- reading ---------------------------------------------------------------------------------


def _rid(text: object, where: str) -> ResourceId:
    if not isinstance(text, str) or text.count("/") < 2:
        raise PlanError(f"plan file: {where} is not a resource id: {text!r}")
    return ResourceId.parse(text)


def _attribute_change_from_json(data: Mapping[str, Any]) -> AttributeChange:
    return AttributeChange(
        path=str(data["path"]),
        before=data.get("before"),
        after=data.get("after"),
        drift=bool(data.get("drift", False)),
        reorder_only=bool(data.get("reorder_only", False)),
    )


def _change_from_json(data: Mapping[str, Any]) -> Change:
    return Change(
        action=Action(data["action"]),
        resource_id=_rid(data["resource"], "change.resource"),
        before=data.get("before"),
        after=data.get("after"),
        attribute_changes=tuple(
            _attribute_change_from_json(ac) for ac in data.get("attribute_changes", [])
        ),
        risk=Risk[str(data["risk"]).upper()],
        impact=data.get("impact"),
        remote_id=data.get("remote_id"),
        depends_on=tuple(_rid(d, "change.depends_on") for d in data.get("depends_on", [])),
        protected=bool(data.get("protected", False)),
    )


def diagnostic_from_json(data: Mapping[str, Any]) -> Diagnostic:
    """Inverse of `Diagnostic.to_json`."""
    return Diagnostic(
        severity=Severity[str(data["severity"]).upper()],
        code=str(data["code"]),
        message=str(data["message"]),
        location=Location(
            file=data.get("file") or "",
            line=data.get("line") or 0,
            col=data.get("col") or 0,
            pointer=data.get("pointer") or "",
            object=data.get("object") or "",
        ),
        hint=data.get("hint"),
    )


def plan_from_dict(data: Mapping[str, Any]) -> Plan:
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanError("plan file has no integer format_version; is it a revops plan?")
    if version > FORMAT_VERSION:
        raise PlanError(
            f"plan file format {version} is newer than this revops reads ({FORMAT_VERSION})",
            hint="upgrade revops, or make the plan again with this version",
        )
    try:
        state = data.get("state") or {}
        return Plan(
            format_version=version,
            tool_version=str(data.get("tool_version", "")),
            environment=str(data["environment"]),
            provider=str(data["provider"]),
            state_lineage=state.get("lineage"),
            state_serial=int(state.get("serial", 0)),
            definitions_hash=str(data.get("definitions_hash", "")),
            changes=tuple(_change_from_json(c) for c in data.get("changes", [])),
            findings=tuple(Finding.from_json(f) for f in data.get("findings", [])),
            diagnostics=tuple(diagnostic_from_json(d) for d in data.get("diagnostics", [])),
            live_fingerprints={
                _rid(k, "live_fingerprints"): str(v)
                for k, v in sorted(dict(data.get("live_fingerprints", {})).items())
            },
        )
    except PlanError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise PlanError(f"plan file is malformed: {type(exc).__name__}: {exc}") from exc


def plan_from_json(text: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"plan file is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PlanError("plan file must hold a JSON object")
    return plan_from_dict(data)


__all__ = [
    "diagnostic_from_json",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "plan_to_json",
    "sorted_json",
]
