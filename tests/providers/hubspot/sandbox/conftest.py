"""Fixtures for the sandbox API tests: a portal, and plain HTTP clients reaching the app
in-process (`SandboxTransport`) and over a real 127.0.0.1 port (uvicorn).

Every response a `client` sees is recorded and checked against HubSpot's required fields
and types (`shapes.check`) when the test ends, so the shape test covers everything the
tests exercise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from revops_as_code.providers.hubspot.sandbox import (
    Limits,
    SandboxConfig,
    SandboxTransport,
    running_server,
)

from . import portal, shapes

BASE = "https://api.hubapi.com"
TOKEN = "pat-na1-test-token"

MakeClient = Callable[..., httpx.Client]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A small hand-made portal."""
    return portal.build(tmp_path / "sandbox" / "hubspot.db")


@pytest.fixture(params=["inprocess", "tcp"])
def mode(request: pytest.FixtureRequest) -> str:
    """How the client reaches the app: in-process transport or a real port."""
    return str(request.param)


@pytest.fixture
def make_client(db: Path, mode: str) -> Iterator[MakeClient]:
    """Build clients over `db` with a given config; all are closed and shape-checked after."""
    stack = ExitStack()
    seen: list[httpx.Response] = []

    def record(response: httpx.Response) -> None:
        response.read()
        seen.append(response)

    def make(bearer: str | None = TOKEN, **config: object) -> httpx.Client:
        config.setdefault("limits", Limits.off())
        cfg = SandboxConfig(db_path=db, **config)  # type: ignore[arg-type]
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        hooks = {"response": [record]}
        if mode == "inprocess":
            client = httpx.Client(
                base_url=BASE, transport=SandboxTransport(cfg), headers=headers, event_hooks=hooks
            )
        else:
            url = stack.enter_context(running_server(cfg))
            client = httpx.Client(base_url=url, headers=headers, event_hooks=hooks, timeout=10)
        stack.callback(client.close)
        return client

    yield make
    stack.close()
    for response in seen:
        shapes.check(response)


@pytest.fixture
def client(make_client: MakeClient) -> httpx.Client:
    """A client with limits off and any token accepted."""
    return make_client()
