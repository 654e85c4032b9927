"""What one Salesforce sandbox app instance enforces: where its org lives, auth, limits, faults.

Plain data, so the CLI builds it from options (`FaultRule.parse` reads a `--fault` spec) and a
test in one line (`SandboxConfig(db_path=tmp_path / "sf.db")`).
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from revops_as_code.errors import UsageError

STRICT_ENV = "REVOPS_SANDBOX_STRICT"

FaultKind = Literal["status", "limit", "delay", "reset", "expired"]
FAULT_KINDS: tuple[str, ...] = ("status", "limit", "delay", "reset", "expired")

DEFAULT_DB = Path(".revops") / "sandbox" / "salesforce.db"

API_VERSIONS: tuple[str, ...] = tuple(f"{n}.0" for n in range(50, 67))
"""REST API versions served (`/services/data/v50.0/` .. `v66.0/`); v66.0 is Spring '26."""

DEFAULT_DAILY = 100_000
"""The base daily allocation ("API Request Limits and Allocations": 100,000 + per-license
adders); a sandbox org has no licences, so the base is what it reports."""

_VERSION_PREFIX = re.compile(r"^/services/data/v\d+\.\d+/")


@dataclass(frozen=True)
class Limits:
    """The org's daily API allocation; `daily=None` switches the cap off (usage is still
    counted and reported in `Sforce-Limit-Info`)."""

    daily: int | None = DEFAULT_DAILY
    used: int = 0
    """Requests already spent when the app starts (tests start near the cap)."""

    @classmethod
    def off(cls) -> Limits:
        return cls(daily=None)


def relative_path(path: str) -> str:
    """A URL path without `/services/data/vXX.X/` (or `/services/`): what fault patterns
    and the router match (`tooling/sobjects/CustomField/00N...`, `oauth2/token`)."""
    stripped = _VERSION_PREFIX.sub("", path, count=1)
    if stripped != path:
        return stripped
    return path.removeprefix("/services/").lstrip("/")


@dataclass(frozen=True)
class FaultRule:
    """One injected failure for requests matching `method` and `path`.

    Fires on matching requests number `nth` .. `nth + times - 1` (1-based, per rule;
    `times=0`: every one from `nth` on). Kinds: `status` (answer `status` with a Salesforce
    error array), `limit` (403 `REQUEST_LIMIT_EXCEEDED`), `delay` (wait, then serve), `reset`
    (serve, a write commits, then drop the connection), `expired` (401 `INVALID_SESSION_ID`,
    as when a session times out: a client refreshes its token once).

    `path` is a glob: one starting with `/` matches the whole URL path; any other matches the
    path after `/services/data/vXX.X/`, itself or anything below it
    (`tooling/sobjects/CustomField` also matches `.../CustomField/00N...`). Inside composite
    requests `status`, `limit` and `expired` rules also match each subrequest's URL.
    """

    kind: FaultKind
    method: str = "*"
    path: str = "*"
    nth: int = 1
    times: int = 1
    status: int = 500
    delay_seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise UsageError(f"unknown fault kind {self.kind!r}", hint=f"one of {FAULT_KINDS}")
        if self.nth < 1:
            raise UsageError("fault `nth` counts from 1", hint="use nth=1 for the first request")
        if self.times < 0:
            raise UsageError("fault `times` must be 0 (always) or more")

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        if self.path == "*":
            return True
        if self.path.startswith("/"):
            return fnmatch.fnmatchcase(path, self.path)
        rel = relative_path(path)
        pattern = self.path.strip("/")
        return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*")

    def fires_on(self, count: int) -> bool:
        if count < self.nth:
            return False
        return self.times == 0 or count < self.nth + self.times

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
        """Parse a `--fault` spec. Short forms: `500:tooling/sobjects/CustomField`,
        `403-limit:query`, `reset:tooling/sobjects/ValidationRule`, `expired:query`,
        `latency`, `latency:1.5`, `latency:1.5:query`; options after `@`:
        `500:composite@method=POST,nth=2,times=0`. Also the long form
        `status:status=503,path=query,nth=2` and a JSON object."""
        text = spec.strip()
        if text.startswith("{"):
            try:
                loaded = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UsageError(f"fault spec is not valid JSON: {exc}") from exc
            if not isinstance(loaded, dict):
                raise UsageError("a JSON fault spec must be an object")
            return cls.from_dict(loaded)
        head, _, rest = text.partition(":")
        head = head.strip().lower()
        if head in FAULT_KINDS and ("=" in rest and "@" not in rest):
            return cls.from_dict({"kind": head, **_options(rest)})
        rest, _, opts = rest.partition("@")
        data: dict[str, Any] = {}
        if head.isdigit():
            data = {"kind": "status", "status": int(head)}
        elif head in ("403-limit", "limit"):
            data = {"kind": "limit"}
        elif head == "reset":
            data = {"kind": "reset"}
        elif head in ("expired", "401-expired"):
            data = {"kind": "expired"}
        elif head in ("latency", "delay"):
            seconds, _, rest = rest.partition(":")
            try:
                data = {"kind": "delay", "delay_seconds": float(seconds) if seconds else 1.0}
            except ValueError as exc:
                raise UsageError(f"latency needs seconds, got {seconds!r}") from exc
        else:
            raise UsageError(
                f"unknown fault {spec!r}",
                hint="e.g. 500:tooling/sobjects/CustomField, 403-limit:query, reset:composite, "
                "expired:query, latency:1.5",
            )
        if rest.strip():
            data["path"] = rest.strip()
        data.update(_options(opts))
        return cls.from_dict(data)


def _options(text: str) -> dict[str, Any]:
    types = {"nth": int, "times": int, "status": int, "delay_seconds": float}
    out: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"fault option {item!r} is not key=value")
        try:
            out[key.strip()] = types.get(key.strip(), str)(value.strip())
        except ValueError as exc:
            raise UsageError(f"fault option {key}: {exc}") from exc
    return out


@dataclass(frozen=True)
class SandboxConfig:
    """Everything one app instance needs; the org itself lives in `db_path`."""

    db_path: Path = DEFAULT_DB
    token: str | None = field(default=None, repr=False)
    """The only bearer token accepted; None accepts any (a missing header is still 401)."""
    client_id: str | None = None
    """The connected app's consumer key the token endpoint accepts; None accepts any."""
    client_secret: str | None = field(default=None, repr=False)
    """The consumer secret for client credentials; None accepts any non-empty one."""
    limits: Limits = field(default_factory=Limits)
    faults: tuple[FaultRule, ...] = ()
    strict: bool = field(default_factory=lambda: os.environ.get(STRICT_ENV, "1") != "0")
    """Refuse Metadata keys Salesforce's Metadata API does not define (`contract.py`); on
    unless `REVOPS_SANDBOX_STRICT=0`."""
    org_id: str = "00D000000000001AAA"
    user_name: str = "Integration User"
    """The user every token acts as (LastModifiedBy of what the API writes)."""
    query_batch_size: int = 2000
    """Rows per query page before `nextRecordsUrl` (Salesforce's default, 2,000)."""
