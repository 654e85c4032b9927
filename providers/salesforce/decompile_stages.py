"""The stage value sets as definitions: OpportunityStage -> pipelines, LeadStatus -> a
lifecycle (the inverse of what compile makes of them).

OpportunityStage is one list for the whole org. With two or more sales processes (each
offered through a record type) every process is a pipeline of its own, keyed by its record
type's DeveloperName; otherwise the org has one pipeline, `sales`, holding every active
value, and a lone sales process or record type is reported (revops makes them only for two
or more pipelines). A stage's key comes from its label; its stored value goes in
`api_ids.salesforce` when it differs from the label. Probability, forecast category and
closed/won carry over; `MostLikely` has no definitions equivalent and is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from revops_as_code.resources import Resource

from .decompile_common import (
    API_VERSION,
    SF,
    Notes,
    defined_keys,
    defined_of,
    keyify,
)
from .model import BUSINESS_PROCESS, FORECAST_CATEGORIES, RECORD_TYPE, api_name

FORECAST_KEYS = {sf: key for key, sf in FORECAST_CATEGORIES.items()}
"""OpportunityStage `forecastCategory` -> the definitions' forecast category."""
PIPELINE_DESCRIPTION = "Imported from Salesforce. Describe which deals belong here."
DEFAULT_ACTION = (
    "make the first open stage the only default (Setup > Object Manager > Opportunity > "
    "Fields > Stage), then import again; until then the stages stay unmanaged"
)
LEAD_STATUS_FIELD = "lead_status"
"""The contact field a lifecycle imported from LeadStatus names (Lead's `Status`)."""


def _values(resource: Resource) -> list[Mapping[str, Any]]:
    values = resource.attributes.get("values") or []
    return [v for v in values if isinstance(v, Mapping)]


def _stage_problem(value: Mapping[str, Any]) -> str | None:
    category = str(value.get("forecast_category", ""))
    if category not in FORECAST_KEYS:
        return (
            f"stage {value.get('value')!r} has forecast category {category or 'none'!r}, which "
            "the definitions cannot state (they know " + ", ".join(FORECAST_KEYS) + ")"
        )
    return None


def default_problem(values: Sequence[Mapping[str, Any]], what: str) -> str | None:
    """Why `values`' default flags are not the ones compile gives (the first open stage is
    the default, no other), or None."""
    opening = next((str(v.get("value")) for v in values if not v.get("closed")), None)
    for value in values:
        stored = str(value.get("value"))
        if bool(value.get("default")) != (stored == opening):
            current = next((str(v.get("value")) for v in values if v.get("default")), None)
            return (
                (f"{what}'s default stage is {current!r}" if current else f"{what} has no "
                 "default stage")
                + f", and revops makes the first open stage ({opening!r}) the default"
            )  # fmt: skip
    return None


def _stage(value: Mapping[str, Any], taken: set[str]) -> dict[str, Any]:
    stored = str(value.get("value", ""))
    label = str(value.get("label") or stored)
    stage: dict[str, Any] = {
        "key": keyify(label, taken),
        "label": label,
        "probability": int(value.get("probability") or 0),
        "forecast_category": FORECAST_KEYS[str(value.get("forecast_category"))],
    }
    if value.get("closed"):
        stage["outcome"] = "won" if value.get("won") else "lost"
    if label != stored:
        stage["api_ids"] = {SF: stored}
    return stage


def _pipeline(
    key: str, label: str, values: Sequence[Mapping[str, Any]], description: str | None
) -> dict[str, Any]:
    """A deal Pipeline document; `description` None leaves it out (a sales process's
    description compiles from it, so an empty one must stay empty)."""
    taken: set[str] = set()
    document: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": "Pipeline",
        "key": key,
        "label": label,
    }
    if description:
        document["description"] = description
    document["object"] = "deal"
    document["stages"] = [_stage(v, taken) for v in values]
    return document


