"""Fixtures of the state suites: a real PostgreSQL server on 127.0.0.1 (one per worker)."""

from __future__ import annotations

import os

import pytest

from revops_as_code.state.pg_server import SKIP_REASON, shared_server


@pytest.fixture
def pg_dsn() -> str:
    """A fresh, empty database on this worker's throwaway server (skipped, saying how to
    get the binaries, when the machine has none)."""
    server = shared_server()
    if server is None:
        if os.environ.get("REVOPS_REQUIRE_POSTGRES"):  # .ci/run: a skip would hide them
            pytest.fail(SKIP_REASON)
        pytest.skip(SKIP_REASON)
    return server.new_database()
