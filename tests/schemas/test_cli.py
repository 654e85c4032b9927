"""`revops schemas generate|check|path`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from revops_as_code.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def test_generate_then_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "s"
    result = runner.invoke(cli, ["schemas", "generate", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.schema.json"))) == 5
    assert runner.invoke(cli, ["schemas", "check", str(out)]).exit_code == 0
    (out / "icp.schema.json").write_text("{}", encoding="utf-8")
    stale = runner.invoke(cli, ["schemas", "check", str(out)])
    assert stale.exit_code == 1
    assert "icp.schema.json: out of date" in stale.output


def test_committed_schemas_pass_check() -> None:
    result = CliRunner().invoke(cli, ["schemas", "check", str(ROOT / "schemas")])
    assert result.exit_code == 0, result.output


def test_path_points_at_the_shipped_schemas() -> None:
    result = CliRunner().invoke(cli, ["schemas", "path"])
    assert result.exit_code == 0
    assert (Path(result.output.strip()) / "pipeline.schema.json").is_file()
