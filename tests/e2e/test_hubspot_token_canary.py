"""The token canary: a private-app token never appears in output, logs, plans or state.

The project's environment reads its credential from an environment variable (as the
bundled `production` environment does) and talks to the sandbox in-process; every command
of the loop runs with DEBUG logging captured, then every byte revops wrote or printed is
searched for the token.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from revops_as_code.cli.main import cli

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)

ROOT = Path(__file__).resolve().parents[2]
CANARY = "pat-na1-c4n4ry00-dead-beef-0000-123456789abc"
CONFIG = """\
definitions: definitions/
default_environment: canary
environments:
  canary:
    provider: hubspot
    settings: {sandbox: true}
    credentials_env: REVOPS_CANARY_CREDENTIAL
"""


def test_the_token_never_leaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree yet")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    (tmp_path / "revops.yaml").write_text(CONFIG)
    monkeypatch.setenv("REVOPS_CANARY_CREDENTIAL", CANARY)
    caplog.set_level(logging.DEBUG)
    runner = CliRunner()
    outputs = []
    for args in (
        ["plan", "--out", str(tmp_path / "plan.json")],
        ["plan", "--format", "json"],
        ["plan", "--format", "markdown"],
        ["apply", "--auto-approve"],
        ["drift"],
        ["import"],
        ["state", "list"],
    ):
        result = runner.invoke(cli, ["-C", str(tmp_path), "--no-color", *args])
        assert result.exit_code in (0, 2), (args, result.output)
        outputs.append(result.output)
    assert (tmp_path / "plan.json").exists()
    assert CANARY not in "\n".join(outputs)
    assert CANARY not in caplog.text
    assert any("hubspot" in r.name for r in caplog.records), "the client logged nothing"
    written = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and p.suffix not in (".db", ".db-wal", ".db-shm")
    ]
    assert any(p.name.endswith(".json") and "state" in str(p) for p in written)
    for path in written:
        assert CANARY.encode() not in path.read_bytes(), path
