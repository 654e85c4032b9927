"""`SalesforceProvider`: the engine's view of a Salesforce org (real, or the built-in sandbox).

Wires the pieces together: `client.py` (HTTP, OAuth, limits, retries), `compile.py`
(definitions -> desired resources), `read.py` (live resources: one REST composite, one
Tooling composite, then Metadata GETs 25 a call), `write.py` (change groups: Tooling
composite batches and value-set PATCHes), `impact.py` (SOQL record counts), `decompile.py`
(import), `records.py` (audit), and declares what Salesforce's attributes mean
(`DECLARATIONS`). The same code talks to `https://<MyDomain>.my.salesforce.com` with OAuth
and to the sandbox in-process; only the transport differs.

Settings (from `revops.yaml`, plus `project_dir`, `environment`, `target` and `credentials`
from the engine):

    sandbox: true          use the built-in sandbox (in-process; seeded on first use)
    sandbox_path: PATH     its SQLite file (default .revops/sandbox/<environment>-<target>.db)
    base_url: URL          with `sandbox: true`: a served sandbox (`revops sandbox serve`)
                           instead of the in-process one
    instance_url: URL      the org's My Domain, https://<MyDomain>.my.salesforce.com
    login_url: URL         the token endpoint's host (default instance_url)
    auth: client_credentials | jwt
    client_id / client_id_env, username (jwt), audience, api_version, timeout, max_retries
    workers: 2             concurrent reads (the read makes two calls that can overlap)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from revops_as_code.changes import Action, Change
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import RevopsError
from revops_as_code.providers.base import (
    ApplyResult,
    AttributeDisplay,
    Capabilities,
    ChangeGroup,
    CompileResult,
    Declarations,
    GroupResult,
    KindCapability,
    KindDeclaration,
    LiveSnapshot,
    Provider,
    RecordBatch,
    RecordRequest,
    RecordUpdate,
    SandboxSupport,
    Scope,
)
from revops_as_code.resources import JsonValue, ResourceId

from .client import SalesforceClient
from .model import BUSINESS_PROCESS, CUSTOM_FIELD, PROVIDER, RECORD_TYPE, VALIDATION_RULE, VALUE_SET
from .read import read_config, to_snapshot
from .settings import number_setting
from .write import Writer, group_changes
from .write_groups import BATCH_SIZE, BATCHED_KINDS

if TYPE_CHECKING:
    from revops_as_code.models import Definitions
    from revops_as_code.providers.profiles import FieldProfiles

SANDBOX_INSTANCE_URL = "https://sandbox.my.salesforce.com"
"""The in-process sandbox's host: never resolved (the transport answers in-process)."""
API_ALLOCATION = "SF401"
"""Diagnostic code: the apply would spend much of what is left of the org's API allocation."""
SANDBOX_CLIENT_ID = "sandbox"
SANDBOX_SECRET = "sandbox"
"""Not secrets: the sandbox grants a token to any client id and secret."""

_ORDERED_VALUES = KindCapability(
    ordered_attributes=frozenset({"values"}), keyed_lists={"values": "value"}
)

CAPABILITIES = Capabilities(
    kinds={
        CUSTOM_FIELD: _ORDERED_VALUES,
        # Every org has its standard value sets: adopted and updated, never made or removed.
        VALUE_SET: KindCapability(
            create=False,
            delete=False,
            ordered_attributes=frozenset({"values"}),
            keyed_lists={"values": "value"},
        ),
        BUSINESS_PROCESS: _ORDERED_VALUES,
        RECORD_TYPE: KindCapability(),
        VALIDATION_RULE: KindCapability(),
    },
    description="Salesforce: custom fields (Lead, Contact, Account, Opportunity, Case), "
    "standard value sets (OpportunityStage, LeadStatus, ...), sales processes, record types "
    "and validation rules",
)

STAGE_REVIEW = frozenset({"probability", "closed", "won", "forecast_category", "converted"})

DECLARATIONS = Declarations(
    kinds={
        CUSTOM_FIELD: KindDeclaration(
            noun="custom field",
            identity=("object", "name"),
            # Salesforce converts the values it can on a type change and blanks the rest
            # (e.g. text -> number); which survive depends on the pair of types. So review:
            # the field-type validator warns and the plan's impact counts the records.
            review=frozenset({"type"}),
            field_type=frozenset({"type"}),
            option_lists={"values": "value"},
        ),
        VALUE_SET: KindDeclaration(
            noun="standard value set",
            identity=("name",),
            # A stage's probability weighs its open opportunities in the forecast; closed/won
            # turn them won or lost; a lead status's converted flag changes what converting
            # means. Each changes what existing records mean.
            review=STAGE_REVIEW,
            # A removed value is deactivated: records keep it (the option validator says
            # so). Stages are values of this set, so OpportunityStage's are options too.
            option_lists={"values": "value"},
            display={
                "probability": AttributeDisplay("probability", unit="%"),
                "closed": AttributeDisplay("closed"),
                "won": AttributeDisplay("won"),
                "forecast_category": AttributeDisplay("forecast category"),
            },
            # A definition's stage says `outcome: won|lost|open` (Salesforce's closed + won).
            aliases={"outcome": "closed", "is_closed": "closed", "is_won": "won"},
        ),
        BUSINESS_PROCESS: KindDeclaration(noun="sales process", identity=("object", "name")),
        RECORD_TYPE: KindDeclaration(noun="record type", identity=("object", "name")),
        VALIDATION_RULE: KindDeclaration(
            noun="validation rule",
            identity=("object", "name"),
            # The formula decides which saves are refused; activating a rule starts refusing.
            review=frozenset({"formula", "active"}),
        ),
    }
)
"""What Salesforce's attributes mean: the engine's risk, validators and renderers read this
instead of naming Salesforce attributes."""


