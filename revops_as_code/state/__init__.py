"""State: what the tool owns in an environment and what it last applied (DESIGN §6).

`State` (model.py) is the value; `StateBackend` (backend.py) the interface a store
implements, with its exclusive lock; `LocalBackend` (local.py) the file-based default.
`open_backend(config, project_dir)` picks the backend a `revops.yaml` environment names.
"""

from __future__ import annotations

from pathlib import Path

from revops_as_code.errors import UsageError
from revops_as_code.state.backend import LockInfo, StateBackend
from revops_as_code.state.local import LocalBackend
from revops_as_code.state.model import STATE_FORMAT_VERSION, ResourceState, State


def open_backend(backend: str, path: str, project_dir: str | Path = ".") -> StateBackend:
    """The backend named `backend` storing state at `path` (relative to the project)."""
    if backend == "local":
        target = Path(path)
        if not target.is_absolute():
            target = Path(project_dir) / target
        return LocalBackend(target)
    raise UsageError(f"unknown state backend {backend!r}", hint="supported backends: local")


__all__ = [
    "STATE_FORMAT_VERSION",
    "LocalBackend",
    "LockInfo",
    "ResourceState",
    "State",
    "StateBackend",
    "open_backend",
]
