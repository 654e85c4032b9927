"""`serve()`: the Marketo sandbox over TCP with uvicorn; `running_server()` runs one on a
background thread (tests) and yields its base URL. The socket is bound first, so a taken port
is a clean `UsageError`. The uvicorn wiring every sandbox shares is
`providers/sandbox_server.py`."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from ...sandbox_server import bind, running_app, serve_app
from .app import create_app
from .config import SandboxConfig
from .gateway import ConnectionDropped

__all__ = ["bind", "running_server", "serve"]


def serve(config: SandboxConfig, sock: socket.socket) -> None:
    """Serve until interrupted."""
    serve_app(create_app(config), sock=sock, dropped=(ConnectionDropped,))


@contextmanager
def running_server(config: SandboxConfig, host: str = "127.0.0.1") -> Iterator[str]:
    with running_app(create_app(config), host, 0, dropped=(ConnectionDropped,)) as url:
        yield url
