"""The ASGI middleware in front of every route: faults, bearer auth, the daily allocation,
and the `Sforce-Limit-Info` header.

Order per request: injected faults, then (for `/services/data/vXX.X/...`) auth — 401
`INVALID_SESSION_ID` when the `Authorization: Bearer` header is missing or, with a configured
token, wrong — then the allocation (403 `REQUEST_LIMIT_EXCEEDED`), then the route. The token
endpoint and the version list (`/services/data/`) need no token and are not counted.
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
from .errors import ApiError, invalid_session
from .faults import ConnectionDropped, FaultInjector
from .limits import ApiUsage


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
            token = bearer_token(scope, ("bearer", "oauth"))
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
            await reset_after_handling(self.app, scope, receive, send, extra, ConnectionDropped)
            return
        await self.app(scope, receive, with_headers(send, extra))


async def send_error(send: Send, error: ApiError) -> None:
    payload = json.dumps(error.body()).encode()
    headers = [
        (b"content-type", b"application/json;charset=UTF-8"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
    ]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
