"""The Python façade the CLI is thin over: one `Workspace` per project and environment.

    ws = Workspace.open("path/to/project", env="sandbox")
    result = ws.validate()            # ValidationResult (definitions + diagnostics)
    plan = ws.plan()                  # Plan over every target: desired vs live vs state
    report = ws.apply(plan, options=ApplyOptions(allow_destructive=True))
    drift = ws.drift()                # DriftReport: state vs live, every target
    imported = ws.import_()           # ImportReport: live -> YAML + state

An environment has one or more targets (provider instances, `config.Target`); the workspace
binds each to its provider from the registry (`targets.BoundTarget`), and wires the pieces
(project config, state backend, validation, compile, differ/plan builder, applier) with no
logic of its own beyond that wiring; every piece is usable without it. One state and one
lock cover the environment. Close it (or use `with`) to release the providers' connections.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from revops_as_code import __version__
from revops_as_code.apply import (
    ApplyListener,
    ApplyOptions,
    ApplyReport,
    Confirm,
    apply_locked,
)
from revops_as_code.changes import Change
from revops_as_code.config import Environment, Project, load_project
from revops_as_code.diagnostics import Diagnostic
from revops_as_code.diff.state_view import StateView
from revops_as_code.drift import DriftReport, detect_drift
from revops_as_code.errors import DefinitionError, StateError
from revops_as_code.importer import ImportReport, import_live
from revops_as_code.meaning import Meaning
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import ChangeGroup, CompileResult, LiveSnapshot, Provider, Scope
from revops_as_code.registry import create_provider
from revops_as_code.state import State, StateBackend, open_environment_backend
from revops_as_code.targets import BoundTarget, merge_compiled, merge_snapshots

if TYPE_CHECKING:
    from revops_as_code.models import Definitions
    from revops_as_code.validation import ValidationResult

READ_WORKERS = 4
"""Targets read concurrently (each provider paces itself to its vendor's limits)."""


def state_view(state: State | None) -> StateView:
    """What the differ needs from state."""
    if state is None:
        return StateView.empty()
    return StateView(
        lineage=state.lineage,
        serial=state.serial,
        last_applied=state.last_applied(),
        owned=state.created(),
        managed=frozenset(state.ids()),
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
    """A project (revops.yaml) bound to one environment, its targets and its state."""

    def __init__(
        self,
        project: Project,
        environment: Environment,
        *,
        provider: Provider | None = None,
        providers: Mapping[str, Provider] | None = None,
        backend: StateBackend | None = None,
    ) -> None:
        """`providers` (by target name) or `provider` (the only target's) replace the ones
        the registry would create: tests and Python users inject instances this way."""
        self.project = project
        self.environment = environment
        given = dict(providers or {})
        if provider is not None:
            given[environment.target().name] = provider
        self.targets: dict[str, BoundTarget] = {}
        for name, target in environment.targets.items():
            if name in given:
                bound = BoundTarget.of(name, given[name])
                bound.selection = target.selection
                bound.definitions_dir = project.definitions_dir
            else:
                bound = BoundTarget(
                    name,
                    target.provider,
                    lambda t=target: create_provider(t.provider, t.provider_settings()),  # type: ignore[misc]
                    selection=target.selection,
                    definitions_dir=project.definitions_dir,
                )
            self.targets[name] = bound
        if len(self.targets) > 1:
            # What import wrote from one target (imported/<env>/<target>/) is that target's.
            imported = project.definitions_dir / "imported" / environment.name
            for name, bound in self.targets.items():
                bound.foreign_dirs = tuple(imported / o for o in self.targets if o != name)
        self._warnings: tuple[Diagnostic, ...] = ()
        self.last_live: LiveSnapshot | None = None
        """The full live read of the last plan, for what reports on the same moment (the
        consistency report after `revops plan`) instead of reading every target again."""
        self.backend = backend or open_environment_backend(environment)

    @classmethod
    def open(
        cls,
        project_dir: str | Path = ".",
        env: str | None = None,
        *,
        provider: Provider | None = None,
        providers: Mapping[str, Provider] | None = None,
        backend: StateBackend | None = None,
    ) -> Workspace:
        """Load `revops.yaml` in `project_dir` and pick `env` (default: the project's)."""
        project = load_project(project_dir)
        return cls(
            project,
            project.environment(env),
            provider=provider,
            providers=providers,
            backend=backend,
        )

    @property
    def provider(self) -> Provider:
        """The provider of the environment's only target (`UsageError` if it has several)."""
        return self.targets[self.environment.target().name].provider

    @property
    def target_providers(self) -> dict[str, str]:
        return {name: t.provider_name for name, t in self.targets.items()}

    def meaning(self) -> Meaning:
        return Meaning({name: t.meaning for name, t in self.targets.items()})

    def known_kinds(self) -> set[str]:
        """Every resource kind some target's provider can express."""
        return {k for t in self.targets.values() for k in t.provider.capabilities.kinds}

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
        """Every target's desired resources (addressed by target), one result."""
        definitions = self.definitions()
        return merge_compiled({n: t.compile(definitions) for n, t in self.targets.items()})

    # -- state ----------------------------------------------------------------------------

    def read_state(self) -> State | None:
        """This environment's state; `StateError` if it belongs to another environment or
        to targets this environment does not have (its entries would be silently lost)."""
        state = self.backend.read()
        if state is not None:
            check_state_belongs(state, self.environment.name, self.target_providers, self.backend)
        return state

    # -- the loop -------------------------------------------------------------------------

    def read_live(self, scope: Scope | None = None) -> LiveSnapshot:
        """Every target's live objects (or those `scope.ids` names), read concurrently."""
        scope = scope or Scope()
        wanted = {
            name: t
            for name, t in self.targets.items()
            if not scope.ids or any(r.target == name for r in scope.ids)
        }

        def read(target: BoundTarget) -> LiveSnapshot:
            ids = frozenset(r for r in scope.ids if r.target == target.name)
            remote = {r: v for r, v in scope.remote_ids.items() if r.target == target.name}
            return target.read_live(Scope(kinds=scope.kinds, ids=ids, remote_ids=remote))

        if len(wanted) <= 1:
            return merge_snapshots({n: read(t) for n, t in wanted.items()})
        for target in wanted.values():
            target.provider  # noqa: B018 - create providers (credentials) on this thread
        with ThreadPoolExecutor(max_workers=min(READ_WORKERS, len(wanted))) as pool:
            futures = {n: pool.submit(read, t) for n, t in wanted.items()}
            return merge_snapshots({n: f.result() for n, f in futures.items()})

    def plan(self) -> Plan:
        """Compile, read live, and diff against state: the plan `apply` would execute."""
        return self._plan(self.read_state())

    def _plan(self, state: State | None) -> Plan:
        from revops_as_code.plan.builder import build_plan

        desired = self.compile()
        live = self.read_live(Scope(remote_ids=state.remote_ids()) if state else None)
        self.last_live = live
        return build_plan(
            desired,
            live,
            self.meaning(),
            state_view(state),
            environment=self.environment.name,
            targets=self.target_providers,
            definitions_hash=definitions_hash(self.project.definitions_dir),
            tool_version=__version__,
            impact=self._impact,
            validate_changes=self._validate_changes,
            group=self._group,
            extra_diagnostics=self._warnings,
            state_protect={
                r: e.protect for r, e in (state.resources_by_id() if state else {}).items()
            },
        )

    def _impact(self, change: Change) -> str | None:
        return self.targets[change.resource_id.target].impact(change)

    def _by_target(self, changes: Sequence[Change]) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for change in changes:
            out.setdefault(change.resource_id.target, []).append(change)
        return out

    def _validate_changes(self, changes: Sequence[Change]) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for name, mine in sorted(self._by_target(changes).items()):
            found.extend(self.targets[name].validate_changes(mine))
        return found

    def _group(self, changes: Sequence[Change]) -> list[ChangeGroup]:
        groups: list[ChangeGroup] = []
        for name, mine in sorted(self._by_target(changes).items()):
            groups.extend(self.targets[name].group(mine))
        return groups

    def apply(
        self,
        plan: Plan | None = None,
        *,
        options: ApplyOptions | None = None,
        confirm: Confirm | None = None,
        listener: ApplyListener | None = None,
        on_plan: Callable[[Plan], None] | None = None,
    ) -> ApplyReport:
        """Apply `plan`, or (when None) a fresh plan made *after* taking the lock, so an apply
        that waited for another one plans against the state that one left. Refusals raise
        before any write. `on_plan` sees a fresh plan before confirmation (to show it)."""
        options = options or ApplyOptions()
        with self.backend.locked("apply", timeout=options.lock_timeout):
            state = self.read_state()
            fresh = plan is None
            if plan is None:
                plan = self._plan(state)
                if on_plan is not None:
                    on_plan(plan)
            self.last_live = None  # live is about to change
            return apply_locked(
                plan,
                self.targets,
                self.backend,
                state,
                meaning=self.meaning(),
                options=options,
                confirm=confirm,
                listener=listener,
                just_read=fresh,
            )

    def drift(self) -> DriftReport:
        """Managed objects changed or deleted outside revops since the last apply.

        No state is an error, not "no drift": a drift job on a fresh CI runner must not pass
        because it cannot see what was applied."""
        state = self.read_state()
        if state is None:
            raise StateError(
                f"no state at {self.backend.location}: nothing is known to have been applied "
                f"to environment {self.environment.name!r}, so drift cannot be checked",
                hint="point revops.yaml's state at the shared state, run `revops apply` first, "
                "or adopt what is live with `revops import`",
            )
        snapshot = self.read_live(Scope(ids=frozenset(state.ids()), remote_ids=state.remote_ids()))
        return detect_drift(state, snapshot, self.meaning())

    def import_(
        self,
        *,
        output_dir: Path | None = None,
        kinds: frozenset[str] = frozenset(),
        force: bool = False,
        lock_timeout: float = 0.0,
    ) -> ImportReport:
        """Write definitions for unmanaged live objects and adopt them in state."""
        base = output_dir or self.project.definitions_dir / "imported" / self.environment.name
        several = len(self.targets) > 1
        return import_live(
            self.targets,
            self.backend,
            self.compile,
            environment=self.environment.name,
            output_dirs={n: (base / n if several else base) for n in self.targets},
            kinds=kinds,
            force=force,
            lock_timeout=lock_timeout,
            read_state=self.read_state,
        )

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        for target in self.targets.values():
            target.close()
        self.backend.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def check_state_belongs(
    state: State, environment: str, targets: Mapping[str, str], backend: StateBackend
) -> None:
    """Refuse another environment's state, or one holding targets this one lacks."""
    where = backend.location
    if state.environment and state.environment != environment:
        raise StateError(
            f"state {where} belongs to environment {state.environment!r}, not {environment!r}",
            hint="check --env and the environment's state path in revops.yaml",
        )
    for name, provider in sorted(state.targets.items()):
        if name in targets and targets[name] != provider:
            raise StateError(
                f"state {where} records target {name!r} as provider {provider!r}, but "
                f"revops.yaml says {targets[name]!r}",
                hint="check the environment's targets in revops.yaml",
            )
    foreign = sorted({r.target for r in state.ids()} - set(targets))
    if foreign:
        count = sum(1 for r in state.ids() if r.target in foreign)
        raise StateError(
            f"state {where} holds {count} object(s) of target(s) {', '.join(foreign)}, which "
            f"environment {environment!r} does not have",
            hint="put the target back in revops.yaml, or `revops state rm` its objects",
        )


__all__ = ["Workspace", "check_state_belongs", "definitions_hash", "state_view"]
