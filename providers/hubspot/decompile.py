"""Live HubSpot configuration -> definition documents, for `revops import`.

The contract is a round trip: the documents written here, compiled by `compile.py`, give
back exactly the live resources they came from, so a plan right after an import is empty.
Where a definition cannot say what is live, the document says so instead of lying:

- HubSpot-defined properties and groups are HubSpot's, not the team's: not imported;
- a property whose type/field-type pair has no definition type (html, file, radio, ...) is
  left out (it stays unmanaged, which an empty plan allows);
- a field without a description gets a placeholder and `ignore: [description]`, a hidden
  field `ignore: [hidden]`, a stage whose `displayOrder` is not its position
  `ignore: [position]` (the definition's word; the provider's declarations map it to
  `display_order`), so revops leaves those live values alone;
- names that are not snake_case keys become keys with `api_names`/`api_ids` for HubSpot;
- a pipeline that the definition rules would reject (no single won stage, no lost stage,
  fewer than two stages, a stage without probability) is left out.

`revops import` passes only live objects that neither state nor the existing definitions
cover, and the documents written here sit next to those definitions as further field
standards of the same objects. So a group that is not in the snapshot is declared by an
existing document: a field in it names it and the group is not declared again. (It is named
by its HubSpot name, which is its key unless that document maps it with `api_names`; then
the import's validation reports RV202 and writes nothing.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.resources import JsonValue, Resource

from .compile import FIELD_TYPES
from .normalize import GROUP, HUBSPOT_GROUPS, PIPELINE, PROPERTY, STAGE

API_VERSION = "revops.dev/v1"
HS = "hubspot"
SINGULAR = {"contacts": "contact", "companies": "company", "deals": "deal"}
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_REVERSE_TYPES = {pair: name for name, pair in reversed(list(FIELD_TYPES.items()))}
# `owner` and `currency`/`percent` compile to the same pairs as `enum`/`number`: prefer those.
_REVERSE_TYPES[("enumeration", "select")] = "enum"
_REVERSE_TYPES[("number", "number")] = "number"
NO_DESCRIPTION = "Imported from HubSpot, where it has no description yet."


def keyify(text: str, taken: set[str] | None = None) -> str:
    """A snake_case key for a live name or label, unique within `taken` (which it joins)."""
    key = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"
    if not key[0].isalpha():
        key = f"x_{key}"
    key = key[:100]
    if taken is not None:
        base, n = key, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        taken.add(key)
    return key


def _named(value: str, taken: set[str]) -> tuple[str, dict[str, str]]:
    """(key, api-name map): the value itself when it is a free key, else a slug + mapping."""
    if KEY.match(value) and value not in taken and len(value) <= 100:
        taken.add(value)
        return value, {}
    return keyify(value, taken), {HS: value}


def decompile(snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
    """Definition documents for the live objects in `snapshot` that revops can express."""
    by_kind: dict[str, list[Resource]] = defaultdict(list)
    for resource in snapshot.resources:
        by_kind[resource.id.kind].append(resource)
    documents = _field_standards(by_kind[PROPERTY], by_kind[GROUP])
    stages: dict[str, list[Resource]] = defaultdict(list)
    for stage in by_kind[STAGE]:
        stages[stage.id.key.rsplit("/", 1)[0]].append(stage)
    for pipeline in by_kind[PIPELINE]:
        document = _pipeline(pipeline, stages.get(pipeline.id.key, []))
        if document is not None:
            documents.append(document)
    return documents


# -- field standards ----------------------------------------------------------------------


def _field_standards(
    properties: list[Resource], groups: list[Resource]
) -> list[dict[str, JsonValue]]:
    group_labels = {r.id.key: str(r.attributes.get("label", "")) for r in groups}
    per_object: dict[str, list[Resource]] = defaultdict(list)
    for prop in properties:
        obj = prop.id.key.split("/", 1)[0]
        if obj in SINGULAR and not prop.protect and _type_of(prop.attributes) is not None:
            per_object[obj].append(prop)
    documents: list[dict[str, JsonValue]] = []
    for obj, props in sorted(per_object.items()):
        used_groups = sorted({str(p.attributes.get("group", "")) for p in props})
        group_docs = []
        group_keys: dict[str, str] = {}
        taken_groups: set[str] = set()
        for name in used_groups:
            label = group_labels.get(f"{obj}/{name}") or _known_group_label(obj, name)
            if label is None:
                continue
            key, api_names = _named(name, taken_groups)
            group_keys[name] = key
            doc: dict[str, Any] = {"key": key, "label": label}
            if name in HUBSPOT_GROUPS.get(obj, ()):
                doc["protect"] = True
            if api_names:
                doc["api_names"] = api_names
            group_docs.append(doc)
        declared = {g["key"] for g in group_docs}
        taken_fields: set[str] = set()
        fields = [
            _field(p, group_keys, declared, taken_fields)
            for p in sorted(props, key=lambda r: r.id.key)
        ]
        document: dict[str, Any] = {
            "apiVersion": API_VERSION,
            "kind": "FieldStandard",
            "object": SINGULAR[obj],
            "description": f"Imported from HubSpot: the {obj} properties no definition "
            "described yet. Review, describe and move them into the team's standard.",
        }
        if group_docs:
            document["groups"] = group_docs
        document["fields"] = fields
        documents.append(document)
    return documents


def _known_group_label(obj: str, name: str) -> str | None:
    """None: a group not in the snapshot is described already (another document declares it)."""
    return None


def _type_of(attrs: Mapping[str, Any]) -> str | None:
    return _REVERSE_TYPES.get((str(attrs.get("type")), str(attrs.get("field_type"))))


def _field(
    prop: Resource, group_keys: dict[str, str], declared: set[str], taken: set[str]
) -> dict[str, Any]:
    attrs = prop.attributes
    name = prop.id.key.split("/", 1)[1]
    key, api_names = _named(name, taken)
    ignore: list[str] = []
    description = str(attrs.get("description") or "")
    if not description:
        description = NO_DESCRIPTION
        ignore.append("description")
    field: dict[str, Any] = {
        "key": key,
        "label": str(attrs.get("label") or name),
        "type": _type_of(attrs),
        "description": description,
    }
    live_group = str(attrs.get("group", ""))
    # A group declared here goes by its key; one declared elsewhere (managed) by its name.
    group = group_keys.get(live_group) if live_group in group_keys else live_group
    if group:
        field["group"] = group
    options = attrs.get("options") or []
    if options:
        taken_options: set[str] = set()
        field["options"] = [_option(o, taken_options) for o in options]
    if attrs.get("hidden"):
        ignore.append("hidden")
    if api_names:
        field["api_names"] = api_names
    if ignore:
        field["ignore"] = ignore
    return field


def _option(option: Mapping[str, Any], taken: set[str]) -> dict[str, Any]:
    value = str(option.get("value", ""))
    key, api_names = _named(value, taken)
    out: dict[str, Any] = {"key": key, "label": str(option.get("label") or value)}
    if option.get("description"):
        out["description"] = str(option["description"])
    if option.get("hidden"):
        out["hidden"] = True
    if api_names:
        out["api_names"] = api_names
    return out


# -- pipelines ----------------------------------------------------------------------------


def _outcome(stage: Mapping[str, Any]) -> str:
    if not stage.get("is_closed"):
        return "open"
    return "won" if float(stage.get("probability") or 0) >= 1.0 else "lost"


def _forecast(outcome: str, probability: float) -> str:
    if outcome == "won":
        return "closed"
    if outcome == "lost":
        return "omitted"
    return "commit" if probability >= 0.8 else "best_case" if probability >= 0.5 else "pipeline"


def _pipeline(pipeline: Resource, stages: list[Resource]) -> dict[str, JsonValue] | None:
    obj, pipeline_id = pipeline.id.key.split("/", 1)
    if obj != "deals" or len(stages) < 2:
        return None
    if any(s.attributes.get("probability") is None for s in stages):
        return None
    ordered = sorted(stages, key=lambda s: (int(s.attributes.get("display_order") or 0),
                                            str(s.attributes.get("label"))))  # fmt: skip
    outcomes = [_outcome(s.attributes) for s in ordered]
    if outcomes.count("won") != 1 or "lost" not in outcomes:
        return None
    label = str(pipeline.attributes.get("label") or pipeline_id)
    key = pipeline_id if KEY.match(pipeline_id) and pipeline_id != "default" else keyify(label)
    taken: set[str] = set()
    stage_docs = []
    # Definitions list open stages first, then the closed ones (as HubSpot shows them).
    for index, stage in enumerate(ordered):
        attrs = stage.attributes
        stage_id = stage.id.key.rsplit("/", 1)[1]
        stage_key, api_ids = _named(stage_id, taken)
        probability = float(attrs["probability"])
        doc: dict[str, Any] = {
            "key": stage_key,
            "label": str(attrs.get("label") or stage_id),
            "probability": _percent(probability),
            "forecast_category": _forecast(outcomes[index], probability),
        }
        if outcomes[index] != "open":
            doc["outcome"] = outcomes[index]
        if int(attrs.get("display_order") or 0) != index:
            doc["ignore"] = ["position"]
        if api_ids:
            doc["api_ids"] = api_ids
        stage_docs.append(doc)
    document: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": "Pipeline",
        "key": key,
        "label": label,
        "description": "Imported from HubSpot. Describe which deals belong here.",
        "object": "deal",
        "stages": stage_docs,
    }
    if key != pipeline_id:
        document["api_ids"] = {HS: pipeline_id}
    if pipeline.protect:
        document["protect"] = True
    return document


def _percent(probability: float) -> float | int:
    value = round(probability * 100, 2)
    return int(value) if value == int(value) else value


__all__ = ["decompile", "keyify"]
