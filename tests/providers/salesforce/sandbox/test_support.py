"""`SalesforceSandbox`: what `revops sandbox serve|seed|status|reset` drives."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from revops_as_code.errors import UsageError
from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore
from revops_as_code.providers.salesforce.sandbox.support import SalesforceSandbox, seed_if_empty

from .conftest import V, load
from .small_org import build

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def test_identity() -> None:
    support = SalesforceSandbox()
    assert (support.name, support.title, support.profiles) == (
        "salesforce",
        "Salesforce sandbox",
        ("messy", "empty"),
    )
    assert support.db_path({"project_dir": "/p", "environment": "enterprise", "target": "crm"}) == (
        Path("/p/.revops/sandbox/enterprise-crm.db")
    )


def test_seed_status_reset(tmp_path: Path) -> None:
    db = tmp_path / "sf.db"
    support = SalesforceSandbox()
    shown = support.seed(db, now=NOW)
    assert "messy profile, seed 7" in shown and "Opportunity" in shown
    manifest = db.with_name("sf.seed-manifest.json")
    assert manifest.exists()
    store = SalesforceStore(db)
    opportunities = store.counts()["Opportunity"]
    store.close()
    assert opportunities > 0
    status = support.status(db)
    assert f"{opportunities:,} Opportunity" in status and "messy profile" in status
    support.reset(db)
    assert ", 0 Opportunity" in support.status(db) and not manifest.exists()
    assert "Not seeded" in support.status(db)
    empty = support.seed(db, "empty", now=NOW)
    assert "empty profile" in empty and ", 0 Opportunity" in empty


def test_refusals_are_usage_errors(tmp_path: Path) -> None:
    support = SalesforceSandbox()
    with pytest.raises(UsageError, match="unknown seed profile"):
        support.seed(tmp_path / "x.db", "huge")
    with pytest.raises(UsageError, match="no Salesforce sandbox"):
        support.status(tmp_path / "missing.db")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(UsageError, match="cannot open"):
        support.reset(blocker / "org.db")


def test_seed_if_empty_seeds_once(tmp_path: Path) -> None:
    db = tmp_path / "sf.db"
    assert seed_if_empty(db) is True
    assert seed_if_empty(db) is False
    kept = tmp_path / "kept.db"
    load(kept, build())
    assert seed_if_empty(kept) is False


def test_serve_answers_over_a_real_port(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    load(db, build())
    code = (
        "from pathlib import Path\n"
        "from revops_as_code.providers.salesforce.sandbox.support import SalesforceSandbox\n"
        f"SalesforceSandbox().serve(Path({str(db)!r}), '127.0.0.1', 0, seed=False, limits=False,\n"
        "    faults=['503:sobjects/Account/describe'], echo=lambda s: print(s, flush=True))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert process.stdout is not None
        base = ""
        for line in process.stdout:
            if "base URL:" in line:
                base = line.split("base URL:")[1].split()[0]
                break
        assert base.startswith("http://127.0.0.1:")
        headers = {"Authorization": "Bearer sandbox"}
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(
                    f"{base}{V}/query",
                    headers=headers,
                    params={"q": "SELECT Id, Name FROM Account"},
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["records"][0]["Name"] == "Acme"
        assert response.headers["Sforce-Limit-Info"].startswith("api-usage=1/")
        token = httpx.post(
            f"{base}/services/oauth2/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "a",
                "client_secret": "test-secret",
            },
        )
        assert token.json()["instance_url"] == base
        faulted = httpx.get(f"{base}{V}/sobjects/Account/describe", headers=headers)
        assert faulted.status_code == 503
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