class SalesforceProvider(Provider):
    """Salesforce org configuration as canonical resources."""

    name = PROVIDER

    def __init__(
        self,
        settings: Mapping[str, Any] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        client: SalesforceClient | None = None,
    ) -> None:
        super().__init__(settings)
        self._transport = transport
        self._client = client
        self._writer: Writer | None = None

    # -- wiring ---------------------------------------------------------------------------

    @property
    def client(self) -> SalesforceClient:
        if self._client is None:
            self._client = self._make_client()
        return self._client

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            self._writer = Writer(self.client)
        return self._writer

    def client_settings(self) -> dict[str, Any]:
        """The settings the client gets: in sandbox mode its placeholder credentials and
        instance URL (the served sandbox's `base_url` when one is given)."""
        settings = dict(self.settings)
        if settings.get("sandbox"):
            base = settings.get("base_url")
            settings["instance_url"] = str(base).rstrip("/") if base else SANDBOX_INSTANCE_URL
            settings.pop("login_url", None)
            settings["auth"] = "client_credentials"
            settings.setdefault("client_id", SANDBOX_CLIENT_ID)
            if not settings.get("credentials"):
                settings["credentials"] = SANDBOX_SECRET
        return settings

    def _make_client(self) -> SalesforceClient:
        settings = self.client_settings()
        transport = self._transport or settings.get("transport")
        if settings.get("sandbox") and transport is None and not settings.get("base_url"):
            transport = self._sandbox_transport()
        return SalesforceClient(settings, transport=transport)

    def _sandbox_transport(self) -> httpx.BaseTransport:
        from . import sandbox_link

        return sandbox_link.transport(sandbox_link.db_path(self.settings))

    @classmethod
    def sandbox(cls) -> SandboxSupport:
        from . import sandbox_link

        return sandbox_link.support()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
            self._writer = None

    # -- the contract ---------------------------------------------------------------------

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def declarations(self) -> Declarations:
        return DECLARATIONS

    def compile(self, definitions: Definitions) -> CompileResult:
        from .compile import compile_definitions

        return compile_definitions(definitions, self.settings)

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        before = self.client.request_count
        workers = max(1, int(number_setting(self.settings, "workers", 2)))
        config = read_config(self.client, scope or Scope(), workers=workers)
        self.writer.inactive.update(config.inactive)
        return to_snapshot(config, self.client.request_count - before)

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        """Tooling composite batches of 25, a value set PATCH alone (see `write_groups.py`)."""
        return group_changes(changes)

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        return self.writer.apply_group(group, changes)

    def apply(self, change: Change) -> ApplyResult:
        return self.writer.apply(change)

    def halted(self) -> RevopsError | None:
        return self._client.halted if self._client is not None else None

    def impact(self, change: Change) -> str | None:
        from .impact import impact

        return impact(self.client, change)

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        """A warning when the apply would spend more of the org's daily API allocation
        than is prudent (or more than is left)."""
        planned = planned_calls(changes)
        if not planned:
            return []
        client = self.client
        if client.api_usage is None:
            try:
                client.limits()
            except RevopsError:
                return []
        warning = client.warn_before(planned)
        if not warning:
            return []
        return [
            Diagnostic(
                Severity.WARNING,
                API_ALLOCATION,
                warning,
                Location(object=f"{len(changes)} changes, about {planned} API calls"),
                hint="apply when more of the allocation is free, or apply fewer changes at once",
            )
        ]

    def field_profiles(
        self, snapshot: LiveSnapshot, compiled: CompileResult
    ) -> FieldProfiles | None:
        """What the org holds for the fields `compiled` maps into it, for the consistency
        report (see `profiles.py`; built from the read, no request of its own)."""
        from .profiles import field_profiles

        return field_profiles(self, snapshot, compiled)

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        from .decompile import decompile

        return decompile(snapshot)

    def import_notes(self, snapshot: LiveSnapshot) -> dict[ResourceId, tuple[str, str]]:
        from .decompile import import_notes

        return import_notes(snapshot)

    def read_records(self, request: RecordRequest) -> Iterator[RecordBatch]:
        """Records for `revops audit` (SOQL with the fields needed; see `records.py`)."""
        records = _records_module()
        if records is None:
            return super().read_records(request)
        reader: Iterator[RecordBatch] = records.read_records(self.client, request)
        return reader

    def update_records(self, updates: Sequence[RecordUpdate], fields: Sequence[Any]) -> int:
        """Record updates for `revops audit --sync` (see `records.py`)."""
        records = _records_module()
        if records is None:
            return super().update_records(updates, fields)
        return int(records.update_records(self.client, updates, fields))


def _records_module() -> Any:
    """`records.py` (audit reads and writes) once it exists in this package, else None."""
    import importlib
    import importlib.util

    name = f"{__package__}.records"
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def planned_calls(changes: Sequence[Change]) -> int:
    """API calls an apply of `changes` makes: a Tooling composite per 25 batched changes,
    two per value set (read its Metadata, PATCH it)."""
    batched = sum(1 for c in changes if c.resource_id.kind in BATCHED_KINDS)
    value_sets = sum(
        1 for c in changes if c.resource_id.kind == VALUE_SET and c.action is Action.UPDATE
    )
    return -(-batched // BATCH_SIZE) + 2 * value_sets


__all__ = [
    "CAPABILITIES",
    "DECLARATIONS",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_INSTANCE_URL",
    "SANDBOX_SECRET",
    "SalesforceProvider",
    "planned_calls",
]
