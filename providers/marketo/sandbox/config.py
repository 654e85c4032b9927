"""What one Marketo sandbox app instance enforces: its instance file, credentials, limits,
faults, strict mode and the clock tokens and windows are measured on.

Plain data, so the CLI builds it from options (`FaultRule.parse` reads a `--fault` spec) and
tests build it in one line (`SandboxConfig(db_path=tmp_path / "m.db", limits=Limits.off())`).
"""

from __future__ import annotations

import fnmatch
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from revops_as_code.errors import UsageError

STRICT_ENV = "REVOPS_SANDBOX_STRICT"

FaultKind = Literal["status", "error", "delay", "reset", "token_expiry", "rate_limit_storm"]
FAULT_KINDS: tuple[str, ...] = (
    "status",
    "error",
    "delay",
    "reset",
    "token_expiry",
    "rate_limit_storm",
)

TOKEN_TTL = 3600
"""Seconds an access token lives from creation ("Authentication": 3600 s, one hour)."""


@dataclass(frozen=True)
class Limits:
    """Marketo's documented limits ("Marketo Integration Best Practices"); None = off.

    100 calls per rolling 20 s per instance (all services share it), 10 concurrent calls,
    and a daily quota (50,000 typical; the counter lives as long as the app instance).
    """

    per_window: int | None = 100
    window_seconds: float = 20.0
    concurrent: int | None = 10
    daily: int | None = 50_000

    @classmethod
    def off(cls) -> Limits:
        return cls(per_window=None, concurrent=None, daily=None)


@dataclass(frozen=True)
class FaultRule:
    """One injected failure for requests matching `method` and `path` (a glob).

    Fires on matching requests number `nth` .. `nth + times - 1` (1-based, per rule;
    `times=0`: every one from `nth` on; default 1). Kinds:

    - `status`: answer HTTP `status` (a non-Marketo failure: proxy, outage);
    - `error`: HTTP 200 with `success: false` and error `code` (Marketo's way);
    - `token_expiry`: error 602 (the token expired early);
    - `rate_limit_storm`: error 606 (rate limit);
    - `delay`: wait `delay_seconds`, then handle normally;
    - `reset`: handle the request (a write commits), then drop the connection.
    """

    kind: FaultKind
    method: str = "*"
    path: str = "*"
    nth: int = 1
    times: int | None = None
    status: int = 500
    code: str = "611"
    delay_seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise UsageError(f"unknown fault kind {self.kind!r}", hint=f"one of {FAULT_KINDS}")
        if self.nth < 1:
            raise UsageError("fault `nth` counts from 1")

    @property
    def fires_times(self) -> int:
        return 1 if self.times is None else self.times

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method == "*" or self.method.upper() == method.upper()
        return method_ok and (self.path == "*" or fnmatch.fnmatchcase(path, self.path))

    def fires_on(self, count: int) -> bool:
        if count < self.nth:
            return False
        return self.fires_times == 0 or count < self.nth + self.fires_times

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise UsageError(f"unknown fault option(s) {unknown}", hint=f"known: {sorted(known)}")
        if "kind" not in data:
            raise UsageError("a fault needs a `kind`", hint=f"one of {FAULT_KINDS}")
        return cls(**data)

    @classmethod
    def parse(cls, spec: str) -> FaultRule:
        """A JSON object, or `kind[:key=value,...]`, e.g. `error:code=606,times=2`,
        `status:status=503,path=/rest/v1/leads/schema/fields.json`, `token_expiry:nth=3`."""
        text = spec.strip()
        if text.startswith("{"):
            try:
                loaded = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UsageError(f"fault spec is not valid JSON: {exc}") from exc
            if not isinstance(loaded, dict):
                raise UsageError("a JSON fault spec must be an object")
            return cls.from_dict(loaded)
        kind, _, rest = text.partition(":")
        data: dict[str, Any] = {"kind": kind.strip()}
        types: dict[str, Callable[[str], Any]] = {
            "nth": int,
            "times": int,
            "status": int,
            "delay_seconds": float,
        }
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
    """Everything one app instance needs; the instance itself lives in `db_path`."""

    db_path: Path = Path(".revops") / "sandbox" / "marketo.db"
    client_id: str | None = None
    """The only client id the identity endpoint accepts; None accepts any non-empty one."""
    client_secret: str | None = field(default=None, repr=False)
    """The only client secret accepted; None accepts any non-empty one."""
    limits: Limits = field(default_factory=Limits)
    faults: tuple[FaultRule, ...] = ()
    strict: bool = field(default_factory=lambda: os.environ.get(STRICT_ENV, "1") != "0")
    """Refuse body fields and query parameters the Swagger does not define (`contract.py`);
    on unless `REVOPS_SANDBOX_STRICT=0`."""
    clock: Callable[[], float] = field(default=time.time, compare=False, repr=False)
    """Seconds since the epoch: token lifetimes and rate windows are measured on it."""
    token_ttl: int = TOKEN_TTL
    munchkin_id: str = "123-ABC-456"
