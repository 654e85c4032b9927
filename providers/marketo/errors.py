"""Marketo failures mapped to the project's typed errors, at the client boundary.

Marketo answers most failures with HTTP 200 and `success: false` (`errors[{code, message}]`,
"Error codes"); only the identity endpoint sends 401, and REST sends 413/414. Every message
names what failed and what to do, and goes through the `Scrubber`, so a token or client
secret never reaches output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from revops_as_code.errors import (
    AuthenticationError,
    NotFoundError,
    ProviderError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationFailed,
)

PROVIDER = "marketo"
REDACTED = "***"

TOKEN_CODES = frozenset({"601", "602"})
"""Token invalid / expired: get a new token and retry once."""
RATE_CODES = frozenset({"606", "615"})
"""Rate (100 calls / 20 s) and concurrency (10): wait and retry within the budget."""
QUOTA_CODE = "607"
"""The daily quota is spent: nothing more until it resets (fatal for this run)."""
TRANSIENT_CODES = frozenset({"604", "608", "611", "713"})
"""Timeout, temporarily unavailable, system error, transient: retried when idempotent."""


class Scrubber:
    """Replaces every known secret (and anything after `Bearer `) with `***`."""

    _BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")
    _QUERY = re.compile(r"(?i)((?:client_secret|access_token)=)[^&\s\"']+")

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4 and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return self._QUERY.sub(r"\1" + REDACTED, self._BEARER.sub(r"\1" + REDACTED, text))


class AmbiguousWriteError(TransportError):
    """A create may or may not have happened (timeout, reset, 5xx after sending): never
    re-sent blindly; the writer re-reads the fields and adopts or fails."""


class MarketoError(ProviderError):
    """A response-level failure whose code has no more specific class; `code` kept."""


def map_code(code: str, message: str, what: str, scrub: Scrubber) -> ProviderError:
    """The typed error for a `success: false` response with error `code`."""
    text = scrub(f"Marketo refused {what}: {code} {message}")
    if code in ("600", "601", "602"):
        return AuthenticationError(
            text,
            hint="the access token was refused after a refresh; check the client id and "
            "secret of the Marketo custom service (Admin > Integration > LaunchPoint)",
            status=401,
            provider=PROVIDER,
        )
    if code == "603":
        return AuthenticationError(
            text,
            hint="the API-only user's role lacks a permission this call needs (Read-Write "
            "Schema Custom Field / Standard Field, Read-Only Lead), or an IP allowlist blocks it",
            status=403,
            provider=PROVIDER,
        )
    if code in RATE_CODES:
        return RateLimitError(
            text,
            hint="Marketo allows 100 calls per 20 s and 10 at once per instance, shared by every "
            "integration; wait a minute and re-run",
            status=429,
            provider=PROVIDER,
        )
    if code == QUOTA_CODE:
        return RateLimitError(
            scrub(f"Marketo's daily API quota is spent ({what}: {code} {message})"),
            hint="the quota resets at midnight US Central time; re-run then, or ask Adobe "
            "support for a higher quota (GET /rest/v1/stats/usage.json shows today's calls)",
            status=429,
            provider=PROVIDER,
        )
    if code in TRANSIENT_CODES:
        return ServerError(
            text, hint="Marketo failed; re-run in a few minutes", status=503, provider=PROVIDER
        )
    if code in ("610", "702", "1004", "1006", "1013"):
        return NotFoundError(text, hint="re-run `revops plan` to re-read", provider=PROVIDER)
    if code.startswith("7") or code.startswith("1") or code in ("609", "612"):
        return ValidationFailed(
            text, hint="the request does not fit Marketo's contract", provider=PROVIDER
        )
    return MarketoError(text, provider=PROVIDER)


def map_status(status: int, body: str, what: str, scrub: Scrubber) -> ProviderError:
    """The typed error for a non-200 HTTP answer."""
    text = scrub(f"Marketo answered HTTP {status} to {what}: {body[:200]}")
    if status == 401:
        return AuthenticationError(
            text,
            hint="check the client id and secret (Admin > Integration > LaunchPoint > View "
            "Details) in the environment variables revops.yaml names",
            status=status,
            provider=PROVIDER,
        )
    if status == 403:
        return AuthenticationError(
            text, hint="the API user lacks access", status=status, provider=PROVIDER
        )
    if status == 404:
        return NotFoundError(
            text, hint="check base_url / munchkin_id", status=status, provider=PROVIDER
        )
    if status == 429:
        return RateLimitError(
            text, hint="wait a minute and re-run", status=status, provider=PROVIDER
        )
    if status >= 500:
        return ServerError(
            text, hint="Marketo failed; re-run later", status=status, provider=PROVIDER
        )
    return ValidationFailed(text, status=status, provider=PROVIDER)
