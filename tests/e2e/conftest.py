"""A throwaway revops project on the fake provider, driven through the real CLI."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.main import cli
from revops_as_code.providers.fake import FakeWorld
from revops_as_code.resources import ResourceId

CANARY = "canary-token-9f8e7d6c"
"""Set as the environment's credential: must never appear in any output or file."""

REVOPS_YAML = """\
definitions: definitions/
default_environment: dev
environments:
  dev:
    provider: fake
    settings: {path: .revops/fake/live.json}
    credentials_env: FAKE_TOKEN
    state: {backend: local, path: .revops/state/dev.json}
"""


def pipeline_yaml(
    key: str = "new_business", label: str = "New business", protect: bool = False
) -> str:
    return textwrap.dedent(
        f"""\
        apiVersion: revops.dev/v1
        kind: Pipeline
        key: {key}
        label: {label}
        protect: {"true" if protect else "false"}
        stages:
          - key: discovery
            label: Discovery
            probability: 10.0
            forecast_category: pipeline
          - key: won
            label: Won
            probability: 100.0
            forecast_category: closed
            outcome: won
          - key: lost
            label: Lost
            probability: 0.0
            forecast_category: omitted
            outcome: lost
        """
    )


@dataclass
class Project:
    root: Path
    runner: CliRunner
    outputs: list[str]

    @property
    def world(self) -> FakeWorld:
        return FakeWorld.at(self.root / ".revops/fake/live.json")

    @property
    def state_path(self) -> Path:
        return self.root / ".revops/state/dev.json"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def revops(self, *args: str) -> Result:
        result = self.runner.invoke(
            cli, ["-C", str(self.root), *args], env={"FAKE_TOKEN": CANARY, "NO_COLOR": "1"}
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        self.outputs.append(result.output)
        return result


@pytest.fixture
def fake_project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    (root / "revops.yaml").write_text(REVOPS_YAML)
    (root / "definitions").mkdir()
    return Project(root=root, runner=CliRunner(), outputs=[])


@pytest.fixture
def pipeline_rid() -> Callable[[str], ResourceId]:
    return lambda key: ResourceId("fake", "pipeline", key)
