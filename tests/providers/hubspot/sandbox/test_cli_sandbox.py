"""`revops sandbox seed|status|reset|serve` through the real CLI entry point."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from revops_as_code.cli.main import cli
from revops_as_code.providers.hubspot.sandbox.seed import PROFILES, SeedManifest

NOW = "2026-11-20T15:00:00"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_seed_then_status_reports_counts_and_violations(tmp_path: Path) -> None:
    db = tmp_path / "portal.db"
    code, out = run("sandbox", "--db", str(db), "seed", "--seed", "3", "--now", NOW)
    assert code == 0, out
    assert f"Seeded {db} (small profile, seed 3)." in out
    assert "2,000 contacts" in out
    manifest = SeedManifest.from_json((tmp_path / "portal.seed-manifest.json").read_text())
    assert manifest.seed == 3
    assert manifest.reference_time == "2026-11-20T15:00:00.000Z"

    code, out = run("sandbox", "--db", str(db), "status")
    assert code == 0, out
    assert "300 companies, 2,000 contacts, 400 deals" in out
    small = PROFILES["small"]
    assert f"late_mqa_followups: {small.mqa_late + small.mqa_never_touched}" in out
    assert f"non_standard_enum_values: {small.non_standard_lead_sources}" in out


def test_outside_a_project_several_sandboxes_ask_for_a_target(tmp_path: Path) -> None:
    # HubSpot, Salesforce and Marketo all ship a sandbox: without revops.yaml, which one
    # `seed` means is not guessed.
    code, out = run("-C", str(tmp_path), "sandbox", "seed", "--now", NOW)
    assert code == 1, out
    assert "hubspot" in out and "salesforce" in out and "--target" in out
    assert not (tmp_path / ".revops").exists()


def test_default_db_lives_under_the_project_dir(tmp_path: Path) -> None:
    (tmp_path / "revops.yaml").write_text(
        "definitions: definitions/\nenvironments:\n  demo:\n    provider: hubspot\n"
        "    settings: {sandbox: true}\n"
    )
    code, out = run("-C", str(tmp_path), "sandbox", "seed", "--now", NOW)
    assert code == 0, out
    assert (tmp_path / ".revops" / "sandbox" / "demo-hubspot.db").is_file()
    assert (tmp_path / ".revops" / "sandbox" / "demo-hubspot.seed-manifest.json").is_file()


_PROJECT = """\
definitions: definitions/
default_environment: sandbox
environments:
  sandbox:
    provider: hubspot
    settings: {sandbox: true, sandbox_path: portals/demo.db}
  production:
    provider: hubspot
    settings: {tier: professional}
    credentials_env: HUBSPOT_TOKEN
"""


def test_db_follows_the_sandbox_environment_in_revops_yaml(tmp_path: Path) -> None:
    (tmp_path / "revops.yaml").write_text(_PROJECT)
    code, out = run("-C", str(tmp_path), "sandbox", "seed", "--now", NOW)
    assert code == 0, out
    assert (tmp_path / "portals" / "demo.db").is_file()
    code, out = run("-C", str(tmp_path), "--env", "sandbox", "sandbox", "status")
    assert code == 0 and "2,000 contacts" in out


def test_a_non_sandbox_environment_is_refused(tmp_path: Path) -> None:
    (tmp_path / "revops.yaml").write_text(_PROJECT)
    code, out = run("-C", str(tmp_path), "--env", "production", "sandbox", "status")
    assert code == 1
    assert "target 'hubspot' of environment 'production' is not a sandbox target" in out
    assert "sandbox: true" in out
    assert not (tmp_path / ".revops").exists()


_TWO_TARGETS = """\
definitions: definitions/
default_environment: two
environments:
  two:
    targets:
      marketing: {provider: hubspot, settings: {sandbox: true}}
      sales: {provider: hubspot, settings: {sandbox: true}}
  mixed:
    targets:
      crm: {provider: hubspot, settings: {sandbox: true}}
      live: {provider: hubspot, settings: {tier: starter}}
      books: {provider: fake, settings: {path: .revops/fake/live.json}}
