"""Applying `FaultRule`s to requests: counting matches and deciding what each one does.

The counters live in one `FaultInjector` per app instance, so "the 3rd POST to properties"
means the 3rd such request that instance saw. The gateway middleware (`gateway.py`) asks
`decide` before a request is handled and acts on the answer.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from .config import FaultRule
from .errors import ApiError
from .limits import rate_limit_error


class ConnectionDropped(Exception):
    """Raised after a `reset` fault handled the request: the connection must be dropped
    without a complete response (the in-process transport maps it to an httpx error)."""


@dataclass(frozen=True)
class Decision:
    """What the faults say about one request."""

    error: ApiError | None = None
    """Answer with this error instead of handling the request."""
    delay: float = 0.0
    """Seconds to wait before going on."""
    reset: bool = False
    """Handle the request, then drop the connection."""


class FaultInjector:
    """Counts matching requests per rule and turns firing rules into a `Decision`."""

    def __init__(self, rules: Sequence[FaultRule]) -> None:
        self.rules = tuple(rules)
        self._counts = [0] * len(self.rules)
        self._lock = threading.Lock()

    def decide(self, method: str, path: str) -> Decision:
        """Count this request against every matching rule; the first that fires decides
        its kind of effect (several delays add up)."""
        error: ApiError | None = None
        delay = 0.0
        reset = False
        with self._lock:
            for index, rule in enumerate(self.rules):
                if not rule.matches(method, path):
                    continue
                self._counts[index] += 1
                if not rule.fires_on(self._counts[index]):
                    continue
                if rule.kind == "delay":
                    delay += rule.delay_seconds
                elif rule.kind == "reset":
                    reset = True
                elif error is None:
                    error = _error_for(rule)
        return Decision(error=error, delay=delay, reset=reset)


def _error_for(rule: FaultRule) -> ApiError:
    if rule.kind == "token_expiry":
        # HubSpot's answer to an expired OAuth token (category as seen in responses; unverified).
        return ApiError(
            401,
            "The OAuth token used to make this call expired.",
            category="EXPIRED_AUTHENTICATION",
        )
    if rule.kind == "rate_limit_storm":
        return rate_limit_error(rule.policy, {"X-HubSpot-RateLimit-Interval-Milliseconds": "10000"})
    category = {
        400: "VALIDATION_ERROR",
        401: "INVALID_AUTHENTICATION",
        403: "MISSING_SCOPES",
        404: "OBJECT_NOT_FOUND",
        409: "CONFLICT",
        429: "RATE_LIMITS",
    }.get(rule.status, "INTERNAL_ERROR")
    return ApiError(rule.status, f"Injected fault: HTTP {rule.status}", category=category)
