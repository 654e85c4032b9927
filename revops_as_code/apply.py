"""The applier: executes a Plan against a provider, one change at a time, persisting state.

It consumes a finished, frozen `Plan` and knows nothing about how it was built or rendered.
In order: refuse what policy forbids (blocking findings, destructive changes without
`allow_destructive`, drift overwrites without `overwrite_drift`), take the state lock,
refuse a plan made against other state, re-read exactly the objects the plan touches and
refuse if any changed since the plan (naming them), ask for confirmation, then apply change
by change. State is written after *every* success, so a crash or a failure loses nothing
that was done; dependents of a failed change are skipped and reported; a re-run plans only
what is left. SIGINT lets the in-flight change finish, persists, and stops (exit 130).
"""

from __future__ import annotations

import enum
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Protocol

from revops_as_code.apply_checks import check_fresh, check_policy
from revops_as_code.changes import Action, Change
from revops_as_code.errors import NotFoundError, RevopsError
from revops_as_code.plan.model import Plan
from revops_as_code.providers.base import ApplyResult, Provider, Scope
from revops_as_code.resources import ResourceId
from revops_as_code.state import ResourceState, State, StateBackend


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    SKIPPED = "skipped"
    """Not attempted: something it depends on failed or was skipped."""
    NOT_STARTED = "not started"
    """Not attempted: the apply was interrupted first."""


@dataclass(frozen=True)
class ChangeResult:
    change: Change
    outcome: Outcome
    error: str | None = None
    """Why it failed (a provider error's message, never a credential)."""
    blocked_by: ResourceId | None = None
    """For a skipped change: the failed or skipped object it waited for."""


@dataclass(frozen=True)
class ApplyReport:
    """What an apply did, change by change."""

    results: tuple[ChangeResult, ...] = ()
    interrupted: bool = False
    state_serial: int = 0
    """Serial of the state after the apply."""

    def _with(self, outcome: Outcome) -> tuple[ChangeResult, ...]:
        return tuple(r for r in self.results if r.outcome is outcome)

    @property
    def applied(self) -> tuple[ChangeResult, ...]:
        return self._with(Outcome.APPLIED)

    @property
    def failed(self) -> tuple[ChangeResult, ...]:
        return self._with(Outcome.FAILED)

    @property
    def skipped(self) -> tuple[ChangeResult, ...]:
        return self._with(Outcome.SKIPPED) + self._with(Outcome.NOT_STARTED)

    @property
    def ok(self) -> bool:
        return not self.interrupted and all(r.outcome is Outcome.APPLIED for r in self.results)

    def summary(self) -> str:
        if not self.results:
            return "Apply complete! No changes."
        head = (
            "Apply complete!"
            if self.ok
            else "Apply interrupted."
            if self.interrupted
            else "Apply failed."
        )
        return (
            f"{head} {len(self.applied)} applied, {len(self.failed)} failed, "
            f"{len(self.skipped)} skipped."
        )


@dataclass(frozen=True)
class ApplyOptions:
    allow_destructive: bool = False
    """Apply changes of risk `destructive` (deletes, replaces)."""
    overwrite_drift: bool = False
    """Apply changes that overwrite attributes changed outside revops since the last apply."""
    lock_timeout: float = 0.0
    """Seconds to wait for the state lock before failing with its holder named."""


class ApplyListener(Protocol):
    """Progress hooks (the CLI draws a progress bar or prints lines from these)."""

    def started(self, total: int) -> None: ...

    def change_started(self, change: Change) -> None: ...

    def change_finished(self, result: ChangeResult) -> None: ...


class _Silent:
    def started(self, total: int) -> None:
        pass

    def change_started(self, change: Change) -> None:
        pass

    def change_finished(self, result: ChangeResult) -> None:
        pass


Confirm = Callable[[Plan], bool]
"""Asked once, under the lock, after the staleness check; False cancels the apply."""


