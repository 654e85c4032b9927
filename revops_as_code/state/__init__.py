"""State: what the tool owns in an environment and what it last applied (DESIGN §6).

`State` (model.py) is the value; `StateBackend` (backend.py) the interface a store
implements, with its exclusive lock and apply history; `LocalBackend` (local.py) the
file-based default; `PostgresBackend` (postgres.py) the team one; `recovery.py` what both do
when a write fails after live changes. `open_environment_backend(environment)` picks the
backend a `revops.yaml` environment names.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from revops_as_code.errors import UsageError
from revops_as_code.state.backend import HistoryEntry, LockInfo, StateBackend
from revops_as_code.state.local import LocalBackend
from revops_as_code.state.model import STATE_FORMAT_VERSION, ResourceState, State

if TYPE_CHECKING:
    from revops_as_code.config import Environment


def open_backend(backend: str, path: str, project_dir: str | Path = ".") -> StateBackend:
    """The backend named `backend` storing state at `path` (relative to the project)."""
    if backend == "local":
        target = Path(path)
        if not target.is_absolute():
            target = Path(project_dir) / target
        return LocalBackend(target)
    raise UsageError(
        f"unknown state backend {backend!r}", hint="supported backends: local, postgres"
    )


def open_environment_backend(environment: Environment) -> StateBackend:
    """The backend `environment`'s `state:` in revops.yaml names."""
    config = environment.config.state
    if config.backend == "postgres":
        from revops_as_code.state.postgres import from_environment

        assert config.dsn_env is not None  # StateConfig requires it for postgres
        return from_environment(
            config.dsn_env,
            config.name or environment.name,
            environment.project_dir / ".revops" / "state",
        )
    return open_backend(config.backend, str(environment.state_path), environment.project_dir)


__all__ = [
    "STATE_FORMAT_VERSION",
    "HistoryEntry",
    "LocalBackend",
    "LockInfo",
    "ResourceState",
    "State",
    "StateBackend",
    "open_backend",
    "open_environment_backend",
]
