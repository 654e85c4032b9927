"""`SandboxTransport`: a sync `httpx.BaseTransport` serving the sandbox app in-process.

`httpx.ASGITransport` serves only `AsyncClient`, and the providers use a sync `httpx.Client`
(DESIGN §5). So this transport runs the ASGI app on an asyncio event loop in a daemon thread
and hands each request to it, blocking until the response is complete (the generic machinery
is `providers.sandbox_transport.AsgiThreadTransport`). Requests from several client threads
are served concurrently on that loop. A `reset` fault surfaces as `httpx.RemoteProtocolError`
(the response broke off after the server handled the request); a response slower than the
request's read timeout raises `httpx.ReadTimeout`.
"""

from __future__ import annotations

from ...sandbox_transport import AsgiThreadTransport
from .app import SandboxApp, create_app
from .config import SandboxConfig
from .faults import ConnectionDropped


class SandboxTransport(AsgiThreadTransport):
    """Serves `config`'s portal (or an existing app) to a sync httpx client, in-process.

    Use with any base URL, e.g. `httpx.Client(base_url="https://api.hubapi.com",
    transport=SandboxTransport(SandboxConfig(db_path=...)))`. Call `close()` (the client's
    `close()` does) to stop the loop and close the store it opened.
    """

    def __init__(self, config: SandboxConfig | SandboxApp) -> None:
        if isinstance(config, SandboxApp):
            self.app, owns_app = config, False
        else:
            self.app, owns_app = create_app(config), True
        super().__init__(
            self.app, on_close=self.app.close if owns_app else None, dropped=(ConnectionDropped,)
        )
