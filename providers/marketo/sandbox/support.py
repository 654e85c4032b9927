"""`MarketoSandbox`: the Marketo emulator as `revops sandbox serve|seed|status|reset` drives
it (`MarketoProvider.sandbox()` returns one). Heavy imports load only when serving."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from revops_as_code.errors import UsageError
from revops_as_code.providers.sandbox_support import SandboxSupport, serve_announced

from .config import FaultRule, Limits, SandboxConfig
from .store import MarketoStore

VENDOR_URL = "https://<munchkin-id>.mktorest.com"


class MarketoSandbox(SandboxSupport):
    """The built-in Marketo sandbox: a local, persistent instance speaking Marketo's REST API."""

    name = "marketo"
    title = "Marketo sandbox"
    profiles = ("small",)

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
        from .server import serve as run

        # `token` is the only client secret accepted: Marketo's bearer tokens are minted by
        # the identity endpoint, so a fixed bearer token has no meaning here.
        config = SandboxConfig(
            db_path=db,
            client_secret=token,
            limits=Limits() if limits else Limits.off(),
            faults=tuple(FaultRule.parse(spec) for spec in faults),
        )
        secret = "$SECRET" if token else "sandbox"
        serve_announced(
            self.title, db, host, port,
            seed_if_empty=seed_if_empty if seed else None,
            seeded="Seeded the demo Marketo instance",
            vendor_url=VENDOR_URL,
            try_line=lambda base: (
                "curl -d grant_type=client_credentials -d client_id=sandbox "
                f"-d client_secret={secret} {base}/identity/oauth/token"
            ),
            faults=config.faults,
            echo=echo,
            run=lambda sock, _bound: run(config, sock),
        )  # fmt: skip

    def seed(
        self,
        db: Path,
        profile: str | None = None,
        *,
        seed: int | None = None,
        now: datetime | None = None,
    ) -> str:
        from .seed import DEFAULT_SEED, manifest_path
        from .seed import seed as run_seed

        if (profile or "small") not in self.profiles:
            raise UsageError(f"unknown seed profile {profile!r}", hint="one of: small")
        value = DEFAULT_SEED if seed is None else seed
        store = open_store(db)
        try:
            manifest = run_seed(store, value, db)
        finally:
            store.close()
        return "\n".join(
            [
                f"Seeded {db} (small profile, seed {value}).",
                format_counts(manifest.counts),
                manifest.summary(),
                f"Manifest: {manifest_path(db)}",
            ]
        )

    def status(self, db: Path) -> str:
        from .seed import stored_manifest

        store = open_store(db)
        try:
            counts, manifest = store.counts(), stored_manifest(store)
        finally:
            store.close()
        lines = [f"Sandbox: {db}", format_counts(counts)]
        lines.append(
            "Not seeded by `revops sandbox seed` (no manifest)."
            if manifest is None
            else manifest.summary()
        )
        return "\n".join(lines)

    def reset(self, db: Path) -> None:
        from .seed import manifest_path

        store = open_store(db)
        try:
            store.reset()
        finally:
            store.close()
        manifest_path(db).unlink(missing_ok=True)


def seed_if_empty(db: Path) -> bool:
    """Seed the demo instance into a new or empty file; True when it seeded."""
    from .seed import seed as run_seed

    store = open_store(db)
    try:
        if store.counts()["fields"]:
            return False
        run_seed(store, db=db)
        return True
    finally:
        store.close()


def open_store(db: Path) -> MarketoStore:
    try:
        return MarketoStore(db)
    except Exception as exc:  # sqlite3 and OS errors: a path that cannot be an instance
        raise UsageError(f"cannot open the Marketo sandbox at {db}: {exc}") from None


def format_counts(counts: dict[str, int]) -> str:
    return (
        f"  schema:  {counts.get('fields', 0):,} lead fields "
        f"({counts.get('custom_fields', 0):,} custom)\n"
        f"  records: {counts.get('leads', 0):,} leads"
    )


__all__ = ["MarketoSandbox", "format_counts", "open_store", "seed_if_empty"]
