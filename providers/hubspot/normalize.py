"""One canonical form for HubSpot configuration, reached from both sides of the diff.

`compile.py` (definitions) and `read.py` (API JSON) both end in the `canonical_*` functions
here, so vendor quirks — wire strings for stage metadata (`"0.2"`, `"true"`), option order
carried in `displayOrder`, `null` versus empty descriptions, `dateTime` versus `datetime`,
the Yes/No options HubSpot attaches to checkboxes — are settled in one place, and a diff of
the two sides is a plain `==`. Every `canonical_*` function is idempotent (tested). Text is
compared exactly as HubSpot stores it (no trimming: HubSpot documents none), and what
`*_to_api` sends reads back through `*_from_api` to the same canonical attributes (tested), so
the plan shows every value apply sends. Option `displayOrder` numbers are kept as HubSpot stores
them (`display_order`), and sent back unchanged: a definition's `order` states them.

Resource kinds and keys (natural keys, never server ids except where the id *is* the name):

    property_group   <objectType>/<group name>                {label}
    property         <objectType>/<property name>             {label, type, field_type,
                                                               group, description, hidden,
                                                               options: [{value, label,
                                                               description, hidden,
                                                               display_order}],
                                                               calculation_formula}
    pipeline         <objectType>/<pipeline id>               {label}
    pipeline_stage   <objectType>/<pipeline id>/<stage id>    {label, display_order,
                                                               probability, is_closed}

The `*_to_api` functions build the request bodies `write.py` sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from revops_as_code.resources import JsonValue, Resource, ResourceId

PROVIDER = "hubspot"
GROUP = "property_group"
PROPERTY = "property"
PIPELINE = "pipeline"
STAGE = "pipeline_stage"
KINDS = (GROUP, PROPERTY, PIPELINE, STAGE)

OBJECT_TYPES = ("contacts", "companies", "deals")
"""CRM objects whose configuration revops reads and writes."""
PIPELINE_OBJECT_TYPES = ("deals", "tickets")
"""Pipelines revops reads and writes: deal pipelines, and ticket pipelines (whose stages
carry `ticketState` instead of a probability)."""

DEFAULT_PIPELINES = {"deals": "default", "tickets": "0"}
"""Ids of the pipelines every portal starts with (the sandbox seeds both)."""

PROPERTY_ATTRS = (
    "label",
    "type",
    "field_type",
    "group",
    "description",
    "hidden",
    "options",
    "calculation_formula",
)
STAGE_ATTRS = ("label", "display_order", "probability", "is_closed")

BOOL_OPTIONS: list[dict[str, Any]] = [
    {"label": "Yes", "value": "true", "displayOrder": 0, "hidden": False},
    {"label": "No", "value": "false", "displayOrder": 1, "hidden": False},
]
"""What HubSpot attaches to a `bool` property; sent on create, dropped when reading."""


def rid(kind: str, key: str) -> ResourceId:
    return ResourceId(PROVIDER, kind, key)


def _text(value: object) -> str:
    # Exactly as HubSpot stores it: HubSpot documents no trimming, so neither side trims.
    # (A stripped "Delta " would compare equal to "Delta" and apply would rename the option
    # live with no line in the plan, leaving records on a value no option has.)
    return "" if value is None else str(value)


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


# -- options ------------------------------------------------------------------------------


def canonical_option(option: Mapping[str, Any], position: int = 0) -> dict[str, JsonValue]:
    """One option; `display_order` is HubSpot's number as stored (`displayOrder` on the wire,
    `display_order` once canonical), or `position` when the option has none."""
    raw = option.get("display_order", option.get("displayOrder"))
    return {
        "value": _text(option.get("value")),
        "label": _text(option.get("label")),
        "description": _text(option.get("description")),
        "hidden": _bool(option.get("hidden", False)),
        "display_order": position if raw is None or isinstance(raw, bool) else int(raw),
    }


def canonical_options(options: Sequence[Mapping[str, Any]]) -> list[dict[str, JsonValue]]:
    """Options in display order, each keeping HubSpot's `displayOrder` number.

    HubSpot shows options "starting with the lowest positive integer value", and `-1` after
    the positive ones; ties keep the API's order. The numbers are kept as they are (not
    renumbered to positions): what apply sends is what the plan compared, so a number that
    would change shows as a change of `display_order`. An option without a number takes its
    position in the list."""

    def order(indexed: tuple[int, Mapping[str, Any]]) -> tuple[int, int, int]:
        index, option = indexed
        raw = option.get("display_order", option.get("displayOrder"))
        if raw is None or isinstance(raw, bool):
            return (0, index, index)
        number = int(raw)
        return (1, 0, index) if number < 0 else (0, number, index)

    ordered = sorted(enumerate(options), key=order)
    return [canonical_option(o, index) for index, o in ordered]


def option_to_api(option: Mapping[str, Any]) -> dict[str, Any]:
    """An `OptionInput` (label, value, description, hidden, displayOrder)."""
    return {
        "label": option["label"],
        "value": option["value"],
        "description": option.get("description", ""),
        "hidden": bool(option.get("hidden", False)),
        "displayOrder": int(option.get("display_order") or 0),
    }


# -- properties ---------------------------------------------------------------------------


def canonical_property(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    """Canonical property attributes from canonical-shaped input (idempotent)."""
    type_ = _text(attrs.get("type")).lower()
    options = attrs.get("options") or []
    return {
        "label": _text(attrs.get("label")),
        "type": type_,
        "field_type": _text(attrs.get("field_type")).lower(),
        "group": _text(attrs.get("group")),
        "description": _text(attrs.get("description")),
        "hidden": _bool(attrs.get("hidden", False)),
        # A checkbox's Yes/No options are HubSpot's, not ours; only enumerations own options.
        "options": canonical_options(options) if type_ == "enumeration" else [],
        # A calculated property's formula, exactly as HubSpot stores it ("" for the others).
        "calculation_formula": _text(attrs.get("calculation_formula")),
    }


def property_from_api(object_type: str, data: Mapping[str, Any]) -> Resource:
    """A live property as a canonical resource (HubSpot-defined ones are `protect`ed)."""
    attrs = canonical_property(
        {
            "label": data.get("label"),
            "type": data.get("type"),
            "field_type": data.get("fieldType"),
            "group": data.get("groupName"),
            "description": data.get("description"),
            "hidden": data.get("hidden", False),
            "options": data.get("options") or [],
            "calculation_formula": data.get("calculationFormula"),
        }
    )
    return Resource(
        id=rid(PROPERTY, f"{object_type}/{data['name']}"),
        attributes=attrs,
        protect=bool(data.get("hubspotDefined")),
    )


def property_to_api(name: str, attrs: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
    """`PropertyCreate` (with name) or `PropertyUpdate` (without: names are immutable)."""
    body: dict[str, Any] = {
        "label": attrs["label"],
        "type": attrs["type"],
        "fieldType": attrs["field_type"],
        "groupName": attrs["group"],
        "description": attrs.get("description", ""),
        "hidden": bool(attrs.get("hidden", False)),
    }
    if attrs["type"] == "enumeration":
        # The options list is a full replacement: send every option, in order, each with the
        # display order the plan compared (never renumbered behind the plan's back).
        body["options"] = [option_to_api(option) for option in attrs["options"]]
    elif attrs["type"] == "bool" and create:
        body["options"] = BOOL_OPTIONS
    if attrs.get("field_type") == "calculation_equation" or attrs.get("calculation_formula"):
        body["calculationFormula"] = attrs.get("calculation_formula", "")
    if create:
        body["name"] = name
    return body


# -- groups -------------------------------------------------------------------------------


def canonical_group(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {"label": _text(attrs.get("label"))}


def group_from_api(object_type: str, data: Mapping[str, Any]) -> Resource:
    name = str(data["name"])
    return Resource(
        id=rid(GROUP, f"{object_type}/{name}"),
        attributes=canonical_group(data),
        # HubSpot's own groups (contactinformation, dealinformation, ...) are never ours
        # to delete; it reports no hubspotDefined flag on groups, so go by the catalog.
        protect=name in HUBSPOT_GROUPS.get(object_type, frozenset()),
    )


def group_to_api(name: str, attrs: Mapping[str, Any], *, create: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"label": attrs["label"]}
    if create:
        body["name"] = name
    return body


HUBSPOT_GROUPS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"contactinformation", "emailinformation", "socialmediainformation",
                           "conversioninformation", "analyticsinformation", "salesforceinformation",
                           "sales_properties", "contact_activity", "facebook_ads_properties"}),
    "companies": frozenset({"companyinformation", "social_media_information", "analyticsinformation",
                            "salesforceinformation", "target_accounts", "company_activity"}),
    "deals": frozenset({"dealinformation", "deal_activity", "analyticsinformation",
                        "salesforceinformation", "dealstages", "deal_revenue"}),
}  # fmt: skip


# -- pipelines and stages -----------------------------------------------------------------


def canonical_pipeline(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    return {"label": _text(attrs.get("label"))}


def _probability(value: object) -> float | None:
    if value is None or value == "":
        return None
    return round(float(str(value)), 4)


def canonical_stage(attrs: Mapping[str, Any]) -> dict[str, JsonValue]:
    out: dict[str, JsonValue] = {
        "label": _text(attrs.get("label")),
        "display_order": int(attrs.get("display_order") or 0),
        "probability": _probability(attrs.get("probability")),
        "is_closed": _bool(attrs.get("is_closed", False)),
    }
    if out["probability"] is None:
        # A ticket stage has none: left out, so a plan shows no `probability: null` line.
        del out["probability"]
    return out


def pipeline_from_api(object_type: str, data: Mapping[str, Any]) -> list[Resource]:
    """A live pipeline and its (unarchived) stages.

    A stage's `display_order` is HubSpot's raw `displayOrder` rather than its position, so a
    stage revops does not manage (a legacy stage in the middle) shifts no managed stage.
    """
    pipeline_id = str(data["id"])
    pipeline = Resource(
        id=rid(PIPELINE, f"{object_type}/{pipeline_id}"),
        attributes=canonical_pipeline(data),
        # The portal's default pipelines (deals `default`, tickets `0`): never deleted.
        protect=pipeline_id == DEFAULT_PIPELINES.get(object_type),
    )
    stages = [s for s in data.get("stages") or [] if not s.get("archived")]
    return [pipeline, *(stage_from_api(object_type, pipeline_id, s) for s in stages)]


def stage_from_api(object_type: str, pipeline_id: str, stage: Mapping[str, Any]) -> Resource:
    metadata = stage.get("metadata") or {}
    return Resource(
        id=rid(STAGE, f"{object_type}/{pipeline_id}/{stage['id']}"),
        attributes=canonical_stage(
            {
                "label": stage.get("label"),
                "display_order": stage.get("displayOrder"),
                "probability": metadata.get("probability"),
                # Ticket stages say `ticketState: OPEN|CLOSED` instead ([HS-spec] pipelines).
                "is_closed": metadata.get("isClosed", metadata.get("ticketState") == "CLOSED"),
            }
        ),
        depends_on=(rid(PIPELINE, f"{object_type}/{pipeline_id}"),),
    )


def stage_metadata(attrs: Mapping[str, Any], object_type: str = "deals") -> dict[str, str]:
    """Stage metadata as HubSpot wants it: every value a string. A deal stage carries
    `isClosed` and `probability`; a ticket stage `ticketState` OPEN/CLOSED ([HS-spec]
    pipelines: "tickets optional ticketState"), which `stage_from_api` reads back."""
    if object_type == "tickets":
        return {"ticketState": "CLOSED" if attrs.get("is_closed") else "OPEN"}
    metadata = {"isClosed": "true" if attrs.get("is_closed") else "false"}
    if attrs.get("probability") is not None:
        metadata["probability"] = _wire_probability(float(attrs["probability"]))
    return metadata


def _wire_probability(value: float) -> str:
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def stage_to_api(
    stage_id: str, attrs: Mapping[str, Any], *, create: bool, object_type: str = "deals"
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "label": attrs["label"],
        "displayOrder": attrs["display_order"],
        "metadata": stage_metadata(attrs, object_type),
    }
    if create:
        body["stageId"] = stage_id
    return body


def split_key(key: str, parts: int) -> list[str]:
    """`deals/default/closedwon` -> ["deals", "default", "closedwon"] (exactly `parts`)."""
    pieces = key.split("/", parts - 1)
    if len(pieces) != parts:
        raise ValueError(f"malformed HubSpot resource key {key!r}")
    return pieces


__all__ = [
    "BOOL_OPTIONS",
    "GROUP",
    "HUBSPOT_GROUPS",
    "KINDS",
    "OBJECT_TYPES",
    "PIPELINE",
    "PIPELINE_OBJECT_TYPES",
    "PROPERTY",
    "PROPERTY_ATTRS",
    "PROVIDER",
    "STAGE",
    "STAGE_ATTRS",
    "canonical_group",
    "canonical_option",
    "canonical_options",
    "canonical_pipeline",
    "canonical_property",
    "canonical_stage",
    "group_from_api",
    "group_to_api",
    "pipeline_from_api",
    "property_from_api",
    "property_to_api",
    "rid",
    "split_key",
    "stage_from_api",
    "stage_metadata",
    "stage_to_api",
]
