"""A Marketo provider over a fresh, seeded in-process sandbox, on fake sleep and clocks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from revops_as_code.providers.marketo import MarketoProvider
from revops_as_code.providers.marketo.client import MarketoClient
from revops_as_code.providers.marketo.limits import Limits
from revops_as_code.providers.marketo.sandbox import (
    FaultRule,
    MarketoStore,
    SandboxConfig,
    SandboxTransport,
)
from revops_as_code.providers.marketo.sandbox import Limits as ServerLimits
from revops_as_code.providers.marketo.sandbox.seed import seed

CLIENT_ID = "sandbox-client"
SECRET = "test-secret"
BASE = "https://123-ABC-456.mktorest.com"


class FakeTime:
    """One clock for client and server; `sleep` moves it instead of waiting."""

    def __init__(self, now: float = 1_764_590_400.0) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def seeded(db: Path) -> Path:
    store = MarketoStore(db)
    try:
        seed(store, db=db)
    finally:
        store.close()
    return db


def plant_type_mismatch(db: Path) -> None:
    """Make `lastEngagementDate` a `date` (the standard says `datetime`): the disagreement the
    manual-step tests need. The demo seed agrees on types, since Marketo's API cannot change
    one and apply could never settle it."""
    store = MarketoStore(db)
    try:
        store.admin_change_type("lastEngagementDate", "date")
    finally:
        store.close()


def provider(
    db: Path,
    *,
    faults: Sequence[FaultRule] = (),
    time: FakeTime | None = None,
    server_limits: ServerLimits | None = None,
    fresh: bool = True,
    **config: Any,
) -> MarketoProvider:
    """A provider whose client reaches a sandbox at `db` (seeded when `fresh`)."""
    if fresh:
        seeded(db)
    clock = time or FakeTime()
    transport = SandboxTransport(
        SandboxConfig(
            db_path=db,
            client_id=CLIENT_ID,
            client_secret=SECRET,
            faults=tuple(faults),
            limits=server_limits or ServerLimits(),
            clock=clock,
            **config,
        )
    )
    client = MarketoClient(
        CLIENT_ID,
        SECRET,
        base_url=BASE,
        transport=transport,
        clock=clock,
        sleep=clock.sleep,
        limits=Limits(clock=clock, sleep=clock.sleep),
    )
    return MarketoProvider({"munchkin_id": "123-ABC-456"}, client=client)
