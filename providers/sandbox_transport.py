"""`AsgiThreadTransport`: a sync `httpx.BaseTransport` serving any ASGI app in-process.

`httpx.ASGITransport` serves only `AsyncClient`, and the providers use a sync `httpx.Client`
(DESIGN §5). So this transport runs the ASGI app on an asyncio event loop in a daemon thread
and hands each request to it, blocking until the response is complete. Requests from several
client threads are served concurrently on that loop. An exception of one of the `dropped`
types (an emulator's injected connection reset) surfaces as `httpx.RemoteProtocolError`; a
response slower than the request's read timeout raises `httpx.ReadTimeout`.

Every provider's emulator builds its `SandboxTransport` on this class.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

import httpx

ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]


class AsgiThreadTransport(httpx.BaseTransport):
    """Serves `app` to a sync httpx client on a private event loop thread.

    `on_close` runs once when the transport closes (e.g. to close the store the app opened);
    `dropped` are the exception types that mean "the connection broke off after the request
    was handled".
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        on_close: Callable[[], None] | None = None,
        dropped: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.asgi_app = app
        self._on_close = on_close
        self._dropped = dropped
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._start_lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                # Daemon: a client that is never closed must not keep the interpreter alive.
                thread = threading.Thread(
                    target=loop.run_forever, name="revops-sandbox-transport", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()
        future = asyncio.run_coroutine_threadsafe(
            self._serve(request, content), self._running_loop()
        )
        timeout = (request.extensions.get("timeout") or {}).get("read")
        try:
            status, headers, payload = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError as exc:
            raise httpx.ReadTimeout("sandbox response timed out", request=request) from exc
        except self._dropped as exc:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            ) from exc
        return httpx.Response(status, headers=headers, content=payload, request=request)

    async def _serve(
        self, request: httpx.Request, content: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        url = request.url
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": unquote(url.path),
            "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "client": ("127.0.0.1", 0),
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
            "extensions": {},
        }
        sent_body = False
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        complete = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": content, "more_body": False}
            await asyncio.Event().wait()  # no disconnect while the request is served
            return {"type": "http.disconnect"}

        async def send(message: Any) -> None:
            nonlocal status, headers, complete
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)

        try:
            await self.asgi_app(scope, receive, send)
        except self._dropped:
            raise
        except Exception:
            # Starlette re-raises after it sent its 500 body; keep the response then.
            if not complete:
                raise
        return status, headers, b"".join(chunks)

    def close(self) -> None:
        """Stop the event loop thread and run `on_close`."""
        with self._start_lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
            loop.close()
        on_close, self._on_close = self._on_close, None
        if on_close is not None:
            on_close()


__all__ = ["AsgiThreadTransport"]
