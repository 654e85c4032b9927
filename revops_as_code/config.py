"""Project configuration: `revops.yaml`, the environments a project deploys to.

```yaml
definitions: definitions/          # where the go-to-market YAML lives
default_environment: sandbox       # used when --env is not given
environments:
  sandbox:                         # one system: the shorthand (its target is named after
    provider: hubspot              #   the provider, so addresses read `hubspot/...`)
    settings: {sandbox: true}      # handed to the provider as-is (plus `project_dir`)
    credentials_env: HUBSPOT_TOKEN # the *name* of the env var holding the credential
    state: {backend: local, path: .revops/state/sandbox.json}
  two-portals:                     # several systems governed by one plan, state and lock
    targets:
      marketing: {provider: hubspot, settings: {sandbox: true}}
      sales:     {provider: hubspot, settings: {sandbox: true}, definitions: {kinds: [Pipeline]}}
```

An environment holds one or more named *targets*, each a provider instance with its own
settings and credentials variable. Resource addresses carry the target name, so two portals
of one vendor never collide. A target receives every definition unless its `definitions`
selection names the kinds, objects or paths it takes.

Credentials are never written in this file: `credentials_env` names an environment variable,
read at run time, handed to the provider (`settings["credentials"]`, a `Secret` whose repr
is redacted) and never stored or printed. A setting that looks like a literal credential is
an error. The file is read with the project's YAML loader, so every problem is reported at
`revops.yaml:line:col` like a definition error.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import DefinitionError, UsageError
from revops_as_code.loader.document import SourceDocument

CONFIG_FILE = "revops.yaml"
_SECRETISH = re.compile(r"(token|secret|password|passwd|api_?key|private_?key)", re.I)


class Secret(str):
    """A credential. Behaves as the string it holds; its repr never shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Secret('***')"


class StateConfig(BaseModel):
    """Where an environment's state is kept."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    backend: Literal["local", "postgres"] = "local"
    """State backend. `local`: a JSON file in the project. `postgres`: a PostgreSQL database
    shared by a team's CI runners and laptops (needs `dsn_env`)."""
    path: str | None = None
    """`local`: state file, relative to the project directory. Default
    `.revops/state/<env>.json`."""
    dsn_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """`postgres`: name of the environment variable holding the connection string
    (`postgresql://user@host:5432/db`). The string itself never goes in this file."""
    name: str | None = Field(default=None, min_length=1)
    """`postgres`: the state's name in the database. Default: the environment's name."""

    @model_validator(mode="after")
    def _backend_settings(self) -> StateConfig:
        if self.backend == "postgres" and not self.dsn_env:
            raise ValueError(
                "the postgres state backend needs `dsn_env`: the name of the environment "
                "variable that holds the connection string"
            )
        if self.backend == "local" and (self.dsn_env or self.name):
            raise ValueError("`dsn_env` and `name` are settings of the postgres state backend")
        return self


_TARGET_NAME = r"^[a-z0-9][a-z0-9_-]*$"


def _no_literal_credentials(value: dict[str, Any]) -> dict[str, Any]:
    for key, item in value.items():
        if _SECRETISH.search(key) and isinstance(item, str) and item:
            raise ValueError(
                f"setting {key!r} looks like a credential; put it in an environment "
                "variable and name that variable in credentials_env"
            )
    return value


class DefinitionSelection(BaseModel):
    """Which definitions a target receives. Empty lists mean "no restriction"; when several
    are given a document must match each of them."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    kinds: list[str] = Field(default_factory=list)
    """Document kinds this target takes (`FieldStandard`, `Pipeline`, `Lifecycle`, `ICP`,
    `HandoffSLA`)."""
    objects: list[str] = Field(default_factory=list)
    """CRM objects this target takes (`company`, `contact`, `deal`): documents about other
    objects are left out; documents about no object (ICP, SLA) are kept."""
    paths: list[str] = Field(default_factory=list)
    """Glob patterns relative to the definitions directory (`fields/*.yaml`, `pipelines/**`)."""

    @property
    def everything(self) -> bool:
        return not (self.kinds or self.objects or self.paths)


class TargetConfig(BaseModel):
    """One live system of an environment: a provider instance and what it receives."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    provider: str = Field(min_length=1)
    """Provider name, registered in the `revops_as_code.providers` entry-point group."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Provider settings (portal, tier, sandbox, ...). Never credentials."""
    credentials_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Name of the environment variable that holds this target's credential."""
    definitions: DefinitionSelection = Field(default_factory=DefinitionSelection)
    """Which definitions this target receives (all of them by default)."""

    @field_validator("settings")
    @classmethod
    def _settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _no_literal_credentials(value)


