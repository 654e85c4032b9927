"""The state file's content: what the tool owns in one environment, and what it last applied.

State is the tool's memory between runs. For every live object the tool manages it keeps the
server id (never compared, only used to address the object), the attributes as they were
right after the last successful apply (the third side of the three-way diff: live differing
from these is *drift*), and the `protect` flag, so that removing a definition's YAML block
does not remove its protection. `lineage` names one history of one environment; `serial`
counts writes, so a plan made against serial N can tell it is out of date at N+1.

The model is a frozen value; changes return new values. Backends (`backend.py`) store it.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from revops_as_code import __version__
from revops_as_code.errors import StateError
from revops_as_code.resources import JsonValue, ResourceId

STATE_FORMAT_VERSION = 2
"""The state format this version of revops writes. Newer formats are refused; format 1 (one
provider per environment, no ownership) is read and upgraded: its one provider becomes the
one target named after it, and its entries count as `adopted` (revops cannot tell which
objects it created, so it will forget rather than delete them)."""

Ownership = Literal["created", "adopted"]


class ResourceState(BaseModel):
    """What state remembers about one managed live object."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    remote_id: str | None = None
    """The id the live system assigned. Used to address the object, never diffed."""
    attributes: dict[str, Any] = Field(default_factory=dict)
    """Attributes as they were live right after the last successful apply (or import)."""
    protect: bool = False
    """Never plan to delete this object, even after its definition is removed."""
    depends_on: tuple[str, ...] = ()
    """Resource ids (`provider/kind/key`) this object depended on when it was applied."""
    pending: bool = False
    """A create failed ambiguously (e.g. a timeout) and could not be checked: the object may
    exist. It is owned (deleted if live and no longer desired) but has no last-applied
    attributes, so it is never reported as drift; the next apply settles it."""
    ownership: Ownership = "adopted"
    """`created`: revops made it, and deletes it when its definition goes. `adopted`: it was
    live before revops managed it (matched a definition, or imported); revops forgets it
    when its definition goes, and never deletes it."""
    origin: str = ""
    """The definition it expresses (`pipeline/new_business/stage/discovery`), if any."""

    @cached_property
    def encoded(self) -> str:
        """This entry's state-file line (cached: an entry is frozen, and apply rewrites the
        whole file once per change group; re-encoding 10,000 entries each time is what made
        a large first apply slow)."""
        return _compact(self.model_dump(mode="json"))


