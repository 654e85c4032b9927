"""A target that stopped an apply part-way: its credentials were refused or its rate limit
spent beyond the retry budget (`Provider.halted`).

Every further request to such a target would fail the same way, so the engine sends it
nothing more; what was applied is already in state, and the rest waits for the re-run. The
summary says so in numbers, and what to do before re-running.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from revops_as_code.errors import AuthenticationError, RevopsError


@dataclass(frozen=True)
class Stop:
    """One target the apply stopped sending to, and why."""

    target: str
    reason: str
    """The error's message and hint (never a credential: providers scrub them)."""
    credentials: bool
    """The target refused its credentials (renew them), rather than rate-limiting."""

    @classmethod
    def of(cls, target: str, error: RevopsError) -> Stop:
        reason = error.message.rstrip(".")
        if error.hint:
            reason = f"{reason} ({error.hint})"
        return cls(target, reason, isinstance(error, AuthenticationError))

    def remedy(self, credentials_env: str | None) -> str:
        """What to do before re-running: the rate limit needs only time; a refused token
        needs a new one in the variable revops.yaml names."""
        if not self.credentials:
            return "re-run apply to continue"
        where = (
            f"${credentials_env}"
            if credentials_env
            else f"the environment variable target {self.target!r} names in credentials_env"
        )
        return f"put a valid token in {where}, then re-run apply to continue"


def stopped_summary(
    stops: tuple[Stop, ...],
    applied: int,
    total: int,
    credentials_env: Mapping[str, str | None] | None = None,
) -> str:
    """`Apply stopped: <why>. 37 of 120 changes applied (saved in state), 83 left; <remedy>.`"""
    env = credentials_env or {}
    why = "; ".join(f"target {s.target!r}: {s.reason}" for s in stops)
    remedies = dict.fromkeys(s.remedy(env.get(s.target)) for s in stops)  # ordered, unique
    return (
        f"Apply stopped: {why}. {applied} of {total} changes applied (saved in state), "
        f"{total - applied} left; {'; '.join(remedies)}."
    )


__all__ = ["Stop", "stopped_summary"]
