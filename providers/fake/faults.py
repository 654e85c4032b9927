"""Injectable faults for the fake provider: fail the Nth call, fail one object, be slow.

Faults are plain data so they can come from a test (`provider.faults.fail_calls.add(3)`) or
from revops.yaml settings (`faults: {fail_calls: [3], error: server, latency: 0.05}`) when
the CLI runs in a subprocess. A failure raises the typed error a real provider maps the
corresponding HTTP status to, so the engine's handling is tested against the real tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

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

ERRORS: dict[str, tuple[type[ProviderError], int | None]] = {
    "auth": (AuthenticationError, 401),
    "not_found": (NotFoundError, 404),
    "conflict": (ConflictError, 409),
    "validation": (ValidationFailed, 400),
    "rate_limit": (RateLimitError, 429),
    "server": (ServerError, 500),
    "transport": (TransportError, None),
}
"""Fault name -> (error class, the HTTP status a real provider would have seen)."""

STATUS_TO_FAULT = {status: name for name, (_, status) in ERRORS.items() if status is not None}


@dataclass
class Faults:
    """What should go wrong, and when. Calls are counted across read_live and apply."""

    fail_calls: set[int] = field(default_factory=set)
    """1-based call numbers that fail (the world's call counter, shared by every provider)."""
    fail_ids: set[str] = field(default_factory=set)
    """Resource ids (`fake/kind/key`) whose apply always fails."""
    fail_all: bool = False
    """Every call fails (e.g. revoked credentials)."""
    error: str = "server"
    """Which error a failure raises: one of `ERRORS`."""
    after_write: bool = False
    """Fail *after* the write took effect: the ambiguous failure a timeout produces."""
    latency: float = 0.0
    """Seconds every call sleeps (slow responses; also widens race windows in tests)."""

    @classmethod
    def from_settings(cls, data: Mapping[str, Any] | None) -> Faults:
        data = dict(data or {})
        error = str(data.get("error", "server"))
        if error not in ERRORS:
            raise ValueError(f"unknown fault error {error!r}; one of {sorted(ERRORS)}")
        return cls(
            fail_calls={int(n) for n in data.get("fail_calls", ())},
            fail_ids={str(i) for i in data.get("fail_ids", ())},
            fail_all=bool(data.get("fail_all", False)),
            error=error,
            after_write=bool(data.get("after_write", False)),
            latency=float(data.get("latency", 0.0)),
        )

    def should_fail(self, call_number: int, resource_id: str | None = None) -> bool:
        return (
            self.fail_all
            or call_number in self.fail_calls
            or (resource_id is not None and resource_id in self.fail_ids)
        )

    def raise_error(self, what: str) -> None:
        cls, status = ERRORS[self.error]
        raise cls(
            f"fake provider: injected {self.error} failure on {what}",
            status=status,
            provider="fake",
        )


__all__ = ["ERRORS", "STATUS_TO_FAULT", "Faults"]
