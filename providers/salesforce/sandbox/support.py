"""`SalesforceSandbox`: the Salesforce emulator as `revops sandbox serve|seed|status|reset`
drives it.

`SalesforceProvider.sandbox()` returns one; the CLI resolves the target, its database path
(`SandboxSupport.db_path`) and the options, and calls these methods. Each is thin over the
package (`SalesforceStore`, `seed.build_org`, `serve`). Heavy imports (Starlette, uvicorn)
load only when an org is served.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from revops_as_code.errors import UsageError
from revops_as_code.providers.base import SandboxSupport
from revops_as_code.providers.sandbox_support import aware, serve_announced

if TYPE_CHECKING:
    from .config import SandboxConfig
    from .org import Org
    from .store import SalesforceStore

SHOWN_TOKEN = "sandbox"
"""The bearer token shown in the curl hint: the sandbox accepts any unless one is required."""
VENDOR_URL = "https://<MyDomain>.my.salesforce.com"
DEFAULT_SEED = 7
DEFAULT_PROFILE = "messy"


class SalesforceSandbox(SandboxSupport):
    """The built-in Salesforce sandbox: a local, persistent org that speaks Salesforce's API."""

    name = "salesforce"
    title = "Salesforce sandbox"
    profiles = ("messy", "empty")

    def serve(
        self,
        db: Path,
        host: str,
        port: int,
        *,
        faults: Sequence[str] = (),
        limits: bool = True,
        token: str | None = None,
        seed: bool = True,
        echo: Callable[[str], None] = print,
    ) -> None:
        from .server import serve as run_server

        config = serve_config(db, faults, limits, token)
        shown = "$TOKEN" if token else SHOWN_TOKEN
        serve_announced(
            self.title, db, host, port,
            seed_if_empty=seed_if_empty if seed else None,
            seeded="Seeded the demo org",
            vendor_url=VENDOR_URL,
            try_line=lambda base: (
                f"curl -H 'Authorization: Bearer {shown}' "
                f"'{base}/services/data/v66.0/query?q=SELECT+Id,Name+FROM+Account+LIMIT+5'"
            ),
            faults=config.faults,
            echo=echo,
            run=lambda sock, bound: run_server(host, bound, config, sock=sock),
        )  # fmt: skip

    def seed(
        self,
        db: Path,
        profile: str | None = None,
        *,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> str:
        profile = profile or self.profiles[0]
        if profile not in self.profiles:
            raise UsageError(
                f"unknown seed profile {profile!r}", hint=f"one of: {', '.join(self.profiles)}"
            )
        seed_value = DEFAULT_SEED if seed is None else seed
        org = build(seed_value, aware(now), profile)
        store = open_store(db)
        try:
            store.load(org)
            store.set_meta("seeded", json.dumps({"profile": profile, "seed": seed_value}))
            counts = store.counts()
        finally:
            store.close()
        manifest_path(db).write_text(json.dumps(org.manifest, indent=2, sort_keys=True) + "\n")
        return "\n".join(
            [
                f"Seeded {db} ({profile} profile, seed {seed_value}).",
                format_counts(counts),
                f"Manifest: {manifest_path(db)}",
            ]
        )

    def status(self, db: Path) -> str:
        if not db.exists():
            raise UsageError(
                f"there is no Salesforce sandbox at {db}",
                hint="create one with `revops sandbox seed` (or `serve`, which seeds it)",
            )
        store = open_store(db)
        try:
            counts = store.counts()
            seeded = store.get_meta("seeded")
        finally:
            store.close()
        lines = [f"Sandbox: {db}", format_counts(counts)]
        if seeded is None:
            lines.append("Not seeded by `revops sandbox seed`.")
        else:
            info = json.loads(seeded)
            lines.append(f"Seeded with the {info['profile']} profile, seed {info['seed']}.")
        return "\n".join(lines)

    def reset(self, db: Path) -> None:
        store = open_store(db)
        try:
            store.reset()
        finally:
            store.close()
        manifest_path(db).unlink(missing_ok=True)


def build(seed: int, now: datetime | None, profile: str) -> Org:
    """The org `seed.build_org` makes (sf-pure's seed module)."""
    from .seed import build_org

    return build_org(seed=seed, now=now, profile=profile)


def manifest_path(db: Path) -> Path:
    """Where `seed` writes what it planted (beside the database)."""
    return db.with_name(f"{db.stem}.seed-manifest.json")


def seed_if_empty(db: Path, *, seed: int = DEFAULT_SEED, profile: str = DEFAULT_PROFILE) -> bool:
    """Seed the demo org into a new or empty sandbox; True when it seeded."""
    store = open_store(db)
    try:
        if store.get_meta("seeded") is not None or any(store.counts().values()):
            return False
        store.load(build(seed, None, profile))
        store.set_meta("seeded", json.dumps({"profile": profile, "seed": seed}))
        return True
    finally:
        store.close()


def open_store(db: Path) -> SalesforceStore:
    """The org in `db` (created if new); a path that cannot be one is a `UsageError`."""
    from .store import SalesforceStore

    try:
        return SalesforceStore(db)
    except Exception as exc:  # sqlite3 and OS errors: a path that cannot hold an org
        raise UsageError(
            f"cannot open the Salesforce sandbox at {db}: {exc}",
            hint="pass a writable file path (sandbox_path), or run `revops sandbox reset`",
        ) from None


def format_counts(counts: dict[str, int]) -> str:
    config = ("fields", "value_sets", "business_processs", "record_types", "validation_rules")
    words = {"business_processs": "business processes", "value_sets": "value sets"}
    line_1 = ", ".join(f"{counts.get(k, 0):,} {words.get(k, k.replace('_', ' '))}" for k in config)
    records = ("users", "Lead", "Contact", "Account", "Opportunity", "Case")
    line_2 = ", ".join(f"{counts.get(k, 0):,} {k}" for k in records)
    return f"  config:  {line_1}\n  records: {line_2}"


def serve_config(db: Path, faults: Sequence[str], limits: bool, token: str | None) -> SandboxConfig:
    from .config import FaultRule, Limits, SandboxConfig

    return SandboxConfig(
        db_path=db,
        token=token,
        limits=Limits() if limits else Limits.off(),
        faults=tuple(FaultRule.parse(spec) for spec in faults),
    )


__all__ = ["SalesforceSandbox", "format_counts", "open_store", "seed_if_empty"]
