"""Client-side rate limiting sized to HubSpot's published limits.

HubSpot limits each private app per portal in a 10-second rolling window and per day, by
subscription tier; CRM search has its own, stricter per-second cap and is exempt from the
ten-secondly bucket (specs/hubspot.md §a.0: changelog "Increasing our API limits", the
objects spec's `x-hubspot-rate-limit-exemptions`). Staying under the window ourselves is
cheaper than being told by a 429; the 429 path in the client is the safety net.

The limiter is thread-safe (reads run concurrently) and takes an injectable clock and sleep
so tests never wait on the wall clock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from revops_as_code.errors import UsageError


@dataclass(frozen=True)
class TierLimits:
    """HubSpot's published per-app limits for one subscription tier."""

    burst: int
    """Requests per 10-second rolling window."""
    daily: int
    """Requests per day (reset at midnight in the portal's time zone)."""
    search_per_second: int = 4
    """CRM search requests per second (separate bucket; docs say 4, newer pages 5: keep 4)."""


TIERS: dict[str, TierLimits] = {
    "free": TierLimits(burst=100, daily=250_000),
    "starter": TierLimits(burst=100, daily=250_000),
    "professional": TierLimits(burst=190, daily=650_000),
    "enterprise": TierLimits(burst=190, daily=1_000_000),
    # API limit increase pack: 250/10 s and +1M/day per pack (one pack assumed).
    "api_limit_increase": TierLimits(burst=250, daily=2_000_000),
}

BURST_WINDOW_SECONDS = 10.0


def tier_limits(tier: str) -> TierLimits:
    try:
        return TIERS[tier]
    except KeyError:
        known = ", ".join(sorted(TIERS))
        raise UsageError(
            f"unknown HubSpot tier {tier!r}", hint=f"settings.tier is one of: {known}"
        ) from None


class RollingWindowLimiter:
    """At most `max_calls` acquisitions in any `period`-second window (a sliding log)."""

    def __init__(
        self,
        max_calls: int,
        period: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_calls < 1 or period <= 0:
            raise ValueError("a limiter needs max_calls >= 1 and period > 0")
        self.max_calls = max_calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0
        """Total seconds spent waiting (for tests and progress reporting)."""

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._calls and now - self._calls[0] >= self.period:
                    self._calls.popleft()
                if len(self._calls) < self.max_calls:
                    self._calls.append(now)
                    return
                delay = self.period - (now - self._calls[0])
            self.waited += delay
            self._sleep(delay)


class Limits:
    """The two buckets one client uses: general (ten-secondly) and search."""

    def __init__(
        self,
        tier: TierLimits,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.tier = tier
        self.general = RollingWindowLimiter(
            tier.burst, BURST_WINDOW_SECONDS, clock=clock, sleep=sleep
        )
        self.search = RollingWindowLimiter(tier.search_per_second, 1.0, clock=clock, sleep=sleep)

    def acquire(self, *, search: bool) -> None:
        (self.search if search else self.general).acquire()


__all__ = [
    "BURST_WINDOW_SECONDS",
    "TIERS",
    "Limits",
    "RollingWindowLimiter",
    "TierLimits",
    "tier_limits",
]
