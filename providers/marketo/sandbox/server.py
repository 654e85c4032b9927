"""`serve()`: the sandbox over TCP with uvicorn; `running_server()` runs one on a background
thread (tests) and yields its base URL. The socket is bound first, so a taken port is a
clean `UsageError`."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from revops_as_code.errors import UsageError

from .app import SandboxApp, create_app
from .config import SandboxConfig
from .gateway import ASGIApp, ConnectionDropped, Receive, Scope, Send


class _Quiet:
    """An injected reset ends the request without uvicorn's traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ConnectionDropped:
            return


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host:port` (0 = any free port), or a `UsageError`."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="pick another port with --port (0 = any free port), or stop what is using it",
        ) from exc
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _server(config: SandboxConfig) -> tuple[SandboxApp, uvicorn.Server]:
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(_Quiet(app), log_level="warning", lifespan="off", access_log=False)
    )
    return app, server


def serve(config: SandboxConfig, sock: socket.socket) -> None:
    """Serve until interrupted."""
    app, server = _server(config)
    try:
        server.run(sockets=[sock])
    finally:
        app.close()
        sock.close()


@contextmanager
def running_server(config: SandboxConfig, host: str = "127.0.0.1") -> Iterator[str]:
    listener = bind(host, 0)
    port = listener.getsockname()[1]
    app, server = _server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise UsageError("the Marketo sandbox server failed to start")
            threading.Event().wait(0.01)
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.close()
        listener.close()
