"""The fake provider's live system: objects with server ids, in memory or in a JSON file.

A `FakeWorld` plays the CRM. In tests it is usually shared in memory between providers (so a
test can edit it "out of band", as a person in the CRM's UI would); for the CLI, which runs a
new process per command, it persists to a JSON file named in settings (`path`). Writes to the
file are atomic (temp + `os.replace`), so a killed process never leaves a broken world.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from revops_as_code.resources import JsonValue, ResourceId


@dataclass
class FakeObject:
    """One live object as the fake system stores it."""

    remote_id: str
    attributes: dict[str, JsonValue]
    updated_by: str = "revops"
    """Who changed it last: `revops` or, after an out-of-band edit, `someone`."""
    version: int = 1


@dataclass
class FakeWorld:
    """The live objects, the id counter and the call counter of one fake system."""

    objects: dict[ResourceId, FakeObject] = field(default_factory=dict)
    next_id: int = 1
    calls: int = 0
    path: Path | None = None
    """When set, every transaction loads from and saves to this JSON file."""
    _mutex: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def at(cls, path: str | os.PathLike[str]) -> FakeWorld:
        """A world persisted at `path` (created empty on first write)."""
        return cls(path=Path(path))

    @contextmanager
    def transaction(self) -> Iterator[FakeWorld]:
        """Load (if file-backed), let the caller change the world, save on success."""
        with self._mutex:
            if self.path is not None:
                self._load()
            yield self
            if self.path is not None:
                self._save()

    # -- out-of-band edits (what a person does in the CRM's UI) --------------------------

    def put(
        self, rid: ResourceId, attributes: Mapping[str, JsonValue], *, by: str = "someone"
    ) -> str:
        """Create or overwrite an object by hand; returns its remote id."""
        with self.transaction():
            return self._put(rid, dict(attributes), by=by)

    def edit(self, rid: ResourceId, **changes: JsonValue) -> None:
        """Change some attributes of an existing object by hand (drift)."""
        with self.transaction():
            obj = self.objects[rid]
            obj.attributes = {**obj.attributes, **changes}
            obj.updated_by = "someone"
            obj.version += 1

    def remove(self, rid: ResourceId) -> None:
        with self.transaction():
            self.objects.pop(rid, None)

    def snapshot(self) -> dict[ResourceId, dict[str, JsonValue]]:
        """Current attributes of every object (a copy)."""
        with self.transaction():
            return {rid: dict(obj.attributes) for rid, obj in sorted(self.objects.items())}

    # -- used by the provider inside a transaction --------------------------------------

    def _put(self, rid: ResourceId, attributes: dict[str, JsonValue], *, by: str) -> str:
        existing = self.objects.get(rid)
        if existing is not None:
            existing.attributes = attributes
            existing.updated_by = by
            existing.version += 1
            return existing.remote_id
        remote_id = f"fake-{self.next_id}"
        self.next_id += 1
        self.objects[rid] = FakeObject(remote_id=remote_id, attributes=attributes, updated_by=by)
        return remote_id

    def _load(self) -> None:
        assert self.path is not None
        try:
            raw: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raw = {}
        self.next_id = int(raw.get("next_id", 1))
        self.calls = int(raw.get("calls", 0))
        self.objects = {
            ResourceId.parse(key): FakeObject(**value)
            for key, value in raw.get("objects", {}).items()
        }

    def _save(self) -> None:
        assert self.path is not None
        data = {
            "next_id": self.next_id,
            "calls": self.calls,
            "objects": {
                str(rid): {
                    "remote_id": obj.remote_id,
                    "attributes": obj.attributes,
                    "updated_by": obj.updated_by,
                    "version": obj.version,
                }
                for rid, obj in sorted(self.objects.items())
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


__all__ = ["FakeObject", "FakeWorld"]
