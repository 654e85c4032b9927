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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.errors import NotFoundError, RevopsError, UsageError
from revops_as_code.resources import JsonValue, ResourceId, ResourceSet

if TYPE_CHECKING:
    from datetime import datetime

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


@dataclass(frozen=True)
class ApplyResult:
    """What one successful change left live."""

    remote_id: str | None
    attributes: Mapping[str, JsonValue] | None
    """Attributes live after the change (normalized); None after a delete."""


# -- meaning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttributeDisplay:
    """How one stored attribute is shown to a person, in the definition's terms."""

    name: str
    """The definition's name for it (`probability`, `outcome`)."""
    scale: float = 1.0
    """Shown value = stored value x scale (HubSpot stores 0.1 where the definition says 10)."""
    unit: str = ""
    """Appended to a shown number (`%`)."""

    def show(self, value: JsonValue) -> JsonValue:
        """The value as the definition states it (numbers scaled), else unchanged."""
        if self.scale != 1.0 and isinstance(value, int | float) and not isinstance(value, bool):
            shown = round(value * self.scale, 6)
            return int(shown) if float(shown).is_integer() else shown
        return value


@dataclass(frozen=True)
class KindDeclaration:
    """What a provider's attributes of one kind mean. Attribute names are matched against the
    top-level attribute of a change path (`options` in `options[ppc].label`) and its leaf
    (`label`), so a provider that nests (`stages[won].outcome`) declares `outcome`."""

    noun: str = ""
    """How a person calls an object of this kind (`property`, `deal stage`)."""
    identity: tuple[str, ...] = ()
    """What identifies an object of this kind (the parts of its natural key), e.g.
    `("object_type", "name")`: shown with the vendor address, used to adopt by natural key."""
    review: frozenset[str] = frozenset()
    """Attributes whose change alters what existing records mean (a stage's won/lost flag,
    its probability): such an update is rated `review`."""
    destructive: frozenset[str] = frozenset()
    """Attributes whose change loses data in place: such an update is rated `destructive`."""
    field_type: frozenset[str] = frozenset()
    """Attributes that hold a field's data type (the field-type-change validator)."""
    option_lists: Mapping[str, str] = field(default_factory=dict)
    """Lists of enum options -> their member key (the enum-option-removed validator)."""
    stage_lists: Mapping[str, str] = field(default_factory=dict)
    """Lists of pipeline stages -> their member key (the pipeline-stage-removed validator)."""
    is_stage: bool = False
    """Objects of this kind are pipeline stages (deleting one strands its records)."""
    display: Mapping[str, AttributeDisplay] = field(default_factory=dict)
    """Attribute -> how to show it (the definition's name, scale and unit)."""
    aliases: Mapping[str, str] = field(default_factory=dict)
    """Definition attribute name -> this kind's attribute, for `ignore:` (`outcome` ->
    `is_closed`). Names not listed are taken as they are."""

    def attribute_for(self, definition_name: str) -> str:
        return self.aliases.get(definition_name, definition_name)

    def shown_name(self, attribute: str) -> str:
        shown = self.display.get(attribute)
        return shown.name if shown is not None else attribute


@dataclass(frozen=True)
class Declarations:
    """A provider's `KindDeclaration` per resource kind."""

    kinds: Mapping[str, KindDeclaration] = field(default_factory=dict)

    def kind(self, kind: str) -> KindDeclaration:
        return self.kinds.get(kind) or KindDeclaration()


# -- change groups ----------------------------------------------------------------------------


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


# -- records (for `revops audit`) ---------------------------------------------------------


@dataclass(frozen=True)
class RecordRequest:
    """Which records `read_records` reads, and what of them: canonical names throughout.

    The provider maps field keys to its own names (a field's `api_names`), stored values to
    option and stage keys, and reads only what is asked, filtering on its server where it
    can."""

    object: str
    """The definitions' object name (`contact`, `company`, `deal`)."""
    fields: tuple[Any, ...] = ()
    """The `models.fields.Field` definitions whose values are wanted (typed: numbers, bools,
    aware datetimes, option keys; a stored value no option maps to is kept as stored)."""
    stages: Any = None
    """A `Pipeline` (only its records are read) or `Lifecycle`: each record's current stage
    key and when it entered each stage."""
    actions: tuple[str, ...] = ()
    """SLA actions (`first_touch`, `meeting_booked`) whose first time is wanted."""
    related: tuple[str, ...] = ()
    """Objects whose associated record ids are wanted (`company`, `contact`)."""
    entered_since: tuple[str, datetime] | None = None
    """Only records that entered this stage (of `stages`) at or after this moment."""
    pipelines: tuple[Any, ...] = ()
    """The object's `Pipeline`s: values of its stage field are given as their stage keys."""


