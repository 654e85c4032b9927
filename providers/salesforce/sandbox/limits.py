"""The org's daily API allocation and the `Sforce-Limit-Info` header that reports it.

Salesforce counts API requests per org over a rolling 24 hours ("API Request Limits and
Allocations"); every response carries `Sforce-Limit-Info: api-usage=<used>/<max>`, and a
request beyond the allocation is refused with 403 `REQUEST_LIMIT_EXCEEDED` (no 429, no
Retry-After). A composite request counts as one call. The counter lives as long as the app.
"""

from __future__ import annotations

import threading

from .config import Limits
from .errors import ApiError, limit_exceeded

HEADER = "Sforce-Limit-Info"

_REPORTED_MAX = 15_000_000
"""What `api-usage` reports as the maximum when the cap is off (a large org's allocation)."""


class ApiUsage:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.used = limits.used
        self._lock = threading.Lock()

    @property
    def maximum(self) -> int:
        return self.limits.daily if self.limits.daily is not None else _REPORTED_MAX

    def admit(self) -> dict[str, str]:
        """Count one call; the headers to send, or `ApiError` 403 (carrying them)."""
        with self._lock:
            if self.limits.daily is not None and self.used >= self.limits.daily:
                error: ApiError = limit_exceeded()
                error.headers.update(self._headers())
                raise error
            self.used += 1
            return self._headers()

    def headers(self) -> dict[str, str]:
        with self._lock:
            return self._headers()

    def remaining(self) -> int:
        with self._lock:
            return max(0, self.maximum - self.used)

    def _headers(self) -> dict[str, str]:
        return {HEADER: f"api-usage={self.used}/{self.maximum}"}
