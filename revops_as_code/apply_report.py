"""What an apply reports and accepts: outcomes per change, the report, options, listeners.

The vocabulary shared by the applier (`apply.py`), the CLI that prints its progress and
summary, and Python users: `ApplyOptions` in, `ApplyListener` hooks during, `ApplyReport`
out. Re-exported by `apply`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from revops_as_code.apply_stop import Stop, stopped_summary
from revops_as_code.changes import Change
from revops_as_code.plan.model import Plan
from revops_as_code.resources import ResourceId


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    SKIPPED = "skipped"
    """Not attempted: something it depends on failed or was skipped."""
    NOT_STARTED = "not started"
    """Not attempted: the apply was interrupted first, or the provider did not get to it."""


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
    adopted: int = 0
    """Objects recorded in state because they already matched their definitions."""
    forgotten: int = 0
    """Objects dropped from state (no longer defined; revops did not create them)."""
    state_writes: int = 0
    """State writes this apply made (one per change group, plus one to settle)."""
    stopped: tuple[Stop, ...] = ()
    """Targets the apply stopped sending to (credentials refused, rate limit spent)."""

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
        return (
            not self.interrupted
            and not self.stopped
            and all(r.outcome is Outcome.APPLIED for r in self.results)
        )

    def summary(self, credentials_env: Mapping[str, str | None] | None = None) -> str:
        """One line; `credentials_env` (target -> variable name) lets a stop on refused
        credentials name the variable to fix."""
        bookkeeping = ""
        if self.adopted or self.forgotten:
            bookkeeping = f" State: {self.adopted} adopted, {self.forgotten} forgotten."
        if not self.results:
            return "Apply complete! No changes." + bookkeeping
        if self.stopped and not self.interrupted:
            total, applied = len(self.results), len(self.applied)
            return stopped_summary(self.stopped, applied, total, credentials_env) + bookkeeping
        head = (
            "Apply complete!"
            if self.ok
            else "Apply interrupted."
            if self.interrupted
            else "Apply failed."
        )
        return (
            f"{head} {len(self.applied)} applied, {len(self.failed)} failed, "
            f"{len(self.skipped)} skipped." + bookkeeping
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


class SilentListener:
    """The listener when none is given."""

    def started(self, total: int) -> None:
        pass

    def change_started(self, change: Change) -> None:
        pass

    def change_finished(self, result: ChangeResult) -> None:
        pass


Confirm = Callable[[Plan], bool]
"""Asked once, under the lock, after the staleness check; False cancels the apply."""


__all__ = [
    "ApplyListener",
    "ApplyOptions",
    "ApplyReport",
    "ChangeResult",
    "Confirm",
    "Outcome",
    "SilentListener",
]
