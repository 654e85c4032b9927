"""The one HTTP client the HubSpot provider talks through.

A sync `httpx.Client` (the in-process sandbox transport is sync; reads fan out over a small
thread pool instead of asyncio) with: an injectable transport, a timeout on every request,
private-app bearer auth, the client-side limiter from `limits.py`, retries via tenacity,
cursor pagination with a repeated-cursor guard, and every failure mapped to the project's
typed errors by `errors.py` with HubSpot's correlation id kept.

Retry policy, in one place:
- 429 `TEN_SECONDLY_ROLLING` (or the search/secondly policies): wait (Retry-After if sent,
  else the interval HubSpot reports) and retry, for any method — a 429 was not processed —
  within a bounded budget of attempts and seconds;
- 429 `DAILY`: stop at once with a clear message (retrying before midnight is pointless);
- 5xx, timeouts, dropped connections: exponential backoff, *idempotent calls only*;
- a non-idempotent call (a create) that fails ambiguously raises `AmbiguousWriteError` and is
  never re-sent here: `write.py` re-reads by name or label and adopts or fails;
- a connection that could not be opened is retried for every method (nothing was sent).

After a 401 (a private-app token has no refresh: it is wrong, revoked or rotated) or a 429
beyond the budget, the client is `halted`: every later request fails with the same error
without being sent, and the engine stops applying to this target (`Provider.halted`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx
import tenacity

from revops_as_code.errors import AuthenticationError, ProviderError, RateLimitError

from .errors import (
    PROVIDER,
    AmbiguousWriteError,
    Scrubber,
    error_body,
    map_response_error,
    map_transport_error,
)
from .limits import Limits, TierLimits, tier_limits

log = logging.getLogger("revops_as_code.providers.hubspot")

DEFAULT_BASE_URL = "https://api.hubapi.com"
DEFAULT_TIMEOUT = 30.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"})
"""PATCH counts as idempotent here: revops only sends absolute values, never increments."""

# Sent before the request reached the server: safe to retry whatever the method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class _Retry(Exception):
    """Internal: a failed attempt that may be retried; carries the error to raise at the end."""

    def __init__(self, error: ProviderError, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait


class HubSpotClient:
    """Sync HubSpot API client. Thread-safe; `request_count` counts every attempt sent."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        tier: str | TierLimits = "starter",
        max_attempts: int = 5,
        retry_budget_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rate_limit: bool = True,
    ) -> None:
        if not token:
            raise ValueError("HubSpotClient needs a token (the sandbox accepts any)")
        self.scrub = Scrubber([token])
        self.limits = Limits(
            tier if isinstance(tier, TierLimits) else tier_limits(tier), clock=clock, sleep=sleep
        )
        self.rate_limit = rate_limit
        self.max_attempts = max_attempts
        self.retry_budget_seconds = retry_budget_seconds
        self._sleep = sleep
        self._count_lock = threading.Lock()
        self.request_count = 0
        self.search_count = 0
        self.halted: ProviderError | None = None
        """Set by a 401 or a spent rate limit: nothing more is sent (see the module doc)."""
        self._http = httpx.Client(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "User-Agent": "revops-as-code",
            },
            follow_redirects=False,
        )

    # -- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        search: bool = False,
    ) -> Any:
        """Send one logical request (with retries); the decoded JSON body, or None on 204.

        `idempotent` defaults by method; pass True for POSTs that only read (search,
        batch/read). `search` routes the call through the search limiter.
        """
        method = method.upper()
        if self.halted is not None:
            raise self.halted  # it would fail the same way, and spend more of the limit
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        what = f"{method} {path}"

        def wait(state: tenacity.RetryCallState) -> float:
            outcome = state.outcome
            exc = outcome.exception() if outcome is not None else None
            if isinstance(exc, _Retry) and exc.wait is not None:
                return float(exc.wait)
            return float(min(0.5 * 2 ** (state.attempt_number - 1), 8.0))

        def stop(state: tenacity.RetryCallState) -> bool:
            return (
                state.attempt_number >= self.max_attempts
                or state.idle_for + wait(state) > self.retry_budget_seconds
            )

        retrying = tenacity.Retrying(
            sleep=self._sleep,
            stop=stop,
            wait=wait,
            retry=tenacity.retry_if_exception_type(_Retry),
            reraise=True,
        )
        try:
            return retrying(self._attempt, method, path, params, json, idempotent, search, what)
        except _Retry as exc:
            self._halt_on(exc.error)
            raise exc.error from None
        except ProviderError as exc:
            self._halt_on(exc)
            raise

    def _halt_on(self, error: ProviderError) -> None:
        # 403 is not here: a missing scope fails one object type, not every request.
        if isinstance(error, RateLimitError) or (
            isinstance(error, AuthenticationError) and error.status == 401
        ):
            self.halted = error

    def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Any,
        idempotent: bool,
        search: bool,
        what: str,
    ) -> Any:
        if self.rate_limit:
            self.limits.acquire(search=search)
        with self._count_lock:
            self.request_count += 1
            if search:
                self.search_count += 1
        try:
            response = self._http.request(method, path, params=params, json=body)
        except _NOT_SENT as exc:
            raise _Retry(map_transport_error(exc, what, self.scrub)) from None
        except httpx.HTTPError as exc:
            if not idempotent:
                raise map_transport_error(exc, what, self.scrub, ambiguous=True) from None
            raise _Retry(map_transport_error(exc, what, self.scrub)) from None
        log.debug("%s -> %s", self.scrub(f"{method} {response.request.url}"), response.status_code)
        if response.is_success:
            if response.status_code == 204 or not response.content:
                return None
            return response.json()
        return self._failure(response, idempotent, what)

    def _failure(self, response: httpx.Response, idempotent: bool, what: str) -> Any:
        status = response.status_code
        error = map_response_error(response, self.scrub, what=what)
        if status == 429:
            policy = str(error_body(response).get("policyName") or "")
            if policy == "DAILY":
                raise error
            # Counts against the retry budget (tenacity's idle time), so a storm ends in a
            # RateLimitError instead of an endless wait.
            raise _Retry(error, wait=_retry_after(response))
        if status >= 500 or status == 477:
            if not idempotent:
                raise AmbiguousWriteError(
                    error.message,
                    hint="HubSpot failed mid-write; the object is re-read, never re-sent",
                    status=status,
                    correlation_id=error.correlation_id,
                    provider=PROVIDER,
                )
            raise _Retry(error)
        raise error

    # -- conveniences ---------------------------------------------------------------------

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None)

    def paginate(
        self, path: str, params: Mapping[str, Any] | None = None, *, limit: int = 100
    ) -> Iterator[dict[str, Any]]:
        """Every item of a cursor-paged GET list (`paging.next.after`), page by page."""
        seen: set[str] = set()
        query: dict[str, Any] = {**(params or {}), "limit": limit}
        while True:
            page = self.request("GET", path, params=query) or {}
            yield from page.get("results", [])
            after = ((page.get("paging") or {}).get("next") or {}).get("after")
            if not after:
                return
            if str(after) in seen:
                raise ProviderError(
                    f"HubSpot returned the paging cursor {after!r} twice for {path}; "
                    "stopping instead of looping",
                    provider=PROVIDER,
                )
            seen.add(str(after))
            query["after"] = after

    def search(self, object_type: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """One CRM search call (its own rate limit); returns `{total, results, paging}`."""
        result = self.request(
            "POST",
            f"/crm/v3/objects/{object_type}/search",
            json=dict(body),
            idempotent=True,
            search=True,
        )
        return result if isinstance(result, dict) else {}


def _retry_after(response: httpx.Response) -> float:
    """Seconds to wait after a 429: Retry-After if sent, else HubSpot's reported interval.

    HubSpot does not document Retry-After (specs/hubspot.md §a.0); its
    `X-HubSpot-RateLimit-Interval-Milliseconds` names the window. A rolling window frees a
    slot well before it ends, so wait a tenth of it (1 s for the 10 s window).
    """
    header = response.headers.get("Retry-After")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    interval = response.headers.get("X-HubSpot-RateLimit-Interval-Milliseconds")
    try:
        return max(0.1, int(interval) / 10_000) if interval else 1.0
    except ValueError:
        return 1.0


__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "HubSpotClient"]
