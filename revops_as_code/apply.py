"""The applier: executes a verified Plan group by group across targets, persisting state.

It consumes a finished, frozen `Plan` and knows nothing about how it was built or rendered.
In order, under the state lock: verify the plan (`plan.verify`: this environment, its
targets, this state; every safety field recomputed from actions, attributes, declarations
and state — a tampered plan is refused with zero writes), refuse what policy forbids
(blocking findings, destructive changes without `allow_destructive`, drift overwrites without
`overwrite_drift`), re-read exactly the objects the plan touches and refuse if any changed
since the plan (naming them), ask for confirmation, then apply one change group at a time
in the plan's order. State is written once per group, after it finished, with an outcome for
each of its changes, so a crash or a failure loses nothing that was done; dependents of a
failed change are skipped and reported; a re-run plans only what is left. SIGINT lets the
group in flight finish (an asynchronous group is asked to cancel and then polled until it
says what it applied), persists, and stops (exit 130). Finally state's bookkeeping is
settled in one write: adopted objects recorded, forgotten ones dropped, protect flags set.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from revops_as_code.apply_checks import check_live, check_policy
from revops_as_code.apply_report import (
    ApplyListener,
    ApplyOptions,
    ApplyReport,
    ChangeResult,
    Confirm,
    Outcome,
    SilentListener,
)
from revops_as_code.apply_settle import bookkeeping, pending_entry, settle_ambiguous
from revops_as_code.apply_stop import Stop
from revops_as_code.changes import Action, Change
from revops_as_code.errors import RevopsError
from revops_as_code.meaning import Meaning
from revops_as_code.plan.io import plan_to_dict
from revops_as_code.plan.model import Plan
from revops_as_code.plan.verify import verify_plan
from revops_as_code.providers.base import (
    ChangeGroup,
    ChangeOutcome,
    GroupHandle,
    GroupProgress,
    GroupResult,
    Provider,
)
from revops_as_code.resources import ResourceId
from revops_as_code.state import HistoryEntry, ResourceState, State, StateBackend
from revops_as_code.targets import BoundTarget


def bind(targets: Mapping[str, BoundTarget] | Provider) -> Mapping[str, BoundTarget]:
    """A bare provider (the Python API's one-system case) as its one target."""
    if isinstance(targets, Provider):
        return {targets.name: BoundTarget.of(targets.name, targets)}
    return targets


def apply_plan(
    plan: Plan,
    targets: Mapping[str, BoundTarget] | Provider,
    backend: StateBackend,
    *,
    meaning: Meaning | None = None,
    options: ApplyOptions | None = None,
    confirm: Confirm | None = None,
    listener: ApplyListener | None = None,
) -> ApplyReport:
    """Apply `plan` under the state lock; raises before any write if it must be refused."""
    options = options or ApplyOptions()
    with backend.locked("apply", timeout=options.lock_timeout):
        return apply_locked(
            plan,
            bind(targets),
            backend,
            backend.read(),
            meaning=meaning,
            options=options,
            confirm=confirm,
            listener=listener,
        )


def apply_locked(
    plan: Plan,
    targets: Mapping[str, BoundTarget],
    backend: StateBackend,
    state: State | None,
    *,
    meaning: Meaning | None = None,
    options: ApplyOptions | None = None,
    confirm: Confirm | None = None,
    listener: ApplyListener | None = None,
    just_read: bool = False,
) -> ApplyReport:
    """`apply_plan` for a caller that already holds the lock and read `state`.

    `just_read`: the plan was made a moment ago under this same lock, from a full read of
    every target, so re-reading what it touches would only repeat those requests."""
    options = options or ApplyOptions()
    meaning = meaning or Meaning({name: t.meaning for name, t in targets.items()})
    verify_plan(
        plan,
        environment=plan.environment,
        targets={name: t.provider_name for name, t in targets.items()},
        state=state,
        meaning=meaning,
    )
    check_policy(plan, options)
    if not just_read:
        check_live(plan, targets)
    if state is None:
        state = State.new(
            environment=plan.environment,
            targets={name: t.provider_name for name, t in targets.items()},
        )
    run = _Run(plan, targets, backend, state, listener or SilentListener())
    if plan.changes and confirm is not None and not confirm(plan):
        raise RevopsError("Apply cancelled.")
    if plan.changes:
        run.run()
    run.settle()
    report = ApplyReport(
        tuple(run.results),
        run.interrupted,
        run.state.serial,
        adopted=run.adopted,
        forgotten=run.forgotten,
        state_writes=run.writes,
        stopped=tuple(Stop.of(t, e) for t, e in run.stopped.items()),
    )
    if run.writes:  # the apply history: who applied which plan, and what it did
        backend.record_history(
            HistoryEntry.now(
                "apply",
                run.state.serial,
                report.summary(),
                # The plan's own digest (the `digest` of its saved file), computed once over
                # its canonical data rather than over a second, indented serialization.
                plan_digest=str(plan_to_dict(plan)["digest"]),
                lineage=run.state.lineage,
            )
        )
    return report


@dataclass
class _Run:
    plan: Plan
    targets: Mapping[str, BoundTarget]
    backend: StateBackend
    state: State
    listener: ApplyListener
    results: list[ChangeResult] = field(default_factory=list)
    broken: set[ResourceId] = field(default_factory=set)
    """Objects whose change failed or was skipped: their dependents must wait."""
    interrupted: bool = False
    adopted: int = 0
    forgotten: int = 0
    writes: int = 0
    stopped: dict[str, RevopsError] = field(default_factory=dict)
    """Targets sent nothing more (`Provider.halted`), with the error that halted them."""

    def run(self) -> None:
        self.listener.started(len(self.plan.changes))
        with _deferred_sigint() as interrupted:
            for group in self.plan.groups:
                members = [self._change(m) for m in group.members]
                if interrupted.is_set():
                    for change in members:
                        self._record(ChangeResult(change, Outcome.NOT_STARTED))
                    continue
                if group.target in self.stopped:
                    # Left for the re-run; dependents elsewhere must wait for them too.
                    for change in members:
                        self.broken.add(change.resource_id)
                        self._record(ChangeResult(change, Outcome.NOT_STARTED))
                    continue
                runnable = []
                for change in members:
                    blocker = self._blocker(change)
                    if blocker is not None:
                        self.broken.add(change.resource_id)
                        self._record(ChangeResult(change, Outcome.SKIPPED, blocked_by=blocker))
                    else:
                        runnable.append(change)
                if runnable:
                    self._apply_group(group, runnable, interrupted)
            self.interrupted = interrupted.is_set()

    def _change(self, rid: ResourceId) -> Change:
        change = self.plan.change_for(rid)
        assert change is not None  # plan.verify checked every member is a change
        return change

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

    def _apply_group(
        self, group: ChangeGroup, changes: list[Change], interrupted: threading.Event
    ) -> None:
        target = self.targets[group.target]
        for change in changes:
            self.listener.change_started(change)
        if len(changes) != len(group.members):
            group = dataclasses.replace(group, members=tuple(c.resource_id for c in changes))
        try:
            result = target.apply_group(group, changes)
            if isinstance(result, GroupHandle):
                result = self._wait(group, result, interrupted)
        except RevopsError as exc:
            result = GroupResult(
                {c.resource_id: ChangeOutcome.failed(exc.message) for c in changes}
            )
        self._persist(changes, result)
        halted = target.provider.halted()
        if halted is not None:
            self.stopped[group.target] = halted

    def _wait(
        self, group: ChangeGroup, handle: GroupHandle, interrupted: threading.Event
    ) -> GroupResult:
        """Poll an asynchronous group to its end; on Ctrl-C ask it to cancel (once)."""
        cancelled = False
        progress_hook = getattr(self.listener, "group_progress", None)
        while True:
            if interrupted.is_set() and not cancelled:
                handle.cancel()
                cancelled = True
            status = handle.poll()
            if isinstance(status, GroupResult):
                return status
            if isinstance(status, GroupProgress) and callable(progress_hook):
                progress_hook(group, status)
            time.sleep(max(handle.poll_interval, 0.0))

    def _persist(self, changes: list[Change], result: GroupResult) -> None:
        """Record every outcome of one group in one state write, then tell the listener
        (so what it hears is applied is already in state, even if a second Ctrl-C raises
        from inside the listener)."""
        entries: dict[ResourceId, ResourceState] = {}
        gone: list[ResourceId] = []
        results: list[ChangeResult] = []
        for change in changes:
            outcome = result.outcomes.get(change.resource_id)
            if outcome is None:
                self.broken.add(change.resource_id)
                results.append(ChangeResult(change, Outcome.NOT_STARTED))
            elif not outcome.applied:
                self.broken.add(change.resource_id)
                results.append(ChangeResult(change, Outcome.FAILED, outcome.error))
                if change.action is Action.CREATE and self.state.get(change.resource_id) is None:
                    # The create may have happened (a timeout after the server committed).
                    # Recorded as pending now, with the group, not only when the run settles:
                    # a crash or a failed state write before then would leave an object
                    # revops made that the next plan adopts, and so never deletes.
                    entries[change.resource_id] = pending_entry(change, pending=True)
            else:
                if change.action is Action.DELETE:
                    gone.append(change.resource_id)
                else:
                    entries[change.resource_id] = self._entry(change, outcome)
                results.append(ChangeResult(change, Outcome.APPLIED))
        if entries or gone:
            state = self.state.without(gone) if gone else self.state
            if entries:
                state = state.with_resources(entries)
            self.state = state.next_serial()
            # Only this group's entries are recorded: the cost grows with the group, not
            # with everything state holds (a journal line, for the local backend).
            self.backend.write_delta(self.state, entries, gone)
            self.writes += 1
        for change_result in results:
            self._record(change_result)

    def _entry(self, change: Change, outcome: ChangeOutcome) -> ResourceState:
        previous = self.state.get(change.resource_id)
        attributes = outcome.attributes if outcome.attributes is not None else change.after
        created = change.action in (Action.CREATE, Action.REPLACE)
        return ResourceState(
            remote_id=outcome.remote_id or change.remote_id or (previous and previous.remote_id),
            attributes=dict(attributes or {}),
            protect=change.desired_protect,
            depends_on=tuple(str(d) for d in change.depends_on),
            ownership="created" if created else (previous.ownership if previous else "adopted"),
            origin=change.origin.address,
        )

    def _write(self, state: State) -> None:
        self.state = state.next_serial()
        self.backend.write(self.state)
        self.writes += 1

    def settle(self) -> None:
        """State's bookkeeping in one write, if anything needs it (`apply_settle`)."""
        state = settle_ambiguous(self.plan, self.targets, self.state, self.results)
        state, self.adopted, self.forgotten = bookkeeping(self.plan, state)
        if state is not self.state or self.state.serial == 0:
            self._write(state)
        else:
            self.backend.compact()

    def _record(self, result: ChangeResult) -> None:
        self.results.append(result)
        self.listener.change_finished(result)


@contextmanager
def _deferred_sigint() -> Iterator[threading.Event]:
    """While applying, SIGINT sets a flag instead of raising mid-group (main thread only).

    A second SIGINT raises `KeyboardInterrupt` at once, like Terraform's second Ctrl-C; state
    then holds everything up to the last group that finished.
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


__all__ = [
    "ApplyListener",
    "ApplyOptions",
    "ApplyReport",
    "ChangeResult",
    "Confirm",
    "Outcome",
    "apply_locked",
    "apply_plan",
    "check_live",
    "check_policy",
]
