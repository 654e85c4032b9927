"""What one sandbox app instance enforces: where its portal lives, auth, limits and faults.

All of it is plain data so the CLI can build it from options (`FaultRule.parse` reads a
`--fault` spec) and tests can build it in one line (`SandboxConfig(db_path=tmp_path / "h.db",
limits=Limits.off())`).
"""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from revops_as_code.errors import UsageError

STRICT_ENV = "REVOPS_SANDBOX_STRICT"
ASSIGN_IDS_ENV = "REVOPS_SANDBOX_ASSIGN_IDS"

FaultKind = Literal["status", "delay", "reset", "token_expiry", "rate_limit_storm"]
FAULT_KINDS: tuple[str, ...] = ("status", "delay", "reset", "token_expiry", "rate_limit_storm")

DEFAULT_DB = Path(".revops") / "sandbox" / "hubspot.db"
"""`SandboxConfig`'s default file, relative to the working directory (`revops sandbox` and the
provider pass a target's own: `SandboxSupport.db_path`)."""


@dataclass(frozen=True)
class Limits:
    """Request limits per token, as HubSpot publishes them; None switches one off.

    Defaults are the Free/Starter tier: 100 requests per rolling 10 s and 250,000 a day
    (changelog "Increasing our API limits"), and 5 search requests per second ("CRM Search
    API Rate Limit Increase"; search is exempt from the ten-secondly bucket).
    """

    ten_secondly: int | None = 100
    """Requests allowed in any rolling window of `interval_ms`."""
    daily: int | None = 250_000
    """Requests allowed per day (the counter lives as long as the app instance)."""
    search_per_second: int | None = 5
    """Search requests (`POST .../search`) allowed in any rolling second."""
    interval_ms: int = 10_000
    """The rolling window of `ten_secondly`, reported in `X-HubSpot-RateLimit-Interval-Milliseconds`."""

    @classmethod
    def off(cls) -> Limits:
        """No limits (fast tests); rate-limit headers still report the window sizes."""
        return cls(ten_secondly=None, daily=None, search_per_second=None)


@dataclass(frozen=True)
class FaultRule:
    """One injected failure, applied to requests matching `method` and `path`.

    The rule fires on matching requests number `nth` .. `nth + times - 1` (1-based, counted
    per rule; `times=0` means every one from `nth` on). Kinds:

    - `status`: answer `status` with a HubSpot error body instead of handling the request;
    - `delay`: wait `delay_seconds`, then handle the request normally;
    - `reset`: handle the request (a write commits), then drop the connection without a
      complete response: the ambiguous failure a provider must resolve by re-reading;
    - `token_expiry`: answer 401 `EXPIRED_AUTHENTICATION` (default `times=0`: the token
      stays expired);
    - `rate_limit_storm`: answer 429 with `policy` as `policyName`.
    """

    kind: FaultKind
    """Which failure (see the class docstring)."""
    method: str = "*"
    """HTTP method to match, or `*`."""
    path: str = "*"
    """Glob over the URL path (`fnmatch`, e.g. `/crm/v3/properties/*`), or `*`."""
    nth: int = 1
    """The first matching request (1-based) the rule fires on."""
    times: int | None = None
    """How many matching requests it fires on; 0 = all from `nth`; None = kind's default."""
    status: int = 500
    """Status code for `status` rules."""
    delay_seconds: float = 0.0
    """Wait for `delay` rules."""
    policy: str = "TEN_SECONDLY_ROLLING"
    """`policyName` for `rate_limit_storm` rules (`TEN_SECONDLY_ROLLING`, `DAILY`, ...)."""

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise UsageError(f"unknown fault kind {self.kind!r}", hint=f"one of {FAULT_KINDS}")
        if self.nth < 1:
            raise UsageError("fault `nth` counts from 1")

    @property
    def fires_times(self) -> int:
        """`times` with the kind's default applied (0 = unlimited)."""
        if self.times is not None:
            return self.times
        return 0 if self.kind == "token_expiry" else 1

    def matches(self, method: str, path: str) -> bool:
        """Whether a request is one this rule counts."""
        method_ok = self.method == "*" or self.method.upper() == method.upper()
        return method_ok and (self.path == "*" or fnmatch.fnmatchcase(path, self.path))

    def fires_on(self, count: int) -> bool:
        """Whether the `count`-th matching request (1-based) triggers the fault."""
        if count < self.nth:
            return False
        return self.fires_times == 0 or count < self.nth + self.fires_times

    def to_dict(self) -> dict[str, Any]:
        """The rule as JSON-ready data (`from_dict` reads it back)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        """A rule from a mapping with the field names; unknown keys are a `UsageError`."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UsageError(f"unknown fault option(s) {unknown}", hint=f"known: {sorted(known)}")
        if "kind" not in data:
            raise UsageError("a fault needs a `kind`", hint=f"one of {FAULT_KINDS}")
        return cls(**data)

    @classmethod
    def parse(cls, spec: str) -> FaultRule:
        """Parse a command-line spec: a JSON object, or `kind[:key=value,...]`.

        Examples: `status:status=503,method=POST,path=/crm/v3/properties/*,nth=2`,
        `reset:method=POST,path=/crm/v3/pipelines/deals`, `token_expiry:nth=5`,
        `rate_limit_storm:times=3`, `delay:delay_seconds=1.5`.
        """
        text = spec.strip()
        if text.startswith("{"):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UsageError(f"fault spec is not valid JSON: {exc}") from exc
            if not isinstance(data, dict):
                raise UsageError("a JSON fault spec must be an object")
            return cls.from_dict(data)
        kind, _, rest = text.partition(":")
        data = {"kind": kind.strip()}
        types = {"nth": int, "times": int, "status": int, "delay_seconds": float}
        for item in filter(None, (part.strip() for part in rest.split(","))):
            key, sep, value = item.partition("=")
            if not sep:
                raise UsageError(f"fault option {item!r} is not key=value")
            try:
                data[key.strip()] = types.get(key.strip(), str)(value.strip())
            except ValueError as exc:
                raise UsageError(f"fault option {key}: {exc}") from exc
        return cls.from_dict(data)


@dataclass(frozen=True)
class SandboxConfig:
    """Everything one app instance needs. The portal itself lives in `db_path`."""

    db_path: Path = DEFAULT_DB
    """The SQLite file holding the portal (created on first use)."""
    token: str | None = field(default=None, repr=False)
    """The only bearer token accepted; None accepts any (a missing header is still 401)."""
    limits: Limits = field(default_factory=Limits)
    """Rate limits per token."""
    faults: tuple[FaultRule, ...] = ()
    """Injected failures, checked in order; the first that fires wins."""
    portal_id: int = 62_515_000
    """The portal (hub) id reported in audit entries and error contexts."""
    strict: bool = field(default_factory=lambda: os.environ.get(STRICT_ENV, "1") != "0")
    """Refuse request body fields HubSpot's published schemas do not list (`contract.py`), as
    HubSpot does; on unless `REVOPS_SANDBOX_STRICT=0` (so on in the test suite)."""
    assign_ids: bool = field(default_factory=lambda: os.environ.get(ASSIGN_IDS_ENV) == "1")
    """Ignore client-chosen `pipelineId`/`stageId` and mint ids, as HubSpot did before
    `stageId` joined `PipelineStageInput` (February 2026) and may do for any client
    (`REVOPS_SANDBOX_ASSIGN_IDS=1`)."""