@dataclass
class Record:
    """One record, in canonical terms."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)
    """Field key -> value (absent: not set)."""
    stage: str | None = None
    """Current stage key (of the request's `stages`), or the stored value if no stage maps."""
    entered: dict[str, datetime] = field(default_factory=dict)
    """Stage key -> when the record entered it."""
    acted: dict[str, datetime] = field(default_factory=dict)
    """SLA action -> when it first happened."""
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Object -> associated record ids, the primary one first."""


@dataclass(frozen=True)
class RecordBatch:
    """One page of records (the engine reports progress between batches)."""

    records: tuple[Record, ...]
    total: int | None = None
    """How many records the whole read returns, when the provider knows."""
    missing_fields: tuple[str, ...] = ()
    """Requested field keys the live system does not have (not created yet)."""
    unsupported_actions: tuple[str, ...] = ()
    """Requested actions this system records no time for, on this object."""
    requests: int = 0
    """API requests this batch cost."""


@dataclass(frozen=True)
class RecordUpdate:
    """Values to write to one record (`revops audit --sync`): field key -> value (None
    clears it)."""

    object: str
    id: str
    values: dict[str, Any]


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


class SandboxSupport(abc.ABC):
    """A provider's local emulator of its live system, as `revops sandbox` drives it.

    `Provider.sandbox()` returns one (or None). A target whose settings say `sandbox: true`
    has its own portal in one file (`db_path`): `settings["sandbox_path"]` (relative to the
    project) if set, else `.revops/sandbox/<environment>-<target>.db`. The provider's
    in-process transport uses the same path, so `revops sandbox serve` and `revops plan`
    see one portal. Methods report problems as `UsageError`; texts they return are printed
    as they are.
    """

    name: str = ""
    """Short name; the file name when no target is known (`.revops/sandbox/<name>.db`)."""
    title: str = "sandbox"
    """How messages name it (`HubSpot sandbox`)."""
    profiles: tuple[str, ...] = ()
    """Seed profiles `seed` accepts, the default first."""
    directory: Path = Path(".revops") / "sandbox"
    """Where portals live in a project, one file per environment target."""

    def db_path(self, settings: Mapping[str, Any]) -> Path:
        """The portal's file for a target, from the settings the provider receives
        (`project_dir`, `environment`, `target`, `sandbox_path`)."""
        root = Path(str(settings.get("project_dir") or "."))
        configured = settings.get("sandbox_path")
        if configured:
            path = Path(str(configured))
        elif settings.get("environment") and settings.get("target"):
            path = self.directory / f"{settings['environment']}-{settings['target']}.db"
        else:
            path = self.directory / f"{self.name or 'sandbox'}.db"
        return path if path.is_absolute() else root / path

    @abc.abstractmethod
    def serve(
        self,
        db: Path,
        host: str,
        port: int,
        *,
        faults: Sequence[str] = (),
        limits: bool = True,
        token: str | None = None,
        seed: bool = True,
        echo: Callable[[str], None] = print,
    ) -> None:
        """Serve the portal in `db` over HTTP on `host:port` (0 = any free port) until
        interrupted (`KeyboardInterrupt` propagates). The port is claimed first (a taken one
        is a `UsageError` before anything is written); then an empty portal is seeded unless
        `seed` is False, and `echo` is handed the lines to show (base URL, a try-it hint).

        `faults`: failures to inject (the emulator's syntax); `limits`: enforce the vendor's
        rate limits; `token`: the only bearer token accepted (None: any)."""

    @abc.abstractmethod
    def seed(
        self,
        db: Path,
        profile: str | None = None,
        *,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> str:
        """Replace the portal in `db` (created if new) with a generated demo portal; returns
        what to show. `profile` is one of `profiles` (None: the default), `seed` the random
        seed, `now` the time records are dated against (None: the current time)."""

    @abc.abstractmethod
    def status(self, db: Path) -> str:
        """What the existing portal in `db` holds, as text."""

    @abc.abstractmethod
    def reset(self, db: Path) -> None:
        """Empty the existing portal in `db` (and remove what `seed` wrote beside it)."""


__all__ = [
    "ApplyResult",
    "AttributeDisplay",
    "Capabilities",
    "ChangeGroup",
    "ChangeOutcome",
    "CompileResult",
    "Declarations",
    "GroupHandle",
    "GroupProgress",
    "GroupResult",
    "KindCapability",
    "KindDeclaration",
    "LiveObjectMeta",
    "LiveSnapshot",
    "Provider",
    "Record",
    "RecordBatch",
    "RecordRequest",
    "RecordUpdate",
    "SandboxSupport",
    "Scope",
    "apply_each",
]
