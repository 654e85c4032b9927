"""Salesforce's error responses mapped to the project's typed errors, and secret scrubbing.

The boundary where Salesforce's wire errors (a status code and a JSON *array* of
`{message, errorCode, fields}`; the OAuth endpoint's `{error, error_description}`) and httpx's
exceptions become `revops_as_code.errors` classes. Each class here subclasses the project's
class (so `except ConflictError` works) and keeps Salesforce's `code` (the first errorCode),
every `codes` and the `fields` named, because callers branch on them (a create that meets
`DUPLICATE_DEVELOPER_NAME` is re-read and adopted). Every message passes a `Scrubber`.

    status / errorCode                               -> error
    400 DUPLICATE_DEVELOPER_NAME / DUPLICATE_VALUE   -> ConflictError (also 409, 300)
    400 (any other), 412                             -> ValidationFailed (codes, fields)
    401 (INVALID_SESSION_ID, ...)                    -> AuthenticationError
    403 REQUEST_LIMIT_EXCEEDED                       -> RateLimitError (daily allocation)
    403 (INSUFFICIENT_ACCESS_OR_READONLY, ...)       -> AuthenticationError (permissions)
    404                                              -> NotFoundError
    429 (never documented; a proxy's)                -> RateLimitError
    5xx                                              -> ServerError
    httpx timeouts, connection errors                -> TransportError
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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

from .limits import ApiUsage, parse_limit_info

PROVIDER = "salesforce"
REDACTED = "***"
MIN_SECRET_LENGTH = 8

CONFLICT_CODES = frozenset({"DUPLICATE_DEVELOPER_NAME", "DUPLICATE_VALUE", "DUPLICATE_NAME"})
LIMIT_CODE = "REQUEST_LIMIT_EXCEEDED"
SESSION_CODE = "INVALID_SESSION_ID"

PERMISSION_HINT = (
    "the integration user lacks a permission: it needs 'API Enabled', 'View Setup and "
    "Configuration', 'Customize Application' and 'Modify Metadata Through Metadata API "
    "Functions' (a permission set assigned to the connected app's Run As or JWT user)"
)


@dataclass(frozen=True)
class ErrorItem:
    """One entry of Salesforce's error array."""

    message: str
    code: str | None
    fields: tuple[str, ...] = ()


class SalesforceError(ProviderError):
    """Base of every error built here: the project's error plus Salesforce's codes."""

    code: str | None = None
    """The first errorCode (`DUPLICATE_DEVELOPER_NAME`, `INVALID_SESSION_ID`, ...)."""
    codes: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    items: tuple[ErrorItem, ...] = ()
    request: str = ""
    """`METHOD path` of the failed request (never its query string)."""


class SalesforceAuthenticationError(SalesforceError, AuthenticationError):
    pass


class SalesforceRateLimitError(SalesforceError, RateLimitError):
    usage: ApiUsage | None = None


class SalesforceNotFoundError(SalesforceError, NotFoundError):
    pass


class SalesforceConflictError(SalesforceError, ConflictError):
    pass


class SalesforceValidationFailed(SalesforceError, ValidationFailed):
    pass


class SalesforceServerError(SalesforceError, ServerError):
    pass


class SalesforceTransportError(SalesforceError, TransportError):
    pass


class AmbiguousWriteError(SalesforceTransportError):
    """A write may or may not have landed (a timeout or 5xx after sending); never re-sent.

    The caller re-reads (by FullName / DeveloperName) and adopts or fails.
    """


def error_code(exc: BaseException) -> str | None:
    """Salesforce's errorCode of an error raised by this provider, else None."""
    return exc.code if isinstance(exc, SalesforceError) else None


