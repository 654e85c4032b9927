"""`HubSpotProvider`: the engine's view of a HubSpot portal (real, or the built-in sandbox).

Wires the pieces together: `client.py` (HTTP, limits, retries), `compile.py` (definitions ->
desired resources), `read.py` (live resources), `write.py` (change groups and writes),
`impact.py` (record counts), `decompile.py` (import), and declares what HubSpot's attributes
mean (`DECLARATIONS`). The same code talks to `https://api.hubapi.com` with a
private-app token and to the sandbox in-process; only the transport differs.

Settings (from `revops.yaml`, plus `project_dir` and `credentials` from the engine):

    sandbox: true          use the built-in sandbox (in-process; seeded on first use)
    sandbox_path: PATH     its SQLite file (default .revops/sandbox/<environment>-<target>.db)
    base_url: URL          default https://api.hubapi.com (e.g. `revops sandbox serve`)
    tier: starter          free|starter|professional|enterprise|api_limit_increase
    timeout: 30            seconds, per request
    workers: 4             concurrent reads
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from revops_as_code.changes import Change
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.errors import AuthenticationError, RevopsError
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
from revops_as_code.resources import JsonValue, Resource, ResourceId

from .aliases import aliases, by_label, live_key
from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, HubSpotClient
from .normalize import GROUP, PIPELINE, PROPERTY, STAGE, rid
from .read import Owner, read_config, rekey_config, to_snapshot
from .write import Writer, group_changes

if TYPE_CHECKING:
    from revops_as_code.models import Definitions

SANDBOX_TOKEN = "sandbox"
"""Not a secret: the sandbox accepts any bearer token (it still requires the header)."""

CAPABILITIES = Capabilities(
    kinds={
        GROUP: KindCapability(),
        PROPERTY: KindCapability(
            ordered_attributes=frozenset({"options"}),
            keyed_lists={"options": "value"},
        ),
        PIPELINE: KindCapability(),
        STAGE: KindCapability(),
    },
    description="HubSpot CRM: property groups, properties (contacts, companies, deals), "
    "deal pipelines and stages",
)

DECLARATIONS = Declarations(
    kinds={
        GROUP: KindDeclaration(noun="property group", identity=("object_type", "name")),
        PROPERTY: KindDeclaration(
            noun="property",
            identity=("object_type", "name"),
            # A type change keeps the property and its records; whether each value survives
            # depends on the pair of types, which HubSpot does not document for every pair.
            # So review, not destructive: the field-type validator warns, and the plan's
            # impact counts the records that hold a value.
            review=frozenset({"type", "field_type"}),
            field_type=frozenset({"type", "field_type"}),
            option_lists={"options": "value"},
            # No display or alias: a definition's `type` compiles to HubSpot's pair (`type`,
            # `field_type`), both shown as they are, and the compiler expands
            # `ignore: [type]` to both (an alias names one attribute only).
        ),
        PIPELINE: KindDeclaration(noun="deal pipeline", identity=("object_type", "pipeline_id")),
        STAGE: KindDeclaration(
            noun="deal stage",
            identity=("object_type", "pipeline_id", "stage_id"),
            # Probability weighs every open deal in the stage in the forecast; closing a stage
            # turns its deals won or lost (and back). Both change what existing deals mean.
            review=frozenset({"probability", "is_closed"}),
            is_stage=True,
            display={
                "probability": AttributeDisplay("probability", scale=100, unit="%"),
                "is_closed": AttributeDisplay("closed"),
                "display_order": AttributeDisplay("position"),
            },
            # A definition's stage says `outcome: won|lost|open` (HubSpot's is_closed) and
            # has its position in the list (HubSpot's display_order). `closed` is the name
            # the display shows, so it is accepted too.
            aliases={
                "outcome": "is_closed",
                "closed": "is_closed",
                "position": "display_order",
                "order": "display_order",
            },
        ),
    }
)
"""What HubSpot's attributes mean: the engine's risk, validators and renderers read this
instead of naming HubSpot attributes."""


class HubSpotProvider(Provider):
    """HubSpot CRM configuration as canonical resources."""

    name = "hubspot"

    def __init__(
        self,
        settings: Mapping[str, Any] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        client: HubSpotClient | None = None,
    ) -> None:
        super().__init__(settings)
        self._transport = transport
        self._client = client
        self._writer: Writer | None = None
        self._desired_pipelines: list[Resource] = []
        self.owners: list[Owner] = []
        """Owners seen by the last full read (HubSpot's owners API is read-only)."""

    # -- wiring ---------------------------------------------------------------------------

    @property
    def client(self) -> HubSpotClient:
        if self._client is None:
            self._client = self._make_client()
        return self._client

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            self._writer = Writer(self.client)
        return self._writer

    def _make_client(self) -> HubSpotClient:
        settings = self.settings
        sandbox = bool(settings.get("sandbox"))
        transport = self._transport or settings.get("transport")
        token = settings.get("credentials") or settings.get("token")
        base_url = str(settings.get("base_url") or DEFAULT_BASE_URL)
        if sandbox and transport is None:
            transport = self._sandbox_transport()
            base_url = DEFAULT_BASE_URL  # in-process: the host is never resolved
        if not token:
            if not sandbox and transport is None:
                raise AuthenticationError(
                    "no HubSpot token: set the environment variable named in revops.yaml "
                    "(credentials_env) to a private-app access token",
                    hint="or use the built-in sandbox: `revops plan --env sandbox`",
                    provider=self.name,
                )
            token = SANDBOX_TOKEN
        return HubSpotClient(
            str(token),
            base_url=base_url,
            transport=transport,
            timeout=float(settings.get("timeout") or DEFAULT_TIMEOUT),
            tier=str(settings.get("tier") or "starter"),
            # The in-process sandbox enforces its own limits (or none, for tests).
            rate_limit=not sandbox,
        )

    def _sandbox_transport(self) -> httpx.BaseTransport:
        from . import sandbox_link

        return sandbox_link.transport(sandbox_link.db_path(self.settings))

    @classmethod
    def sandbox(cls) -> SandboxSupport:
        from .sandbox.support import HubSpotSandbox

        return HubSpotSandbox()

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

        result = compile_definitions(definitions)
        # Kept for `read_live`: a live pipeline made outside revops is adopted by its label.
        self._desired_pipelines = [r for r in result.resources if r.id.kind in (PIPELINE, STAGE)]
        return result

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        before = self.client.request_count
        scope = scope or Scope()
        # Pipelines and stages HubSpot gave ids of its own are read under those ids and keyed
        # as state knows them (aliases.py); the writer addresses them by HubSpot's ids.
        known = self.writer.aliases
        known.update(aliases(scope.remote_ids))
        inner = scope
        if known and scope.ids:
            inner = dataclasses.replace(
                scope, ids=frozenset(rid(i.kind, live_key(i.key, known)) for i in scope.ids)
            )
        workers = int(self.settings.get("workers") or 4)
        config = read_config(self.client, inner, workers=workers)
        known.update(by_label(self._desired_pipelines, config.resources, known))
        config = rekey_config(config, known)
        if config.owners:
            self.owners = config.owners
        return to_snapshot(config, self.owners, self.client.request_count - before)

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        """Property creates in batches of 100 per object type, a pipeline with its stages,
        everything else alone (see `write.py`)."""
        return group_changes(changes)

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        return self.writer.apply_group(group, changes)

    def halted(self) -> RevopsError | None:
        return self._client.halted if self._client is not None else None

    def apply(self, change: Change) -> ApplyResult:
        """One change alone (a convenience: the engine applies groups). A pipeline create
        needs its stages, so it goes through `apply_group`."""
        return self.writer.apply(change)

    def impact(self, change: Change) -> str | None:
        from .impact import impact_of

        return impact_of(self.client, change)

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        from .impact import validate_changes

        return validate_changes(changes)

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        from .decompile import decompile

        return decompile(snapshot)

    def import_notes(self, snapshot: LiveSnapshot) -> dict[ResourceId, tuple[str, str]]:
        from .decompile import import_notes

        return import_notes(snapshot)

    def read_records(self, request: RecordRequest) -> Iterator[RecordBatch]:
        """Records for `revops audit` (search or list pages; see `records.py`)."""
        from .records import read_records

        return read_records(self.client, request)

    def update_records(self, updates: Sequence[RecordUpdate], fields: Sequence[Any]) -> int:
        """Batch record updates for `revops audit --sync` (see `records.py`)."""
        from .records import update_records

        return update_records(self.client, updates, fields)


__all__ = ["CAPABILITIES", "DECLARATIONS", "SANDBOX_TOKEN", "HubSpotProvider"]