def apply_plan(
    plan: Plan,
    provider: Provider,
    backend: StateBackend,
    *,
    options: ApplyOptions | None = None,
    confirm: Confirm | None = None,
    listener: ApplyListener | None = None,
    protect: frozenset[ResourceId] = frozenset(),
    unprotect: frozenset[ResourceId] = frozenset(),
) -> ApplyReport:
    """Apply `plan`; raises before any write if it must be refused. See the module doc.

    `protect`: objects whose definitions say `protect: true`; their state entries are marked
    protected, so that removing the YAML later cannot delete them. `unprotect`: objects
    whose definitions are present and say `protect: false` (or nothing); only these lose the
    mark — a definition that is gone never lifts it.
    """
    options = options or ApplyOptions()
    listener = listener or _Silent()
    check_policy(plan, options)
    with backend.locked("apply", timeout=options.lock_timeout):
        state = backend.read()
        check_fresh(plan, state, provider)
        if state is None:
            state = State.new(environment=plan.environment, provider=plan.provider)
        run = _Run(plan, provider, backend, state, listener)
        if not plan.changes:
            run.settle(protect, unprotect)
            return ApplyReport(state_serial=run.state.serial)
        if confirm is not None and not confirm(plan):
            raise RevopsError("Apply cancelled.")
        report = run.run()
        run.settle(protect, unprotect)
        return ApplyReport(report.results, report.interrupted, run.state.serial)


