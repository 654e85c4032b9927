"""HubSpot's response shapes, completed with the defaults HubSpot fills in.

The store keeps every configuration object (group, property, pipeline, owner) as the JSON
document HubSpot would return, so a read is a lookup. These functions take what a caller
supplied (a create body, a seed entry) and add the fields HubSpot's specs mark required or
always sends (`[HS-spec]` properties.json `Property`, pipelines.json `Pipeline`,
crmOwners.json `PublicOwner`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .store_base import now_iso

JSON = dict[str, Any]

DEFAULT_MODIFICATION_METADATA: JSON = {
    "archivable": True,
    "readOnlyDefinition": False,
    "readOnlyValue": False,
}
"""What a custom (portal-created) property carries; HubSpot-defined ones are read-only."""


def complete_option(option: Mapping[str, Any], position: int) -> JSON:
    """An `Option`: `label`, `value`, `hidden` and `displayOrder` are always present."""
    out: JSON = {
        "label": str(option.get("label", option.get("value", ""))),
        "value": str(option.get("value", "")),
        "hidden": bool(option.get("hidden", False)),
        "displayOrder": int(option.get("displayOrder", position)),
    }
    if option.get("description") is not None:
        out["description"] = str(option["description"])
    return out


def complete_property(prop: Mapping[str, Any], *, now: str | None = None) -> JSON:
    """A full `Property` document from a create body or seed entry (unknown keys are kept)."""
    stamp = now or now_iso()
    out: JSON = dict(prop)
    out.setdefault("description", "")
    out["options"] = [complete_option(o, i) for i, o in enumerate(prop.get("options") or [])]
    out.setdefault("displayOrder", -1)
    out.setdefault("hidden", False)
    out.setdefault("formField", False)
    out.setdefault("calculated", out.get("fieldType") == "calculation_equation")
    out.setdefault("externalOptions", False)
    out.setdefault("hasUniqueValue", False)
    out.setdefault("archived", False)
    out.setdefault("createdAt", stamp)
    out.setdefault("updatedAt", out["createdAt"])
    out.setdefault("dataSensitivity", "non_sensitive")
    if out.get("hubspotDefined"):
        default_meta: JSON = {
            "archivable": False,
            "readOnlyDefinition": True,
            "readOnlyValue": False,
        }
    else:
        default_meta = dict(DEFAULT_MODIFICATION_METADATA)
    out["modificationMetadata"] = {**default_meta, **(prop.get("modificationMetadata") or {})}
    return out


def complete_group(group: Mapping[str, Any]) -> JSON:
    """A `PropertyGroup`: `name`, `label`, `displayOrder`, `archived`."""
    return {
        "name": str(group["name"]),
        "label": str(group.get("label", group["name"])),
        "displayOrder": int(group.get("displayOrder", -1)),
        "archived": bool(group.get("archived", False)),
    }


def complete_stage(stage: Mapping[str, Any], *, now: str | None = None) -> JSON:
    """A `PipelineStage`; metadata values become strings as HubSpot returns them."""
    stamp = now or now_iso()
    out: JSON = {
        "id": str(stage["id"]),
        "label": str(stage["label"]),
        "displayOrder": int(stage.get("displayOrder", 0)),
        "metadata": {str(k): _meta_string(v) for k, v in (stage.get("metadata") or {}).items()},
        "archived": bool(stage.get("archived", False)),
        "createdAt": stage.get("createdAt", stamp),
        "updatedAt": stage.get("updatedAt", stage.get("createdAt", stamp)),
        "writePermissions": stage.get("writePermissions", "CRM_PERMISSIONS_ENFORCEMENT"),
    }
    if stage.get("archivedAt"):
        out["archivedAt"] = stage["archivedAt"]
    return out


def complete_pipeline(pipeline: Mapping[str, Any], *, now: str | None = None) -> JSON:
    """A `Pipeline` with its stages (default pipelines carry `createdAt` of epoch 0)."""
    stamp = now or now_iso()
    created = pipeline.get("createdAt", stamp)
    out: JSON = {
        "id": str(pipeline["id"]),
        "label": str(pipeline["label"]),
        "displayOrder": int(pipeline.get("displayOrder", 0)),
        "archived": bool(pipeline.get("archived", False)),
        "createdAt": created,
        "updatedAt": pipeline.get("updatedAt", created),
        "stages": [complete_stage(s, now=stamp) for s in pipeline.get("stages") or []],
    }
    if pipeline.get("archivedAt"):
        out["archivedAt"] = pipeline["archivedAt"]
    return out


def complete_owner(owner: Mapping[str, Any], *, now: str | None = None) -> JSON:
    """A `PublicOwner`: `id` (a string), `type`, `archived`, timestamps, names, teams."""
    stamp = now or now_iso()
    out: JSON = {
        "id": str(owner["id"]),
        "type": owner.get("type", "PERSON"),
        "archived": bool(owner.get("archived", False)),
        "createdAt": owner.get("createdAt", stamp),
        "updatedAt": owner.get("updatedAt", owner.get("createdAt", stamp)),
        "email": owner.get("email"),
        "firstName": owner.get("firstName", ""),
        "lastName": owner.get("lastName", ""),
        "teams": [
            {"id": str(t["id"]), "name": str(t["name"]), "primary": bool(t.get("primary", False))}
            for t in owner.get("teams") or []
        ],
    }
    if owner.get("userId") is not None:
        out["userId"] = int(owner["userId"])
        out["userIdIncludingInactive"] = int(owner.get("userIdIncludingInactive", owner["userId"]))
    return out


def _meta_string(value: Any) -> str:
    # HubSpot stores every stage metadata value as a string ("0.2", "true").
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
