"""The org's API allocation, as Salesforce reports it, and the client's retry timing.

Salesforce meters API requests per org in a rolling 24-hour window (100,000 plus a per-licence
adder) and reports usage on every REST response in `Sforce-Limit-Info: api-usage=18/5000`
(optionally `; per-app-api-usage=17/250(appName=...)` and `; api-bursts=1/750`) and in
`GET limits` (`DailyApiRequests: {Max, Remaining}`). Spending it is a 403
`REQUEST_LIMIT_EXCEEDED`, not a 429, and waiting minutes does not help: the client never
retries it and stops sending (see client.py). `warn_before` lets the provider say so *before*
a large apply instead of halfway through one.

There is no documented Retry-After; a proxy may send one (honoured), otherwise idempotent
reads back off exponentially.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

WARN_FRACTION = 0.10
"""Warn when an apply plans to spend more than this share of the remaining allocation."""


@dataclass(frozen=True)
class AppUsage:
    """`per-app-api-usage`: a connected app's own quota (where the org sets one)."""

    name: str
    used: int
    max: int

    @property
    def remaining(self) -> int:
        return max(0, self.max - self.used)


@dataclass(frozen=True)
class ApiUsage:
    """The org's daily API requests, used of max, from the last response that said."""

    used: int
    max: int
    apps: tuple[AppUsage, ...] = ()

    @property
    def remaining(self) -> int:
        return max(0, self.max - self.used)

    def spent(self) -> bool:
        """True when nothing remains (the org's, or this connected app's quota)."""
        return self.remaining == 0 or any(a.remaining == 0 for a in self.apps)

    def warn_before(self, planned_calls: int) -> str | None:
        """A warning to show before spending `planned_calls` requests, or None."""
        return warn_before(self, planned_calls)


_PAIR = re.compile(r"^\s*([a-z-]+)\s*=\s*(\d+)\s*/\s*(\d+)\s*(?:\(appName=([^)]*)\))?\s*$")


def parse_limit_info(header: str | None) -> ApiUsage | None:
    """`api-usage=18/5000; per-app-api-usage=17/250(appName=x)` -> ApiUsage, else None."""
    if not header:
        return None
    org: tuple[int, int] | None = None
    apps: list[AppUsage] = []
    for part in header.split(";"):
        match = _PAIR.match(part)
        if not match:
            continue
        key, used, limit, app = match.groups()
        if key == "api-usage":
            org = (int(used), int(limit))
        elif key == "per-app-api-usage":
            apps.append(AppUsage(name=app or "", used=int(used), max=int(limit)))
    if org is None:
        return None
    return ApiUsage(used=org[0], max=org[1], apps=tuple(apps))


def usage_from_limits(body: Mapping[str, Any]) -> ApiUsage | None:
    """`GET limits` -> ApiUsage from its `DailyApiRequests` entry, else None."""
    entry = body.get("DailyApiRequests")
    if not isinstance(entry, Mapping):
        return None
    try:
        limit, remaining = int(entry["Max"]), int(entry["Remaining"])
    except (KeyError, TypeError, ValueError):
        return None
    return ApiUsage(used=max(0, limit - remaining), max=limit)


def warn_before(usage: ApiUsage | None, planned_calls: int) -> str | None:
    """A warning when `planned_calls` would spend what remains, or more than 10% of it.

    None when there is nothing to say, or no usage is known yet (no request made).
    """
    if usage is None or planned_calls <= 0:
        return None
    pools = [("the org's daily API allocation", usage.remaining, usage.max)]
    pools += [(f"connected app {a.name!r}'s API quota", a.remaining, a.max) for a in usage.apps]
    for name, remaining, limit in pools:
        if planned_calls >= remaining:
            return (
                f"this needs about {planned_calls:,} API requests but only {remaining:,} of "
                f"{name} ({limit:,} per rolling 24 h) remain: it would stop part-way with "
                "REQUEST_LIMIT_EXCEEDED. Wait for calls to free up, or raise the limit."
            )
        if planned_calls > WARN_FRACTION * remaining:
            share = 100 * planned_calls / remaining
            return (
                f"this needs about {planned_calls:,} API requests, {share:.0f}% of the "
                f"{remaining:,} left in {name} ({limit:,} per rolling 24 h); other "
                "integrations share it."
            )
    return None


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta or HTTP date), else None."""
    header = response.headers.get("Retry-After")
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    date = response.headers.get("Date")
    try:
        now = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        now = None
    if now is None:
        return None  # no server clock to measure against; fall back to backoff
    return max(0.0, (when - now).total_seconds())


def backoff(attempt: int, *, base: float = 0.5, cap: float = 8.0) -> float:
    """Exponential backoff for attempt 1, 2, 3, ... (0.5 s, 1 s, 2 s, ... capped)."""
    return float(min(base * 2 ** (attempt - 1), cap))


__all__ = [
    "WARN_FRACTION",
    "ApiUsage",
    "AppUsage",
    "backoff",
    "parse_limit_info",
    "retry_after",
    "usage_from_limits",
    "warn_before",
]
