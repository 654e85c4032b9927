"""The request core every route shares: `Call` in, `Reply` out, one `dispatch`.

Handlers are plain sync functions over the store, so a composite request runs its
subrequests through the same `dispatch` inside one store transaction (all or none), and the
Starlette app runs each top-level request in a worker thread (the store's lock then
serialises writers across threads instead of across one event loop's tasks).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .config import API_VERSIONS, SandboxConfig
from .errors import ApiError, not_found
from .store import SalesforceStore, now_iso
from .view import OrgView

if TYPE_CHECKING:
    from .faults import FaultInjector
    from .limits import ApiUsage


@dataclass
class Call:
    """One request: `path` is relative to `/services/data/vXX.X/` (`tooling/query`)."""

    method: str
    path: str
    version: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    """Lower-case names."""
    body: Any = None
    raw_body: bytes = b""

    @property
    def base(self) -> str:
        return f"/services/data/v{self.version}"


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Context:
    """What a handler sees: the store, the config, the app's counters and cursors."""

    def __init__(
        self,
        store: SalesforceStore,
        config: SandboxConfig,
        *,
        usage: ApiUsage,
        faults: FaultInjector,
        cursors: dict[str, tuple[list[Any], int, int]],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.usage = usage
        self.faults = faults
        self.cursors = cursors
        self.clock = clock or (lambda: datetime.now(UTC))
        self._local = threading.local()

    @property
    def in_composite_all_or_none(self) -> bool:
        """True while this thread runs the subrequests of an allOrNone composite request."""
        return bool(getattr(self._local, "all_or_none", False))

    @in_composite_all_or_none.setter
    def in_composite_all_or_none(self, value: bool) -> None:
        self._local.all_or_none = value

    def view(self) -> OrgView:
        return self.store.view()

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return now_iso(self.now())

    def user_id(self) -> str:
        """The integration user every token acts as (created on first need)."""
        org = self.store.org()
        for user in org.users:
            if user.get("Name") == self.config.user_name:
                return str(user["Id"])
        user_id = self.store.next_id("User")
        self.store.put_user(
            {
                "Id": user_id,
                "Name": self.config.user_name,
                "Username": "integration@sandbox.invalid",
                "Email": "integration@sandbox.invalid",
                "IsActive": True,
            }
        )
        return user_id


Handler = Callable[[Context, Call, "re.Match[str]"], Reply]
Route = tuple[str, str, Handler]
"""(method, regex over the relative path, handler)."""

_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def register(routes: list[Route]) -> None:
    for method, pattern, handler in routes:
        _ROUTES.append((method, re.compile(f"^{pattern}$"), handler))


def known_version(version: str) -> bool:
    return version in API_VERSIONS


def dispatch(ctx: Context, call: Call) -> Reply:
    """Route `call`; an `ApiError` becomes its error reply."""
    try:
        if not known_version(call.version):
            raise not_found()
        allowed: list[str] = []
        path = call.path.rstrip("/")
        for method, pattern, handler in _ROUTES:
            match = pattern.match(path)
            if match is None:
                continue
            if method != call.method.upper():
                allowed.append(method)
                continue
            return handler(ctx, call, match)
        if allowed:
            raise ApiError(
                405,
                "METHOD_NOT_ALLOWED",
                f"HTTP Method '{call.method.upper()}' not allowed. Allowed are "
                + ",".join(sorted(set(allowed))),
            )
        raise not_found()
    except ApiError as exc:
        return Reply(exc.status, exc.body(), dict(exc.headers))


def split_url(url: str) -> tuple[str, str, dict[str, str]] | None:
    """`/services/data/v60.0/tooling/query?q=...` -> ("60.0", "tooling/query", {q: ...})."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    match = re.match(r"^/services/data/v(\d+\.\d+)/(.*)$", parts.path)
    if match is None:
        return None
    return match.group(1), match.group(2), dict(parse_qsl(parts.query))
