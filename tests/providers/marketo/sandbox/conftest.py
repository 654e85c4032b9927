"""Clients over a freshly seeded Marketo sandbox, in-process, on an injectable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.providers.marketo.sandbox import (
    Limits,
    MarketoStore,
    SandboxConfig,
    SandboxTransport,
)
from revops_as_code.providers.marketo.sandbox.seed import seed

BASE = "https://123-ABC-456.mktorest.com"
CLIENT_ID = "sandbox-client"
SECRET = "test-secret"


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now: float = 1_764_590_400.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "sandbox" / "marketo.db"
    store = MarketoStore(path)
    try:
        seed(store, db=path)
    finally:
        store.close()
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock()


MakeClient = Callable[..., httpx.Client]


@pytest.fixture
def make_client(db: Path, clock: Clock) -> Iterator[MakeClient]:
    made: list[httpx.Client] = []

    def make(authorize: bool = True, **config: Any) -> httpx.Client:
        config.setdefault("limits", Limits.off())
        config.setdefault("clock", clock)
        cfg = SandboxConfig(db_path=db, client_id=CLIENT_ID, client_secret=SECRET, **config)
        client = httpx.Client(base_url=BASE, transport=SandboxTransport(cfg))
        made.append(client)
        if authorize:
            client.headers["Authorization"] = f"Bearer {token(client)}"
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> httpx.Client:
    return make_client()


def token(client: httpx.Client) -> str:
    response = client.post(
        "/identity/oauth/token",
        data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": SECRET},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def ok(response: httpx.Response) -> list[Any]:
    """The `result` of a successful envelope (asserting the envelope's required members)."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"requestId", "success", "result", "errors", "warnings"} <= set(body), body
    assert body["success"] is True, body
    result: list[Any] = body["result"]
    return result


def error_code(response: httpx.Response) -> str:
    """The code of a response-level failure (HTTP 200, success false)."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is False and "requestId" in body, body
    return str(body["errors"][0]["code"])
