"""The ASGI middleware in front of every route: faults, bearer auth, rate limits, headers.

Order per request: injected faults (they stand in for the server misbehaving), then auth
(401 when the `Authorization: Bearer` header is missing or, with a configured token, wrong),
then the limits (429 with `policyName`), then the route; the rate-limit headers go on every
response, errors included.
"""

from __future__ import annotations

import json

import anyio

from ...sandbox_asgi import (
    ASGIApp,
    Receive,
    Scope,
    Send,
    bearer_token,
    reset_after_handling,
    with_headers,
)
from .config import SandboxConfig
from .errors import ApiError
from .faults import ConnectionDropped, FaultInjector
from .limits import RateLimiter

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
        token = bearer_token(scope)
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
            await reset_after_handling(self.app, scope, receive, send, extra, ConnectionDropped)
            return
        await self.app(scope, receive, with_headers(send, extra))


async def _send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json;charset=utf-8"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
