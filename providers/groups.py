"""Change groups (part of the provider contract): what a provider applies together.

A provider groups a plan's changes (`Provider.group`) into `ChangeGroup`s: a batch endpoint,
a composite request or an asynchronous deployment is one group. `Provider.apply_group`
returns a `GroupResult` (an outcome per change) or a `GroupHandle` the engine polls and can
cancel. `apply_each` is the one-change-at-a-time way of applying a group. Re-exported by
`providers.base`.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from revops_as_code.changes import Action, Change
from revops_as_code.errors import NotFoundError, RevopsError
from revops_as_code.resources import JsonValue, ResourceId


@dataclass(frozen=True)
class ApplyResult:
    """What one successful change left live."""

    remote_id: str | None
    attributes: Mapping[str, JsonValue] | None
    """Attributes live after the change (normalized); None after a delete."""


@dataclass(frozen=True)
class ChangeGroup:
    """Changes a provider applies together (one batch request, one composite call, one
    deployment). The plan records groups as the provider made them; apply runs them in
    dependency order and writes state once per group."""

    key: str
    """Unique within the target's groups, stable for equal plans (`create deals properties 1`)."""
    members: tuple[ResourceId, ...]
    """The changes of the group, by resource id, in the order the provider applies them."""
    private: Mapping[str, JsonValue] = field(default_factory=dict)
    """Provider data handed back at apply (JSON): what the provider decided when grouping."""
    target: str = ""
    """Set by the engine: the target the group belongs to."""


@dataclass(frozen=True)
class ChangeOutcome:
    """What happened to one change of a group."""

    applied: bool
    remote_id: str | None = None
    attributes: Mapping[str, JsonValue] | None = None
    """Attributes live after the change (normalized); None after a delete or a failure."""
    error: str | None = None
    """Why it failed (a message safe to show: never a credential)."""

    @classmethod
    def ok(cls, result: ApplyResult) -> ChangeOutcome:
        return cls(True, result.remote_id, result.attributes)

    @classmethod
    def failed(cls, error: str) -> ChangeOutcome:
        return cls(False, error=error)


@dataclass(frozen=True)
class GroupResult:
    """An outcome per change of a group. A member without an outcome was not attempted."""

    outcomes: Mapping[ResourceId, ChangeOutcome] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupProgress:
    """How far an asynchronous group has got (shown while the engine polls)."""

    done: int
    total: int
    message: str = ""


class GroupHandle(abc.ABC):
    """An asynchronous group in flight (e.g. a metadata deployment): the engine polls it."""

    poll_interval: float = 1.0
    """Seconds between polls."""

    @abc.abstractmethod
    def poll(self) -> GroupProgress | GroupResult:
        """Progress while running; the result once finished (also after a cancel)."""

    @abc.abstractmethod
    def cancel(self) -> None:
        """Ask the live system to stop; `poll` then returns what did get applied."""


def apply_each(changes: Sequence[Change], apply: Callable[[Change], ApplyResult]) -> GroupResult:
    """Apply `changes` one by one with `apply`: an outcome each; a change whose dependency
    among them failed is not attempted; a delete of what is already gone succeeded."""
    outcomes: dict[ResourceId, ChangeOutcome] = {}
    failed: set[ResourceId] = set()
    for change in changes:
        if any(d in failed for d in change.depends_on):
            failed.add(change.resource_id)
            continue
        try:
            outcomes[change.resource_id] = ChangeOutcome.ok(apply(change))
        except NotFoundError as exc:
            if change.action is Action.DELETE:  # already gone: what the delete wanted
                outcomes[change.resource_id] = ChangeOutcome(True)
            else:
                failed.add(change.resource_id)
                outcomes[change.resource_id] = ChangeOutcome.failed(exc.message)
        except RevopsError as exc:
            failed.add(change.resource_id)
            outcomes[change.resource_id] = ChangeOutcome.failed(exc.message)
    return GroupResult(outcomes)
