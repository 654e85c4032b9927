"""Plan files: the Plan as versioned JSON, and back.

The same document is the `--format json` output and the `--out FILE` plan file, so a script
that reads one can read the other; the schema is documented in docs/plan-json.md. Output is
deterministic: object keys are sorted at every level below the top (whose order is fixed for
readability), lists keep their order, and there are no timestamps, so equal plans serialize
to identical bytes.

Derived fields (`has_changes`, `summary`, counts, `max_risk`) are written for readers and
recomputed on load; a file whose recorded values disagree is refused as edited. A `digest`
(SHA-256 of everything else) catches any other edit. It is a checksum, not a signature:
whoever can rewrite the file can rewrite it too, which is why apply also recomputes every
safety field from actions, attributes, declarations and state (`plan.verify`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from revops_as_code.changes import Action, AttributeChange, Change, Origin, Risk
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import PlanError
from revops_as_code.plan.model import FORMAT_VERSION, Adoption, Plan
from revops_as_code.providers.base import AttributeDisplay, ChangeGroup
from revops_as_code.resources import JsonValue, ResourceId, canonical_json
from revops_as_code.validators.finding import Finding

TAMPERED_HINT = "make the plan again with `revops plan --out FILE`; never edit a plan by hand"


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
        "target": rid.target,
        "kind": rid.kind,
        "key": rid.key,
        "origin": {"address": change.origin.address, "source": change.origin.source},
        "risk": change.risk.label,
        "impact": change.impact,
        "protected": change.protected,
        "desired_protect": change.desired_protect,
        "ignore": list(change.ignore),
        "remote_id": change.remote_id,
        "depends_on": [str(d) for d in change.depends_on],
        "drift": change.has_drift,
        "attribute_changes": [_attribute_change_to_json(ac) for ac in change.attribute_changes],
        "before": sorted_json(change.before),
        "after": sorted_json(change.after),
    }


def _group_to_json(group: ChangeGroup) -> dict[str, JsonValue]:
    return {
        "target": group.target,
        "key": group.key,
        "members": [str(m) for m in group.members],
        "private": sorted_json(dict(group.private)),
    }


def _adoption_to_json(adoption: Adoption) -> dict[str, JsonValue]:
    return {
        "resource": str(adoption.resource_id),
        "remote_id": adoption.remote_id,
        "attributes": sorted_json(dict(adoption.attributes)),
        "origin": {"address": adoption.origin.address, "source": adoption.origin.source},
        "protect": adoption.protect,
        "depends_on": [str(d) for d in adoption.depends_on],
    }


def derived_fields(plan: Plan) -> dict[str, JsonValue]:
    """What a plan file records for readers but a reader of the file must not trust."""
    summary = plan.summary()
    return {
        "has_changes": plan.has_changes,
        "has_drift": plan.has_drift,
        "has_errors": plan.has_errors,
        "max_risk": plan.max_risk.label,
        "summary": {
            "add": summary.add,
            "change": summary.change,
            "destroy": summary.destroy,
            "adopt": summary.adopt,
            "forget": summary.forget,
            "text": str(summary),
        },
        "counts_by_action": plan.counts_by_action(),
        "counts_by_kind": plan.counts_by_kind(),
    }


def plan_to_dict(plan: Plan) -> dict[str, JsonValue]:
    """The plan as plain JSON data (see docs/plan-json.md for every field)."""
    data: dict[str, JsonValue] = {
        "format_version": plan.format_version,
        "tool_version": plan.tool_version,
        "environment": plan.environment,
        "targets": dict(sorted(plan.targets.items())),
        "state": {"lineage": plan.state_lineage, "serial": plan.state_serial},
        "definitions_hash": plan.definitions_hash,
        **derived_fields(plan),
        "changes": [_change_to_json(c) for c in plan.changes],
        "groups": [_group_to_json(g) for g in plan.groups],
        "adoptions": [_adoption_to_json(a) for a in plan.adoptions],
        "forgets": [str(r) for r in plan.forgets],
        "protection": {str(k): v for k, v in sorted(plan.protection.items())},
        "display": {
            target: {
                kind: {
                    attr: {"name": d.name, "scale": d.scale, "unit": d.unit}
                    for attr, d in sorted(attrs.items())
                }
                for kind, attrs in sorted(kinds.items())
            }
            for target, kinds in sorted(plan.display.items())
        },
        "findings": [f.to_json() for f in plan.findings],
        "diagnostics": [d.to_json() for d in plan.diagnostics],
        "live_fingerprints": {str(k): v for k, v in sorted(plan.live_fingerprints.items())},
    }
    data["digest"] = digest_of(data)
    return data


def digest_of(data: Mapping[str, JsonValue]) -> str:
    """SHA-256 of the plan's canonical JSON without its `digest` field."""
    body = {k: v for k, v in data.items() if k != "digest"}
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"


