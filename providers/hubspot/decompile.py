"""Live HubSpot configuration -> definition documents, for `revops import`.

The contract is a round trip: the documents written here, compiled by `compile.py`, give
back exactly the live resources they came from, so a plan right after an import is empty.
Every live object is either written or explained (`import_notes`: the reason and what to do),
never dropped without a word. Where a definition cannot say what is live, the document says
so instead of lying:

- HubSpot-defined properties and groups are HubSpot's, not the team's: not imported;
- a type/fieldType pair that no definition type stands for (radio, html, file, phonenumber,
  calculation_equation, ...) is written as the nearest definition type plus
  `api_types: {hubspot: <type>/<fieldType>}`, which compiles back to the exact pair;
- a field without a description gets a placeholder and `ignore: [description]`, a hidden
  field `ignore: [hidden]`, a stage whose `displayOrder` is not its position
  `ignore: [position]` (the definition's word; the provider's declarations map it to
  `display_order`), so revops leaves those live values alone;
- names that are not snake_case keys, and keys the existing definitions already use
  (`LiveSnapshot.defined`, e.g. the bundled `employee_count`), become keys made from the
  label (or the name) with `api_names`/`api_ids` holding the live name: deterministic, so
  two imports of the same portal write the same keys;
- a deal pipeline with several won stages or none imports as it is (the definition rules
  only warn); one whose stages lack a probability is left out and explained;
- a ticket pipeline imports with `object: ticket`: its stages carry no probability or
  forecast category, and HubSpot's `ticketState: CLOSED` is `outcome: closed`.

`revops import` passes only live objects that neither state nor the existing definitions
cover, and the documents written here sit next to those definitions as further field
standards of the same objects. So a group that is not in the snapshot is declared by an
existing document: a field in it names it and the group is not declared again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from revops_as_code.providers.base import LiveSnapshot
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .compile import FIELD_TYPES, VALID_FIELD_TYPES
from .normalize import GROUP, HUBSPOT_GROUPS, PIPELINE, PROPERTY, STAGE

API_VERSION = "revops.dev/v1"
HS = "hubspot"
SINGULAR = {"contacts": "contact", "companies": "company", "deals": "deal"}
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_KEY = 100
MAX_API_NAME = 200
_REVERSE_TYPES = {pair: name for name, pair in reversed(list(FIELD_TYPES.items()))}
# `owner` and `currency`/`percent` compile to the same pairs as `enum`/`number`: prefer those.
_REVERSE_TYPES[("enumeration", "select")] = "enum"
_REVERSE_TYPES[("number", "number")] = "number"
_NEAREST = {
    "bool": "bool",
    "enumeration": "enum",
    "date": "date",
    "datetime": "datetime",
    "string": "string",
    "number": "number",
    "phone_number": "string",
}
"""The definition type that means the same as a HubSpot `type` whose fieldType has no
definition type of its own (the exact pair then goes in `api_types`)."""
NO_DESCRIPTION = "Imported from HubSpot, where it has no description yet."
Notes = dict[ResourceId, tuple[str, str]]


def keyify(text: str, taken: set[str] | None = None) -> str:
    """A snake_case key for a live name or label, unique within `taken` (which it joins)."""
    key = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"
    if not key[0].isalpha():
        key = f"x_{key}"
    key = key[:MAX_KEY].rstrip("_")
    if taken is not None:
        base, n = key[: MAX_KEY - 4], 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        taken.add(key)
    return key


def _named(value: str, taken: set[str], label: str = "") -> tuple[str, dict[str, str]]:
    """(key, api-name map): the value itself when it is a free key, else a key made from the
    label (the value when there is none) and the live value in the map."""
    if KEY.match(value) and value not in taken and len(value) <= MAX_KEY:
        taken.add(value)
        return value, {}
    words = label if label and re.search(r"[A-Za-z]", label) else value
    return keyify(words, taken), {HS: value}


def decompile(snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
    """Definition documents for the live objects in `snapshot` that revops can express."""
    return _decompile(snapshot)[0]


def import_notes(snapshot: LiveSnapshot) -> Notes:
    """Why each live object `decompile` leaves out is left out, and what to do."""
    return _decompile(snapshot)[1]


def _decompile(snapshot: LiveSnapshot) -> tuple[list[dict[str, JsonValue]], Notes]:
    by_kind: dict[str, list[Resource]] = defaultdict(list)
    for resource in snapshot.resources:
        by_kind[resource.id.kind].append(resource)
    notes: Notes = {}
    documents = _field_standards(by_kind[PROPERTY], by_kind[GROUP], snapshot.defined, notes)
    stages: dict[str, list[Resource]] = defaultdict(list)
    for stage in by_kind[STAGE]:
        stages[stage.id.key.rsplit("/", 1)[0]].append(stage)
    pipelines = {p.id.key for p in by_kind[PIPELINE]}
    taken = {o.split("/", 1)[1] for o in snapshot.defined if o.count("/") == 1 and
             o.startswith("pipeline/")}  # fmt: skip
    for pipeline in sorted(by_kind[PIPELINE], key=lambda r: r.id.key):
        document = _pipeline(pipeline, stages.get(pipeline.id.key, []), taken, notes)
        if document is not None:
            documents.append(document)
    for key, orphans in sorted(stages.items()):
        if key in pipelines:
            continue
        for stage in orphans:
            notes[stage.id] = (
                "a stage of a pipeline the definitions already manage, which does not list it",
                f"add it to that pipeline's stages with `api_ids: {{hubspot: "
                f"{stage.id.key.rsplit('/', 1)[1]}}}`, or delete it in HubSpot",
            )
    return documents, notes


# -- field standards ----------------------------------------------------------------------


def _defined_keys(defined: frozenset[str], singular: str, what: str) -> set[str]:
    prefix = f"field_standard/{singular}/group/" if what == "group" else f"field/{singular}/"
    return {
        o[len(prefix) :] for o in defined if o.startswith(prefix) and "/" not in o[len(prefix) :]
    }


def _field_standards(
    properties: list[Resource], groups: list[Resource], defined: frozenset[str], notes: Notes
) -> list[dict[str, JsonValue]]:
    group_labels = {r.id.key: str(r.attributes.get("label", "")) for r in groups}
    per_object: dict[str, list[Resource]] = defaultdict(list)
    for prop in properties:
        obj = prop.id.key.split("/", 1)[0]
        if obj not in SINGULAR:
            notes[prop.id] = (f"revops does not manage {obj} properties", "leave it to HubSpot")
        elif prop.protect:
            notes[prop.id] = (
                "a HubSpot-defined property: HubSpot owns its definition",
                "to govern its label, description or options, add it to a field standard "
                "with `system_defined: true` (and `api_names` for its HubSpot name)",
            )
        elif _type_of(prop.attributes) is None:
            notes[prop.id] = (
                f"HubSpot type {prop.attributes.get('type')!r}/"
                f"{prop.attributes.get('field_type')!r} is not one revops knows",
                "leave it unmanaged, or describe it by hand",
            )
        else:
            per_object[obj].append(prop)
    documents: list[dict[str, JsonValue]] = []
    used_by_object: dict[str, set[str]] = defaultdict(set)
    for obj, props in sorted(per_object.items()):
        singular = SINGULAR[obj]
        used_groups = sorted({str(p.attributes.get("group", "")) for p in props})
        used_by_object[obj].update(used_groups)
        group_docs = []
        group_keys: dict[str, str] = {}
        taken_groups = _defined_keys(defined, singular, "group")
        for name in used_groups:
            label = group_labels.get(f"{obj}/{name}")
            if label is None:
                continue  # not in the snapshot: an existing document declares it
            key, api_names = _named(name, taken_groups, label)
            group_keys[name] = key
            doc: dict[str, Any] = {"key": key, "label": label or name}
            if name in HUBSPOT_GROUPS.get(obj, ()):
                doc["protect"] = True
            if api_names:
                doc["api_names"] = api_names
            group_docs.append(doc)
        taken_fields = _defined_keys(defined, singular, "field")
        fields = [
            _field(p, group_keys, taken_fields) for p in sorted(props, key=lambda r: r.id.key)
        ]
        document: dict[str, Any] = {
            "apiVersion": API_VERSION,
            "kind": "FieldStandard",
            "object": singular,
            "description": f"Imported from HubSpot: the {obj} properties no definition "
            "described yet. Review, describe and move them into the team's standard.",
        }
        if group_docs:
            document["groups"] = group_docs
        document["fields"] = fields
        documents.append(document)
    for group in groups:
        obj, name = group.id.key.split("/", 1)
        if name not in used_by_object.get(obj, set()):
            notes[group.id] = (
                "a property group no imported property sits in (a field standard declares "
                "groups with their fields)",
                "declare it in a field standard's `groups` when a field goes in it",
            )
    return documents


def _type_of(attrs: Mapping[str, Any]) -> str | None:
    pair = (str(attrs.get("type")), str(attrs.get("field_type")))
    exact = _REVERSE_TYPES.get(pair)
    if exact is not None:
        return exact
    return _NEAREST.get(pair[0]) if pair[1] in VALID_FIELD_TYPES.get(pair[0], ()) else None


def _field(prop: Resource, group_keys: dict[str, str], taken: set[str]) -> dict[str, Any]:
    attrs = prop.attributes
    name = prop.id.key.split("/", 1)[1]
    label = str(attrs.get("label") or name)
    key, api_names = _named(name, taken, label)
    ignore: list[str] = []
    description = str(attrs.get("description") or "")
    if not description:
        description = NO_DESCRIPTION
        ignore.append("description")
    type_ = _type_of(attrs)
    field: dict[str, Any] = {"key": key, "label": label, "type": type_, "description": description}
    pair = (str(attrs.get("type")), str(attrs.get("field_type")))
    if type_ is None or FIELD_TYPES[type_] != pair:
        field["api_types"] = {HS: "/".join(pair)}
    live_group = str(attrs.get("group", ""))
    # A group declared here goes by its key; one declared elsewhere (managed) by its name.
    group = group_keys.get(live_group) if live_group in group_keys else live_group
    if group:
        field["group"] = group
    options = attrs.get("options") or []
    if options:
        taken_options: set[str] = set()
        field["options"] = [_option(o, taken_options, i) for i, o in enumerate(options)]
    if attrs.get("hidden"):
        ignore.append("hidden")
    if api_names:
        field["api_names"] = api_names
    if attrs.get("calculation_formula"):
        field["formulas"] = {HS: str(attrs["calculation_formula"])}
    if ignore:
        field["ignore"] = ignore
    return field


def _option(option: Mapping[str, Any], taken: set[str], position: int) -> dict[str, Any]:
    value = str(option.get("value", ""))
    label = str(option.get("label") or value)
    key, api_names = _named(value, taken, label)
    out: dict[str, Any] = {"key": key, "label": label or value}
    number = int(option.get("display_order", position))
    if number != position:
        # HubSpot's own number (-1: after the numbered ones), so the next plan compares equal
        # instead of renumbering the options to their positions.
        out["order"] = number
    if option.get("description"):
        out["description"] = str(option["description"])
    if option.get("hidden"):
        out["hidden"] = True
    if api_names:
        out["api_names"] = api_names
    return out


# -- pipelines ----------------------------------------------------------------------------


def _outcome(stage: Mapping[str, Any], obj: str) -> str:
    if not stage.get("is_closed"):
        return "open"
    if obj == "tickets":
        return "closed"
    return "won" if float(stage.get("probability") or 0) >= 1.0 else "lost"


def _forecast(outcome: str, probability: float) -> str:
    if outcome == "won":
        return "closed"
    if outcome == "lost":
        return "omitted"
    return "commit" if probability >= 0.8 else "best_case" if probability >= 0.5 else "pipeline"


def _pipeline(
    pipeline: Resource, stages: list[Resource], taken_pipelines: set[str], notes: Notes
) -> dict[str, JsonValue] | None:
    obj, pipeline_id = pipeline.id.key.split("/", 1)

    def leave_out(reason: str, action: str) -> None:
        for resource in (pipeline, *stages):
            notes[resource.id] = (reason, action)

    if obj not in DEFINITION_OBJECTS:
        leave_out(
            f"a {obj[:-1]} pipeline: revops definitions manage deal and ticket pipelines",
            "leave it to HubSpot; it stays unmanaged and revops never changes it",
        )
        return None
    if not stages:
        leave_out("a pipeline without stages (a definition lists at least one)",
                  "add a stage in HubSpot, then import again")  # fmt: skip
        return None
    # A ticket stage has no probability (it is not forecast); a deal stage needs one.
    missing = [s for s in stages if s.attributes.get("probability") is None]
    if missing and obj == "deals":
        leave_out(
            f"{len(missing)} of its stages have no probability (a deal stage definition needs one)",
            "set each stage's probability in HubSpot, then import again",
        )
        return None
    ordered = sorted(stages, key=lambda s: (int(s.attributes.get("display_order") or 0),
                                            str(s.attributes.get("label"))))  # fmt: skip
    outcomes = [_outcome(s.attributes, obj) for s in ordered]
    label = str(pipeline.attributes.get("label") or pipeline_id)
    if KEY.match(pipeline_id) and pipeline_id != "default" and pipeline_id not in taken_pipelines:
        key = pipeline_id
        taken_pipelines.add(key)
    else:
        key = keyify(label if re.search(r"[A-Za-z]", label) else pipeline_id, taken_pipelines)
    taken: set[str] = set()
    stage_docs = []
    for index, stage in enumerate(ordered):
        attrs = stage.attributes
        stage_id = stage.id.key.rsplit("/", 1)[1]
        stage_label = str(attrs.get("label") or stage_id)
        stage_key, api_ids = _named(stage_id, taken, stage_label)
        doc: dict[str, Any] = {"key": stage_key, "label": stage_label}
        if obj == "deals":
            probability = float(attrs["probability"])
            doc["probability"] = _percent(probability)
            doc["forecast_category"] = _forecast(outcomes[index], probability)
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
        "description": f"Imported from HubSpot. Describe which {obj} belong here.",
        "object": DEFINITION_OBJECTS[obj],
        "stages": stage_docs,
    }
    if key != pipeline_id:
        document["api_ids"] = {HS: pipeline_id}
    if pipeline.protect:
        document["protect"] = True
    return document


DEFINITION_OBJECTS = {"deals": "deal", "tickets": "ticket"}
"""HubSpot pipelines objectType -> the definition's `object`."""


def _percent(probability: float) -> float | int:
    value = round(probability * 100, 2)
    return int(value) if value == int(value) else value


__all__ = ["decompile", "import_notes", "keyify"]