@dataclass
class _Run:
    plan: Plan
    provider: Provider
    backend: StateBackend
    state: State
    listener: ApplyListener
    results: list[ChangeResult] = field(default_factory=list)
    broken: set[ResourceId] = field(default_factory=set)
    """Objects whose change failed or was skipped: their dependents must wait."""
    done: set[ResourceId] = field(default_factory=set)
    """Objects a batch request already made (companions of an earlier result), persisted."""

    def run(self) -> ApplyReport:
        self.listener.started(len(self.plan.changes))
        with _deferred_sigint() as interrupted:
            for change in self.plan.changes:
                if interrupted.is_set():
                    self._record(ChangeResult(change, Outcome.NOT_STARTED))
                    continue
                blocker = self._blocker(change)
                if blocker is not None:
                    self.broken.add(change.resource_id)
                    self._record(ChangeResult(change, Outcome.SKIPPED, blocked_by=blocker))
                    continue
                self.listener.change_started(change)
                self._record(self._apply_one(change))
        return ApplyReport(tuple(self.results), interrupted.is_set(), self.state.serial)

    def _blocker(self, change: Change) -> ResourceId | None:
        for dep in change.depends_on:
            if dep in self.broken:
                return dep
        if change.action is Action.DELETE:
            # Deletes run dependents first; if a dependent could not go, neither can this.
            for other in self.plan.changes:
                if other.resource_id in self.broken and change.resource_id in other.depends_on:
                    return other.resource_id
        return None

    def _apply_one(self, change: Change) -> ChangeResult:
        if change.resource_id in self.done:
            return ChangeResult(change, Outcome.APPLIED)  # made and persisted by a batch
        try:
            result = self.provider.apply(change)
        except NotFoundError as exc:
            if change.action is not Action.DELETE:
                return self._failed(change, exc)
            result = ApplyResult(None, None)  # already gone: what a delete wanted
        except RevopsError as exc:
            return self._failed(change, exc)
        self._persist(change, result)
        return ChangeResult(change, Outcome.APPLIED)

    def _failed(self, change: Change, exc: RevopsError) -> ChangeResult:
        self.broken.add(change.resource_id)
        return ChangeResult(change, Outcome.FAILED, exc.message)

    def settle(self, protect: frozenset[ResourceId], unprotect: frozenset[ResourceId]) -> None:
        """Bring state's bookkeeping up to date in one write, if anything needs it.

        Sets `protect` on managed objects as their present definitions say, and forgets objects
        that were neither live when the plan was made nor touched by it: deleted by hand and
        no longer desired, so there is nothing left to manage.
        """
        state = self._adopt_ambiguous(self.state)
        gone = [
            rid
            for rid in state.ids()
            if rid not in self.plan.live_fingerprints and self.plan.change_for(rid) is None
        ]
        if gone:
            state = state.without(gone)
        for rid in sorted(protect | unprotect):
            current = state.get(rid)
            wanted = rid in protect
            if current is not None and current.protect != wanted:
                state = state.with_resource(rid, current.model_copy(update={"protect": wanted}))
        if state is not self.state:
            self.state = state.next_serial()
            self.backend.write(self.state)

    def _persist(self, change: Change, result: ApplyResult) -> None:
        """Record `change` and the companions its request also completed, in one write."""
        rid = change.resource_id
        if change.action is Action.DELETE:
            state = self.state.without([rid])
        else:
            entries = {rid: self._entry(change, result)}
            for other_id, companion in sorted(result.companions.items()):
                other = self.plan.change_for(other_id)
                if (
                    other is None
                    or other.action not in (Action.CREATE, Action.UPDATE)
                    or other_id in self.done
                    or other_id in self.broken
                ):
                    continue
                entries[other_id] = self._entry(other, companion)
                self.done.add(other_id)
            state = self.state.with_resources(entries)
        self.state = state.next_serial()
        self.backend.write(self.state)

    def _entry(self, change: Change, result: ApplyResult) -> ResourceState:
        previous = self.state.get(change.resource_id)
        attributes = result.attributes if result.attributes is not None else change.after
        return ResourceState(
            remote_id=result.remote_id or change.remote_id or (previous and previous.remote_id),
            attributes=dict(attributes or {}),
            protect=change.protected,
            depends_on=tuple(str(d) for d in change.depends_on),
        )

    def _adopt_ambiguous(self, state: State) -> State:
        """Settle objects whose create may have happened: failed creates, pending entries.

        A create that 'failed' after the write (a timeout) leaves an object we made but do
        not own: it would never be deleted when its definition goes, and drift would not see
        it. So re-read them: what exists is recorded with its live attributes; if the re-read
        itself fails, they are recorded as `pending` (owned, no last-applied attributes).
        """
        unsure: dict[ResourceId, Change | None] = {
            r.change.resource_id: r.change
            for r in self.results
            if r.outcome is Outcome.FAILED and r.change.action is Action.CREATE
        }
        for rid in state.pending():
            if rid in self.plan.live_fingerprints and self.plan.change_for(rid) is None:
                unsure.setdefault(rid, None)
        if not unsure:
            return state
        try:
            snapshot = self.provider.read_live(Scope(ids=frozenset(unsure)))
        except RevopsError:
            for rid, change in unsure.items():
                if change is not None and state.get(rid) is None:
                    state = state.with_resource(rid, _entry(change, pending=True))
            return state
        for rid, change in unsure.items():
            resource = snapshot.resources.get(rid)
            if resource is None:
                if change is None:
                    state = state.without([rid])
                continue
            previous = state.get(rid)
            entry = _entry(change, remote_id=snapshot.remote_ids.get(rid)) if change else previous
            assert entry is not None
            state = state.with_resource(
                rid,
                entry.model_copy(
                    update={
                        "attributes": dict(resource.attributes),
                        "remote_id": snapshot.remote_ids.get(rid),
                        "pending": False,
                    }
                ),
            )
        return state

    def _record(self, result: ChangeResult) -> None:
        self.results.append(result)
        self.listener.change_finished(result)


@contextmanager
def _deferred_sigint() -> Iterator[threading.Event]:
    """While applying, SIGINT sets a flag instead of raising mid-change (main thread only).

    A second SIGINT raises `KeyboardInterrupt` at once, like Terraform's second Ctrl-C; state
    then holds everything up to the last change that finished.
    """
    interrupted = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if interrupted.is_set():  # a second Ctrl-C: the person really wants out now
            raise KeyboardInterrupt
        interrupted.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)


def _entry(change: Change, *, remote_id: str | None = None, pending: bool = False) -> ResourceState:
    return ResourceState(
        remote_id=remote_id,
        attributes=dict(change.after or {}),
        protect=change.protected,
        depends_on=tuple(str(d) for d in change.depends_on),
        pending=pending,
    )


__all__ = [
    "ApplyListener",
    "ApplyOptions",
    "ApplyReport",
    "ChangeResult",
    "Confirm",
    "Outcome",
    "apply_plan",
    "check_fresh",
    "check_policy",
]