def opportunity_stages(
    resource: Resource,
    by_kind: Mapping[str, list[Resource]],
    defined: frozenset[str],
    notes: Notes,
) -> list[dict[str, Any]]:
    """Pipeline documents for the OpportunityStage value set (and the sales processes and
    record types that split it), or none with the reasons in `notes`."""
    values = _values(resource)
    processes = list(by_kind.get(BUSINESS_PROCESS, []))
    record_types = list(by_kind.get(RECORD_TYPE, []))
    problems = [p for p in map(_stage_problem, values) if p]

    def leave_out(reason: str, action: str, *also: Resource) -> list[dict[str, Any]]:
        for item in (resource, *also):
            notes[item.id] = (reason, action)
        return []

    if problems:
        return leave_out(
            problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            "change it in Salesforce and import again; until then the stages stay unmanaged",
            *processes,
            *record_types,
        )
    if not values:
        return leave_out("no active stage values (a pipeline lists at least one)",
                         "add a stage in Salesforce, then import again")  # fmt: skip
    taken = defined_of(defined, "pipeline")
    if len(processes) < 2:
        for item in (*processes, *record_types):
            notes[item.id] = (
                f"a lone {item.id.kind.replace('_', ' ')}: revops makes sales processes and "
                "record types only for two or more deal pipelines",
                "it stays unmanaged; write a second Pipeline to have revops manage both",
            )
        problem = default_problem(values, "OpportunityStage")
        if problem:
            return leave_out(problem, DEFAULT_ACTION, *processes, *record_types)
        return [_pipeline(keyify("sales", taken), "Sales", values, PIPELINE_DESCRIPTION)]
    return _processes(resource, values, processes, record_types, taken, leave_out)


