"""A copy of the bundled project whose sandbox is seeded at a fixed time, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.providers.hubspot.sandbox.seed import SeedManifest, seed
from revops_as_code.providers.hubspot.sandbox.store import HubSpotStore

ROOT = Path(__file__).resolve().parents[2]
SEEDED_AT = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
"""The seed's reference time; audits run `--now` at it so every count is exact."""
NOW = "2026-11-20T15:00:00Z"


@dataclass
class Project:
    path: Path
    manifest: SeedManifest

    def run(self, *args: str, code: int | None = None, stdin: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["-C", str(self.path), "--no-color", *args], input=stdin)
        if code is not None:
            assert result.exit_code == code, (args, result.output, result.exception)
        return result

    def audit(self, *args: str, code: int | None = None, stdin: str | None = None) -> Result:
        return self.run("audit", "--now", NOW, *args, code=code, stdin=stdin)


def make_project(root: Path) -> Project:
    shutil.copytree(ROOT / "definitions", root / "definitions")
    shutil.copy(ROOT / "revops.yaml", root / "revops.yaml")
    db = root / ".revops" / "sandbox" / "hubspot.db"
    db.parent.mkdir(parents=True)
    store = HubSpotStore(db)
    try:
        manifest = seed(store, "small", 42, now=SEEDED_AT)
    finally:
        store.close()
    return Project(root, manifest)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Read-only use: audits without --sync."""
    yield make_project(tmp_path_factory.mktemp("audit"))


@pytest.fixture
def fresh(tmp_path: Path) -> Project:
    """A project of its own, for tests that write (--sync)."""
    return make_project(tmp_path)
