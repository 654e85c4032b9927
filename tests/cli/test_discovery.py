"""The project is found by searching upward for revops.yaml, from the working directory or -C."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revops_as_code.discovery import CONFIG_FILE, find_project_dir, require_project_dir
from revops_as_code.errors import UsageError

from .conftest import revops


def _outside_any_project(path: Path) -> Path:
    if find_project_dir(path) is not None:
        pytest.skip(f"{path} is inside a revops project; cannot test 'none found'")
    return path


def test_the_config_file_name_matches_config_py() -> None:
    from revops_as_code import config

    assert CONFIG_FILE == config.CONFIG_FILE


def test_found_at_the_root_below_it_and_from_a_file(project: Path) -> None:
    nested = project / "definitions" / "fields"
    assert find_project_dir(project) == project
    assert find_project_dir(nested) == project
    assert find_project_dir(nested / "deal.yaml") == project


def test_relative_starts_are_made_absolute(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "definitions")
    assert find_project_dir(Path(".")) == project
    assert find_project_dir(Path("fields")) == project


def test_the_nearest_project_wins(project: Path) -> None:
    inner = project / "vendor" / "other"
    inner.mkdir(parents=True)
    (inner / CONFIG_FILE).write_text("environments: {}\n")
    assert find_project_dir(inner / "deeper") is None  # does not exist: no climbing
    (inner / "deeper").mkdir()
    assert find_project_dir(inner / "deeper") == inner
    assert find_project_dir(project / "vendor") == project


def test_a_mistyped_minus_c_is_an_error_not_the_enclosing_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    for args in (("plan",), ("validate",), ("state", "list")):
        result = revops("-C", "definitons", *args)
        assert result.exit_code == 1, (args, result.output)
        assert "no such directory: definitons" in result.stderr


def test_a_directory_named_revops_yaml_is_not_a_project(tmp_path: Path) -> None:
    start = _outside_any_project(tmp_path)
    (start / CONFIG_FILE).mkdir()
    assert find_project_dir(start) is None


def test_none_found_says_what_to_do(tmp_path: Path) -> None:
    start = _outside_any_project(tmp_path)
    assert find_project_dir(start) is None
    with pytest.raises(UsageError) as caught:
        require_project_dir(start)
    assert f"no revops.yaml in {start}" in caught.value.message
    assert caught.value.hint is not None
    assert "revops init" in caught.value.hint and "-C" in caught.value.hint


def test_plan_outside_a_project_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_outside_any_project(tmp_path))
    for command in ("plan", "drift", "import", ("state", "list")):
        args = command if isinstance(command, tuple) else (command,)
        result = revops(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "no revops.yaml in" in result.stderr
        assert "revops init" in result.stderr and "-C" in result.stderr


def test_plan_from_a_sub_directory(planned_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_root = revops("-C", str(planned_project), "plan", "--format", "json")
    monkeypatch.chdir(planned_project / "definitions" / "pipelines")
    from_below = revops("plan", "--format", "json")
    assert from_below.exit_code == from_root.exit_code == 0, from_below.output
    below, root = json.loads(from_below.output), json.loads(from_root.output)
    # Source locations are shown relative to the working directory, so only they differ.
    assert below["summary"] == root["summary"]
    assert below["environment"] == root["environment"]
    assert _what(below) == _what(root) != []


def _what(plan: dict[str, list[dict[str, object]]]) -> list[tuple[object, object]]:
    return [(change["resource"], change["action"]) for change in plan["changes"]]


def test_minus_c_may_name_a_sub_directory(planned_project: Path) -> None:
    result = revops("-C", str(planned_project / "definitions"), "state", "list")
    assert result.exit_code == 0, result.output


def test_validate_from_a_sub_directory_uses_the_definitions_key(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "definitions").rename(project / "gtm")
    config = project / "revops.yaml"
    config.write_text(config.read_text().replace("definitions: definitions/", "definitions: gtm/"))
    (project / "docs").mkdir()
    monkeypatch.chdir(project / "docs")
    result = revops("validate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{project / 'gtm'}: valid (7 documents in 7 files")


def test_init_creates_where_it_is_told_not_in_the_enclosing_project(project: Path) -> None:
    inner = project / "sub"
    result = revops("-C", str(inner), "init")
    assert result.exit_code == 0, result.output
    assert (inner / CONFIG_FILE).is_file()
