"""revops.yaml: environments and their targets (the one-provider shorthand is one target named
after its provider), the default, credentials by env-var name, file:line:col errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.config import Secret, load_project
from revops_as_code.errors import DefinitionError, UsageError

GOOD = """\
definitions: defs/
default_environment: sandbox
environments:
  sandbox:
    provider: fake
    settings: {path: .revops/fake.json}
    state: {backend: local, path: .revops/state/sandbox.json}
  production:
    provider: fake
    credentials_env: FAKE_TOKEN
  two:
    targets:
      crm: {provider: fake, credentials_env: CRM_TOKEN, settings: {path: crm.json}}
      map: {provider: other, definitions: {kinds: [Pipeline]}}
"""


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "revops.yaml").write_text(text)
    return tmp_path


def test_environments_default_and_paths(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, GOOD))
    assert project.definitions_dir == tmp_path / "defs"
    sandbox = project.environment()
    assert sandbox.name == "sandbox" and list(sandbox.targets) == ["fake"]
    assert sandbox.target().name == "fake" and sandbox.target().provider == "fake"
    assert sandbox.target_providers == {"fake": "fake"}
    assert sandbox.state_path == tmp_path / ".revops/state/sandbox.json"
    production = project.environment("production")
    assert production.state_path == tmp_path / ".revops/state/production.json"


def test_unknown_environment_lists_the_known_ones(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, GOOD))
    with pytest.raises(UsageError) as info:
        project.environment("staging")
    assert "production, sandbox" in str(info.value)


def test_an_environment_with_several_targets(tmp_path: Path) -> None:
    two = load_project(_project(tmp_path, GOOD)).environment("two")
    assert list(two.targets) == ["crm", "map"]
    assert two.target_providers == {"crm": "fake", "map": "other"}
    assert two.target("map").selection.kinds == ["Pipeline"]
    assert two.target("crm").selection.everything
    with pytest.raises(UsageError, match="several targets") as info:
        two.target()
    assert info.value.hint and "crm, map" in info.value.hint
    with pytest.raises(UsageError, match="no target 'erp'"):
        two.target("erp")


def test_credentials_come_only_from_the_named_variable(tmp_path: Path) -> None:
    production = load_project(_project(tmp_path, GOOD)).environment("production").target()
    assert production.credentials({}) is None
    secret = production.credentials({"FAKE_TOKEN": "s3cr3t-value"})
    assert isinstance(secret, Secret) and secret == "s3cr3t-value"
    assert "s3cr3t" not in repr(secret)
    settings = production.provider_settings({"FAKE_TOKEN": "s3cr3t-value"})
    assert settings["credentials"] == "s3cr3t-value"
    assert settings["project_dir"] == str(tmp_path.resolve())
    assert settings["environment"] == "production" and settings["target"] == "fake"
    assert "s3cr3t" not in repr(settings)
    # Each target reads its own variable, and gets its own settings.
    crm = load_project(_project(tmp_path, GOOD)).environment("two").target("crm")
    assert crm.credentials({"FAKE_TOKEN": "s3cr3t-value"}) is None
    crm_settings = crm.provider_settings({"CRM_TOKEN": "crm-secret"})
    assert crm_settings["credentials"] == "crm-secret" and crm_settings["path"] == "crm.json"
    assert crm_settings["environment"] == "two" and crm_settings["target"] == "crm"


def test_literal_credentials_in_settings_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace("settings: {path: .revops/fake.json}", "settings: {api_token: abc123}")
    with pytest.raises(DefinitionError) as info:
        load_project(_project(tmp_path, text))
    diagnostic = info.value.diagnostics[0]
    assert "credentials_env" in diagnostic.message
    assert diagnostic.location.line == 6


def test_errors_point_at_file_line_col(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    provider: fake\n    credentials_env", "    provder: fake\n    credentials_env"
    )
    with pytest.raises(DefinitionError) as info:
        load_project(_project(tmp_path, text))
    formatted = [d.format() for d in info.value.diagnostics]
    assert any("revops.yaml:9:5" in f and "unknown key 'provder'" in f for f in formatted), (
        formatted
    )


def test_an_environment_needs_a_provider_or_targets_but_not_both(tmp_path: Path) -> None:
    neither = "environments:\n  only:\n    state: {backend: local}\n"
    with pytest.raises(DefinitionError) as info:
        load_project(_project(tmp_path, neither))
    formatted = [d.format() for d in info.value.diagnostics]
    assert any("revops.yaml:" in f and "needs `provider`" in f for f in formatted), formatted
    both = "environments:\n  only:\n    provider: fake\n    targets: {crm: {provider: fake}}\n"
    with pytest.raises(DefinitionError) as info:
        load_project(_project(tmp_path, both))
    assert any("either `targets` or" in d.message for d in info.value.diagnostics)
    with pytest.raises(DefinitionError) as info:
        load_project(
            _project(tmp_path, "environments:\n  only:\n    targets: {CRM: {provider: fake}}\n")
        )
    assert any("target name 'CRM'" in d.message for d in info.value.diagnostics)


def test_default_must_name_an_environment(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"revops\.yaml"):
        load_project(
            _project(
                tmp_path, GOOD.replace("default_environment: sandbox", "default_environment: prod")
            )
        )


def test_yaml_errors_are_diagnostics(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError) as info:
        load_project(_project(tmp_path, "environments: {a: [\n"))
    assert info.value.diagnostics and info.value.diagnostics[0].location.line >= 1


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="revops init"):
        load_project(tmp_path)


def test_single_environment_needs_no_default(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, "environments:\n  only: {provider: fake}\n"))
    assert project.environment().name == "only"
