"""Provider discovery: the `revops_as_code.providers` entry-point group, nothing hard-coded.

Built-in providers (`fake`, `hubspot`) register in pyproject.toml exactly as a third-party
package would, so the engine never imports a vendor module by name. A provider class is
constructed with one argument, its settings mapping: the environment's `settings` from
revops.yaml plus `project_dir` (absolute path of the project) and, when the environment
variable named by `credentials_env` is set, `credentials` (a `config.Secret`).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any

from revops_as_code.errors import UsageError
from revops_as_code.providers.base import Provider

GROUP = "revops_as_code.providers"


def available_providers() -> list[str]:
    """Names of every registered provider, sorted."""
    return sorted({ep.name for ep in entry_points(group=GROUP)})


def provider_class(name: str) -> type[Provider]:
    """The class registered as `name`; `UsageError` naming the known ones otherwise."""
    matches = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    if not matches:
        known = ", ".join(available_providers()) or "none"
        raise UsageError(f"unknown provider {name!r}", hint=f"installed providers: {known}")
    cls = matches[0].load()
    if not (isinstance(cls, type) and issubclass(cls, Provider)):
        raise UsageError(f"entry point {name!r} does not name a Provider subclass")
    return cls


def create_provider(name: str, settings: Mapping[str, Any] | None = None) -> Provider:
    """Instantiate the provider registered as `name` with `settings`."""
    return provider_class(name)(dict(settings or {}))


__all__ = ["GROUP", "available_providers", "create_provider", "provider_class"]
