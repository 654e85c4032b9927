"""`SandboxTransport`: a sync httpx transport serving the Salesforce sandbox in-process.

How the provider uses it (as `providers/hubspot/sandbox_link.py` does for HubSpot)::

    from revops_as_code.providers.salesforce.sandbox import SandboxConfig, SandboxTransport
    from revops_as_code.providers.salesforce.sandbox.support import seed_if_empty

    seed_if_empty(db_path)                      # an empty org gets the demo org
    transport = SandboxTransport(SandboxConfig(db_path=db_path))
    client = httpx.Client(base_url="https://sandbox.my.salesforce.com", transport=transport)
    token = client.post("/services/oauth2/token", data={"grant_type": "client_credentials",
                        "client_id": "sandbox", "client_secret": "sandbox"}).json()
    # token["instance_url"] is the base URL the client used; any bearer token is accepted.

Any base URL works (the host is only echoed back as `instance_url`). `close()` (the client's
does) stops the event loop and closes the store. A `reset` fault surfaces as
`httpx.RemoteProtocolError`, a `latency` beyond the read timeout as `httpx.ReadTimeout`.
"""

from __future__ import annotations

from ...sandbox_transport import AsgiThreadTransport
from .app import SandboxApp, create_app
from .config import SandboxConfig
from .faults import ConnectionDropped


class SandboxTransport(AsgiThreadTransport):
    """Serves `config`'s org (or an existing app) to a sync httpx client, in-process."""

    def __init__(self, config: SandboxConfig | SandboxApp) -> None:
        if isinstance(config, SandboxApp):
            self.app, owns_app = config, False
        else:
            self.app, owns_app = create_app(config), True
        super().__init__(
            self.app, on_close=self.app.close if owns_app else None, dropped=(ConnectionDropped,)
        )
