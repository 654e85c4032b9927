"""The ASGI middleware in front of every route: faults, bearer auth, rate limits, headers.

Order per request: injected faults (they stand in for the server misbehaving), then auth
(401 when the `Authorization: Bearer` header is missing or, with a configured token, wrong),
then the limits (429 with `policyName`), then the route; the rate-limit headers go on every
response, errors included.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from .config import SandboxConfig
from .errors import ApiError
from .faults import ConnectionDropped, FaultInjector
from .limits import RateLimiter

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MISSING_AUTH = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
"""HubSpot's 401 message for a request without credentials."""


class Gateway:
    """Wraps the routed app; one instance (and so one set of counters) per app."""

    def __init__(self, app: ASGIApp, config: SandboxConfig) -> None:
        self.app = app
        self.config = config
        self.limiter = RateLimiter(config.limits)
        self.faults = FaultInjector(config.faults)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        decision = self.faults.decide(method, path)
        if decision.delay:
            await anyio.sleep(decision.delay)
        if decision.error is not None:
            await _send_error(send, decision.error)
            return
        token = _bearer(scope)
        if token is None:
            await _send_error(send, ApiError(401, MISSING_AUTH, category="INVALID_AUTHENTICATION"))
            return
        if self.config.token is not None and token != self.config.token:
            # Never echo the token back: it is a secret even when it is wrong.
            await _send_error(
                send,
                ApiError(
                    401, "The access token provided is invalid.", category="INVALID_AUTHENTICATION"
                ),
            )
            return
        is_search = method == "POST" and path.endswith("/search")
        try:
            headers = self.limiter.admit(token, search=is_search)
        except ApiError as exc:
            await _send_error(send, exc)
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
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


async def _send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json;charset=utf-8"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