class Scrubber:
    """Replaces every known secret, and anything shaped like one, with `***`.

    A PEM key is also scrubbed line by line, so a partial echo of it is caught too.
    """

    _PATTERNS = (
        # Token-shaped only (16+ characters), so prose such as "bearer flow" survives.
        re.compile(r"(?i)(bearer\s+)[A-Za-z0-9!._~+/=\-]{16,}"),
        re.compile(
            r"(?i)((?:client_secret|assertion|access_token|refresh_token)[=:]\s*\"?)[^\s\"&,]+"
        ),
        # A Salesforce session id: the org id (00D + 12/15), "!", then the opaque rest.
        re.compile(r"()00D[A-Za-z0-9]{12,15}![A-Za-z0-9._\-]+"),
        re.compile(
            r"()-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.S
        ),
    )

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        parts = {secret.strip()}
        if "PRIVATE KEY" in secret:
            parts |= {line.strip() for line in secret.replace("\\n", "\n").splitlines()}
            parts = {p for p in parts if "-----" not in p}
        # Shorter values are placeholders, not secrets (the sandbox's "sandbox"): replacing
        # every occurrence would garble messages ("the *** org") and protect nothing.
        fresh = {p for p in parts if len(p) >= MIN_SECRET_LENGTH} - set(self._secrets)
        # Longest first, so a secret that contains another is replaced whole.
        self._secrets = sorted([*self._secrets, *fresh], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        for pattern in self._PATTERNS:
            text = pattern.sub(r"\1" + REDACTED, text)
        return text


def decode_body(response: httpx.Response) -> Any:
    """The JSON body, or None when Salesforce (or a proxy) sent something else."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        return None


def error_items(body: Any) -> tuple[ErrorItem, ...]:
    """Salesforce's error array (or a single error object) as `ErrorItem`s."""
    entries = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    items = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        message = entry.get("message") or entry.get("error_description") or entry.get("error")
        code = entry.get("errorCode") or entry.get("statusCode") or entry.get("error")
        fields = entry.get("fields")
        items.append(
            ErrorItem(
                message=str(message or ""),
                code=str(code) if code else None,
                fields=tuple(str(f) for f in fields) if isinstance(fields, list) else (),
            )
        )
    return tuple(items)


def _describe(items: tuple[ErrorItem, ...]) -> str:
    parts = []
    for item in items[:5]:
        text = f"{item.code}: {item.message}" if item.code else item.message
        if item.fields:
            text += f" (fields: {', '.join(item.fields)})"
        parts.append(text)
    if len(items) > 5:
        parts.append(f"and {len(items) - 5} more")
    return "; ".join(parts)


def map_error(
    status: int,
    body: Any,
    what: str,
    scrub: Scrubber,
    *,
    headers: Mapping[str, str] | None = None,
    usage: ApiUsage | None = None,
    reason: str = "",
) -> SalesforceError:
    """The typed error for one non-2xx response (or composite subresponse); not raised.

    `what` is `METHOD path` without a query string; `usage` is the client's last
    Sforce-Limit-Info, used when the response itself carries none.
    """
    items = error_items(body)
    codes = tuple(i.code for i in items if i.code)
    code = codes[0] if codes else None
    detail = _describe(items) or reason or "request failed"
    text = scrub(f"Salesforce {status} on {what}: {detail}")
    cls: type[SalesforceError]
    hint: str | None = None
    own_usage = parse_limit_info((headers or {}).get("Sforce-Limit-Info")) or usage
    if status == 403 and LIMIT_CODE in codes:
        cls, hint = SalesforceRateLimitError, _limit_hint(items, own_usage)
        if own_usage is not None:
            text += f" (API requests used: {own_usage.used:,}/{own_usage.max:,} in 24 h)"
    elif status == 401:
        cls = SalesforceAuthenticationError
        hint = (
            "the session is invalid or expired: check the connected app, that its Run As / "
            "JWT user is active, and that its OAuth scopes include 'api'"
        )
    elif status == 403:
        cls, hint = SalesforceAuthenticationError, PERMISSION_HINT
    elif status == 404:
        cls = SalesforceNotFoundError
        hint = "the object, field or record does not exist (or the user cannot see it)"
    elif status in (300, 409) or CONFLICT_CODES.intersection(codes):
        cls = SalesforceConflictError
        hint = "it exists already: re-read it and adopt it, or pick another API name"
    elif status == 429:
        cls = SalesforceRateLimitError
        hint = "too many requests right now; wait a minute and retry"
    elif status >= 500:
        cls, hint = SalesforceServerError, "Salesforce failed; retry later"
    else:
        cls = SalesforceValidationFailed
        hint = "Salesforce refused the request as sent; the message names what to fix"
    error = cls(scrub(text), hint=scrub(hint) if hint else None, status=status, provider=PROVIDER)
    error.code, error.codes, error.items, error.request = code, codes, items, what
    error.fields = tuple(f for i in items for f in i.fields)
    if isinstance(error, SalesforceRateLimitError):
        error.usage = own_usage
    return error


def _limit_hint(items: tuple[ErrorItem, ...], usage: ApiUsage | None) -> str:
    message = " ".join(i.message for i in items).lower()
    if "concurrent" in message:
        # The other REQUEST_LIMIT_EXCEEDED: too many long-running (>= 20 s) requests at once.
        return (
            "too many long-running requests are running in the org at once; wait until "
            "they finish and run again"
        )
    spent = f" ({usage.used:,} of {usage.max:,} used)" if usage is not None else ""
    return (
        f"the org's daily API request allocation is spent{spent}. It is a rolling 24-hour "
        "window: calls free up 24 hours after they were made. Wait, or raise the limit "
        "(Setup > Company Information shows it; add-on API calls raise it). Retrying now "
        "cannot succeed."
    )


def map_response_error(
    response: httpx.Response, what: str, scrub: Scrubber, usage: ApiUsage | None = None
) -> SalesforceError:
    return map_error(
        response.status_code,
        decode_body(response),
        what,
        scrub,
        headers=response.headers,
        usage=usage,
        reason=response.reason_phrase,
    )


def map_transport_error(
    exc: httpx.HTTPError, what: str, scrub: Scrubber, *, ambiguous: bool = False
) -> SalesforceTransportError:
    """A typed error for an httpx failure; `ambiguous` marks a write that may have landed."""
    text = scrub(f"Salesforce {what}: {type(exc).__name__}: {exc}")
    error: SalesforceTransportError
    if ambiguous:
        error = AmbiguousWriteError(
            text,
            hint="the write may or may not have been applied; re-read it, never re-send it",
            provider=PROVIDER,
        )
    else:
        error = SalesforceTransportError(
            text, hint="check the network (and instance_url) and retry", provider=PROVIDER
        )
    error.request = what
    return error


__all__ = [
    "CONFLICT_CODES",
    "LIMIT_CODE",
    "MIN_SECRET_LENGTH",
    "PROVIDER",
    "REDACTED",
    "SESSION_CODE",
    "AmbiguousWriteError",
    "ErrorItem",
    "SalesforceAuthenticationError",
    "SalesforceConflictError",
    "SalesforceError",
    "SalesforceNotFoundError",
    "SalesforceRateLimitError",
    "SalesforceServerError",
    "SalesforceTransportError",
    "SalesforceValidationFailed",
    "Scrubber",
    "decode_body",
    "error_code",
    "error_items",
    "map_error",
    "map_response_error",
    "map_transport_error",
]
