"""HubSpot's request limits per token: the rolling ten-second window, the daily cap and the
separate per-second search cap, with the headers HubSpot reports them in.

Headers (changelog "Rate limit information headers", 2018): `X-HubSpot-RateLimit-Max`,
`-Remaining`, `-Interval-Milliseconds`, `-Daily`, `-Daily-Remaining`, and the legacy
`-Secondly`/`-Secondly-Remaining` (sent here for search, whose cap is per second). 429 bodies
carry `policyName` (`TEN_SECONDLY_ROLLING`, `DAILY`, and `SECONDLY` for search — the search
policy name is not documented; unverified).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import Limits
from .errors import ApiError


@dataclass
class _Bucket:
    window: deque[float] = field(default_factory=deque)
    search: deque[float] = field(default_factory=deque)
    day: int = -1
    daily_used: int = 0


class RateLimiter:
    """Counts requests per token; `admit` either returns the headers or raises a 429."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.time) -> None:
        self.limits = limits
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def admit(self, token: str, *, search: bool) -> dict[str, str]:
        """Count one request; returns the rate-limit headers, or raises `ApiError` 429
        (carrying the headers in `.headers`)."""
        now = self.clock()
        limits = self.limits
        with self._lock:
            bucket = self._buckets.setdefault(token, _Bucket())
            day = int(now // 86_400)
            if bucket.day != day:
                bucket.day, bucket.daily_used = day, 0
            _expire(bucket.window, now - limits.interval_ms / 1000)
            _expire(bucket.search, now - 1.0)
            headers = self._headers(bucket, search=search)
            if limits.daily is not None and bucket.daily_used >= limits.daily:
                raise _too_many("DAILY", "daily", headers)
            if search:
                if (
                    limits.search_per_second is not None
                    and len(bucket.search) >= limits.search_per_second
                ):
                    raise _too_many("SECONDLY", "secondly", headers)
                bucket.search.append(now)
            else:
                if limits.ten_secondly is not None and len(bucket.window) >= limits.ten_secondly:
                    raise _too_many("TEN_SECONDLY_ROLLING", "ten_secondly_rolling", headers)
                bucket.window.append(now)
            bucket.daily_used += 1
            return self._headers(bucket, search=search)

    def headers(self, token: str, *, search: bool = False) -> dict[str, str]:
        """The current headers for `token` without counting a request."""
        with self._lock:
            return self._headers(self._buckets.setdefault(token, _Bucket()), search=search)

    def _headers(self, bucket: _Bucket, *, search: bool) -> dict[str, str]:
        limits = self.limits
        out = {"X-HubSpot-RateLimit-Interval-Milliseconds": str(limits.interval_ms)}
        if limits.ten_secondly is not None:
            out["X-HubSpot-RateLimit-Max"] = str(limits.ten_secondly)
            out["X-HubSpot-RateLimit-Remaining"] = str(
                max(0, limits.ten_secondly - len(bucket.window))
            )
        if limits.daily is not None:
            out["X-HubSpot-RateLimit-Daily"] = str(limits.daily)
            out["X-HubSpot-RateLimit-Daily-Remaining"] = str(
                max(0, limits.daily - bucket.daily_used)
            )
        if search and limits.search_per_second is not None:
            out["X-HubSpot-RateLimit-Secondly"] = str(limits.search_per_second)
            out["X-HubSpot-RateLimit-Secondly-Remaining"] = str(
                max(0, limits.search_per_second - len(bucket.search))
            )
        return out


def _expire(window: deque[float], cutoff: float) -> None:
    while window and window[0] <= cutoff:
        window.popleft()


def rate_limit_error(policy: str, headers: dict[str, str] | None = None) -> ApiError:
    """The 429 HubSpot sends when `policy` is exhausted."""
    return _too_many(policy, policy.lower(), headers or {})


def _too_many(policy: str, label: str, headers: dict[str, str]) -> ApiError:
    return ApiError(
        429,
        f"You have reached your {label} limit.",
        category="RATE_LIMITS",
        extra={"errorType": "RATE_LIMIT", "policyName": policy},
        headers=headers,
    )
