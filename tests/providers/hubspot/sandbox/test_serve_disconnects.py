"""`revops sandbox serve` over a real 127.0.0.1 socket: clients that go away mid-request or
mid-response, and the `reset` fault, leave no traceback on stderr and the server keeps serving."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

HEADERS = {"Authorization": "Bearer sandbox"}
BODY = (
    b'{"name":"gone_probe","label":"Probe","type":"string","fieldType":"text",'
    b'"groupName":"contactinformation"}'
)


def _start(db: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "revops_as_code", "sandbox", "--db", str(db), "serve",
         "--port", "0", "--no-limits", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if "base URL:" in line:
            return process, line.split("base URL:")[1].split()[0]
    process.kill()
    raise AssertionError(f"serve printed no base URL; stderr: {process.communicate()[1]}")


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(f"{base}/crm/v3/owners", headers=HEADERS)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _send_and_close(port: int, raw: bytes, *, abort: bool, read: int = 0) -> None:
    """Connect, send `raw`, optionally read `read` bytes, and close without reading the rest
    (`abort`: an RST rather than a FIN, as a killed client's kernel sends)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        if abort:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(raw)
        if read:
            sock.recv(read)


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0
    return stderr


def _quiet(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Exception in ASGI application" not in stderr, stderr
    assert "ERROR" not in stderr, stderr


def test_clients_that_disconnect_leave_no_traceback_and_serving_goes_on(tmp_path: Path) -> None:
    process, base = _start(tmp_path / "h.db")
    try:
        _wait_ready(base)
        port = int(base.rsplit(":", 1)[1])
        head = (
            b"POST /crm/v3/properties/contacts HTTP/1.1\r\nHost: sandbox\r\n"
            b"Authorization: Bearer sandbox\r\nContent-Type: application/json\r\n"
        )
        for abort in (False, True):
            # The body is announced but only a third of it arrives before the client goes.
            partial = head + b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY[:30]
            _send_and_close(port, partial, abort=abort)
            # A whole request, then gone before (or while) reading the answer.
            get = b"GET /crm/v3/properties/contacts HTTP/1.1\r\nHost: sandbox\r\n"
            get += b"Authorization: Bearer sandbox\r\n\r\n"
            _send_and_close(port, get, abort=abort)
            _send_and_close(port, get, abort=abort, read=64)
        time.sleep(0.5)  # let the server finish with the abandoned requests
        response = httpx.get(f"{base}/crm/v3/properties/contacts/lead_source", headers=HEADERS)
        assert response.status_code == 200
        # The half-sent create never happened.
        missing = httpx.get(f"{base}/crm/v3/properties/contacts/gone_probe", headers=HEADERS)
        assert missing.status_code == 404
    finally:
        if process.poll() is None:
            stderr = _stop(process)
        else:
            stderr = process.communicate()[1]
            pytest.fail(f"serve exited early ({process.returncode}): {stderr}")
    _quiet(stderr)


def test_an_injected_reset_drops_the_connection_quietly(tmp_path: Path) -> None:
    process, base = _start(tmp_path / "h.db", "--fault", "reset:path=/crm/v3/owners*,nth=2")
    try:
        _wait_ready(base)  # the 1st owners request
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{base}/crm/v3/owners", headers=HEADERS)  # the 2nd: reset
        assert httpx.get(f"{base}/crm/v3/owners", headers=HEADERS).status_code == 200
    finally:
        stderr = _stop(process) if process.poll() is None else process.communicate()[1]
    _quiet(stderr)
