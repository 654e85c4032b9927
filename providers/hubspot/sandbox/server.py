"""`serve()`: the HubSpot sandbox app over TCP with uvicorn, for any HTTP client (curl, SDKs);
`running_server()` runs one on a background thread (tests, demos) and yields its base URL.
The uvicorn wiring every sandbox shares is `providers/sandbox_server.py`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from ...sandbox_server import bind, running_app, serve_app
from .app import create_app
from .config import SandboxConfig
from .faults import ConnectionDropped

__all__ = ["bind", "running_server", "serve"]


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
    app = create_app(config or SandboxConfig())
    serve_app(app, host, port, dropped=(ConnectionDropped,), log_level=log_level, sock=sock)


@contextmanager
def running_server(config: SandboxConfig, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the sandbox on a background thread; yields `http://host:port`, stops on exit."""
    with running_app(create_app(config), host, port, dropped=(ConnectionDropped,)) as url:
        yield url
