"""`revops sandbox seed|status|reset` on the Salesforce target, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from revops_as_code.cli.main import cli

PROJECT = """\
definitions: definitions/
default_environment: enterprise
environments:
  enterprise:
    targets:
      crm:
        provider: salesforce
        settings:
          sandbox: true
    state:
      backend: local
      path: .revops/state/enterprise.json
"""


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project-dir", str(project), *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_seed_status_reset_on_the_enterprise_crm_target(tmp_path: Path) -> None:
    (tmp_path / "revops.yaml").write_text(PROJECT)
    (tmp_path / "definitions").mkdir()
    target = ("sandbox", "--env", "enterprise", "--target", "crm")
    code, out = run(tmp_path, *target, "seed", "--profile", "empty")
    assert code == 0, out
    db = tmp_path / ".revops" / "sandbox" / "enterprise-crm.db"
    assert db.exists() and "empty profile" in out
    code, out = run(tmp_path, *target, "status")
    assert code == 0 and ", 0 Opportunity" in out and "empty profile" in out
    code, out = run(tmp_path, *target, "seed")
    assert code == 0 and "messy profile" in out
    assert ", 0 Opportunity" not in run(tmp_path, *target, "status")[1]
    code, out = run(tmp_path, *target, "reset")
    assert code == 0
    assert ", 0 Opportunity" in run(tmp_path, *target, "status")[1]
