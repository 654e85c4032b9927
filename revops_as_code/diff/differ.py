"""The differ: desired resources vs live resources (vs last-applied state) → changes.

Identity sets first (`identity.match_identities`), then attributes
(`attributes.diff_attributes`), then risk (`risk.assess_risk`) and order
(`order.order_changes`). Pure: no I/O, no provider calls, no vendor knowledge; the provider
speaks only through its declared `Capabilities`:

- a kind the provider cannot create/update/delete produces a diagnostic, never a change it
  cannot apply (an update it cannot make in place becomes a replace when it can delete and
  create);
- `replace_on` attributes that change turn an update into a replace;
- read-only attributes and a resource's `ignore` attributes are never compared.

Three-way: where live differs from the last-applied state for a managed attribute, the
attribute change is marked `drift`; an owned object that vanished from live and is still
desired is re-created with every attribute marked `drift` (it was deleted by hand).

Ownership is total: a desired object that already matches live but is not in state is
*adopted* (recorded in state by apply, so drift watches it); an object in state that is no
longer desired is deleted only if revops created it, and otherwise *forgotten*.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from revops_as_code.changes import Action, AttributeChange, Change, Origin
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.diff.attributes import (
    create_changes,
    desired_after,
    diff_attributes,
    managed_attributes,
)
from revops_as_code.diff.identity import match_identities
from revops_as_code.diff.order import order_changes
from revops_as_code.diff.risk import assess_risk, top_attribute
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning, as_meaning
from revops_as_code.providers.base import Capabilities, KindCapability, LiveSnapshot
from revops_as_code.resources import JsonValue, Resource, ResourceId, ResourceSet, canonical_json

CANNOT_CREATE = "RV511"
CANNOT_UPDATE = "RV512"
CANNOT_DELETE = "RV513"
DELETED_OUT_OF_BAND = "RV514"
UNKNOWN_IGNORE = "RV515"


@dataclass(frozen=True)
class DiffResult:
    changes: tuple[Change, ...]
    """Ordered for apply: see `order.order_changes`."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """What the differ could not plan (capability limits) or wants a reviewer to know."""
    adopt: tuple[ResourceId, ...] = ()
    """Desired, live, equal, not in state: apply records them (ownership `adopted`)."""
    forget: tuple[ResourceId, ...] = ()
    """In state, no longer desired, not created by revops: apply drops them from state."""


def _json(value: JsonValue) -> JsonValue:
    """The JSON form of a value (tuples → lists, sorted keys), so plans round-trip exactly."""
    return json.loads(canonical_json(value))


def _note(severity: Severity, code: str, rid: ResourceId, message: str) -> Diagnostic:
    return Diagnostic(severity, code, message, Location(object=str(rid)))


class _Differ:
    """One diff run; holds the inputs so the per-identity steps stay short."""

    def __init__(
        self,
        desired: ResourceSet,
        live: LiveSnapshot,
        meaning: Meaning,
        state: StateView,
    ) -> None:
        self.desired = desired
        self.live = live
        self.meaning = meaning
        self.state = state
        self.changes: list[Change] = []
        self.diagnostics: list[Diagnostic] = []
        self.adopt: list[ResourceId] = []

    def capability(self, rid: ResourceId) -> KindCapability:
        return self.meaning.capability(rid)

    def ignored(self, resource: Resource) -> frozenset[str]:
        """`ignore:` names (the definition's) mapped to this kind's attributes."""
        declaration = self.meaning.declaration(resource.id)
        mapped = frozenset(declaration.attribute_for(a) for a in resource.ignore)
        unknown = sorted(
            a for a in resource.ignore if declaration.attribute_for(a) not in resource.attributes
        )
        if unknown:
            known = sorted(
                {declaration.shown_name(a) for a in resource.attributes}
                | {k for k, v in declaration.aliases.items() if v in resource.attributes}
            )
            self.diagnostics.append(
                Diagnostic(
                    Severity.WARNING,
                    UNKNOWN_IGNORE,
                    f"ignore: {', '.join(unknown)} names nothing revops manages on this "
                    f"{declaration.noun or rid_kind(resource.id)}; it has no effect",
                    _location(resource),
                    hint=f"attributes that can be ignored here: {', '.join(known)}",
                )
            )
        return mapped

    def remote_id(self, rid: ResourceId) -> str | None:
        return self.live.remote_ids.get(rid) or self.state.remote_ids.get(rid)

    def protected(self, rid: ResourceId, resource: Resource | None) -> bool:
        return rid in self.state.protected or bool(resource and resource.protect)

    def emit(
        self,
        action: Action,
        rid: ResourceId,
        before: Mapping[str, JsonValue] | None,
        after: Mapping[str, JsonValue] | None,
        attribute_changes: list[AttributeChange],
        resource: Resource,
        *,
        desired: Resource | None = None,
        ignore: frozenset[str] = frozenset(),
    ) -> None:
        self.changes.append(
            Change(
                action=action,
                resource_id=rid,
                before=None if before is None else _json(dict(before)),
                after=None if after is None else _json(dict(after)),
                attribute_changes=tuple(
                    AttributeChange(
                        ac.path, _json(ac.before), _json(ac.after), ac.drift, ac.reorder_only
                    )
                    for ac in attribute_changes
                ),
                risk=assess_risk(action, attribute_changes, self.meaning.declaration(rid)),
                remote_id=None if action is Action.CREATE else self.remote_id(rid),
                depends_on=tuple(sorted(set(resource.depends_on))),
                protected=self.protected(rid, desired),
                origin=Origin(desired.origin, desired.source) if desired else Origin(),
                ignore=tuple(sorted(ignore)),
                desired_protect=bool(desired and desired.protect),
            )
        )

    def create(self, rid: ResourceId) -> None:
        want = self.desired[rid]
        cap = self.capability(rid)
        ignore = self.ignored(want)
        if not cap.create:
            self.diagnostics.append(
                _note(
                    Severity.WARNING,
                    CANNOT_CREATE,
                    rid,
                    f"{rid} is not live and {rid.target} cannot create a {rid.kind}",
                )
            )
            return
        # An owned object that is gone from live was deleted by hand: re-creating it
        # overwrites an out-of-band change, which is drift.
        vanished = rid in self.state.last_applied
        if vanished:
            self.diagnostics.append(
                _note(
                    Severity.WARNING,
                    DELETED_OUT_OF_BAND,
                    rid,
                    f"{rid} was applied by revops but is gone from live; it will be re-created",
                )
            )
        after = {a: v for a, v in want.attributes.items() if a not in cap.read_only_attributes}
        acs = create_changes(after, vanished=vanished)
        self.emit(Action.CREATE, rid, None, after, acs, want, desired=want, ignore=ignore)

    def delete(self, rid: ResourceId) -> None:
        have = self.live.resources[rid]
        if not self.capability(rid).delete:
            self.diagnostics.append(
                _note(
                    Severity.INFO,
                    CANNOT_DELETE,
                    rid,
                    f"{rid} is no longer defined but {rid.target} cannot delete a "
                    f"{rid.kind}; it stays live",
                )
            )
            return
        self.emit(Action.DELETE, rid, have.attributes, None, [], have)

    def compare(self, rid: ResourceId) -> None:
        want, have = self.desired[rid], self.live.resources[rid]
        cap = self.capability(rid)
        ignore = self.ignored(want)
        acs = diff_attributes(
            have.attributes,
            want.attributes,
            cap,
            ignore=ignore,
            last_applied=self.state.last_applied.get(rid),
        )
        if not acs:
            if rid not in self.state.in_state:
                self.adopt.append(rid)
            return
        forced = any(top_attribute(ac.path) in cap.replace_on for ac in acs)
        if forced or not cap.update:
            if not (cap.create and cap.delete):
                self.diagnostics.append(
                    _note(
                        Severity.WARNING,
                        CANNOT_UPDATE,
                        rid,
                        f"{rid} differs from its definition but {rid.target} can neither "
                        f"update nor replace a {rid.kind}",
                    )
                )
                return
            after = {a: v for a, v in want.attributes.items() if a not in cap.read_only_attributes}
            self.emit(
                Action.REPLACE, rid, have.attributes, after, acs, want, desired=want, ignore=ignore
            )
            return
        after = desired_after(have.attributes, want.attributes, ignore, cap)
        self.emit(
            Action.UPDATE, rid, have.attributes, after, acs, want, desired=want, ignore=ignore
        )

    def run(self) -> DiffResult:
        match = match_identities(self.desired.ids(), self.live.resources.ids(), self.state.owned)
        for rid in match.create:
            self.create(rid)
        for rid in match.compare:
            self.compare(rid)
        for rid in match.delete:
            self.delete(rid)
        # In state but not created by revops (adopted, vendor-defined): forgotten, not deleted.
        forget = tuple(r for r in match.unowned if r in self.state.in_state)
        return DiffResult(
            order_changes(self.changes),
            tuple(self.diagnostics),
            adopt=tuple(self.adopt),
            forget=forget,
        )


def rid_kind(rid: ResourceId) -> str:
    return rid.kind.replace("_", " ")


def _location(resource: Resource) -> Location:
    parts = resource.source.rsplit(":", 2)
    obj = resource.origin or str(resource.id)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(file=parts[0], line=int(parts[1]), col=int(parts[2]), object=obj)
    return Location(file=resource.source, object=obj)


def diff(
    desired: ResourceSet,
    live: LiveSnapshot,
    meaning: Meaning | Capabilities,
    state: StateView | None = None,
) -> DiffResult:
    """Changes that make `live` look like `desired`, given what state says revops owns."""
    return _Differ(desired, live, as_meaning(meaning), state or StateView()).run()


__all__ = [
    "CANNOT_CREATE",
    "CANNOT_DELETE",
    "CANNOT_UPDATE",
    "DELETED_OUT_OF_BAND",
    "UNKNOWN_IGNORE",
    "DiffResult",
    "diff",
    "managed_attributes",
]
