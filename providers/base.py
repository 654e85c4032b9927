"""The provider contract: what the engine needs from any live system.

A provider:
- declares `capabilities`: which resource kinds it can express and how (ordered collection
  attributes, attributes that force a replace, what it cannot enforce);
- declares `declarations`: what its attributes *mean*, per kind (which identify an object,
  which changes need review or are destructive, how a value is shown to a person, which
  definition attribute names map to which of its attributes), so that the engine's risk,
  validators and renderers never name a vendor attribute;
- `compile`s definitions into its desired resources (vendor knowledge stays here), each with
  its origin (the definition address and `file:line:col`), and reports as gaps what it cannot
  express ("not enforced in HubSpot; measured by audit");
- `read_live` returns the live objects in scope, as the same canonical `Resource` types,
  with the fewest API calls the vendor allows;
- `group`s a plan's changes into `ChangeGroup`s (a batch endpoint, a composite request or an
  asynchronous deployment is one group) and `apply_group`s one group at a time, returning an
  outcome per change, or a `GroupHandle` the engine polls (progress, cancellation);
- optionally adds `impact` text to risky changes and `validate_changes` findings;
- `decompile`s live resources back to definition documents for `revops import`.

A provider speaks in its own namespace: the ids it compiles and reads start with its `name`
(`hubspot/property/deals/amount`). The engine re-addresses them with the target's name, so
two targets of one provider never collide, and hands the provider its own ids back.

Built-ins register through the `revops_as_code.providers` entry-point group.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from revops_as_code.changes import Change
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.errors import RevopsError, UsageError
from revops_as_code.providers.declarations import AttributeDisplay, Declarations, KindDeclaration
from revops_as_code.providers.groups import (
    ApplyResult,
    ChangeGroup,
    ChangeOutcome,
    GroupHandle,
    GroupProgress,
    GroupResult,
    apply_each,
)
from revops_as_code.providers.profiles import (
    FieldProfiles,
    LifecycleValues,
    LiveField,
    SyncedField,
    SystemRole,
)
from revops_as_code.providers.records import Record, RecordBatch, RecordRequest, RecordUpdate
from revops_as_code.providers.sandbox_support import SandboxSupport
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
    defined: frozenset[str] = frozenset()
    """For `decompile`: the origins (`field/company/employee_count`, `pipeline/renewal`) the
    existing definitions already declare, so imported documents choose other keys."""


@dataclass(frozen=True)
class Scope:
    """What to read. `kinds` empty means every kind the provider supports."""

    kinds: frozenset[str] = frozenset()
    ids: frozenset[ResourceId] = frozenset()
    """When set, only these objects matter (re-reading what a plan touches)."""
    remote_ids: Mapping[ResourceId, str] = field(default_factory=dict)
    """The remote ids state records (what the system returned when it created or adopted
    each object), for providers whose server may choose ids the resource key does not hold."""


@dataclass(frozen=True)
class CompileResult:
    resources: ResourceSet
    diagnostics: Sequence[Diagnostic] = ()
    """Includes capability gaps as INFO/WARNING: what this system cannot enforce."""


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

    @property
    def declarations(self) -> Declarations:
        """What this provider's attributes mean (none declared: every update is safe)."""
        return Declarations()

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        """Group the plan's changes (given in apply order). Default: one group per change.

        Every change must be in exactly one group; a group must not hold a change that depends
        on a change of a later group."""
        return [ChangeGroup(key=str(c.resource_id), members=(c.resource_id,)) for c in changes]

    def apply_group(
        self, group: ChangeGroup, changes: Sequence[Change]
    ) -> GroupResult | GroupHandle:
        """Apply one group (`changes` are its members, in order). Default: `apply` each
        change; a change whose dependency in the group failed is not attempted."""
        return apply_each(changes, self.apply)

    def halted(self) -> RevopsError | None:
        """The error after which every further request to this target would fail the same
        way (its credentials refused, its rate limit spent beyond the retry budget), or None.
        The engine asks after each change group; once set it sends the target nothing more
        and leaves its remaining changes, saved as not started, for the re-run."""
        return None

    def apply(self, change: Change) -> ApplyResult:
        """Apply one change (used by the default `apply_group`)."""
        raise NotImplementedError(
            f"provider {self.name!r} implements neither apply nor apply_group"
        )

    def impact(self, change: Change) -> str | None:
        """Record-level impact of a risky change, e.g. '412 deals are in this stage'."""
        return None

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        return []

    def field_profiles(
        self, snapshot: LiveSnapshot, compiled: CompileResult
    ) -> FieldProfiles | None:
        """What the live system holds for the fields `compiled` maps into it (types, option
        lists, limits, values records hold, lifecycle values, synced fields no definition
        maps), for the consistency report across an environment's targets. `snapshot` and
        `compiled` are in this provider's own namespace. None: this provider cannot say."""
        return None

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        """Definition documents (as plain data) that compile back to `snapshot`."""
        raise NotImplementedError(f"provider {self.name!r} does not support import")

    def import_notes(self, snapshot: LiveSnapshot) -> dict[ResourceId, tuple[str, str]]:
        """Why `decompile(snapshot)` leaves some live objects out: id -> (reason, what to do).

        Import lists every live object it neither imports nor finds described, with this
        reason when the provider gives one (a generic one otherwise)."""
        return {}

    def read_records(self, request: RecordRequest) -> Iterator[RecordBatch]:
        """The records `request` names, page by page, with the fewest calls the vendor
        allows (record reading, for `revops audit`). Default: not supported."""
        raise UsageError(
            f"provider {self.name!r} cannot read records, so `revops audit` cannot measure "
            "this target",
            hint="audit a target whose provider reads records (hubspot)",
        )

    def update_records(self, updates: Sequence[RecordUpdate], fields: Sequence[Any]) -> int:
        """Write `updates` (values of the `models.fields.Field`s in `fields`) in the vendor's
        batches and limits; returns how many records were written. Default: not supported."""
        raise UsageError(
            f"provider {self.name!r} cannot write records, so `revops audit --sync` cannot "
            "update this target",
            hint="run `revops audit` without --sync to measure only",
        )

    @classmethod
    def sandbox(cls) -> SandboxSupport | None:
        """This provider's local emulator, driven by `revops sandbox`; None if it has none."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections. Idempotent."""

    def __enter__(self) -> Provider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- sandboxes ------------------------------------------------------------------------------

__all__ = [
    "ApplyResult",
    "AttributeDisplay",
    "Capabilities",
    "ChangeGroup",
    "ChangeOutcome",
    "CompileResult",
    "Declarations",
    "FieldProfiles",
    "GroupHandle",
    "GroupProgress",
    "GroupResult",
    "KindCapability",
    "KindDeclaration",
    "LifecycleValues",
    "LiveField",
    "LiveObjectMeta",
    "LiveSnapshot",
    "Provider",
    "Record",
    "RecordBatch",
    "RecordRequest",
    "RecordUpdate",
    "SandboxSupport",
    "Scope",
    "SyncedField",
    "SystemRole",
    "apply_each",
]
