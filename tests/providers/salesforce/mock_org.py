"""A `SalesforceClient` over `httpx.MockTransport`: the token endpoint answers, and every
other request goes to the test's handler (which sees every request, in order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from revops_as_code.providers.salesforce.client import SalesforceClient

INSTANCE = "https://sandbox.my.salesforce.com"
SETTINGS = {"instance_url": INSTANCE, "client_id": "sandbox", "credentials": "test-secret"}
Handler = Callable[[httpx.Request], httpx.Response]


def mock_client(handler: Handler, **settings: Any) -> tuple[SalesforceClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/services/oauth2/token":
            return httpx.Response(
                200, json={"access_token": "sandbox-token", "instance_url": INSTANCE,
                           "token_type": "Bearer"},
            )  # fmt: skip
        seen.append(request)
        return handler(request)

    client = SalesforceClient({**SETTINGS, **settings}, transport=httpx.MockTransport(route))
    return client, seen
