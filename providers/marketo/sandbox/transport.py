"""`SandboxTransport`: the Marketo sandbox app served in-process to a sync httpx client
(on the shared `AsgiThreadTransport`). Use with any base URL, e.g.
`httpx.Client(base_url="https://123-ABC-456.mktorest.com", transport=SandboxTransport(cfg))`.
"""

from __future__ import annotations

from revops_as_code.providers.sandbox_transport import AsgiThreadTransport

from .app import SandboxApp, create_app
from .config import SandboxConfig
from .gateway import ConnectionDropped


class SandboxTransport(AsgiThreadTransport):
    """Serves `config`'s instance (or an existing app); `close()` closes a store it opened."""

    def __init__(self, config: SandboxConfig | SandboxApp) -> None:
        if isinstance(config, SandboxApp):
            app, owns = config, False
        else:
            app, owns = create_app(config), True
        self.app = app
        super().__init__(app, on_close=app.close if owns else None, dropped=(ConnectionDropped,))
