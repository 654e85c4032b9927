"""Provider settings: where it connects, which credentials it needs, the sandbox wiring."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.config import Secret
from revops_as_code.errors import AuthenticationError, UsageError
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo import MarketoProvider


def test_munchkin_id_names_the_rest_host() -> None:
    made = MarketoProvider({"munchkin_id": "123-ABC-456"})
    assert made._base_url(False) == "https://123-ABC-456.mktorest.com"
    assert MarketoProvider({"base_url": "http://127.0.0.1:9/"})._base_url(False) == (
        "http://127.0.0.1:9"
    )
    with pytest.raises(UsageError, match="munchkin_id"):
        MarketoProvider({})._base_url(False)


def test_missing_credentials_name_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MKTO_CLIENT_ID", raising=False)
    made = MarketoProvider({"munchkin_id": "123-ABC-456", "client_id_env": "MKTO_CLIENT_ID"})
    with pytest.raises(AuthenticationError) as missing:
        made.read_live(Scope())
    assert "MKTO_CLIENT_ID" in missing.value.message


def test_client_id_comes_from_the_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKTO_CLIENT_ID", "abc-client")
    made = MarketoProvider(
        {
            "munchkin_id": "123-ABC-456",
            "client_id_env": "MKTO_CLIENT_ID",
            "credentials": Secret("test-secret"),
        }
    )
    assert made.client._client_id == "abc-client"
    assert "test-secret" not in repr(made.settings)
    made.close()
    made.close()


def test_sandbox_true_uses_the_targets_file(tmp_path: Path) -> None:
    settings = {"sandbox": True, "project_dir": str(tmp_path), "environment": "enterprise",
                "target": "map"}  # fmt: skip
    made = MarketoProvider(settings)
    try:
        assert len(made.read_live(Scope()).resources) == 30
    finally:
        made.close()
    support = MarketoProvider.sandbox()
    assert support.db_path(settings) == tmp_path / ".revops" / "sandbox" / "enterprise-map.db"
    assert support.db_path(settings).exists()
    assert "120 leads" in support.status(support.db_path(settings))


def test_halted_after_the_quota(tmp_path: Path) -> None:
    from revops_as_code.providers.marketo.sandbox import Limits

    from .helpers import provider

    made = provider(tmp_path / "m.db", server_limits=Limits(daily=2))
    made.read_live(Scope())
    assert made.halted() is None
    with pytest.raises(Exception, match="daily API quota"):
        made.read_live(Scope())
    halted = made.halted()
    assert halted is not None and "daily API quota" in halted.message