def _processes(
    resource: Resource,
    values: list[Mapping[str, Any]],
    processes: list[Resource],
    record_types: list[Resource],
    taken: set[str],
    leave_out: Callable[..., list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    by_value = {str(v.get("value")): v for v in values}
    type_of = {str(r.attributes.get("business_process")): r for r in record_types}
    pipelines: list[dict[str, Any]] = []
    used: set[str] = set()
    for process in processes:
        attrs = process.attributes
        name = str(attrs.get("name", ""))
        record_type = type_of.get(name)
        if record_type is None:
            return leave_out(f"sales process {name!r} has no record type offering it",
                             "give it a record type in Salesforce, then import again",
                             *processes, *record_types)  # fmt: skip
        rt = record_type.attributes
        if rt.get("label") != name or not attrs.get("active") or not rt.get("active"):
            return leave_out(
                f"record type {rt.get('name')!r} and sales process {name!r} differ in label or "
                "are inactive: a pipeline is one active sales process under its own label",
                "align them in Salesforce, then import again",
                *processes,
                *record_types,
            )
        stages = [str(v.get("value")) for v in attrs.get("values") or [] if isinstance(v, Mapping)]
        missing = [s for s in stages if s not in by_value]
        if missing:
            return leave_out(
                f"sales process {name!r} offers {missing[0]!r}, which is not an active stage",
                "activate the stage or remove it from the process, then import again",
                *processes,
                *record_types,
            )
        used.update(stages)
        offered = [by_value[v] for v in stages]
        offers = [{"value": v, "default": False} for v in stages]
        opening = next((str(v.get("value")) for v in offered if not v.get("closed")), None)
        for item in offers:
            item["default"] = item["value"] == opening
        live_offers = [{"value": str(v.get("value")), "default": bool(v.get("default"))}
                       for v in attrs.get("values") or [] if isinstance(v, Mapping)]  # fmt: skip
        description = str(attrs.get("description") or "")
        if live_offers != offers or str(rt.get("description") or "") != description:
            return leave_out(
                f"sales process {name!r} has a default stage other than its first open one, "
                "or a description its record type does not share (revops compiles both from "
                "one pipeline)",
                "align them in Salesforce, then import again",
                *processes,
                *record_types,
            )
        developer = str(rt.get("name", ""))
        key = keyify(developer, taken)
        document = _pipeline(key, name, offered, description or None)
        if api_name(key) != developer:
            document["api_ids"] = {SF: developer}
        pipelines.append(document)
    unused = [v for v in by_value if v not in used]
    if unused:
        return leave_out(
            f"stage {unused[0]!r} is in no sales process (revops makes the stage list from "
            "its pipelines)",
            "add it to a sales process or deactivate it in Salesforce, then import again",
            *processes,
            *record_types,
        )
    # Compile lists the union of the pipelines' stages in the order their files load
    # (`pipeline-<key>.yaml`, sorted), the first open one the default.
    pipelines.sort(key=lambda d: f"pipeline-{d['key']}.yaml")
    union = list(dict.fromkeys(str(s) for d in pipelines for s in _values_of(d)))
    if union != list(by_value):
        return leave_out(
            "the OpportunityStage order is not the pipelines' stages one after another "
            f"(revops would list them as {', '.join(union[:6])}"
            + (", ..." if len(union) > 6 else "")
            + ")",
            "reorder the stages in Salesforce to match, then import again",
            *processes,
            *record_types,
        )
    problem = default_problem(values, "OpportunityStage")
    if problem:
        return leave_out(problem, DEFAULT_ACTION, *processes, *record_types)
    return pipelines


def _values_of(document: Mapping[str, Any]) -> list[str]:
    return [str(s.get("api_ids", {}).get(SF) or s["label"]) for s in document["stages"]]


def lead_status(
    resource: Resource,
    defined: frozenset[str],
    fields: dict[str, list[dict[str, Any]]],
    notes: Notes,
    custom: Mapping[str, list[dict[str, Any]]] | None = None,
) -> dict[str, Any] | None:
    """A Lifecycle document for the LeadStatus value set (plus the contact field holding it,
    added to `fields`), or None with the reason in `notes`.

    Compile makes the first stage the default and, for stages without entry criteria, the
    last non-terminal stage the converted one: so one converted status imports as that
    stage, the statuses after it as terminal stages (records leave the funnel there)."""
    values = _values(resource)
    converted = [i for i, v in enumerate(values) if v.get("converted")]
    defaults = [i for i, v in enumerate(values) if v.get("default")]
    problem = None
    if not values:
        problem = "it has no active status"
    elif len(converted) != 1:
        problem = (
            f"{len(converted)} statuses are converted statuses, and revops marks exactly one "
            "(the last stage before the terminal ones) when no stage's entry criteria read deals"
        )
    elif defaults != [0]:
        problem = "its default status is not its first one, which revops makes the default"
    if problem is not None:
        notes[resource.id] = (
            f"{problem}: the imported lifecycle would compile differently",
            "keep Lead Status in Salesforce for now, or write the Lifecycle by hand (stages "
            "with `api_ids: {salesforce: <status>}`, entry criteria on deals for the converted "
            "ones)",
        )
        return None
    imported = {f["key"] for f in (custom or {}).get("contact", [])}
    if (
        LEAD_STATUS_FIELD in defined_keys(defined, "contact") | imported
        or "lifecycle/lead_status" in defined
    ):
        notes[resource.id] = (
            "the definitions (or a custom field imported with it) already use the key "
            "lead_status for another contact field or lifecycle",
            "write the Lifecycle for Lead Status by hand",
        )
        return None
    taken: set[str] = set()
    stages = []
    for index, value in enumerate(values):
        stored = str(value.get("value", ""))
        label = str(value.get("label") or stored)
        stage: dict[str, Any] = {"key": keyify(label, taken), "label": label}
        if index > converted[0]:
            stage["terminal"] = True
        if label != stored:
            stage["api_ids"] = {SF: stored}
        stages.append(stage)
    fields["contact"].append(
        {
            "key": LEAD_STATUS_FIELD,
            "label": "Lead status",
            "type": "enum",
            "description": "Salesforce's standard Lead Status; its values are the stages of "
            "the lead_status lifecycle.",
            "system_defined": True,
            "api_names": {SF: "Status"},
        }
    )
    return {
        "apiVersion": API_VERSION,
        "kind": "Lifecycle",
        "key": LEAD_STATUS_FIELD,
        "label": "Lead status",
        "description": "Imported from Salesforce's Lead Status values. Write each stage's "
        "entry criteria.",
        "object": "contact",
        "field": LEAD_STATUS_FIELD,
        "allow_backward": True,
        "stages": stages,
    }


__all__ = ["FORECAST_KEYS", "LEAD_STATUS_FIELD", "lead_status", "opportunity_stages"]