# -- reading ---------------------------------------------------------------------------------


def _rid(text: object, where: str) -> ResourceId:
    if not isinstance(text, str) or text.count("/") < 2:
        raise PlanError(f"plan file: {where} is not a resource id: {text!r}")
    return ResourceId.parse(text)


def _origin(data: object) -> Origin:
    if not isinstance(data, Mapping):
        return Origin()
    return Origin(str(data.get("address") or ""), str(data.get("source") or ""))


def _attribute_change_from_json(data: Mapping[str, Any]) -> AttributeChange:
    return AttributeChange(
        path=str(data["path"]),
        before=data.get("before"),
        after=data.get("after"),
        drift=bool(data.get("drift", False)),
        reorder_only=bool(data.get("reorder_only", False)),
    )


def _change_from_json(data: Mapping[str, Any]) -> Change:
    rid = _rid(data["resource"], "change.resource")
    if data.get("target", rid.target) != rid.target:
        raise PlanError(
            f"plan file: change {rid} says target {data.get('target')!r}; the plan was edited",
            hint=TAMPERED_HINT,
        )
    return Change(
        action=Action(data["action"]),
        resource_id=rid,
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
        origin=_origin(data.get("origin")),
        ignore=tuple(str(a) for a in data.get("ignore", [])),
        desired_protect=bool(data.get("desired_protect", False)),
    )


def _group_from_json(data: Mapping[str, Any]) -> ChangeGroup:
    return ChangeGroup(
        key=str(data["key"]),
        members=tuple(_rid(m, "group.members") for m in data.get("members", [])),
        private=dict(data.get("private") or {}),
        target=str(data.get("target", "")),
    )


def _adoption_from_json(data: Mapping[str, Any]) -> Adoption:
    return Adoption(
        resource_id=_rid(data["resource"], "adoption.resource"),
        remote_id=data.get("remote_id"),
        attributes=dict(data.get("attributes") or {}),
        origin=_origin(data.get("origin")),
        protect=bool(data.get("protect", False)),
        depends_on=tuple(_rid(d, "adoption.depends_on") for d in data.get("depends_on", [])),
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
    """Parse plan data; refuse other formats, and files whose recorded fields were edited."""
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanError("plan file has no integer format_version; is it a revops plan?")
    if version != FORMAT_VERSION:
        newer = version > FORMAT_VERSION
        raise PlanError(
            f"plan file format {version} is {'newer' if newer else 'older'} than this revops "
            f"reads ({FORMAT_VERSION})",
            hint="make the plan again with this version of revops"
            + ("; or upgrade revops" if newer else ""),
        )
    try:
        state = data.get("state") or {}
        plan = Plan(
            format_version=version,
            tool_version=str(data.get("tool_version", "")),
            environment=str(data["environment"]),
            targets={str(k): str(v) for k, v in dict(data["targets"]).items()},
            state_lineage=state.get("lineage"),
            state_serial=int(state.get("serial", 0)),
            definitions_hash=str(data.get("definitions_hash", "")),
            changes=tuple(_change_from_json(c) for c in data.get("changes", [])),
            groups=tuple(_group_from_json(g) for g in data.get("groups", [])),
            adoptions=tuple(_adoption_from_json(a) for a in data.get("adoptions", [])),
            forgets=tuple(_rid(r, "forgets") for r in data.get("forgets", [])),
            protection={
                _rid(k, "protection"): bool(v) for k, v in dict(data.get("protection", {})).items()
            },
            display={
                str(t): {
                    str(k): {
                        str(a): AttributeDisplay(
                            str(d["name"]), float(d.get("scale", 1.0)), str(d.get("unit", ""))
                        )
                        for a, d in dict(attrs).items()
                    }
                    for k, attrs in dict(kinds).items()
                }
                for t, kinds in dict(data.get("display", {})).items()
            },
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
    _check_recorded(plan, data)
    return plan


def _check_recorded(plan: Plan, data: Mapping[str, Any]) -> None:
    """Refuse a file whose derived fields or digest disagree with its content."""
    recomputed = sorted_json(derived_fields(plan))
    assert isinstance(recomputed, dict)
    edited = [k for k, v in recomputed.items() if sorted_json(data.get(k)) != v]
    if edited:
        raise PlanError(
            f"plan file was edited: its {', '.join(edited)} disagree with its changes",
            hint=TAMPERED_HINT,
        )
    if data.get("digest") != digest_of(data):
        raise PlanError(
            "plan file was edited after it was made (its digest does not match its content)",
            hint=TAMPERED_HINT,
        )


def plan_from_json(text: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"plan file is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise PlanError("plan file must hold a JSON object")
    return plan_from_dict(data)


__all__ = [
    "TAMPERED_HINT",
    "derived_fields",
    "diagnostic_from_json",
    "digest_of",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "plan_to_json",
    "sorted_json",
]
