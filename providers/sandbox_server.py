"""Any sandbox's ASGI app over TCP with uvicorn, for any HTTP client (curl, SDKs): the part of
`revops sandbox serve` every emulator shares (each sandbox's `server.py` builds its app and
calls these).

The socket is bound here before uvicorn starts, so a taken port is a clean `UsageError`
rather than uvicorn's exit. `running_app()` runs one in a background thread (tests, demos)
and yields its base URL. A sandbox's `reset` fault raises one of the `dropped` exceptions
after half a response; the server ends such a request quietly.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import uvicorn
from starlette.requests import ClientDisconnect

from revops_as_code.errors import UsageError

from .sandbox_asgi import ASGIApp, Receive, Scope, Send


class ClosableApp(Protocol):
    """A sandbox app: an ASGI callable that owns a store to close."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...

    def close(self) -> None: ...


INCOMPLETE = "ASGI callable returned without completing response."
"""What uvicorn logs (and then closes the connection) when an app returns mid-response."""

_dropped: ContextVar[bool] = ContextVar("sandbox_connection_dropped", default=False)
"""Set in the request's task when a `reset` fault broke the response off on purpose."""


class _QuietDisconnects:
    """Ends a request quietly when its connection is meant to go or has gone.

    A client that closes before the body has arrived raises Starlette's `ClientDisconnect`;
    a `reset` fault raises `ConnectionDropped` after half a response. Neither is a server
    error, but uvicorn would log each as "Exception in ASGI application" with a traceback.
    Returning instead lets uvicorn close the connection (the reset the fault asks for)."""

    def __init__(self, app: ASGIApp, dropped: tuple[type[BaseException], ...]) -> None:
        self.app = app
        self.dropped = dropped

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            return
        except Exception as exc:
            if not isinstance(exc, self.dropped):
                raise
            _dropped.set(True)


class _NoIncompleteNoticeForResets(logging.Filter):
    """Drops uvicorn's "returned without completing response" line for injected resets only;
    the same line for any other request (a route bug) still shows."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_dropped.get() and record.getMessage() == INCOMPLETE)


_RESET_FILTER = _NoIncompleteNoticeForResets()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host:port` (0 = any free port), or a `UsageError` if taken."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="pick another port with --port, or stop what is using it",
        ) from exc
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _server(
    app: ClosableApp, dropped: tuple[type[BaseException], ...], log_level: str
) -> uvicorn.Server:
    server = uvicorn.Server(
        uvicorn.Config(
            _QuietDisconnects(app, dropped),
            log_level=log_level,
            lifespan="off",
            access_log=log_level == "info",
        )
    )
    # uvicorn configures its loggers in Config(); the filter goes on afterwards (idempotent).
    logging.getLogger("uvicorn.error").addFilter(_RESET_FILTER)
    return server


def serve_app(
    app: ClosableApp,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    dropped: tuple[type[BaseException], ...] = (),
    log_level: str = "warning",
    sock: socket.socket | None = None,
) -> None:
    """Serve `app` until interrupted (Ctrl-C), then close it. Pass `sock` from `bind()` to
    learn the port first (e.g. to print the URL before blocking); otherwise `host:port` is
    bound here."""
    listener = sock or bind(host, port)
    server = _server(app, dropped, log_level)
    try:
        server.run(sockets=[listener])
    finally:
        app.close()
        listener.close()


@contextmanager
def running_app(
    app: ClosableApp,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    dropped: tuple[type[BaseException], ...] = (),
) -> Iterator[str]:
    """Run `app` on a background thread; yields `http://host:port`, stops and closes it on
    exit."""
    listener = bind(host, port)
    bound_port = listener.getsockname()[1]
    server = _server(app, dropped, "warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise UsageError("the sandbox server failed to start")
            threading.Event().wait(0.01)
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.close()
        listener.close()
