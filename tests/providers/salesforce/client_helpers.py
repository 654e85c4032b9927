"""A fake org behind httpx.MockTransport for the client's tests: a token endpoint that
issues (and can revoke) tokens, and routes keyed by method and version-relative path.

Hosts are 127.0.0.1 only and nothing leaves the process; secrets are obvious fakes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx

from revops_as_code.config import Secret
from revops_as_code.providers.salesforce.client import SalesforceClient

LOGIN = "http://127.0.0.1:8700"
INSTANCE = "http://127.0.0.1:8701"
"""What the token response names as the org's instance (differs from the settings' URL)."""
CLIENT_ID = "3MVG9-test-consumer-key"
SECRET = "test-secret-canary-5d1f"
ROOT = "/services/data/v63.0/"

Handler = Callable[[httpx.Request], httpx.Response]


def settings(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "instance_url": LOGIN,
        "client_id": CLIENT_ID,
        "credentials": Secret(SECRET),
    }
    base.update(overrides)
    return base


def sf_error(status: int, code: str, message: str = "refused", **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json=[{"message": message, "errorCode": code, "fields": []}], headers=headers
    )


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


class FakeOrg:
    """Records every request; `routes[(method, path)]` is a response, a handler or a list
    of either (consumed in order, the last one repeating)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.token_requests: list[httpx.Request] = []
        self.tokens_issued = 0
        self.valid: set[str] = set()
        self.routes: dict[tuple[str, str], Any] = {}
        self.token_response: Handler | None = None
        self.sleeps: list[float] = []

    def token(self) -> str:
        return f"00D000000000001!AQ.fake-token-{self.tokens_issued}"

    def expire_tokens(self) -> None:
        self.valid.clear()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/services/oauth2/token":
            self.token_requests.append(request)
            if self.token_response is not None:
                return self.token_response(request)
            self.tokens_issued += 1
            self.valid.add(self.token())
            return httpx.Response(
                200,
                json={
                    "access_token": self.token(),
                    "instance_url": INSTANCE,
                    "token_type": "Bearer",
                    "issued_at": "1700000000000",
                },
            )
        self.requests.append(request)
        assert str(request.url).startswith(INSTANCE + "/"), request.url
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if bearer not in self.valid:
            return sf_error(401, "INVALID_SESSION_ID", "Session expired or invalid")
        path = request.url.path.removeprefix(ROOT)
        route = self.routes.get((request.method, path))
        if route is None:
            return sf_error(404, "NOT_FOUND", f"no route {request.method} {path}")
        if isinstance(route, list):
            route = route.pop(0) if len(route) > 1 else route[0]
        if isinstance(route, httpx.Response):
            return httpx.Response(route.status_code, headers=route.headers, content=route.content)
        result: httpx.Response = route(request)
        return result

    def client(self, **overrides: Any) -> SalesforceClient:
        return SalesforceClient(
            settings(**overrides), transport=httpx.MockTransport(self), sleep=self.sleeps.append
        )


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)