"""


def _two_targets(tmp_path: Path) -> Path:
    (tmp_path / "revops.yaml").write_text(_TWO_TARGETS)
    return tmp_path / ".revops" / "sandbox"


def test_each_sandbox_target_has_its_own_database(tmp_path: Path) -> None:
    portals = _two_targets(tmp_path)
    code, out = run("-C", str(tmp_path), "sandbox", "--target", "sales", "seed", "--now", NOW)
    assert code == 0, out
    assert f"Seeded {portals / 'two-sales.db'}" in out
    assert (portals / "two-sales.db").is_file()
    assert not (portals / "two-marketing.db").exists()
    # --target after the sub-command, --env before or after: the same resolution.
    code, out = run("-C", str(tmp_path), "sandbox", "status", "--target", "marketing")
    assert code == 0, out
    assert f"No sandbox at {portals / 'two-marketing.db'}" in out
    code, out = run("-C", str(tmp_path), "sandbox", "status", "--env", "two", "--target", "sales")
    assert code == 0, out
    assert f"Sandbox: {portals / 'two-sales.db'}" in out
    assert "2,000 contacts" in out
    code, out = run("-C", str(tmp_path), "--env", "mixed", "sandbox", "status", "--target", "crm")
    assert code == 0, out
    assert f"No sandbox at {portals / 'mixed-crm.db'}" in out


def test_the_provider_uses_the_database_the_cli_uses(tmp_path: Path) -> None:
    from revops_as_code.config import load_project
    from revops_as_code.providers.hubspot import HubSpotProvider, sandbox_link

    portals = _two_targets(tmp_path)
    target = load_project(tmp_path).environment("two").target("sales")
    settings = target.provider_settings(environ={})
    support = HubSpotProvider.sandbox()
    assert support.db_path(settings) == portals / "two-sales.db"
    assert sandbox_link.db_path(settings) == portals / "two-sales.db"
    # Without an environment and target (a provider built by hand) the file is named after
    # the provider, as `revops sandbox` outside a project names it.
    assert support.db_path({"project_dir": str(tmp_path)}) == portals / "hubspot.db"
    assert support.db_path({"project_dir": str(tmp_path), "sandbox_path": "/x/y.db"}) == Path(
        "/x/y.db"
    )


def test_several_targets_without_target_is_a_clear_error(tmp_path: Path) -> None:
    _two_targets(tmp_path)
    code, out = run("-C", str(tmp_path), "sandbox", "status")
    assert code == 1
    assert "environment 'two' has several targets" in out
    assert "--target" in out and "marketing, sales" in out
    code, out = run("-C", str(tmp_path), "sandbox", "status", "--target", "billing")
    assert code == 1
    assert "environment 'two' has no target 'billing'" in out


def test_a_non_sandbox_target_is_a_clear_error(tmp_path: Path) -> None:
    portals = _two_targets(tmp_path)
    code, out = run("-C", str(tmp_path), "--env", "mixed", "sandbox", "seed", "--target", "live")
    assert code == 1
    assert "target 'live' of environment 'mixed' is not a sandbox target" in out
    assert not portals.exists()


def test_a_target_whose_provider_has_no_sandbox_is_a_clear_error(tmp_path: Path) -> None:
    _two_targets(tmp_path)
    code, out = run("-C", str(tmp_path), "--env", "mixed", "sandbox", "--target", "books", "status")
    assert code == 1
    assert "target 'books' of environment 'mixed' uses provider 'fake', which has no sandbox" in out


def test_db_overrides_the_target_path(tmp_path: Path) -> None:
    _two_targets(tmp_path)
    db = tmp_path / "elsewhere.db"
    code, out = run("-C", str(tmp_path), "sandbox", "--db", str(db), "--target", "sales", "status")
    assert code == 0, out
    assert f"No sandbox at {db}" in out


def test_env_and_target_need_a_project(tmp_path: Path) -> None:
    code, out = run("-C", str(tmp_path), "sandbox", "status", "--target", "sales")
    assert code == 1
    assert "--target needs a revops.yaml" in out


def test_an_unknown_seed_profile_names_the_choices(tmp_path: Path) -> None:
    code, out = run("sandbox", "--db", str(tmp_path / "h.db"), "seed", "--profile", "huge")
    assert code == 1
    assert "unknown seed profile 'huge'" in out and "small, large" in out
    assert not (tmp_path / "h.db").exists()


def test_reset_empties_the_portal(tmp_path: Path) -> None:
    db = tmp_path / "portal.db"
    assert run("sandbox", "--db", str(db), "seed", "--now", NOW)[0] == 0
    code, out = run("sandbox", "--db", str(db), "reset", "--yes")
    assert code == 0, out
    assert not (tmp_path / "portal.seed-manifest.json").exists()
    code, out = run("sandbox", "--db", str(db), "status")
    assert "0 companies, 0 contacts, 0 deals" in out
    assert "no manifest" in out


def test_status_and_reset_without_a_sandbox_create_nothing(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    code, out = run("sandbox", "--db", str(db), "status")
    assert code == 0 and "No sandbox at" in out
    code, out = run("sandbox", "--db", str(db), "reset")
    assert code == 0 and "nothing to reset" in out
    assert not db.exists()


def test_unusable_db_path_is_a_clean_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, out = run("sandbox", "--db", str(blocker / "h.db"), "seed")
    assert code == 1
    assert out.startswith("Error: cannot open the sandbox at")


def test_serve_on_a_taken_port_is_a_clean_error(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        code, out = run("sandbox", "--db", str(tmp_path / "h.db"), "serve", "--port", str(port))
    assert code == 1
    assert f"Error: port {port} on 127.0.0.1 is already in use" in out
    assert "--port" in out
    assert not (tmp_path / "h.db").exists(), "nothing is seeded before the port is claimed"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("explode", "unknown fault kind 'explode'"),
        ("status:nth=zero", "fault option nth"),
        ("status:colour=red", "unknown fault option(s) ['colour']"),
    ],
)
def test_bad_fault_specs_are_usage_errors(tmp_path: Path, spec: str, message: str) -> None:
    code, out = run("sandbox", "--db", str(tmp_path / "h.db"), "serve", "--fault", spec)
    assert code == 1
    assert message in out


def test_token_env_must_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_SANDBOX_TOKEN", raising=False)
    code, out = run(
        "sandbox", "--db", str(tmp_path / "h.db"), "serve", "--token-env", "NO_SUCH_SANDBOX_TOKEN"
    )
    assert code == 1
    assert "NO_SUCH_SANDBOX_TOKEN is not set" in out


def _server_available() -> bool:
    try:
        from revops_as_code.providers.hubspot.sandbox import serve  # noqa: F401
    except (ImportError, AttributeError):
        return False
    return True


@pytest.mark.skipif(not _server_available(), reason="sandbox server (serve) not built yet")
def test_serve_answers_hubspot_requests_over_a_real_port(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    assert run("sandbox", "--db", str(db), "seed", "--now", NOW)[0] == 0
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "revops_as_code", "sandbox", "--db", str(db), "serve",
         "--port", "0", "--no-limits", "--fault", "status:status=503,path=/crm/v3/owners*"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )  # fmt: skip
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
                    f"{base}/crm/v3/properties/contacts/lead_source", headers=headers
                )
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert response.status_code == 200
        assert "ppc" in {o["value"] for o in response.json()["options"]}
        faulted = httpx.get(f"{base}/crm/v3/owners", headers=headers)
        assert faulted.status_code == 503
        assert json.loads(faulted.text)["status"] == "error"
        # Ctrl+C stops a foreground server cleanly.
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert "Sandbox stopped." in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
