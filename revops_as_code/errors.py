"""The exception tree: every failure revops raises derives from `RevopsError`.

Failures are exceptions; findings (a bad value in a definition, a risky change) are data,
see `diagnostics.Diagnostic`. Lower-level errors (httpx, sqlite, OS) are mapped to these
classes at the boundary where they are caught, so the CLI maps exactly one tree to exit codes.

    RevopsError
    ├── UsageError              bad command-line use or project configuration
    ├── DefinitionError         definitions failed validation (carries the diagnostics)
    ├── StateError              state missing, unreadable, newer, or inconsistent
    │   └── StateLockedError    another process holds the state lock (names the holder)
    ├── PlanError               a plan file cannot be used (stale, wrong env, newer format)
    │   └── StalePlanError      live objects changed since the plan was made
    ├── ApplyError              an apply finished with failed changes
    └── ProviderError           a live system refused or failed a request
        ├── AuthenticationError 401/403: missing, expired or under-scoped credentials
        ├── RateLimitError      limits exhausted beyond the retry budget (daily limit, storm)
        ├── NotFoundError       the object the request names does not exist
        ├── ConflictError       the object already exists / was changed concurrently
        ├── ValidationFailed    the live system rejected the payload (400/422)
        ├── ServerError         5xx after retries
        └── TransportError      connection/timeout failures after retries
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revops_as_code.diagnostics import Diagnostic


class RevopsError(Exception):
    """Root of every error revops raises on purpose. `hint` says what to do about it."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(RevopsError):
    """The command line or revops.yaml asks for something that cannot be done."""

    exit_code = 1


class DefinitionError(RevopsError):
    """Definitions did not validate; `diagnostics` holds every finding, sorted."""

    def __init__(self, diagnostics: Sequence[Diagnostic], message: str | None = None) -> None:
        errors = [d for d in diagnostics if d.severity.name == "ERROR"]
        super().__init__(message or f"{len(errors)} error(s) in definitions")
        self.diagnostics = list(diagnostics)


class StateError(RevopsError):
    """State is missing, unreadable, of a newer format, or inconsistent."""


class StateLockedError(StateError):
    """The state lock is held by someone else; the message names holder, operation, time, id."""


class PlanError(RevopsError):
    """A saved plan cannot be applied as it is."""


class StalePlanError(PlanError):
    """Live objects the plan touches changed after the plan was made."""


class ApplyError(RevopsError):
    """An apply completed with failed or skipped changes (state holds what did succeed)."""


class ProviderError(RevopsError):
    """A live system refused or failed a request. Never carries a credential."""

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        status: int | None = None,
        correlation_id: str | None = None,
        provider: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.correlation_id = correlation_id
        self.provider = provider

    def __str__(self) -> str:
        text = super().__str__()
        if self.correlation_id:
            text += f"\n  correlation id: {self.correlation_id}"
        return text


class AuthenticationError(ProviderError):
    """Credentials missing, invalid, expired, or lacking a scope."""


class RateLimitError(ProviderError):
    """The vendor's rate limit was hit and the retry budget is spent (or the daily cap is)."""


class NotFoundError(ProviderError):
    """The object named by the request does not exist."""


class ConflictError(ProviderError):
    """The object exists already, or changed under us."""


class ValidationFailed(ProviderError):
    """The live system rejected the request payload."""


class ServerError(ProviderError):
    """The live system failed (5xx) and retries did not help."""


class TransportError(ProviderError):
    """Connection failures and timeouts after retries."""


__all__ = [
    "ApplyError",
    "AuthenticationError",
    "ConflictError",
    "DefinitionError",
    "NotFoundError",
    "PlanError",
    "ProviderError",
    "RateLimitError",
    "RevopsError",
    "ServerError",
    "StalePlanError",
    "StateError",
    "StateLockedError",
    "TransportError",
    "UsageError",
    "ValidationFailed",
]
