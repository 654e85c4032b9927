"""The GitHub Pages example (examples/github/revops-handbook.yml) runs the build the way
this revops understands it. tests/action validates every example against the workflow
schema; this checks what only the handbook knows."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from revops_as_code.handbook import Version, build_handbook

from .conftest import PROJECT
from .linkcheck import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "github" / "revops-handbook.yml"


@pytest.fixture(scope="module")
def build_command() -> list[str]:
    if not EXAMPLE.is_file():
        pytest.skip("examples/github/revops-handbook.yml is not in the tree")
    workflow = yaml.safe_load(EXAMPLE.read_text())
    steps = workflow["jobs"]["build"]["steps"]
    run = next(s["run"] for s in steps if "revops docs build" in s.get("run", ""))
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # else git_version sees one shallow commit
    return shlex.split(run.replace("\\\n", " "))


def test_the_example_source_url_makes_links_to_the_right_line(
    build_command: list[str], tmp_path: Path
) -> None:
    template = build_command[build_command.index("--source-url") + 1]
    template = template.replace(
        "${{ github.server_url }}/${{ github.repository }}", "https://github.com/acme/gtm"
    )
    build_handbook(
        PROJECT,
        tmp_path / "site",
        version=Version("c" * 40, "2026-12-01T00:00:00Z"),
        source_url=template,
    )
    page = parse(tmp_path / "site" / "icp.html")
    links = [r for r in page.refs if r.startswith("https://github.com/acme/gtm/blob/")]
    assert f"https://github.com/acme/gtm/blob/{'c' * 40}/definitions/icp.yaml#L6" in links
    assert build_command[build_command.index("--out") + 1] == "site"
