"""The one HTTP client the Marketo provider talks through.

A sync `httpx.Client` with an injectable transport, a timeout on every request, and:

- **Tokens**: client credentials POSTed as a form body to `/identity/oauth/token` (the
  Swagger lists query parameters; a form body keeps the secret out of URLs and logs, see
  sandbox/routes/identity.py), cached until 60 s before `expires_in` runs out (injectable
  clock), sent as `Authorization: Bearer` only (query-parameter auth was removed in 2026).
  A 601/602 answer gets one new token and one retry; a second refusal is an
  `AuthenticationError`.
- **Limits**: `limits.py` keeps us under 100 calls / 20 s and 10 at once.
- **Retries**: 606/615 (and HTTP 429) wait and retry, for any method (the call was not
  executed: "6xx codes always indicate a request failed completely"), within a budget of
  attempts and seconds; 604/608/611/713, 5xx and broken connections retry for idempotent
  calls only; a create that fails ambiguously raises `AmbiguousWriteError`, never re-sent.
- **607** (daily quota) fails at once, and, like a refused token or a spent retry budget,
  `halts` the client: nothing more is sent (`Provider.halted`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from revops_as_code.errors import (
    AuthenticationError,
    ProviderError,
    RateLimitError,
    ServerError,
    TransportError,
)

from .errors import (
    PROVIDER,
    QUOTA_CODE,
    RATE_CODES,
    TOKEN_CODES,
    TRANSIENT_CODES,
    AmbiguousWriteError,
    Scrubber,
    map_code,
    map_status,
)
from .limits import Limits

log = logging.getLogger("revops_as_code.providers.marketo")

DEFAULT_TIMEOUT = 30.0
IDENTITY_PATH = "/identity/oauth/token"
TOKEN_MARGIN = 60.0
"""Seconds before expiry a cached token is replaced (a call in flight must not outlive it)."""
RATE_WAIT = {"606": 5.0, "615": 1.0}
"""Seconds to wait before retrying a 606 (a rolling 20 s window frees slots gradually) and
a 615 (another caller's call finishes)."""
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class _Retry(Exception):
    def __init__(self, error: ProviderError, wait: float) -> None:
        super().__init__(error.message)
        self.error, self.wait = error, wait


class MarketoClient:
    """Sync Marketo REST client. Thread-safe; `request_count` counts every request sent
    (identity calls too: `token_count` says how many of them were)."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        base_url: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_attempts: int = 5,
        retry_budget_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        limits: Limits | None = None,
        credentials_hint: str = "",
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("MarketoClient needs a client id and a client secret")
        self._client_id, self._secret = client_id, client_secret
        self.scrub = Scrubber([client_secret])
        self.limits = limits or Limits(clock=clock, sleep=sleep)
        self.max_attempts = max_attempts
        self.retry_budget_seconds = retry_budget_seconds
        self._clock, self._sleep = clock, sleep
        self._credentials_hint = credentials_hint
        self._lock = threading.Lock()
        self._token: str | None = None
        self._token_expires = 0.0
        self.request_count = 0
        self.token_count = 0
        self.halted: ProviderError | None = None
        self._http = httpx.Client(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"Accept": "application/json", "User-Agent": "revops-as-code"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    # -- tokens ---------------------------------------------------------------------------

    def _access_token(self) -> str:
        with self._lock:
            if self._token and self._clock() < self._token_expires:
                return self._token
            self.request_count += 1
            self.token_count += 1
            try:
                response = self._http.post(
                    IDENTITY_PATH,
                    data={
                        "grant_type": "client_credentials",
                        "client_id": self._client_id,
                        "client_secret": self._secret,
                    },
                )
            except httpx.HTTPError as exc:
                raise self._transport_error(exc, "POST /identity/oauth/token") from None
            if response.status_code != 200:
                error = map_status(
                    response.status_code, response.text, "the token request", self.scrub
                )
                if isinstance(error, AuthenticationError) and self._credentials_hint:
                    error.hint = self._credentials_hint
                raise error
            body = response.json()
            token = str(body.get("access_token") or "")
            if not token:
                raise ProviderError(
                    "Marketo's identity endpoint returned no access_token",
                    hint="check base_url: it must be the instance's REST/identity host",
                    provider=PROVIDER,
                )
            self.scrub.add(token)
            lifetime = float(body.get("expires_in") or 0)
            self._token = token
            # Marketo hands back the same token while it lives: near its end, use it for what
            # is left (a 602 then gets one refresh) rather than asking again on every call.
            usable = lifetime - TOKEN_MARGIN if lifetime > 2 * TOKEN_MARGIN else lifetime
            self._token_expires = self._clock() + usable
            return token

    # -- requests -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """One logical REST call (with retries); the successful envelope."""
        method = method.upper()
        if self.halted is not None:
            raise self.halted
        if idempotent is None:
            idempotent = method == "GET"
        what = f"{method} {path}"
        waited, attempt, renewed = 0.0, 0, False
        while True:
            attempt += 1
            try:
                return self._attempt(method, path, params, json, idempotent, what)
            except _TokenRefused:
                if renewed:
                    error = map_code(
                        "601", "Access token refused after a refresh", what, self.scrub
                    )
                    self.halted = error
                    raise error from None
                renewed = True
                attempt -= 1  # a token refresh is not a failed attempt
                continue
            except _Retry as retry:
                if attempt >= self.max_attempts or waited + retry.wait > self.retry_budget_seconds:
                    if isinstance(retry.error, RateLimitError):
                        self.halted = retry.error
                    raise retry.error from None
                waited += retry.wait
                self._sleep(retry.wait)
            except ProviderError as error:
                if isinstance(error, RateLimitError) or (
                    isinstance(error, AuthenticationError) and error.status == 401
                ):
                    self.halted = error
                raise

    def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Any,
        idempotent: bool,
        what: str,
    ) -> dict[str, Any]:
        try:
            token = self._access_token()
        except (ServerError, TransportError) as exc:
            raise _Retry(exc, 1.0) from None  # asking for a token again is always safe
        with self.limits.call():
            with self._lock:
                self.request_count += 1
            try:
                response = self._http.request(
                    method,
                    path,
                    params=params,
                    json=body,
                    headers={"Authorization": f"Bearer {token}"},
                )
            except _NOT_SENT as exc:
                raise _Retry(self._transport_error(exc, what), 1.0) from None
            except httpx.HTTPError as exc:
                if not idempotent:
                    raise AmbiguousWriteError(
                        self.scrub(f"{what} broke off before Marketo answered: {exc}"),
                        hint="the fields are re-read to see whether it happened",
                        provider=PROVIDER,
                    ) from None
                raise _Retry(self._transport_error(exc, what), 1.0) from None
        log.debug("%s -> %s", what, response.status_code)
        if response.status_code != 200:
            error = map_status(response.status_code, response.text, what, self.scrub)
            if response.status_code == 429:
                raise _Retry(error, RATE_WAIT["606"])
            if response.status_code >= 500:
                if not idempotent:
                    raise AmbiguousWriteError(
                        error.message, hint=error.hint, status=error.status, provider=PROVIDER
                    )
                raise _Retry(error, 1.0)
            raise error
        try:
            envelope = response.json()
        except ValueError:
            raise _Retry(
                ProviderError(f"{what}: Marketo sent a body that is not JSON", provider=PROVIDER),
                1.0,
            ) from None
        if not isinstance(envelope, dict):
            raise ProviderError(f"{what}: Marketo sent an unexpected body", provider=PROVIDER)
        if envelope.get("success") is True:
            return envelope
        return self._refused(envelope, idempotent, what)

    def _refused(self, envelope: dict[str, Any], idempotent: bool, what: str) -> dict[str, Any]:
        errors = envelope.get("errors") or [{}]
        code = str(errors[0].get("code") or "")
        message = str(errors[0].get("message") or "")
        if code in TOKEN_CODES:
            with self._lock:
                self._token = None  # the next attempt asks the identity endpoint again
            raise _TokenRefused
        error = map_code(code, message, what, self.scrub)
        if code in RATE_CODES:
            raise _Retry(error, RATE_WAIT[code])
        if code == QUOTA_CODE:
            raise error
        if code in TRANSIENT_CODES:
            if not idempotent:
                raise AmbiguousWriteError(error.message, hint=error.hint, provider=PROVIDER)
            raise _Retry(error, 1.0)
        raise error

    def _transport_error(self, exc: httpx.HTTPError, what: str) -> ProviderError:
        return TransportError(
            self.scrub(f"{what} failed: {type(exc).__name__}: {exc}"),
            hint="check the network and base_url / munchkin_id",
            provider=PROVIDER,
        )

    # -- conveniences ---------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self.request("GET", path, params=params or None)

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every `result` item of a `nextPageToken`-paged GET."""
        query: dict[str, Any] = dict(params or {})
        seen: set[str] = set()
        while True:
            page = self.request("GET", path, params=query)
            yield from page.get("result") or []
            token = page.get("nextPageToken")
            if not token or page.get("moreResult") is False:
                return
            if token in seen:
                raise ProviderError(
                    f"Marketo returned the page token {token!r} twice for {path}; stopping",
                    provider=PROVIDER,
                )
            seen.add(str(token))
            query["nextPageToken"] = token


class _TokenRefused(Exception):
    """Internal: a 601/602 answer; the caller renews the token once."""


__all__ = ["DEFAULT_TIMEOUT", "MarketoClient"]
