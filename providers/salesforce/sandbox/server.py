"""`serve()`: the Salesforce sandbox app over TCP with uvicorn, for any HTTP client.

The socket is bound here before uvicorn starts, so a taken port is a clean `UsageError`
rather than uvicorn's exit. `running_server()` runs one in a background thread (tests, demos)
and yields its base URL.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import uvicorn
from starlette.requests import ClientDisconnect

from revops_as_code.errors import UsageError

from .app import SandboxApp, create_app
from .config import SandboxConfig
from .faults import ConnectionDropped
from .gateway import ASGIApp, Receive, Scope, Send

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

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            return
        except ConnectionDropped:
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


def _server(config: SandboxConfig, log_level: str) -> tuple[SandboxApp, uvicorn.Server]:
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(
            _QuietDisconnects(app),
            log_level=log_level,
            lifespan="off",
            access_log=log_level == "info",
        )
    )
    # uvicorn configures its loggers in Config(); the filter goes on afterwards (idempotent).
    logging.getLogger("uvicorn.error").addFilter(_RESET_FILTER)
    return app, server


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    config: SandboxConfig | None = None,
    *,
    log_level: str = "warning",
    sock: socket.socket | None = None,
) -> None:
    """Serve the sandbox until interrupted (Ctrl-C). Pass `sock` from `bind()` to learn the
    port first (e.g. to print the URL before blocking); otherwise `host:port` is bound here."""
    config = config or SandboxConfig()
    listener = sock or bind(host, port)
    app, server = _server(config, log_level)
    try:
        server.run(sockets=[listener])
    finally:
        app.close()
        listener.close()


@contextmanager
def running_server(config: SandboxConfig, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the sandbox on a background thread; yields `http://host:port`, stops on exit."""
    listener = bind(host, port)
    bound_port = listener.getsockname()[1]
    app, server = _server(config, "warning")
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
