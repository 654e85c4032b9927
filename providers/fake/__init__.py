"""An in-memory provider with injectable faults: the engine's test double and demo target.

It behaves like a well-mannered CRM API: objects have server-assigned ids, creating an
existing object is a conflict, updating or deleting a missing one is not-found, every call
counts, and faults (`faults.py`) make chosen calls fail with the same typed errors a real
provider raises. Its live system is a `FakeWorld` (`world.py`), shared in memory between
provider instances or persisted in a JSON file, so tests can change it "by hand" (drift).

Settings: `path` (world file, relative to `project_dir`), `faults` (see `Faults`),
`world` (a `FakeWorld` object, in-process tests only), `group_size` and `async_groups`
(how it groups changes: `groups.py`), `role` (`crm` or `map`: what it plays in the
consistency report, `profiles.py`). Definitions compile one resource per
definition document (`compile.py`); `decompile` is its inverse, which is what import needs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revops_as_code.changes import Action, Change
from revops_as_code.errors import ConflictError, NotFoundError, RevopsError
from revops_as_code.providers.base import (
    ApplyResult,
    Capabilities,
    ChangeGroup,
    ChangeOutcome,
    CompileResult,
    Declarations,
    FieldProfiles,
    GroupHandle,
    GroupResult,
    LiveObjectMeta,
    LiveSnapshot,
    Provider,
    Scope,
    SystemRole,
)
from revops_as_code.providers.fake.compile import CAPABILITIES, compile_definitions, decompile
from revops_as_code.providers.fake.faults import Faults
from revops_as_code.providers.fake.groups import DECLARATIONS, FakeJob, group_changes
from revops_as_code.providers.fake.profiles import field_profiles
from revops_as_code.providers.fake.world import FakeObject, FakeWorld
from revops_as_code.resources import JsonValue, Resource, ResourceSet

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


class FakeProvider(Provider):
    """The `fake` provider (entry point `fake`)."""

    name = "fake"

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(settings)
        world = self.settings.get("world")
        if isinstance(world, FakeWorld):
            self.world = world
        elif "path" in self.settings:
            path = Path(str(self.settings["path"]))
            if not path.is_absolute():
                path = Path(str(self.settings.get("project_dir", "."))) / path
            self.world = FakeWorld.at(path)
        else:
            self.world = FakeWorld()
        faults = self.settings.get("faults")
        self.faults = faults if isinstance(faults, Faults) else Faults.from_settings(faults)
        self.closed = 0

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def declarations(self) -> Declarations:
        return DECLARATIONS

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        return group_changes(changes, int(self.settings.get("group_size") or 1))

    def apply_group(
        self, group: ChangeGroup, changes: Sequence[Change]
    ) -> GroupResult | GroupHandle:
        if self.settings.get("async_groups"):
            return FakeJob(changes, self._apply_one)
        return super().apply_group(group, changes)

    def _apply_one(self, change: Change) -> ChangeOutcome:
        try:
            return ChangeOutcome.ok(self.apply(change))
        except RevopsError as exc:
            return ChangeOutcome.failed(exc.message)

    def compile(self, definitions: Definitions) -> CompileResult:
        return compile_definitions(definitions)

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        scope = scope or Scope()
        with self.world.transaction() as world:
            self._call(world, "read_live")
            chosen = {
                rid: obj
                for rid, obj in world.objects.items()
                if (not scope.kinds or rid.kind in scope.kinds)
                and (not scope.ids or rid in scope.ids)
            }
        return LiveSnapshot(
            resources=ResourceSet.of(
                Resource(id=rid, attributes=dict(obj.attributes)) for rid, obj in chosen.items()
            ),
            remote_ids={rid: obj.remote_id for rid, obj in chosen.items()},
            meta={rid: LiveObjectMeta(updated_by=obj.updated_by) for rid, obj in chosen.items()},
            request_count=1,
        )

    def apply(self, change: Change) -> ApplyResult:
        rid = change.resource_id
        with self.world.transaction() as world:
            call = self._call(world, f"apply {rid}", resource_id=str(rid), before_write=True)
            existing = world.objects.get(rid)
            result = self._write(world, change, existing)
            if self.faults.after_write and self.faults.should_fail(call, str(rid)):
                # The write happened; the caller only sees the failure (like a timeout).
                self._save_then_fail(world, f"apply {rid}")
        return result

    def _write(self, world: FakeWorld, change: Change, existing: FakeObject | None) -> ApplyResult:
        rid = change.resource_id
        if change.action is Action.CREATE:
            if existing is not None:
                raise ConflictError(f"{rid} already exists", status=409, provider=self.name)
            attrs = dict(change.after or {})
            return ApplyResult(world._put(rid, attrs, by="revops"), attrs)
        if change.action is Action.DELETE:
            if existing is None:
                raise NotFoundError(f"{rid} does not exist", status=404, provider=self.name)
            del world.objects[rid]
            return ApplyResult(None, None)
        if change.action is Action.REPLACE:
            world.objects.pop(rid, None)
            attrs = dict(change.after or {})
            return ApplyResult(world._put(rid, attrs, by="revops"), attrs)
        if existing is None:
            raise NotFoundError(f"{rid} does not exist", status=404, provider=self.name)
        # Attributes the plan does not mention (ignored ones) keep their live values.
        merged: dict[str, JsonValue] = {**existing.attributes, **dict(change.after or {})}
        return ApplyResult(world._put(rid, merged, by="revops"), merged)

    def _call(
        self,
        world: FakeWorld,
        what: str,
        *,
        resource_id: str | None = None,
        before_write: bool = False,
    ) -> int:
        world.calls += 1
        if self.faults.latency:
            time.sleep(self.faults.latency)
        if (not before_write or not self.faults.after_write) and self.faults.should_fail(
            world.calls, resource_id
        ):
            self._save_then_fail(world, what)
        return world.calls

    def _save_then_fail(self, world: FakeWorld, what: str) -> None:
        # The call counter (and an after-write change) must survive the failure.
        if world.path is not None:
            world._save()
        self.faults.raise_error(what)

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        return decompile(snapshot)

    def field_profiles(self, snapshot: LiveSnapshot, compiled: CompileResult) -> FieldProfiles:
        role: SystemRole = "map" if self.settings.get("role") == "map" else "crm"
        return field_profiles(snapshot, compiled, role)

    def close(self) -> None:
        self.closed += 1


__all__ = ["FakeObject", "FakeProvider", "FakeWorld", "Faults"]
