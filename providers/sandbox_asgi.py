"""ASGI pieces every sandbox's gateway shares (part of what emulators have in common, beside
`sandbox_transport.py` and `sandbox_server.py`): the ASGI type names, adding headers to a
response, an injected connection reset, and reading a bearer token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]


def with_headers(send: Send, extra: Headers) -> Send:
    """`send`, with `extra` headers added to the response start (rate-limit headers)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending


async def reset_after_handling(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    extra: Headers,
    dropped: type[Exception],
) -> None:
    """Run the request to completion (its write commits), then start the response and break
    off half-way, raising `dropped`: the client cannot tell whether the write happened."""
    start: Message = {}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    payload = b"".join(chunks)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(max(len(payload), 2)).encode()))
    await send({**start, "headers": [*headers, *extra]})
    await send(
        {"type": "http.response.body", "body": payload[: len(payload) // 2], "more_body": True}
    )
    raise dropped("injected connection reset after the request was handled")


def bearer_token(scope: Scope, schemes: tuple[str, ...] = ("bearer",)) -> str | None:
    """The token of an `Authorization: <scheme> <token>` header, or None."""
    for key, value in scope.get("headers", []):
        if key.lower() == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() in schemes and token.strip():
                return token.strip()
    return None


__all__ = [
    "ASGIApp",
    "Headers",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "bearer_token",
    "reset_after_handling",
    "with_headers",
]
