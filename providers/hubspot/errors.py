"""HubSpot's error responses mapped to the project's typed errors, and secret scrubbing.

This is the boundary where HubSpot's wire errors (status code + `{message, correlationId,
category, errors, policyName}` body) and httpx's exceptions become `revops_as_code.errors`
classes. Every message built here passes through a `Scrubber`, so a token echoed back by a
proxy or pasted into a label never reaches a log, an error, a plan or state.

    status / body                        -> error
    401, 403 (MISSING_SCOPES)            -> AuthenticationError (hint names the scopes)
    404                                  -> NotFoundError
    409                                  -> ConflictError
    400, 422 (VALIDATION_ERROR, ...)     -> ValidationFailed (item details kept)
    429 (policyName DAILY / retry spent) -> RateLimitError
    5xx                                  -> ServerError
    httpx timeouts, connection errors    -> TransportError
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import httpx

from revops_as_code.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    ProviderError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationFailed,
)

PROVIDER = "hubspot"
REDACTED = "***"

# Scopes a private app needs for everything revops does (reads, schema writes, search).
REQUIRED_SCOPES = (
    "crm.schemas.contacts.read crm.schemas.contacts.write "
    "crm.schemas.companies.read crm.schemas.companies.write "
    "crm.schemas.deals.read crm.schemas.deals.write "
    "crm.objects.contacts.read crm.objects.companies.read crm.objects.deals.read "
    "crm.objects.owners.read"
)


class Scrubber:
    """Replaces every known secret (and anything shaped like a bearer header) with `***`."""

    _BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def add(self, secret: str | None) -> None:
        if secret and len(secret) >= 4 and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return self._BEARER.sub(r"\1" + REDACTED, text)


class AmbiguousWriteError(TransportError):
    """A non-idempotent write may or may not have happened (timeout or reset after sending).

    Never retried blindly: the writer re-reads by name or label and adopts or fails.
    """


def error_body(response: httpx.Response) -> dict[str, Any]:
    """The JSON error body, or `{}` when HubSpot (or a proxy) sent something else.

    HubSpot's docs say every field of the error body should be treated as optional.
    """
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def _details(body: dict[str, Any]) -> str:
    items = body.get("errors")
    if not isinstance(items, list):
        return ""
    parts = []
    for item in items[:5]:
        if isinstance(item, dict) and item.get("message"):
            where = f" ({item['in']})" if item.get("in") else ""
            parts.append(f"{item['message']}{where}")
    more = f"; and {len(items) - 5} more" if len(items) > 5 else ""
    return ("; ".join(parts) + more) if parts else ""


def map_response_error(
    response: httpx.Response, scrub: Scrubber, *, what: str | None = None
) -> ProviderError:
    """The typed error for a non-2xx HubSpot response (not raised: the caller raises it)."""
    status = response.status_code
    body = error_body(response)
    correlation_id = body.get("correlationId") or response.headers.get("x-hubspot-correlation-id")
    message = str(body.get("message") or response.reason_phrase or "request failed")
    details = _details(body)
    if details and details not in message:
        message = f"{message}: {details}"
    request = what or f"{response.request.method} {response.request.url.path}"
    text = scrub(f"HubSpot {status} on {request}: {message}")
    kwargs: dict[str, Any] = {
        "status": status,
        "correlation_id": str(correlation_id) if correlation_id else None,
        "provider": PROVIDER,
    }
    category = str(body.get("category") or "")
    if status == 401:
        return AuthenticationError(
            text,
            hint="the token is missing, invalid or expired: create a private-app token and put "
            "it in the environment variable named in revops.yaml",
            **kwargs,
        )
    if status == 403:
        return AuthenticationError(
            text,
            hint=f"the private app lacks a scope ({category or 'MISSING_SCOPES'}); it needs: "
            f"{REQUIRED_SCOPES}",
            **kwargs,
        )
    if status == 404:
        return NotFoundError(text, **kwargs)
    if status == 409:
        return ConflictError(text, **kwargs)
    if status == 429:
        policy = str(body.get("policyName") or "")
        if policy == "DAILY":
            return RateLimitError(
                text,
                hint="the portal's daily API limit is spent; it resets at midnight in the "
                "portal's time zone. Retrying sooner cannot succeed.",
                **kwargs,
            )
        return RateLimitError(
            text,
            hint=f"rate limit {policy or 'ten-secondly'} still hit after the retry budget; "
            "another integration may share this app's limit",
            **kwargs,
        )
    if status >= 500:
        return ServerError(text, hint="HubSpot failed; retry later", **kwargs)
    return ValidationFailed(text, **kwargs)


def map_transport_error(
    exc: httpx.HTTPError, request: str, scrub: Scrubber, *, ambiguous: bool = False
) -> TransportError:
    """A typed error for an httpx failure; `ambiguous` marks a write that may have landed."""
    kind = type(exc).__name__
    text = scrub(f"HubSpot {request}: {kind}: {exc}")
    if ambiguous:
        return AmbiguousWriteError(
            text,
            hint="the write may or may not have been applied; it is re-read, never re-sent",
            provider=PROVIDER,
        )
    return TransportError(text, hint="check the network and retry", provider=PROVIDER)


__all__ = [
    "PROVIDER",
    "REDACTED",
    "REQUIRED_SCOPES",
    "AmbiguousWriteError",
    "Scrubber",
    "error_body",
    "map_response_error",
    "map_transport_error",
]
