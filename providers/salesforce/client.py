"""The one HTTP client the Salesforce provider talks through (REST, Tooling, composite).

A sync `httpx.Client` with an injectable transport and a timeout on every request; OAuth
tokens from `auth.py`; usage from `Sforce-Limit-Info` on every response (`api_usage`); SOQL
with `nextRecordsUrl` paging and a repeated-cursor guard; composite chunking from
`composite.py`; every failure mapped to typed errors by `errors.py`. Paths are relative to
the version root `/services/data/vXX.X/` (`sobjects/Lead/describe`, `tooling/query`).

Retry policy, in one place:
- GET (reads, queries, describe) and all-GET composites: 5xx, timeouts and dropped
  connections retried with backoff (Retry-After honoured when a proxy sends one);
- POST / PATCH / DELETE that fail ambiguously (5xx, timeout after sending) raise
  `AmbiguousWriteError` and are never re-sent: the caller re-reads and adopts or fails;
- a connection that could not be opened is retried for every method (nothing was sent);
- 429 (undocumented; a proxy's) is retried for every method (it was not processed);
- 401 `INVALID_SESSION_ID`: a new token once and the request resent; a second 401, or the
  token endpoint refusing the credentials, halts;
- 403 `REQUEST_LIMIT_EXCEEDED` (the daily allocation): never retried; the client is
  `halted` and every later request fails with the same error without being sent.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx
import tenacity

from revops_as_code.errors import ProviderError

from .auth import Token, TokenSource, auth_settings
from .composite import SubRequest, SubResponse, chunks, parse_responses
from .errors import (
    LIMIT_CODE,
    PROVIDER,
    AmbiguousWriteError,
    SalesforceAuthenticationError,
    SalesforceRateLimitError,
    SalesforceServerError,
    Scrubber,
    decode_body,
    map_response_error,
    map_transport_error,
)
from .limits import ApiUsage, backoff, parse_limit_info, retry_after, usage_from_limits, warn_before
from .settings import DEFAULT_API_VERSION, api_version_setting, number_setting
from .soql import SoqlMethods

log = logging.getLogger("revops_as_code.providers.salesforce")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
RETRY_BUDGET_SECONDS = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})

# Raised before the request reached the server: safe to retry whatever the method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

REFRESHED_HINT = (
    "a fresh access token was refused too: check that the connected app is enabled for "
    "this org, that its Run As (client credentials) or JWT user is active with 'API "
    "Enabled', that its OAuth scopes include 'api', and that its IP and session policies "
    "allow this machine"
)


class _Retry(Exception):
    """Internal: a failed attempt that may be retried; carries the error to raise at the end."""

    def __init__(self, error: ProviderError, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait


class SalesforceClient(SoqlMethods):
    """Sync Salesforce REST/Tooling client. Thread-safe; `request_count` counts API calls."""

    def __init__(
        self,
        settings: Mapping[str, Any],
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        config = auth_settings(settings, environ)
        self.api_version = api_version_setting(settings.get("api_version"))
        self.max_retries = int(number_setting(settings, "max_retries", DEFAULT_MAX_RETRIES))
        timeout = number_setting(settings, "timeout", DEFAULT_TIMEOUT) or DEFAULT_TIMEOUT
        self.scrub = Scrubber()
        self._sleep = sleep
        self._lock = threading.Lock()
        self.request_count = 0
        """REST/Tooling API requests sent, every attempt (token requests excluded)."""
        self.api_usage: ApiUsage | None = None
        self.halted: ProviderError | None = None
        """Set when the daily allocation is spent or a fresh token is refused."""
        self._http = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"Accept": "application/json", "User-Agent": "revops-as-code"},
            follow_redirects=False,
        )
        self.tokens = TokenSource(config, self._http, self.scrub, clock=clock, sleep=sleep)

    @property
    def version_root(self) -> str:
        return f"/services/data/v{self.api_version}"

    def close(self) -> None:
        self._http.close()  # idempotent in httpx

    def __enter__(self) -> SalesforceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        label: str | None = None,
    ) -> Any:
        """One logical request (retries and one token refresh included); the decoded JSON
        body, or None on 204/304. `idempotent` defaults by method (GET only); pass True for
        a write that is safe to repeat. `label` replaces the path in messages (the SOQL)."""
        what = f"{method.upper()} {label or path.split('?')[0]}"
        response = self._exchange(method, path, params, json, headers, idempotent, what)
        if response.status_code in (204, 304) or not response.content:
            return None
        decoded = decode_body(response)
        if decoded is None:
            raise SalesforceServerError(
                f"Salesforce {response.status_code} on {what}: the body is not JSON",
                hint="a proxy may be answering instead of Salesforce; check instance_url",
                status=response.status_code,
                provider=PROVIDER,
            )
        return decoded

    def request_text(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[str, Mapping[str, str]]:
        """Like `request`, for a non-JSON body (Bulk API 2.0 CSV results): text and headers."""
        what = f"{method.upper()} {path.split('?')[0]}"
        wanted = {"Accept": "text/csv", **(headers or {})}
        response = self._exchange(method, path, params, None, wanted, None, what)
        return response.text, response.headers

    def _exchange(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        idempotent: bool | None,
        what: str,
    ) -> httpx.Response:
        """The successful (2xx or 304) response, after the retry policy in the module doc."""
        method = method.upper()
        if self.halted is not None:
            raise self.halted  # it would fail the same way and spend more of the allocation
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        refreshed: list[bool] = [False]

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome is not None else None
            if isinstance(exc, _Retry) and exc.wait is not None:
                return exc.wait
            return backoff(state.attempt_number)

        def stop(state: tenacity.RetryCallState) -> bool:
            return (
                state.attempt_number > self.max_retries
                or state.idle_for + wait(state) > RETRY_BUDGET_SECONDS
            )

        retrying = tenacity.Retrying(
            sleep=self._sleep,
            stop=stop,
            wait=wait,
            retry=tenacity.retry_if_exception_type(_Retry),
            reraise=True,
        )
        try:
            response: httpx.Response = retrying(
                self._attempt, method, path, params, json, headers, idempotent, what, refreshed
            )
        except _Retry as exc:
            raise exc.error from None
        except SalesforceAuthenticationError as exc:
            if exc.request.startswith("POST /services/oauth2/token"):
                self.halted = exc  # the token endpoint refused us: so would every retry
            raise
        return response

    def _url(self, token: Token, path: str) -> str:
        if path.startswith(("http://", "https://")):
            if not path.startswith(token.instance_url + "/"):
                raise ValueError(f"refusing to send the org's token to another host: {path}")
            return path
        if path.startswith("/services/"):
            return token.instance_url + path  # nextRecordsUrl and friends
        return f"{token.instance_url}{self.version_root}/{path.lstrip('/')}"

    def _send(
        self,
        token: Token,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        body: Any,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        url = self._url(token, path)
        with self._lock:
            self.request_count += 1
        return self._http.request(
            method,
            url,
            params=params,
            json=body,
            headers={**(headers or {}), "Authorization": f"Bearer {token.access_token}"},
        )

    def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        body: Any,
        headers: Mapping[str, str] | None,
        idempotent: bool,
        what: str,
        refreshed: list[bool],
    ) -> httpx.Response:
        token = self.tokens.current()
        try:
            response = self._send(token, method, path, params, body, headers)
            if response.status_code == 401 and not refreshed[0]:
                # A 401 was not processed, so resending even a write is safe.
                refreshed[0] = True
                token = self.tokens.refresh(token)
                log.debug("%s -> 401; token refreshed, resending", what)
                response = self._send(token, method, path, params, body, headers)
        except _NOT_SENT as exc:
            raise _Retry(map_transport_error(exc, what, self.scrub)) from None
        except httpx.HTTPError as exc:
            if not idempotent:
                raise map_transport_error(exc, what, self.scrub, ambiguous=True) from None
            raise _Retry(map_transport_error(exc, what, self.scrub)) from None
        usage = parse_limit_info(response.headers.get("Sforce-Limit-Info"))
        if usage is not None:
            self.api_usage = usage
        log.debug("%s -> %s", self.scrub(what), response.status_code)
        if response.is_success or response.status_code == 304:
            return response
        raise self._failure(response, idempotent, what)

    def _failure(self, response: httpx.Response, idempotent: bool, what: str) -> Exception:
        """The exception for a failed response: `_Retry` when the policy allows another try."""
        status = response.status_code
        error = map_response_error(response, what, self.scrub, self.api_usage)
        if status == 401:
            error.hint = REFRESHED_HINT
            self.halted = error
            return error
        if isinstance(error, SalesforceRateLimitError) and error.code == LIMIT_CODE:
            if "concurrent" not in error.message.lower():
                self.halted = error
            return error
        if status == 429:
            return _Retry(error, wait=retry_after(response))
        if status >= 500:
            if not idempotent:
                ambiguous = AmbiguousWriteError(
                    error.message,
                    hint="Salesforce failed mid-write; re-read the object, never re-send it",
                    status=status,
                    provider=PROVIDER,
                )
                ambiguous.code, ambiguous.codes, ambiguous.items = (
                    error.code,
                    error.codes,
                    error.items,
                )
                ambiguous.request = what
                return ambiguous
            return _Retry(error, wait=retry_after(response))
        return error

    # -- REST -----------------------------------------------------------------------------

    def get(
        self,
        path: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        return self.request("GET", path, params=params, headers=headers)

    def post(self, path: str, json: Any) -> Any:
        return self.request("POST", path, json=json)

    def patch(self, path: str, json: Any) -> Any:
        return self.request("PATCH", path, json=json)

    def delete(self, path: str) -> None:
        self.request("DELETE", path)

    def limits(self) -> dict[str, Any]:
        """`GET limits`; also refreshes `api_usage` from its DailyApiRequests."""
        body = self.get("limits")
        result = body if isinstance(body, dict) else {}
        usage = usage_from_limits(result)
        if usage is not None:
            self.api_usage = ApiUsage(
                usage.used, usage.max, self.api_usage.apps if self.api_usage else ()
            )
        return result

    def warn_before(self, planned_calls: int) -> str | None:
        """`limits.warn_before` over the last known usage (None before any request)."""
        return warn_before(self.api_usage, planned_calls)

    # -- composite ------------------------------------------------------------------------

    def composite(
        self,
        requests: Sequence[SubRequest],
        *,
        tooling: bool = False,
        all_or_none: bool = False,
    ) -> list[SubResponse]:
        """Run subrequests in calls of <= 25 (<= 5 queries); one API call per chunk.

        Results are in the order given; a failed subrequest is a SubResponse with
        `error()`, not an exception. An all-GET chunk is retried like a read.
        """
        resource = "tooling/composite" if tooling else "composite"
        out: list[SubResponse] = []
        for chunk in chunks(requests, all_or_none=all_or_none):
            reads_only = all(r.method.upper() == "GET" for r in chunk)
            body = self.request(
                "POST",
                resource,
                json={
                    "allOrNone": all_or_none,
                    "compositeRequest": [r.payload(self.version_root) for r in chunk],
                },
                idempotent=reads_only,
            )
            out.extend(parse_responses(body, chunk, self.scrub))
        return out


__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ApiUsage",
    "SalesforceClient",
    "SubRequest",
    "SubResponse",
]
