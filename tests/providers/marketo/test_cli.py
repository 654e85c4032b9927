"""Marketo through the real CLI: plan, apply (the type change refused as a manual step),
drift, the admin's manual step, then an empty plan; and `revops sandbox` on the target."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from revops_as_code.cli.main import cli
from revops_as_code.providers.marketo.sandbox import MarketoStore

from .helpers import plant_type_mismatch
from .test_compile import REPO

PROJECT = """\
definitions: definitions/
default_environment: map
environments:
  map:
    targets:
      map:
        provider: marketo
        settings:
          sandbox: true
"""


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["-C", str(project), *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(REPO / "definitions", project / "definitions")
    (project / "revops.yaml").write_text(PROJECT)
    return project


def test_plan_apply_manual_step_then_empty(tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, out = run(project, "sandbox", "seed")
    assert code == 0, out
    plant_type_mismatch(project / ".revops" / "sandbox" / "map-map.db")
    code, out = run(project, "plan")
    assert code == 0, out
    assert "Plan: 1 to add, 5 to change, 0 to destroy, 3 to adopt." in out
    assert "MK201" in out and "manual step" in out

    code, out = run(project, "apply", "--auto-approve")
    assert code == 1, out
    assert "5 applied, 1 failed" in out
    assert "cannot change a field's type" in out and "What to do:" in out

    code, out = run(project, "drift")
    assert code == 0, out

    db = project / ".revops" / "sandbox" / "map-map.db"
    store = MarketoStore(db)
    try:
        store.admin_change_type("lastEngagementDate", "datetime")
    finally:
        store.close()
    code, out = run(project, "apply", "--auto-approve")
    assert code == 0 and "1 applied, 0 failed" in out, out
    code, out = run(project, "plan")
    assert code == 0, out
    assert "No changes. The live system matches the definitions." in out


def test_sandbox_commands_on_the_target(tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, out = run(project, "sandbox", "seed", "--seed", "5")
    assert code == 0, out
    assert "30 lead fields (6 custom)" in out and "120 leads" in out
    assert (project / ".revops" / "sandbox" / "map-map.db.manifest.json").is_file()
    code, out = run(project, "sandbox", "status")
    assert code == 0 and "7x 'PPC'" in out and "6x 'Recycled'" in out, out
    code, out = run(project, "sandbox", "reset")
    assert code == 0, out
    code, out = run(project, "sandbox", "status")
    assert "0 lead fields" in out and "no manifest" in out
