"""An apply that HubSpot stops part-way: a 429 storm beyond the retry budget, or the token
refused mid-run (private-app tokens have no refresh). The engine sends the target nothing
more, what was applied is in state, the summary says how many changes are left and what to
do, the exit code is 1, and the re-run converges. Faults come from the sandbox's rules."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
import yaml
from click.testing import CliRunner

from revops_as_code.cli.main import cli
from revops_as_code.engine import Workspace
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.provider import HubSpotProvider
from revops_as_code.providers.hubspot.sandbox import (
    FaultRule,
    Limits,
    SandboxConfig,
    SandboxTransport,
    running_server,
)
from revops_as_code.providers.hubspot.sandbox.support import seed_if_empty

ROOT = Path(__file__).resolve().parents[3]
STOPPED = re.compile(
    r"Apply stopped: .+\. (\d+) of (\d+) changes applied \(saved in state\), (\d+) left; "
)
VARIABLE = "REVOPS_TEST_HUBSPOT_TOKEN"


class Recording(httpx.BaseTransport):
    """Passes requests through and keeps (method, path, status) of each one sent."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.sent: list[tuple[str, str, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.sent.append((request.method, request.url.path, response.status_code))
        return response


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not any((ROOT / "definitions").rglob("*.yaml")):
        pytest.skip("the bundled definitions are not in the tree")
    shutil.copytree(ROOT / "definitions", tmp_path / "definitions")
    shutil.copy(ROOT / "revops.yaml", tmp_path / "revops.yaml")
    seed_if_empty(_db(tmp_path))
    return tmp_path


def _db(project: Path) -> Path:
    path = project / ".revops" / "sandbox" / "hubspot.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _workspace(project: Path, *faults: FaultRule) -> tuple[Workspace, Recording]:
    config = SandboxConfig(db_path=_db(project), limits=Limits.off(), faults=faults)
    transport = Recording(SandboxTransport(config))
    client = HubSpotClient("t", transport=transport, rate_limit=False, sleep=lambda s: None)
    return Workspace.open(project, "sandbox", provider=HubSpotProvider(client=client)), transport


def _stopped_then_rerun(project: Path, fault: FaultRule, status: int, attempts: int) -> None:
    workspace, transport = _workspace(project, fault)
    with workspace:
        report = workspace.apply(confirm=lambda plan: True)
        summary = report.summary({"hubspot": VARIABLE})
        state = workspace.read_state()
    assert not report.ok and report.stopped, summary
    found = STOPPED.search(summary)
    assert found, summary
    applied, total, left = (int(n) for n in found.groups())
    assert applied == len(report.applied) > 0 and left > 0 and applied + left == total
    # Nothing was sent after the target halted: the refused attempts are the last requests.
    first = next(i for i, sent in enumerate(transport.sent) if sent[2] == status)
    assert [s[2] for s in transport.sent[first:]] == [status] * attempts, transport.sent[first:]
    # What was applied is in state; the re-run (the fault gone) has exactly the rest to do.
    assert state is not None
    for result in report.applied:
        assert state.get(result.change.resource_id) is not None, result.change.resource_id
    again, _ = _workspace(project)
    with again:
        assert len(again.plan().changes) == left
        assert again.apply(confirm=lambda plan: True).ok
        assert not again.plan().changes
    assert VARIABLE not in summary or fault.kind == "token_expiry"


def test_a_429_storm_beyond_the_budget_stops_with_progress_saved_and_changes_left(
    project: Path,
) -> None:
    # Every PATCH from the 3rd on is rate-limited: the client's budget (5 attempts) runs out.
    storm = FaultRule(kind="rate_limit_storm", method="PATCH", nth=3, times=0)
    _stopped_then_rerun(project, storm, 429, attempts=5)


def test_a_token_expiring_mid_run_stops_cleanly_naming_the_variable(project: Path) -> None:
    # From the 2nd PATCH on, the token is refused (401): one attempt, never retried.
    expired = FaultRule(kind="token_expiry", method="PATCH", nth=2)
    _stopped_then_rerun(project, expired, 401, attempts=1)


def test_the_cli_exits_1_naming_the_credentials_variable(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real server on 127.0.0.1 in place of api.hubapi.com, reached with a token from the
    # variable revops.yaml names; the token expires after the first write.
    config = yaml.safe_load((project / "revops.yaml").read_text())
    expired = FaultRule(kind="token_expiry", method="PATCH", nth=2)
    sandbox = SandboxConfig(db_path=_db(project), limits=Limits.off(), faults=(expired,))
    with running_server(sandbox) as url:
        config["environments"]["production"] = {
            "provider": "hubspot",
            "settings": {"base_url": url, "tier": "professional"},
            "credentials_env": VARIABLE,
            "state": {"backend": "local", "path": ".revops/state/production.json"},
        }
        (project / "revops.yaml").write_text(yaml.safe_dump(config))
        monkeypatch.setenv(VARIABLE, "test-token-not-a-secret")
        result = CliRunner().invoke(
            cli, ["-C", str(project), "--no-color", "apply", "--env", "production",
                  "--auto-approve"],
        )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "test-token-not-a-secret" not in result.output
    assert STOPPED.search(result.output), result.output
    assert f"put a valid token in ${VARIABLE}, then re-run apply to continue" in result.output
    state = json.loads((project / ".revops" / "state" / "production.json").read_text())
    assert state["resources"], "what was applied before the 401 is in state"
