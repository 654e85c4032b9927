"""`revops docs build|serve` through the CLI: output, exit codes, errors, the preview server."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from revops_as_code.cli.docs_cmd import Rebuilder, make_server
from revops_as_code.cli.main import cli
from revops_as_code.errors import RevopsError

from .conftest import PROJECT


def revops(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"}, prog_name="revops")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    return root


def test_build_writes_the_site_and_says_where(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = revops("docs", "build", "-C", str(project), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote 7 pages to {out}" in result.output
    assert (out / "index.html").is_file() and (out / "static/handbook.css").is_file()


def test_build_with_an_audit_shows_compliance(project: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    audit.write_text(
        json.dumps(
            {
                "generated_at": "2026-11-30T06:00:00Z",
                "slas": [{"key": "mqa_first_touch", "measured": 4, "met": 3}],
            }
        )
    )
    out = tmp_path / "out"
    result = revops("-C", str(project), "docs", "build", "--out", str(out), "--audit", str(audit))
    assert result.exit_code == 0, result.output
    assert "Compliance: 75%" in (out / "slas.html").read_text()
    assert "Audit results as of 2026-11-30T06:00:00Z" in (out / "index.html").read_text()


def test_a_bad_audit_file_is_an_error_naming_its_line(project: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    audit.write_text('{"generated_at": "x",\n "slas": [}')
    result = revops(
        "-C", str(project), "docs", "build", "--out", str(tmp_path / "o"), "--audit", str(audit)
    )
    assert result.exit_code == 1
    assert f"{audit}:2:" in result.output and "not valid JSON" in result.output
    assert "Traceback" not in result.output


def test_invalid_definitions_exit_1_with_file_line_col(project: Path, tmp_path: Path) -> None:
    icp = project / "definitions/icp.yaml"
    icp.write_text(icp.read_text().replace("op: gte, value: 500", "op: gte, value: '500'", 1))
    result = revops("-C", str(project), "docs", "build", "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "definitions/icp.yaml:" in result.output
    assert "Traceback" not in result.output


def test_outside_a_project_exit_1(tmp_path: Path) -> None:
    result = revops("-C", str(tmp_path), "docs", "build")
    assert result.exit_code == 1
    assert "no revops.yaml" in result.output


def test_docs_is_listed_with_its_subcommands() -> None:
    result = revops("docs", "--help")
    assert result.exit_code == 0
    assert "build" in result.output and "serve" in result.output


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[tuple[Rebuilder, str]]:
    site = tmp_path / "served"
    rebuilder = Rebuilder(project, site, ())
    rebuilder.build()
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rebuilder, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # 127.0.0.1 only
        return str(response.read().decode())


def test_serve_rebuilds_on_change_and_pages_reload(
    served: tuple[Rebuilder, str], project: Path
) -> None:
    rebuilder, base = served
    index = _get(f"{base}/index.html")
    assert '<script src="static/reload.js"></script>' in index
    assert _get(f"{base}/reload.txt") == "1"
    assert rebuilder.check() is False  # nothing changed: no rebuild
    icp = project / "definitions/icp.yaml"
    icp.write_text(icp.read_text().replace("label: Tier 3 – emerging", "label: Tier 3 – growth"))
    assert rebuilder.check() is True
    assert _get(f"{base}/reload.txt") == "2"
    assert "Tier 3 – growth" in _get(f"{base}/icp.html")


def test_serve_keeps_the_last_good_site_when_an_edit_breaks_it(
    served: tuple[Rebuilder, str], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rebuilder, base = served
    icp = project / "definitions/icp.yaml"
    icp.write_text(icp.read_text().replace("kind: ICP", "kind: ICPX"))
    assert rebuilder.check() is True
    assert "Tier 3 – emerging" in _get(f"{base}/icp.html")
    assert "definitions/icp.yaml" in capsys.readouterr().err


def test_serve_binds_only_to_loopback(tmp_path: Path) -> None:
    server = make_server(tmp_path, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        with pytest.raises(RevopsError, match=r"cannot listen on 127\.0\.0\.1"):
            make_server(tmp_path, server.server_port)
    finally:
        server.server_close()


def test_serve_end_to_end_stops_cleanly_on_sigterm(project: Path) -> None:
    import re
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "revops_as_code",
            "-C",
            str(project),
            "docs",
            "serve",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # blocks until the server is up (or the process died)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line + (process.stderr.read() if process.stderr else "")
        page = _get(f"http://127.0.0.1:{found.group(1)}/index.html")
        assert "Revenue handbook" in page and "reload.js" in page
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert "Stopped." in out and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()  # our own child, by its handle
            process.wait()


def test_an_unwritable_out_is_an_error_not_a_crash(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = revops("-C", str(project), "docs", "build", "--out", str(blocker / "site"))
    assert result.exit_code == 1
    assert f"cannot write the handbook to {blocker / 'site'}" in result.output
    assert "--out" in result.output and "crash" not in result.output.lower()
