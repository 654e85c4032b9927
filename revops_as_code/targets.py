"""Targets: the environment's provider instances, each bound to its name and selection.

A provider speaks in its own namespace (ids that start with its name); an environment may hold
two targets of one provider (two HubSpot portals). `BoundTarget` sits between the engine and
one provider instance: it hands the provider the definitions its target receives (the
target's `definitions` selection), re-addresses every id the provider returns with the target
name, and hands the provider its own ids back. When the target is named after its provider
(the one-provider shorthand) nothing needs re-addressing and nothing is copied.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from revops_as_code.changes import Change
from revops_as_code.compile import compile_for
from revops_as_code.config import DefinitionSelection
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.meaning import TargetMeaning
from revops_as_code.providers.base import (
    ChangeGroup,
    CompileResult,
    GroupHandle,
    GroupProgress,
    GroupResult,
    LiveObjectMeta,
    LiveSnapshot,
    Provider,
    Scope,
)
from revops_as_code.resources import JsonValue, Resource, ResourceId, ResourceSet

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


class BoundTarget:
    """One target of an environment: a lazily created provider, re-addressed."""

    def __init__(
        self,
        name: str,
        provider_name: str,
        factory: Callable[[], Provider],
        *,
        selection: DefinitionSelection | None = None,
        definitions_dir: Path | None = None,
    ) -> None:
        self.name = name
        self.provider_name = provider_name
        self._factory = factory
        self._provider: Provider | None = None
        self.selection = selection or DefinitionSelection()
        self.definitions_dir = definitions_dir
        self.foreign_dirs: tuple[Path, ...] = ()
        """Directories whose documents belong to another target of the environment only:
        what `revops import` wrote from that target (`imported/<env>/<other target>/`), so
        fields imported from the MAP are never created in the CRM by the next plan."""

    @classmethod
    def of(cls, name: str, provider: Provider) -> BoundTarget:
        """Bind an existing provider instance (tests, the Python API)."""
        bound = cls(name, provider.name, lambda: provider)
        bound._provider = provider
        return bound

    @property
    def provider(self) -> Provider:
        """The provider instance, created on first use (credentials read then)."""
        if self._provider is None:
            self._provider = self._factory()
        return self._provider

    @property
    def meaning(self) -> TargetMeaning:
        provider = self.provider
        return TargetMeaning(provider.name, provider.capabilities, provider.declarations)

    # -- addresses ------------------------------------------------------------------------

    @property
    def _same(self) -> bool:
        return self.name == self.provider_name

    def outward(self, rid: ResourceId) -> ResourceId:
        """A provider id as the engine addresses it."""
        return rid if self._same or rid.target != self.provider_name else rid.with_target(self.name)

    def inward(self, rid: ResourceId) -> ResourceId:
        """An engine id as the provider knows it."""
        return rid if self._same or rid.target != self.name else rid.with_target(self.provider_name)

    def _resource_out(self, resource: Resource) -> Resource:
        return dataclasses.replace(
            resource,
            id=self.outward(resource.id),
            depends_on=tuple(self.outward(d) for d in resource.depends_on),
        )

    def _change(self, change: Change, move: Callable[[ResourceId], ResourceId]) -> Change:
        return dataclasses.replace(
            change,
            resource_id=move(change.resource_id),
            depends_on=tuple(move(d) for d in change.depends_on),
        )

    def snapshot_out(self, snapshot: LiveSnapshot) -> LiveSnapshot:
        if self._same:
            return snapshot
        return LiveSnapshot(
            resources=ResourceSet.of(self._resource_out(r) for r in snapshot.resources),
            remote_ids={self.outward(k): v for k, v in snapshot.remote_ids.items()},
            meta={self.outward(k): v for k, v in snapshot.meta.items()},
            request_count=snapshot.request_count,
        )

    def snapshot_in(self, snapshot: LiveSnapshot) -> LiveSnapshot:
        if self._same:
            return snapshot
        return LiveSnapshot(
            resources=ResourceSet.of(
                dataclasses.replace(
                    r, id=self.inward(r.id), depends_on=tuple(self.inward(d) for d in r.depends_on)
                )
                for r in snapshot.resources
            ),
            remote_ids={self.inward(k): v for k, v in snapshot.remote_ids.items()},
            meta={self.inward(k): v for k, v in snapshot.meta.items()},
            request_count=snapshot.request_count,
            defined=snapshot.defined,
        )

    # -- the provider contract, re-addressed ----------------------------------------------

    def select(self, definitions: Definitions) -> Definitions:
        """The definitions this target receives (all, unless its selection narrows them or
        another target's import wrote them)."""
        if self.selection.everything and not self.foreign_dirs:
            return definitions
        from revops_as_code.models import Definitions as DefinitionsType

        kept = tuple(d for d in definitions.documents if self._selected(d))
        return DefinitionsType(documents=kept)

    def _selected(self, document: object) -> bool:
        selection = self.selection
        if self.foreign_dirs and self._foreign(document):
            return False
        model = getattr(document, "model", None)
        kind = str(getattr(document, "kind", ""))
        if selection.kinds and kind not in selection.kinds:
            return False
        obj = getattr(model, "object", None)
        if selection.objects and isinstance(obj, str) and obj not in selection.objects:
            return False
        if selection.paths:
            path = Path(str(getattr(getattr(document, "source", None), "path", "")))
            if self.definitions_dir is not None:
                try:
                    path = path.resolve().relative_to(self.definitions_dir.resolve())
                except ValueError:
                    return False
            text = path.as_posix()
            return any(fnmatch(text, pattern) for pattern in selection.paths)
        return True

    def _foreign(self, document: object) -> bool:
        path = Path(str(getattr(getattr(document, "source", None), "path", ""))).resolve()
        return any(path.is_relative_to(d.resolve()) for d in self.foreign_dirs)

    def compile(self, definitions: Definitions) -> CompileResult:
        result = compile_for(self.provider, self.select(definitions))
        if self._same:
            return result
        return CompileResult(
            ResourceSet.of(self._resource_out(r) for r in result.resources), result.diagnostics
        )

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        scope = scope or Scope()
        inner = Scope(
            kinds=scope.kinds,
            ids=frozenset(self.inward(r) for r in scope.ids),
            remote_ids={self.inward(r): v for r, v in scope.remote_ids.items()},
        )
        return self.snapshot_out(self.provider.read_live(inner))

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        inner = [self._change(c, self.inward) for c in changes]
        return [
            dataclasses.replace(
                g, members=tuple(self.outward(m) for m in g.members), target=self.name
            )
            for g in self.provider.group(inner)
        ]

    def apply_group(
        self, group: ChangeGroup, changes: Sequence[Change]
    ) -> GroupResult | GroupHandle:
        inner_group = dataclasses.replace(
            group, members=tuple(self.inward(m) for m in group.members)
        )
        result = self.provider.apply_group(
            inner_group, [self._change(c, self.inward) for c in changes]
        )
        if isinstance(result, GroupHandle):
            return _OutwardHandle(result, self.outward)
        return self._result_out(result)

    def _result_out(self, result: GroupResult) -> GroupResult:
        if self._same:
            return result
        return GroupResult({self.outward(k): v for k, v in result.outcomes.items()})

    def impact(self, change: Change) -> str | None:
        return self.provider.impact(self._change(change, self.inward))

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        return self.provider.validate_changes([self._change(c, self.inward) for c in changes])

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        return self.provider.decompile(self.snapshot_in(snapshot))

    def close(self) -> None:
        if self._provider is not None:
            self._provider.close()


class _OutwardHandle(GroupHandle):
    """An asynchronous group's handle, its results re-addressed."""

    def __init__(self, inner: GroupHandle, outward: Callable[[ResourceId], ResourceId]) -> None:
        self.inner = inner
        self.outward = outward
        self.poll_interval = inner.poll_interval

    def poll(self) -> GroupProgress | GroupResult:
        result = self.inner.poll()
        if isinstance(result, GroupResult):
            return GroupResult({self.outward(k): v for k, v in result.outcomes.items()})
        return result

    def cancel(self) -> None:
        self.inner.cancel()


def merge_snapshots(snapshots: Mapping[str, LiveSnapshot]) -> LiveSnapshot:
    """One snapshot of every target's live objects (ids carry target names, so none clash)."""
    resources: list[Resource] = []
    remote_ids: dict[ResourceId, str] = {}
    meta: dict[ResourceId, LiveObjectMeta] = {}
    count = 0
    for snapshot in snapshots.values():
        resources.extend(snapshot.resources)
        remote_ids.update(snapshot.remote_ids)
        meta.update(snapshot.meta)
        count += snapshot.request_count
    return LiveSnapshot(ResourceSet.of(resources), remote_ids, meta, count)


def merge_compiled(results: Mapping[str, CompileResult]) -> CompileResult:
    resources: list[Resource] = []
    diagnostics: list[Diagnostic] = []
    for result in results.values():
        resources.extend(result.resources)
        diagnostics.extend(result.diagnostics)
    return CompileResult(ResourceSet.of(resources), tuple(diagnostics))


__all__ = ["BoundTarget", "merge_compiled", "merge_snapshots"]
