"""`revops sandbox serve` on the Marketo target over a real 127.0.0.1 port, and the provider
reaching it as a real instance would be reached (base_url, client id and secret from
environment variables): the plan works and the secret never shows."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from revops_as_code.cli.main import cli

from .test_compile import REPO

SECRET = "test-secret-canary-5f2c"
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
  live:
    targets:
      map:
        provider: marketo
        settings:
          base_url: {base}
          client_id_env: MKTO_TEST_CLIENT_ID
        credentials_env: MKTO_TEST_SECRET
"""


def test_served_sandbox_as_a_real_instance(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "definitions", project / "definitions")
    (project / "revops.yaml").write_text(PROJECT.format(base="http://127.0.0.1:9"))
    env = {**os.environ, "NO_COLOR": "1", "MKTO_TEST_SECRET": SECRET}
    process = subprocess.Popen(
        [sys.executable, "-m", "revops_as_code", "-C", str(project), "sandbox", "serve",
         "--port", "0", "--token-env", "MKTO_TEST_SECRET"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        base, shown = "", []
        for line in process.stdout:
            shown.append(line)
            if "base URL:" in line:
                base = line.split("base URL:")[1].split()[0]
            if "Press Ctrl+C" in line:
                break
        assert base.startswith("http://127.0.0.1:"), shown
        assert SECRET not in "".join(shown)
        deadline = time.monotonic() + 20
        while True:
            try:
                refused = httpx.post(
                    f"{base}/identity/oauth/token",
                    data={"grant_type": "client_credentials", "client_id": "x",
                          "client_secret": "wrong"},
                )  # fmt: skip
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline
        assert refused.status_code == 401
        (project / "revops.yaml").write_text(PROJECT.format(base=base))
        result = CliRunner().invoke(
            cli,
            ["-C", str(project), "plan", "--env", "live"],
            env={"MKTO_TEST_CLIENT_ID": "ci-client", "MKTO_TEST_SECRET": SECRET},
        )
        assert result.exit_code == 0, result.output
        assert "Plan: 1 to add, 5 to change, 0 to destroy, 3 to adopt." in result.output
        assert SECRET not in result.output
        for path in project.rglob("*"):
            if path.is_file():  # state, plan files, the sandbox's own database
                assert SECRET.encode() not in path.read_bytes(), path
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        if process.stdout is not None:
            process.stdout.close()
