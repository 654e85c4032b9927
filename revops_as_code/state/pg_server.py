"""A throwaway PostgreSQL server on 127.0.0.1 for tests of the PostgreSQL state backend.

`shared_server()` starts one per process (initdb into a temporary directory, `pg_ctl start`
on a free port, fsync off: it is thrown away) and stops it at exit; each test takes a fresh
database from it with `new_database()`. The server binaries are Debian's
(`/usr/lib/postgresql/<version>/bin`) or whatever `initdb` is on PATH. `initdb` refuses to
run as root, so as root the server runs as the `postgres` system user (`runuser`), which
owns the temporary directory. Without binaries, `SKIP_REASON` says how to get them; the
tests skip with it. It ships in the package so a third-party backend's tests can use it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

SKIP_REASON = (
    "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on "
    "PATH: install them (Debian/Ubuntu: apt-get install postgresql; macOS: brew install "
    "postgresql) to run the PostgreSQL state backend tests; .ci/run installs them"
)


def find_bin_dir() -> Path | None:
    """The newest server binaries' directory, or None."""
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for directory in reversed(debian):
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One server: `start()`, `dsn(database)`, `new_database()`, `stop()`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="revops-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user: str | None = None
        """The system user the server runs as when we are root."""
        self.started = False

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(
                    "running as root and there is no `postgres` user for the server to run as"
                ) from None
            self.user = "postgres"
            os.chown(self.root, account.pw_uid, account.pw_gid)
        init = self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"
        )
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w",
            "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = (
                (self.root / "log").read_text(errors="replace")
                if (self.root / "log").exists()
                else ""
            )
            raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {log[-2000:]}")
        self.started = True
        return self

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's connection string."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


_SHARED: PostgresServer | None = None


def shared_server() -> PostgresServer | None:
    """This process's server, started on first call; None if there are no binaries."""
    global _SHARED
    if _SHARED is None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            return None
        server = PostgresServer(bin_dir)
        try:
            server.start()
        except BaseException:
            with contextlib.suppress(Exception):
                server.stop()
            raise
        _SHARED = server
        atexit.register(server.stop)
    return _SHARED


__all__ = ["SKIP_REASON", "PostgresServer", "find_bin_dir", "shared_server"]
