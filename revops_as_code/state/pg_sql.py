"""What the PostgreSQL state backend (`postgres.py`) shares: its tables, the advisory lock's
keys, and how a connection string is shown (never with its user or password)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from revops_as_code.errors import UsageError
from revops_as_code.state.backend import LockInfo

if TYPE_CHECKING:
    from revops_as_code.state.postgres import PostgresBackend

LOCK_CLASS = 0x52564F50  # "RVOP": the advisory-lock namespace (first key) of revops

SCHEMA = """
CREATE TABLE IF NOT EXISTS revops_state (
    name text PRIMARY KEY,
    lineage text NOT NULL,
    serial bigint NOT NULL,
    base_serial bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS revops_state_snapshots (
    name text NOT NULL,
    lineage text NOT NULL,
    serial bigint NOT NULL,
    body text NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    written_by text NOT NULL,
    PRIMARY KEY (name, lineage, serial)
);
CREATE TABLE IF NOT EXISTS revops_state_deltas (
    name text NOT NULL,
    lineage text NOT NULL,
    serial bigint NOT NULL,
    body text NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, lineage, serial)
);
CREATE TABLE IF NOT EXISTS revops_state_history (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    at timestamptz NOT NULL,
    who text NOT NULL,
    operation text NOT NULL,
    lineage text NOT NULL,
    serial bigint NOT NULL,
    plan_digest text NOT NULL,
    summary text NOT NULL
);
CREATE TABLE IF NOT EXISTS revops_state_locks (
    name text PRIMARY KEY,
    lock_id text NOT NULL,
    info text NOT NULL,
    backend_pid integer NOT NULL
);
"""


def lock_key(name: str) -> int:
    """The advisory lock's second key for state `name` (a signed 32-bit hash)."""
    value = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")
    return value - (1 << 32) if value >= 1 << 31 else value


def describe_dsn(dsn: str) -> str:
    """`postgresql://host:port/db`: where, never who or with what password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.Error:
        return "the PostgreSQL database (connection string not shown)"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{host}{port}/{info.get('dbname') or ''}"


def who() -> str:
    return LockInfo.new("write").holder


def scrub(text: str, dsn: str) -> str:
    """A driver message without the connection string or its password, if it echoed one."""
    if dsn:
        text = text.replace(dsn, "<connection string>")
    with contextlib.suppress(psycopg.Error):
        password = psycopg.conninfo.conninfo_to_dict(dsn).get("password")
        if password:
            text = text.replace(str(password), "***")
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def from_environment(dsn_env: str, name: str, recovery_dir: str | Path) -> PostgresBackend:
    """The backend whose connection string is in the variable `dsn_env`."""
    from revops_as_code.state.postgres import PostgresBackend

    dsn = os.environ.get(dsn_env, "")
    if not dsn:
        raise UsageError(
            f"the postgres state backend reads its connection string from ${dsn_env}, "
            "which is not set",
            hint=f"export {dsn_env}='postgresql://user@host:5432/db' (never write it in "
            "revops.yaml)",
        )
    return PostgresBackend(dsn, name, recovery_dir=recovery_dir)


__all__ = ["LOCK_CLASS", "SCHEMA", "describe_dsn", "from_environment", "lock_key", "scrub", "who"]