class EnvironmentConfig(BaseModel):
    """One deployment environment: its targets (live systems) and its state backend.

    Either `targets` (named provider instances) or the one-provider shorthand (`provider`,
    `settings`, `credentials_env`), which is one target named after its provider."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    provider: str | None = Field(default=None, min_length=1)
    """Shorthand for one target: provider name (the target is named after it)."""
    settings: dict[str, Any] = Field(default_factory=dict)
    """Shorthand: provider settings. Never credentials."""
    credentials_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    """Shorthand: name of the environment variable that holds the credential."""
    targets: dict[str, TargetConfig] = Field(default_factory=dict)
    """Live systems by target name (`crm`, `map`, `marketing`, `sales`)."""
    state: StateConfig = Field(default_factory=StateConfig)
    """State backend for this environment (one state and one lock cover all its targets)."""

    @field_validator("settings")
    @classmethod
    def _settings(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _no_literal_credentials(value)

    @field_validator("targets")
    @classmethod
    def _target_names(cls, value: dict[str, TargetConfig]) -> dict[str, TargetConfig]:
        for name in value:
            if not re.fullmatch(_TARGET_NAME, name):
                raise ValueError(f"target name {name!r} must be lower-case [a-z0-9_-]")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> EnvironmentConfig:
        if self.targets and (self.provider or self.settings or self.credentials_env):
            raise ValueError(
                "give either `targets` or the one-provider shorthand (`provider`, `settings`, "
                "`credentials_env`), not both"
            )
        if not self.targets and not self.provider:
            raise ValueError("an environment needs `provider` (one system) or `targets`")
        return self

    def target_configs(self) -> dict[str, TargetConfig]:
        """Targets by name, the shorthand expanded (one target named after its provider)."""
        if self.targets:
            return dict(sorted(self.targets.items()))
        assert self.provider is not None
        return {
            self.provider: TargetConfig(
                provider=self.provider,
                settings=self.settings,
                credentials_env=self.credentials_env,
            )
        }


class ProjectConfig(BaseModel):
    """The whole `revops.yaml`."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    environments: dict[str, EnvironmentConfig] = Field(min_length=1)
    """Environments by name (e.g. `sandbox`, `production`)."""
    default_environment: str | None = None
    """Environment used when `--env` is not given; may be omitted if there is only one."""
    definitions: str = "definitions/"
    """Directory of definition YAML, relative to the project directory."""

    @field_validator("environments")
    @classmethod
    def _names(cls, value: dict[str, EnvironmentConfig]) -> dict[str, EnvironmentConfig]:
        for name in value:
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
                raise ValueError(f"environment name {name!r} must be lower-case [a-z0-9_-]")
        return value

    @model_validator(mode="after")
    def _default_exists(self) -> ProjectConfig:
        if (
            self.default_environment is not None
            and self.default_environment not in self.environments
        ):
            known = ", ".join(sorted(self.environments))
            raise ValueError(
                f"default_environment {self.default_environment!r} is not one of: {known}"
            )
        return self


