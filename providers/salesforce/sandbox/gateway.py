"""The ASGI middleware in front of every route: faults, bearer auth, the daily allocation,
and the `Sforce-Limit-Info` header.

Order per request: injected faults, then (for `/services/data/vXX.X/...`) auth — 401
`INVALID_SESSION_ID` when the `Authorization: Bearer` header is missing or, with a configured
token, wrong — then the allocation (403 `REQUEST_LIMIT_EXCEEDED`), then the route. The token
endpoint and the version list (`/services/data/`) need no token and are not counted.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from .config import SandboxConfig
from .errors import ApiError, invalid_session
from .faults import ConnectionDropped, FaultInjector
from .limits import ApiUsage

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_api(path: str) -> bool:
    """A counted, authenticated REST path (`/services/data/vXX.X/...`)."""
    return path.startswith("/services/data/v")


class Gateway:
    def __init__(self, app: ASGIApp, config: SandboxConfig) -> None:
        self.app = app
        self.config = config
        self.usage = ApiUsage(config.limits)
        self.faults = FaultInjector(config.faults)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        decision = self.faults.decide(method, path)
        if decision.delay:
            await anyio.sleep(decision.delay)
        extra: list[tuple[bytes, bytes]] = []
        if decision.error is not None:
            if is_api(path):
                decision.error.headers.update(self.usage.headers())
            await send_error(send, decision.error)
            return
        if is_api(path):
            token = _bearer(scope)
            if token is None or (self.config.token is not None and token != self.config.token):
                # Never echo the token back: it is a secret even when it is wrong.
                await send_error(send, invalid_session())
                return
            try:
                headers = self.usage.admit()
            except ApiError as exc:
                await send_error(send, exc)
                return
            extra = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

        if decision.reset:
            await self._reset(scope, receive, send, extra)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _reset(
        self, scope: Scope, receive: Receive, send: Send, extra: list[tuple[bytes, bytes]]
    ) -> None:
        # Run the request to completion (its write commits), then start the response and
        # break off half-way: the client cannot tell whether the write happened.
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        payload = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(max(len(payload), 2)).encode()))
        await send({**start, "headers": [*headers, *extra]})
        await send(
            {"type": "http.response.body", "body": payload[: len(payload) // 2], "more_body": True}
        )
        raise ConnectionDropped("injected connection reset after the request was handled")


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() in ("bearer", "oauth") and token.strip():
                return token.strip()
    return None


async def send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json;charset=UTF-8"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
