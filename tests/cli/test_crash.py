"""An unexpected exception is one line on stderr and a crash report, never a traceback, and
never a secret."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from revops_as_code import __version__
from revops_as_code.cli import crash, validate_cmd

from .conftest import revops

LINE = re.compile(
    r"^Error: unexpected RuntimeError: (?P<message>.*); crash report written to "
    r"(?P<path>\S+crash-[0-9-]+\.txt)\. This is a bug in revops: please report it with that "
    r"file\.$"
)
SECRET = "pat-na1-0123456789abcdef"


def _explode(message: str) -> object:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError(message)

    return boom


def test_one_line_and_a_report_in_the_project(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_cmd, "run", _explode("boom"))
    result = revops("-C", str(project), "validate")
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    match = LINE.match(line)
    assert match, line
    assert match["message"] == "boom"
    (report,) = (project / ".revops").glob("crash-*.txt")
    assert Path(match["path"]).resolve() == report.resolve()
    text = report.read_text()
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text
    assert f"revops: {__version__}" in text
    assert f"python: {sys.version.splitlines()[0]}" in text
    assert f"argv: revops -C {project} validate" in text
    assert "Traceback" not in result.output


def test_found_from_a_sub_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_cmd, "run", _explode("boom"))
    monkeypatch.chdir(project / "definitions")
    assert revops("validate").exit_code == 1
    assert len(list((project / ".revops").glob("crash-*.txt"))) == 1


def test_without_a_project_the_report_goes_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revops_as_code.discovery import find_project_dir

    if find_project_dir(tmp_path) is not None:
        pytest.skip("tmp_path is inside a project")
    monkeypatch.setattr(validate_cmd, "run", _explode("boom"))
    monkeypatch.chdir(tmp_path)
    result = revops("validate")
    assert result.exit_code == 1
    assert LINE.match(result.stderr.strip())
    assert len(list((tmp_path / ".revops").glob("crash-*.txt"))) == 1


def test_secrets_are_redacted_everywhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An environment credential that leaks into an exception message, under a name that
    # only revops.yaml's credentials_env says is one.
    config = project / "revops.yaml"
    config.write_text(config.read_text() + "    credentials_env: CRM_PAT\n")
    monkeypatch.setattr(validate_cmd, "run", _explode(f"request failed with {SECRET}\nsecond"))
    result = revops("-C", str(project), "validate", "--format", "json", env={"CRM_PAT": SECRET})
    assert result.exit_code == 1
    assert SECRET not in result.output
    (line,) = result.stderr.splitlines()  # the multi-line message is folded onto one line
    assert "request failed with *** second" in line
    (report,) = (project / ".revops").glob("crash-*.txt")
    assert SECRET not in report.read_text()


def test_argv_redaction() -> None:
    argv = ["plan", "--token", "t0k", "--api-secret=s3cr3t", "--password", "pw", "--env", "prod"]
    assert crash.redact_argv(argv) == [
        "plan", "--token", "***", "--api-secret=***", "--password", "***", "--env", "prod",
    ]  # fmt: skip
    assert crash.redact_argv(["--token"]) == ["--token"]


def test_credential_looking_environment_values_are_scrubbed() -> None:
    env = {"HUBSPOT_TOKEN": SECRET, "MY_API_KEY": "k" * 12, "SHORT_TOKEN": "1", "HOME": "/root"}
    secrets = crash.secret_values(env)
    assert set(secrets) == {SECRET, "k" * 12}
    assert crash.scrub(f"a {SECRET} b /root", secrets) == "a *** b /root"


def test_a_report_that_cannot_be_written_still_gives_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(validate_cmd, "run", _explode("boom"))
    monkeypatch.setattr(crash, "write_report", refuse)
    result = revops("-C", str(project), "validate")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: unexpected RuntimeError: boom; could not write a crash report")
    assert "Permission denied" in line


def test_even_a_failing_report_is_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Nasty(Exception):
        def __str__(self) -> str:
            raise ValueError("no string for you")

    def boom(*args: object) -> None:
        raise Nasty

    monkeypatch.setattr(validate_cmd, "run", boom)
    result = revops("-C", str(project), "validate")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: unexpected Nasty; writing the crash report failed too")


def test_revops_errors_are_not_crashes(tmp_path: Path) -> None:
    result = revops("-C", str(tmp_path), "plan")
    assert result.exit_code == 1
    assert "unexpected" not in result.output
    assert not (tmp_path / ".revops").exists()


def test_a_crash_in_a_real_process_prints_no_traceback(project: Path) -> None:
    # The real entry point in a child process: no CliRunner in between to catch anything.
    code = (
        "import sys; from revops_as_code.cli import validate_cmd, main;"
        "validate_cmd.run = lambda *a: 1 / 0;"
        "main.main(['-C', sys.argv[1], 'validate'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(project)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: unexpected ZeroDivisionError: division by zero;")