@dataclass(frozen=True)
class Target:
    """One target of a loaded environment: its name, provider and settings."""

    name: str
    config: TargetConfig
    environment: str
    project_dir: Path

    @property
    def provider(self) -> str:
        return self.config.provider

    @property
    def selection(self) -> DefinitionSelection:
        return self.config.definitions

    def credentials(self, environ: Mapping[str, str] | None = None) -> Secret | None:
        """The credential from the named environment variable, or None if unset/empty."""
        if not self.config.credentials_env:
            return None
        value = (os.environ if environ is None else environ).get(self.config.credentials_env)
        return Secret(value) if value else None

    def provider_settings(self, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Settings as the provider receives them: plus `project_dir`, `environment`,
        `target` and, when its variable is set, `credentials`."""
        settings: dict[str, Any] = dict(self.config.settings)
        settings["project_dir"] = str(self.project_dir)
        settings["environment"] = self.environment
        settings["target"] = self.name
        secret = self.credentials(environ)
        if secret is not None:
            settings["credentials"] = secret
        return settings


@dataclass(frozen=True)
class Environment:
    """One environment of a loaded project, with paths resolved against the project."""

    name: str
    config: EnvironmentConfig
    project_dir: Path

    @property
    def targets(self) -> dict[str, Target]:
        """Targets by name, sorted (the shorthand is one target named after its provider)."""
        return {
            name: Target(name, cfg, self.name, self.project_dir)
            for name, cfg in self.config.target_configs().items()
        }

    def target(self, name: str | None = None) -> Target:
        """The target `name`, or the only one; `UsageError` naming the choices otherwise."""
        targets = self.targets
        if name is None:
            if len(targets) == 1:
                return next(iter(targets.values()))
            raise UsageError(
                f"environment {self.name!r} has several targets",
                hint=f"pass --target with one of: {', '.join(targets)}",
            )
        if name not in targets:
            raise UsageError(
                f"environment {self.name!r} has no target {name!r}",
                hint=f"its targets: {', '.join(targets)}",
            )
        return targets[name]

    @property
    def target_providers(self) -> dict[str, str]:
        """Target name -> provider name: what a plan and a state record, and check."""
        return {name: t.provider for name, t in self.targets.items()}

    @property
    def state_path(self) -> Path:
        path = Path(self.config.state.path or f".revops/state/{self.name}.json")
        return path if path.is_absolute() else self.project_dir / path


@dataclass(frozen=True)
class Project:
    """A loaded `revops.yaml` and the directory it is in."""

    config: ProjectConfig
    project_dir: Path
    path: Path

    @property
    def definitions_dir(self) -> Path:
        path = Path(self.config.definitions)
        return path if path.is_absolute() else self.project_dir / path

    def environment(self, name: str | None = None) -> Environment:
        """`name`, else the default environment, else the only one."""
        envs = self.config.environments
        chosen = name or self.config.default_environment
        if chosen is None:
            if len(envs) == 1:
                chosen = next(iter(envs))
            else:
                raise UsageError(
                    f"{self.path} names several environments and no default_environment",
                    hint=f"pass --env with one of: {', '.join(sorted(envs))}",
                )
        if chosen not in envs:
            raise UsageError(
                f"unknown environment {chosen!r}",
                hint=f"{self.path} defines: {', '.join(sorted(envs))}",
            )
        return Environment(name=chosen, config=envs[chosen], project_dir=self.project_dir)


def load_project(project_dir: str | os.PathLike[str] = ".") -> Project:
    """Load and validate `<project_dir>/revops.yaml`; problems raise `DefinitionError`."""
    root = Path(project_dir).resolve()
    path = root / CONFIG_FILE
    if not path.is_file():
        raise UsageError(
            f"no {CONFIG_FILE} in {root}",
            hint="run `revops init` to create a project, or pass -C with the project directory",
        )
    shown = _shown_path(path)
    document, diagnostics = _load_yaml_document(path, shown)
    if document is None:
        raise DefinitionError(diagnostics, f"{shown} could not be read")
    # Before any setting is read: a pasted token must be refused redacted, never echoed by
    # a later message ("unknown tier 'pat-na1-...'").
    from revops_as_code.validation.rules.credentials import scan

    leaked = [
        dataclasses.replace(
            d,
            message=f"{d.message}; put it in an environment variable and name that variable "
            "in credentials_env",
            hint="rotate it: it may be in git history",
        )
        for d in scan(document)
    ]
    if leaked:
        raise DefinitionError(leaked, f"{len(leaked)} credential(s) in {shown}")
    if not isinstance(document.data, dict):
        raise DefinitionError(
            [
                Diagnostic(
                    Severity.ERROR, "RV150", "revops.yaml must be a mapping", document.location()
                )
            ]
        )
    try:
        config = ProjectConfig.model_validate(document.data)
    except ValidationError as exc:
        found = [_diagnostic(document, error) for error in exc.errors()]
        raise DefinitionError(found, f"{len(found)} error(s) in {shown}") from None
    return Project(config=config, project_dir=root, path=path)


def _diagnostic(document: Any, error: Any) -> Diagnostic:
    loc = [str(p) for p in error["loc"]]
    pointer = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in loc)
    is_key = error["type"] == "extra_forbidden"
    if error["type"] == "missing":
        pointer = pointer.rsplit("/", 1)[0]
    location: Location = document.location(pointer, key=is_key)
    message = str(error["msg"]).removeprefix("Value error, ")
    if is_key:
        message = f"unknown key {loc[-1]!r}"
    elif error["type"] == "missing":
        message = f"missing required key {loc[-1]!r}"
    return Diagnostic(Severity.ERROR, "RV151", message, location)


def _load_yaml_document(path: Path, shown: str) -> tuple[SourceDocument | None, list[Diagnostic]]:
    """Read revops.yaml with the project's loader (same YAML rules and positions as definitions)."""
    from revops_as_code.loader import load_file

    result = load_file(path)
    documents = list(result.documents)
    diagnostics = list(result.diagnostics)
    if diagnostics and any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    if len(documents) != 1:
        return None, [
            Diagnostic(
                Severity.ERROR,
                "RV150",
                "revops.yaml must hold exactly one document",
                Location(file=shown),
            )
        ]
    return documents[0], diagnostics


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


__all__ = [
    "CONFIG_FILE",
    "DefinitionSelection",
    "Environment",
    "EnvironmentConfig",
    "Project",
    "ProjectConfig",
    "Secret",
    "StateConfig",
    "Target",
    "TargetConfig",
    "load_project",
]
