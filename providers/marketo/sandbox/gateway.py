"""The ASGI middleware in front of every route: faults, bearer auth, limits.

Order per request: injected faults; then, for REST paths, auth (`Authorization: Bearer`
only: query-parameter `access_token` auth was removed in 2026, "Authentication"), then the
limits: 10 concurrent calls (615), 100 calls per rolling 20 s (606), the daily quota (607).
Identity calls, and calls refused for their token (600/601/602, the KB table's *), count
toward no limit; that 606/615 refusals do not count either is our reading (unverified).
Failures are Marketo's: HTTP 200, `success: false`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs

import anyio

from ...sandbox_asgi import (
    ASGIApp,
    Receive,
    Scope,
    Send,
    bearer_token,
    reset_after_handling,
)
from .config import FaultRule, SandboxConfig
from .errors import ApiError

IDENTITY_PATH = "/identity/oauth/token"


class ConnectionDropped(Exception):
    """A `reset` fault handled the request; the connection must drop mid-response."""


class TokenBook:
    """Access tokens by value. Marketo hands back the same token while it lives, with the
    remaining seconds in `expires_in` ("Authentication": tips and best practices)."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._expiry: dict[str, float] = {}
        self._current: dict[str, str] = {}
        self._lock = threading.Lock()

    def issue(self, client_id: str) -> tuple[str, int]:
        now = self.config.clock()
        with self._lock:
            token = self._current.get(client_id)
            if token is None or self._expiry[token] <= now:
                token = f"{secrets.token_hex(16)}:sb"
                self._expiry[token] = now + self.config.token_ttl
                self._current[client_id] = token
            return token, max(0, int(self._expiry[token] - now) - 1)

    def check(self, token: str) -> str | None:
        """None when valid, else the error code (601 unknown, 602 expired)."""
        with self._lock:
            expiry = self._expiry.get(token)
        if expiry is None:
            return "601"
        return "602" if expiry <= self.config.clock() else None

    def expire_all(self) -> None:
        with self._lock:
            self._expiry = dict.fromkeys(self._expiry, 0.0)


@dataclass
class Usage:
    day: str = ""
    total: int = 0


class Limiter:
    """Rolling window, concurrency and daily quota for the whole instance."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.window: deque[float] = deque()
        self.in_flight = 0
        self.usage = Usage()
        self._lock = threading.Lock()

    def enter(self) -> None:
        limits, now = self.config.limits, self.config.clock()
        day = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")
        with self._lock:
            if self.usage.day != day:
                self.usage = Usage(day=day)
            while self.window and self.window[0] <= now - limits.window_seconds:
                self.window.popleft()
            if limits.concurrent is not None and self.in_flight >= limits.concurrent:
                raise ApiError("615")
            if limits.per_window is not None and len(self.window) >= limits.per_window:
                raise ApiError(
                    "606",
                    f"Max rate limit '{limits.per_window}' exceeded with in "
                    f"'{limits.window_seconds:g}' secs",
                )
            if limits.daily is not None and self.usage.total >= limits.daily:
                raise ApiError("607")
            self.window.append(now)
            self.usage.total += 1
            self.in_flight += 1

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


class Faults:
    def __init__(self, rules: tuple[FaultRule, ...]) -> None:
        self.rules = rules
        self.counts = [0] * len(rules)
        self._lock = threading.Lock()

    def decide(self, method: str, path: str) -> list[FaultRule]:
        firing: list[FaultRule] = []
        with self._lock:
            for i, rule in enumerate(self.rules):
                if rule.matches(method, path):
                    self.counts[i] += 1
                    if rule.fires_on(self.counts[i]):
                        firing.append(rule)
        return firing


def _fault_error(rule: FaultRule) -> ApiError:
    if rule.kind == "status":
        return ApiError("611", f"Injected fault: HTTP {rule.status}", http_status=rule.status)
    code = {"token_expiry": "602", "rate_limit_storm": "606"}.get(rule.kind, rule.code)
    return ApiError(code)


class Gateway:
    def __init__(self, app: ASGIApp, config: SandboxConfig, tokens: TokenBook) -> None:
        self.app = app
        self.config = config
        self.tokens = tokens
        self.limiter = Limiter(config)
        self.faults = Faults(config.faults)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        firing = self.faults.decide(method, path)
        reset = False
        for rule in firing:
            if rule.kind == "delay":
                await anyio.sleep(rule.delay_seconds)
            elif rule.kind == "reset":
                reset = True
        errors = [r for r in firing if r.kind not in ("delay", "reset")]
        if errors:
            await send_error(send, _fault_error(errors[0]))
            return
        if path == IDENTITY_PATH or not path.startswith("/rest/"):
            await self._run(scope, receive, send, reset)
            return
        refused = self._auth(scope)
        if refused is not None:
            await send_error(send, refused)
            return
        try:
            self.limiter.enter()
        except ApiError as exc:
            await send_error(send, exc)
            return
        try:
            await self._run(scope, receive, send, reset)
        finally:
            self.limiter.leave()

    def _auth(self, scope: Scope) -> ApiError | None:
        token = bearer_token(scope)
        if token is None:
            query = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1"))
            if "access_token" in query:
                return ApiError(
                    "600",
                    "Access token not specified: the access_token query parameter is no longer "
                    "supported; send the token as 'Authorization: Bearer <token>'",
                )
            return ApiError("600")
        code = self.tokens.check(token)
        return None if code is None else ApiError(code)

    async def _run(self, scope: Scope, receive: Receive, send: Send, reset: bool) -> None:
        if not reset:
            await self.app(scope, receive, send)
            return
        await reset_after_handling(self.app, scope, receive, send, [], ConnectionDropped)


async def send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json;charset=UTF-8"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": error.http_status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
