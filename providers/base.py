"""The provider contract: what the engine needs from any live system.

A provider:
- declares `capabilities`: which resource kinds it can express and how (ordered collection
  attributes, attributes that force a replace, what it cannot enforce);
- `compile`s definitions into its desired resources (vendor knowledge stays here), and
  reports as gaps what it cannot express ("not enforced in HubSpot; measured by audit");
- `read_live` returns the live objects in scope, as the same canonical `Resource` types,
  with the fewest API calls the vendor allows;
- `apply`s one change and returns the server id and the attributes now live;
- optionally adds `impact` text to risky changes and `validate_changes` findings;
- `decompile`s live resources back to definition documents for `revops import`.

Built-ins register through the `revops_as_code.providers` entry-point group.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from revops_as_code.changes import Change
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.resources import JsonValue, ResourceId, ResourceSet

if TYPE_CHECKING:
    from revops_as_code.models import Definitions


@dataclass(frozen=True)
class KindCapability:
    """How a provider handles one resource kind."""

    create: bool = True
    update: bool = True
    delete: bool = True
    ordered_attributes: frozenset[str] = frozenset()
    """List attributes whose order matters and which diff as reorders (enum options, stages)."""
    keyed_lists: Mapping[str, str] = field(default_factory=dict)
    """List attribute -> member key field (e.g. `options` -> `value`) for member-wise diffs."""
    replace_on: frozenset[str] = frozenset()
    """Attributes that cannot change in place: a change plans a replace."""
    read_only_attributes: frozenset[str] = frozenset()
    """Attributes the vendor sets; shown, never diffed."""


@dataclass(frozen=True)
class Capabilities:
    kinds: Mapping[str, KindCapability]
    description: str = ""


@dataclass(frozen=True)
class LiveObjectMeta:
    """What the API says about an object's history: who changed it and when, if known."""

    updated_at: str | None = None
    updated_by: str | None = None


@dataclass(frozen=True)
class LiveSnapshot:
    resources: ResourceSet
    remote_ids: Mapping[ResourceId, str] = field(default_factory=dict)
    meta: Mapping[ResourceId, LiveObjectMeta] = field(default_factory=dict)
    request_count: int = 0
    """API calls made to build this snapshot (pinned by tests)."""


@dataclass(frozen=True)
class Scope:
    """What to read. `kinds` empty means every kind the provider supports."""

    kinds: frozenset[str] = frozenset()
    ids: frozenset[ResourceId] = frozenset()
    """When set, only these objects matter (re-reading what a plan touches)."""


@dataclass(frozen=True)
class CompileResult:
    resources: ResourceSet
    diagnostics: Sequence[Diagnostic] = ()
    """Includes capability gaps as INFO/WARNING: what this system cannot enforce."""


@dataclass(frozen=True)
class ApplyResult:
    remote_id: str | None
    attributes: Mapping[str, JsonValue] | None
    """Attributes live after the change (normalized); None after a delete."""
    companions: Mapping[ResourceId, ApplyResult] = field(default_factory=dict)
    """Other creates or updates of the same plan that this call also completed (one batch
    request made several objects). The engine records them in the same state write and does
    not send their changes again: one request, one write, however many objects it made."""


class Provider(abc.ABC):
    """Base class for providers. Subclasses must be safe to `close()` more than once."""

    name: str = ""

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings: Mapping[str, Any] = dict(settings or {})

    @property
    @abc.abstractmethod
    def capabilities(self) -> Capabilities: ...

    @abc.abstractmethod
    def compile(self, definitions: Definitions) -> CompileResult: ...

    @abc.abstractmethod
    def read_live(self, scope: Scope | None = None) -> LiveSnapshot: ...

    @abc.abstractmethod
    def apply(self, change: Change) -> ApplyResult: ...

    def impact(self, change: Change) -> str | None:
        """Record-level impact of a risky change, e.g. '412 deals are in this stage'."""
        return None

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        return []

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        """Definition documents (as plain data) that compile back to `snapshot`."""
        raise NotImplementedError(f"provider {self.name!r} does not support import")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections. Idempotent."""

    def __enter__(self) -> Provider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "ApplyResult",
    "Capabilities",
    "CompileResult",
    "KindCapability",
    "LiveObjectMeta",
    "LiveSnapshot",
    "Provider",
    "Scope",
]
