"""`MarketoProvider`: the engine's view of a Marketo instance (real, or the built-in sandbox).

Wires `client.py` (HTTP, tokens, limits, retries), `compile.py` (definitions -> lead
fields), `read.py`, `write.py` (change groups, manual steps) and `decompile.py` (import).

Settings (from `revops.yaml`, plus `project_dir` and `credentials` from the engine):

    sandbox: true          the built-in sandbox (in-process; seeded on first use)
    sandbox_path: PATH     its SQLite file (default .revops/sandbox/<environment>-<target>.db)
    munchkin_id: 123-ABC-456   -> https://123-ABC-456.mktorest.com
    base_url: URL          instead of munchkin_id (e.g. `revops sandbox serve`)
    client_id_env: NAME    environment variable holding the custom service's client id
    credentials_env: NAME  (engine) environment variable holding its client secret
    timeout: 30            seconds, per request
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from revops_as_code.changes import Change
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.errors import AuthenticationError, RevopsError, UsageError
from revops_as_code.providers.base import (
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

from .client import DEFAULT_TIMEOUT, MarketoClient
from .model import LEAD_FIELD, READ_ONLY

if TYPE_CHECKING:
    from revops_as_code.models import Definitions
    from revops_as_code.providers.profiles import FieldProfiles

SANDBOX_CLIENT = "sandbox"
"""Not a secret: the in-process sandbox accepts any client id and secret."""
SANDBOX_URL = "https://sandbox.mktorest.com"
"""The in-process sandbox's base URL (never resolved)."""

CAPABILITIES = Capabilities(
    kinds={LEAD_FIELD: KindCapability(read_only_attributes=READ_ONLY)},
    description="Marketo Engage: lead fields (create and update; a type change or a delete is "
    "a manual step)",
)

DECLARATIONS = Declarations(
    kinds={
        LEAD_FIELD: KindDeclaration(
            noun="lead field",
            identity=("name",),
            field_type=frozenset({"data_type"}),
            review=frozenset({"data_type"}),
            display={
                "display_name": AttributeDisplay("label"),
                "data_type": AttributeDisplay("type"),
                "is_sensitive": AttributeDisplay("pii"),
            },
            aliases={"label": "display_name", "type": "data_type", "pii": "is_sensitive"},
        )
    }
)


class MarketoProvider(Provider):
    """Marketo lead fields as canonical resources."""

    name = "marketo"

    def __init__(
        self,
        settings: Mapping[str, Any] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        client: MarketoClient | None = None,
    ) -> None:
        super().__init__(settings)
        self._transport = transport
        self._client = client
        self._lengths: dict[str, int] = {}
        """Text fields' maximum lengths from the last read (describe2's `length`)."""
        self._meta: Any = None
        """What the last `compile` knew for `field_profiles` (profiles.CompiledMeta)."""

    @property
    def client(self) -> MarketoClient:
        if self._client is None:
            self._client = self._make_client()
        return self._client

    def _make_client(self) -> MarketoClient:
        settings = self.settings
        sandbox = bool(settings.get("sandbox"))
        transport = self._transport or settings.get("transport")
        if sandbox and transport is None:
            from . import sandbox_link

            transport = sandbox_link.transport(sandbox_link.db_path(settings))
        base_url = self._base_url(sandbox or transport is not None)
        id_env = str(settings.get("client_id_env") or "")
        client_id = str(settings.get("client_id") or (os.environ.get(id_env, "") if id_env else ""))
        secret = str(settings.get("credentials") or "")
        hint = (
            f"set {id_env or 'the variable client_id_env names'} to the custom service's client "
            "id and the variable credentials_env names to its client secret (Admin > "
            "Integration > LaunchPoint > View Details)"
        )
        if not (client_id and secret):
            if not sandbox and transport is None:
                raise AuthenticationError(
                    "no Marketo client id or client secret: " + hint,
                    hint="or use the built-in sandbox (`sandbox: true`)",
                    provider=self.name,
                )
            client_id, secret = client_id or SANDBOX_CLIENT, secret or SANDBOX_CLIENT
        return MarketoClient(
            client_id,
            secret,
            base_url=base_url,
            transport=transport,
            timeout=float(settings.get("timeout") or DEFAULT_TIMEOUT),
            credentials_hint=hint,
        )

    def _base_url(self, local: bool) -> str:
        settings = self.settings
        if settings.get("base_url"):
            return str(settings["base_url"]).rstrip("/")
        munchkin = settings.get("munchkin_id")
        if munchkin:
            return f"https://{munchkin}.mktorest.com"
        if local:
            return SANDBOX_URL
        raise UsageError(
            "the Marketo target needs `munchkin_id` (or `base_url`) in its settings",
            hint="Admin > Integration > Munchkin shows the id, e.g. 123-ABC-456",
        )

    @classmethod
    def sandbox(cls) -> SandboxSupport:
        from .sandbox.support import MarketoSandbox

        return MarketoSandbox()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- the contract ---------------------------------------------------------------------

    @property
    def capabilities(self) -> Capabilities:
        return CAPABILITIES

    @property
    def declarations(self) -> Declarations:
        return DECLARATIONS

    def compile(self, definitions: Definitions) -> CompileResult:
        from .compile import compile_definitions
        from .profiles import meta_of

        self._meta = meta_of(definitions)
        return compile_definitions(definitions)

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        from .read import read_fields

        return read_fields(self.client, scope or Scope(), self._lengths)

    def group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        from .write import group_changes

        return group_changes(changes)

    def apply_group(self, group: ChangeGroup, changes: Sequence[Change]) -> GroupResult:
        from .write import Writer

        return Writer(self.client).apply_group(group, changes)

    def halted(self) -> RevopsError | None:
        return self._client.halted if self._client is not None else None

    def validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        from .write import validate_changes

        return validate_changes(changes)

    def field_profiles(
        self, snapshot: LiveSnapshot, compiled: CompileResult
    ) -> FieldProfiles | None:
        """Types, held values (leads read by id), CRM-synced fields and `leadStatus` values,
        for the consistency report (see profiles.py)."""
        from .profiles import field_profiles

        return field_profiles(self.client, snapshot, compiled, self._meta, self._lengths)

    def read_records(self, request: RecordRequest) -> Iterator[RecordBatch]:
        """Leads, by an id scan (a lower bound past id gaps; see records.py)."""
        from .records import read_records

        return read_records(self.client, request)

    def update_records(self, updates: Sequence[RecordUpdate], fields: Sequence[Any]) -> int:
        from .records import update_records

        return update_records(self.client, updates, fields)

    def decompile(self, snapshot: LiveSnapshot) -> list[dict[str, JsonValue]]:
        from .decompile import decompile

        return decompile(snapshot)

    def import_notes(self, snapshot: LiveSnapshot) -> dict[ResourceId, tuple[str, str]]:
        from .decompile import import_notes

        return import_notes(snapshot)


__all__ = ["CAPABILITIES", "DECLARATIONS", "MarketoProvider"]