class State(BaseModel):
    """One environment's state: a lineage, a write counter and the managed resources."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    format_version: int = STATE_FORMAT_VERSION
    """Version of this file's layout; revops refuses to read a newer one."""
    lineage: str
    """Random id fixed when the state is first created; a plan records it."""
    serial: int = 0
    """Incremented on every write; a plan records it."""
    environment: str = ""
    """Name of the environment in revops.yaml this state belongs to."""
    targets: dict[str, str] = Field(default_factory=dict)
    """Target name -> provider name of that environment, when the state was written."""
    tool_version: str = __version__
    """Version of revops that wrote the file last."""
    resources: dict[str, ResourceState] = Field(default_factory=dict)
    """Managed objects by resource id (`provider/kind/key`), sorted on write."""

    # -- construction -----------------------------------------------------------------

    @classmethod
    def new(cls, *, environment: str = "", targets: Mapping[str, str] | None = None) -> State:
        """A fresh, empty state with a new lineage (serial 0: never written)."""
        return cls(lineage=str(uuid.uuid4()), environment=environment, targets=dict(targets or {}))

    @classmethod
    def from_json(cls, text: str, *, origin: str = "state") -> State:
        """Parse state JSON; a newer `format_version` is refused with a clear error."""
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StateError(f"{origin} is not valid JSON ({exc})") from None
        if not isinstance(raw, dict):
            raise StateError(f"{origin} is not a JSON object")
        version = raw.get("format_version")
        if isinstance(version, int) and version > STATE_FORMAT_VERSION:
            raise StateError(
                f"{origin} has format_version {version}; this revops reads up to "
                f"{STATE_FORMAT_VERSION}",
                hint="upgrade revops; never edit state by hand to downgrade it",
            )
        if version == 1:
            raw = _upgrade_v1(raw)
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = "/".join(str(p) for p in first["loc"])
            raise StateError(f"{origin} is malformed at {where}: {first['msg']}") from None

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, trailing newline), one resource a line.

        Apply writes state after every change, so this runs thousands of times on a large
        portal. `json.dumps(indent=...)` always takes the pure-Python encoder (~50x slower
        than the C one), so only the small top level is laid out here; each resource is
        encoded by the C encoder on its own line, which still diffs one object a line.
        """
        data = self.model_dump(mode="json", exclude={"resources"})
        data["resources"] = None
        lines = ["{"]
        keys = sorted(data)
        for index, key in enumerate(keys):
            comma = "," if index < len(keys) - 1 else ""
            value = data[key]
            if key == "resources":
                if not self.resources:
                    lines.append(f"  {_compact(key)}: {{}}{comma}")
                    continue
                lines.append(f"  {_compact(key)}: {{")
                entries = sorted(self.resources.items())
                last = len(entries) - 1
                lines.extend(
                    f"    {_key(rid)}: {entry.encoded}{',' if i < last else ''}"
                    for i, (rid, entry) in enumerate(entries)
                )
                lines.append(f"  }}{comma}")
            else:
                lines.append(f"  {_compact(key)}: {_compact(value)}{comma}")
        lines.append("}")
        return "\n".join(lines) + "\n"

    # -- queries ------------------------------------------------------------------------

    def resources_by_id(self) -> dict[ResourceId, ResourceState]:
        return {ResourceId.parse(k): v for k, v in self.resources.items()}

    def get(self, rid: ResourceId) -> ResourceState | None:
        return self.resources.get(str(rid))

    def ids(self) -> list[ResourceId]:
        return [ResourceId.parse(key) for key in sorted(self.resources)]

    def last_applied(self) -> dict[ResourceId, Mapping[str, JsonValue]]:
        """Attributes as last applied, for every settled (not `pending`) object."""
        return {
            ResourceId.parse(k): v.attributes for k, v in self.resources.items() if not v.pending
        }

    def pending(self) -> frozenset[ResourceId]:
        return frozenset(ResourceId.parse(k) for k, v in self.resources.items() if v.pending)

    def remote_ids(self) -> dict[ResourceId, str]:
        return {
            ResourceId.parse(k): v.remote_id
            for k, v in self.resources.items()
            if v.remote_id is not None
        }

    def protected(self) -> frozenset[ResourceId]:
        return frozenset(ResourceId.parse(k) for k, v in self.resources.items() if v.protect)

    def created(self) -> frozenset[ResourceId]:
        """Objects revops created: the only ones it may delete."""
        return frozenset(
            ResourceId.parse(k) for k, v in self.resources.items() if v.ownership == "created"
        )

    # -- changes (each returns a new value) ---------------------------------------------

    def with_resource(self, rid: ResourceId, resource: ResourceState) -> State:
        return self.with_resources({rid: resource})

    def with_resources(self, entries: Mapping[ResourceId, ResourceState]) -> State:
        """Several entries set in one copy (a batch request's objects, one state write)."""
        resources = dict(self.resources)
        resources.update((str(rid), entry) for rid, entry in entries.items())
        return self._with(resources)

    def without(self, rids: Iterable[ResourceId]) -> State:
        drop = {str(r) for r in rids}
        return self._with({k: v for k, v in self.resources.items() if k not in drop})

    def next_serial(self) -> State:
        """The value to write next: serial + 1, stamped with this tool's version."""
        return self.model_copy(update={"serial": self.serial + 1, "tool_version": __version__})

    def _with(self, resources: dict[str, ResourceState]) -> State:
        # Not re-sorted here: apply changes state once per group, and sorting 10,000 entries
        # each time was most of a large apply's local cost. `to_json` and `ids` sort.
        return self.model_copy(update={"resources": resources})


def _upgrade_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: the environment's one provider becomes its one target."""
    upgraded = dict(raw)
    provider = upgraded.pop("provider", "")
    upgraded["targets"] = {provider: provider} if provider else {}
    upgraded["format_version"] = STATE_FORMAT_VERSION
    return upgraded


@functools.lru_cache(maxsize=1 << 17)
def _key(rid: str) -> str:
    """A resource id as a JSON key (cached: every state write encodes every key)."""
    return json.dumps(rid, ensure_ascii=False)


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


__all__ = ["STATE_FORMAT_VERSION", "ResourceState", "State"]
