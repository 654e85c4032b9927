"""Applying `FaultRule`s: counting matching requests and deciding what each one does.

One `FaultInjector` per app instance, so "the 2nd POST to tooling/sobjects/CustomField" is
the 2nd such request that instance saw. The gateway asks `decide` before a request is
handled; composite requests ask `subrequest_error` for each subrequest.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from .config import FaultRule
from .errors import ApiError, invalid_session, limit_exceeded


class ConnectionDropped(Exception):
    """Raised after a `reset` fault handled the request: the connection must drop without
    a complete response (the in-process transport maps it to an httpx error)."""


@dataclass(frozen=True)
class Decision:
    error: ApiError | None = None
    delay: float = 0.0
    reset: bool = False


class FaultInjector:
    def __init__(self, rules: Sequence[FaultRule]) -> None:
        self.rules = tuple(rules)
        self._counts = [0] * len(self.rules)
        self._lock = threading.Lock()

    def decide(self, method: str, path: str) -> Decision:
        """Count this request against every matching rule; the first error wins, delays add."""
        error: ApiError | None = None
        delay = 0.0
        reset = False
        for rule in self._firing(method, path):
            if rule.kind == "delay":
                delay += rule.delay_seconds
            elif rule.kind == "reset":
                reset = True
            elif error is None:
                error = error_for(rule)
        return Decision(error=error, delay=delay, reset=reset)

    def subrequest_error(self, method: str, path: str) -> ApiError | None:
        """The error a composite subrequest gets, if an error rule fires on it."""
        for rule in self._firing(method, path, errors_only=True):
            return error_for(rule)
        return None

    def _firing(self, method: str, path: str, *, errors_only: bool = False) -> list[FaultRule]:
        fired: list[FaultRule] = []
        with self._lock:
            for index, rule in enumerate(self.rules):
                if errors_only and rule.kind in ("delay", "reset"):
                    continue
                if not rule.matches(method, path):
                    continue
                self._counts[index] += 1
                if rule.fires_on(self._counts[index]):
                    fired.append(rule)
        return fired


def error_for(rule: FaultRule) -> ApiError:
    if rule.kind == "expired":
        return invalid_session()
    if rule.kind == "limit":
        return limit_exceeded()
    code = {
        400: "INVALID_INPUT",
        401: "INVALID_SESSION_ID",
        403: "INSUFFICIENT_ACCESS",
        404: "NOT_FOUND",
        409: "CONFLICT",
        503: "SERVER_UNAVAILABLE",
    }.get(rule.status, "UNKNOWN_EXCEPTION")
    return ApiError(rule.status, code, f"Injected fault: HTTP {rule.status}")
