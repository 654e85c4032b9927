"""The Python façade the CLI is thin over: one `Workspace` per project and environment.

    ws = Workspace.open("path/to/project", env="sandbox")
    result = ws.validate()            # ValidationResult (definitions + diagnostics)
    plan = ws.plan()                  # Plan: desired (compiled) vs live vs state
    report = ws.apply(plan, options=ApplyOptions(allow_destructive=True))
    drift = ws.drift()                # DriftReport: state vs live
    imported = ws.import_()           # ImportReport: live -> YAML + state

The workspace wires the pieces (project config, provider from the registry, state backend,
validation, compile, differ/plan builder, applier) and holds no logic of its own beyond
that wiring; every piece is usable without it. Close it (or use `with`) to release the
provider's connections.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from revops_as_code import __version__
from revops_as_code.apply import ApplyListener, ApplyOptions, ApplyReport, Confirm, apply_plan
from revops_as_code.config import Environment, Project, load_project
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.diff.state_view import StateView
from revops_as_code.drift import DriftReport, detect_drift
from revops_as_code.errors import DefinitionError, PlanError
from revops_as_code.importer import ImportReport, import_live
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import CompileResult, Provider, Scope
from revops_as_code.registry import create_provider
from revops_as_code.resources import ResourceId
from revops_as_code.state import State, StateBackend, open_backend

if TYPE_CHECKING:
    from revops_as_code.models import Definitions
    from revops_as_code.validation import ValidationResult


def state_view(state: State | None) -> StateView:
    """What the differ needs from state (everything in state is owned)."""
    if state is None:
        return StateView.empty()
    ids = frozenset(state.ids())
    return StateView(
        lineage=state.lineage,
        serial=state.serial,
        last_applied=state.last_applied(),
        owned=ids,
        protected=state.protected(),
        remote_ids=state.remote_ids(),
    )


def definitions_hash(directory: Path) -> str:
    """Hash of every definition file's path and bytes: what a plan was compiled from."""
    digest = hashlib.sha256()
    if directory.is_dir():
        for path in sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml")):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class Workspace:
    """A project (revops.yaml) bound to one environment, its provider and its state."""

    def __init__(
        self,
        project: Project,
        environment: Environment,
        *,
        provider: Provider | None = None,
        backend: StateBackend | None = None,
    ) -> None:
        self.project = project
        self.environment = environment
        self._provider = provider
        self._warnings: tuple[Diagnostic, ...] = ()
        self.backend = backend or open_backend(
            environment.config.state.backend, str(environment.state_path), project.project_dir
        )

    @classmethod
    def open(
        cls,
        project_dir: str | Path = ".",
        env: str | None = None,
        *,
        provider: Provider | None = None,
        backend: StateBackend | None = None,
    ) -> Workspace:
        """Load `revops.yaml` in `project_dir` and pick `env` (default: the project's)."""
        project = load_project(project_dir)
        return cls(project, project.environment(env), provider=provider, backend=backend)

    @property
    def provider(self) -> Provider:
        """The environment's provider, created on first use (credentials read then)."""
        if self._provider is None:
            self._provider = create_provider(
                self.environment.provider, self.environment.provider_settings()
            )
        return self._provider

    # -- definitions ----------------------------------------------------------------------

    def validate(self) -> ValidationResult:
        from revops_as_code.validation import validate_path

        return validate_path(self.project.definitions_dir)

    def definitions(self) -> Definitions:
        """Validated definitions; `DefinitionError` (with every diagnostic) otherwise."""
        result = self.validate()
        if not result.ok or result.definitions is None:
            raise DefinitionError(result.diagnostics)
        self._warnings = tuple(result.diagnostics)  # shown with the plan
        return result.definitions

    def compile(self) -> CompileResult:
        from revops_as_code.compile import compile_for

        return compile_for(self.provider, self.definitions())

    # -- state ----------------------------------------------------------------------------

    def read_state(self) -> State | None:
        return self.backend.read()

    # -- the loop -------------------------------------------------------------------------

    def plan(self) -> Plan:
        """Compile, read live, and diff against state: the plan `apply` would execute."""
        from revops_as_code.plan.builder import build_plan

        desired = self.compile()
        state = self.read_state()
        live = self.provider.read_live(Scope())
        return build_plan(
            desired,
            live,
            self.provider.capabilities,
            state_view(state),
            environment=self.environment.name,
            provider=self.provider.name,
            definitions_hash=definitions_hash(self.project.definitions_dir),
            tool_version=__version__,
            impact=self.provider.impact,
            validate_changes=self.provider.validate_changes,
            extra_diagnostics=self._warnings,
        )

    def apply(
        self,
        plan: Plan | None = None,
        *,
        options: ApplyOptions | None = None,
        confirm: Confirm | None = None,
        listener: ApplyListener | None = None,
    ) -> ApplyReport:
        """Apply `plan` (a fresh one when None). Refusals raise before any write."""
        if plan is None:
            plan = self.plan()
        if plan.environment != self.environment.name or plan.provider != self.provider.name:
            raise PlanError(
                f"the plan is for environment {plan.environment!r} ({plan.provider}), "
                f"not {self.environment.name!r} ({self.provider.name})",
                hint="pass the matching --env",
            )
        protect: frozenset[ResourceId] = frozenset()
        unprotect: frozenset[ResourceId] = frozenset()
        # Protection flags come from the definitions the plan was made from; if they changed
        # since, leave state's flags alone (the plan is about to be refused or is unrelated).
        if plan.definitions_hash == definitions_hash(self.project.definitions_dir):
            desired = self.compile().resources
            protect = frozenset(r.id for r in desired if r.protect)
            unprotect = frozenset(r.id for r in desired if not r.protect)
        return apply_plan(
            plan,
            self.provider,
            self.backend,
            options=options,
            confirm=confirm,
            listener=listener,
            protect=protect,
            unprotect=unprotect,
        )

    def drift(self) -> DriftReport:
        """Managed objects changed or deleted outside revops since the last apply."""
        state = self.read_state()
        if state is None:
            return DriftReport((), 0)
        snapshot = self.provider.read_live(Scope(ids=frozenset(state.ids())))
        return detect_drift(state, snapshot)

    def import_(
        self,
        *,
        output_dir: Path | None = None,
        kinds: frozenset[str] = frozenset(),
        force: bool = False,
        lock_timeout: float = 0.0,
    ) -> ImportReport:
        """Write definitions for unmanaged live objects and adopt them in state."""
        target = output_dir or self.project.definitions_dir / "imported" / self.environment.name
        return import_live(
            self.provider,
            self.backend,
            self.compile,
            environment=self.environment.name,
            output_dir=target,
            kinds=kinds,
            force=force,
            lock_timeout=lock_timeout,
        )

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        if self._provider is not None:
            self._provider.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


__all__ = ["Workspace", "definitions_hash", "state_view"]
