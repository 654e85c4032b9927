"""Hand-built live resources in `model.py`'s canonical form, and the import round trip
(documents -> YAML files -> validate -> compile) the decompile tests share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revops_as_code.import_files import plan_files, render
from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.providers.salesforce.decompile import decompile, import_notes
from revops_as_code.providers.salesforce.model import (
    BUSINESS_PROCESS,
    CUSTOM_FIELD,
    PROVIDER,
    RECORD_TYPE,
    TYPE_DEFAULTS,
    VALIDATION_RULE,
    VALUE_SET,
)
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.validation import ValidationResult, validate_path

SIZES = ("length", "precision", "scale", "visible_lines")


def field(
    sobject: str, name: str, type_: str = "Text", *, label: str = "", **extra: Any
) -> Resource:
    attrs: dict[str, Any] = {
        "object": sobject,
        "name": name,
        "label": label or name.removesuffix("__c").replace("_", " "),
        "type": type_,
        **{size: TYPE_DEFAULTS.get(type_, {}).get(size) for size in SIZES},
        "description": "",
        "help_text": "",
        "reference_to": "User" if type_ == "Lookup" else None,
        "values": [],
    }
    attrs.update(extra)
    return Resource(ResourceId(PROVIDER, CUSTOM_FIELD, f"{sobject}.{name}"), attrs)


def values(*labels: str | tuple[str, str]) -> list[dict[str, Any]]:
    out = []
    for item in labels:
        value, label = item if isinstance(item, tuple) else (item, item)
        out.append({"value": value, "label": label, "default": False})
    return out


def value_set(name: str, entries: list[dict[str, Any]]) -> Resource:
    return Resource(ResourceId(PROVIDER, VALUE_SET, name), {"name": name, "values": entries})


def stage(
    value: str, probability: int, category: str, *, closed: bool = False, won: bool = False,
    label: str = "",
) -> dict[str, Any]:  # fmt: skip
    return {"value": value, "label": label or value, "default": False,
            "probability": probability, "forecast_category": category, "closed": closed,
            "won": won}  # fmt: skip


STAGES = [
    {**stage("Prospecting", 10, "Pipeline"), "default": True},  # compile: the first open one
    stage("Needs Analysis", 20, "Pipeline"),
    stage("Negotiation/Review", 80, "Forecast", label="Negotiation"),
    stage("Closed Won", 100, "Closed", closed=True, won=True),
    stage("Closed Lost", 0, "Omitted", closed=True),
]


def process(name: str, stages: list[str], developer: str) -> list[Resource]:
    """A sales process and its record type; its first stage is its default."""
    bp = Resource(
        ResourceId(PROVIDER, BUSINESS_PROCESS, f"Opportunity.{name}"),
        {"object": "Opportunity", "name": name, "description": "", "active": True,
         "values": [{"value": s, "default": i == 0} for i, s in enumerate(stages)]},
    )  # fmt: skip
    rt = Resource(
        ResourceId(PROVIDER, RECORD_TYPE, f"Opportunity.{developer}"),
        {"object": "Opportunity", "name": developer, "label": name, "description": "",
         "active": True, "business_process": name},
    )  # fmt: skip
    return [bp, rt]


def rule(name: str) -> Resource:
    return Resource(
        ResourceId(PROVIDER, VALIDATION_RULE, f"Opportunity.{name}"),
        {"object": "Opportunity", "name": name, "active": True,
         "formula": 'AND(ISPICKVAL(StageName, "Negotiation/Review"), ISBLANK(Amount))',
         "message": "Enter an amount", "error_display_field": None, "description": ""},
    )  # fmt: skip


def snapshot(*resources: Resource, defined: frozenset[str] = frozenset()) -> LiveSnapshot:
    return LiveSnapshot(resources=ResourceSet.of(resources), defined=defined)


def write(documents: list[dict[str, Any]], directory: Path) -> ValidationResult:
    """The documents as import writes them (one file each), validated by the real loader."""
    directory.mkdir(parents=True, exist_ok=True)
    for path, document in plan_files(documents, directory, force=False).items():
        text = render(document, "salesforce target 'crm' of environment 'test'", ())
        path.write_text(text, encoding="utf-8")
    return validate_path(directory)


def round_trip(snap: LiveSnapshot, directory: Path) -> tuple[ValidationResult, Any]:
    """Validate the decompiled documents and, once sf-compile's compile exists, compile
    them: (validation result, compiled resources or None)."""
    result = write(decompile(snap), directory)
    assert result.ok, [str(d) for d in result.errors]
    try:
        from revops_as_code.providers.salesforce.compile import compile_definitions
    except ImportError:
        return result, None
    return result, compile_definitions(result.raise_for_errors()).resources


def fields_of(documents: list[dict[str, Any]], obj: str) -> dict[str, dict[str, Any]]:
    for doc in documents:
        if doc["kind"] == "FieldStandard" and doc["object"] == obj:
            return {f["key"]: f for f in doc["fields"]}
    return {}


def same(live: list[Resource], compiled: Any, left_out: set[ResourceId]) -> None:
    """Compile gives back every imported live resource exactly, and nothing else."""
    if compiled is None:
        return  # compile.py not there yet: the documents validated, which is all we can say
    wanted = {r.id: r for r in live if r.id not in left_out}
    got = {r.id: r for r in compiled}
    assert set(got) == set(wanted)
    for rid, resource in wanted.items():
        ignored = got[rid].ignore
        mine = {k: v for k, v in resource.attributes.items() if k not in ignored}
        theirs = {k: v for k, v in got[rid].attributes.items() if k not in ignored}
        assert theirs == mine, rid


__all__ = [
    "STAGES",
    "field",
    "fields_of",
    "import_notes",
    "process",
    "round_trip",
    "rule",
    "same",
    "snapshot",
    "stage",
    "value_set",
    "values",
    "write",
]
