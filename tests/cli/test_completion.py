"""Shell completion (docs/completion.md): commands, environment names from revops.yaml and
definition addresses from the definitions, as click's completion machinery returns them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.shell_completion import ShellComplete

from revops_as_code.cli.completion import definition_addresses
from revops_as_code.cli.main import cli

from .conftest import ROOT


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "revops", "_REVOPS_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_commands_complete() -> None:
    assert {"plan", "diff", "fmt", "validate"} <= set(complete([], ""))
    assert complete([], "fm") == ["fmt"]


def test_environment_names_from_revops_yaml(bundled: Path, tmp_path: Path) -> None:
    assert complete(["-C", str(bundled), "plan", "--env"], "") == [
        "enterprise",
        "production",
        "sandbox",
    ]
    assert complete(["plan", "-C", str(bundled), "--env"], "s") == ["sandbox"]
    assert complete(["-C", str(tmp_path), "plan", "--env"], "") == []  # no project: nothing
    (tmp_path / "revops.yaml").write_text("environments: [not, a, mapping\n")
    assert complete(["-C", str(tmp_path), "plan", "--env"], "") == []  # broken: nothing


def test_definition_addresses(bundled: Path) -> None:
    addresses = definition_addresses(bundled / "definitions")
    assert "pipeline/new_business/stage/demo" in addresses
    assert "field/contact/lead_source" in addresses
    assert "handoff_sla/mqa_first_touch" in addresses
    assert complete(["-C", str(bundled), "diff", "--only"], "pipeline/ren") == [
        "pipeline/renewal",
        *[a for a in addresses if a.startswith("pipeline/renewal/")],
    ]


def test_the_documented_scripts_are_generated() -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")):
        done = subprocess.run(
            [sys.executable, "-c", "from revops_as_code.cli.main import main; main()"],
            env={"_REVOPS_COMPLETE": f"{shell}_source", "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert marker in done.stdout, (shell, done.stdout, done.stderr)
    docs = (ROOT / "docs" / "completion.md").read_text()
    for line in (
        "_REVOPS_COMPLETE=bash_source",
        "_REVOPS_COMPLETE=zsh_source",
        "_REVOPS_COMPLETE=fish_source",
    ):
        assert line in docs


def test_version_short_and_long() -> None:
    from revops_as_code import __version__

    from .conftest import revops

    for flag in ("-V", "--version"):
        result = revops(flag)
        assert result.exit_code == 0 and result.stdout.strip() == f"revops, version {__version__}"
