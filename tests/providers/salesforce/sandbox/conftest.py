"""Clients over the Salesforce emulator, in-process, each over a fresh small org."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from revops_as_code.providers.salesforce.sandbox import SandboxConfig, SandboxTransport
from revops_as_code.providers.salesforce.sandbox.config import Limits
from revops_as_code.providers.salesforce.sandbox.org import Org
from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore

from .small_org import build

BASE = "https://sandbox.my.salesforce.com"
V = "/services/data/v66.0"

Factory = Callable[..., httpx.Client]


def load(db: Path, org: Org) -> None:
    store = SalesforceStore(db)
    try:
        store.load(org)
    finally:
        store.close()


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Factory]:
    """`make_client(org=None, token="sandbox", **config)`: a client over a fresh org."""
    clients: list[httpx.Client] = []

    def make(org: Org | None = None, token: str | None = "sandbox", **config: Any) -> httpx.Client:
        db = tmp_path / f"org{len(clients)}.db"
        load(db, org or build())
        config.setdefault("limits", Limits.off())
        config.setdefault("strict", True)
        transport = SandboxTransport(SandboxConfig(db_path=db, **config))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=BASE, transport=transport, headers=headers)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: Factory) -> httpx.Client:
    return make_client()
