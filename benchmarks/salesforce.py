"""Benchmark: plan and first apply against the in-process Salesforce sandbox, by org size.

For 100, 1,000 and 10,000 custom fields on Account it reports:

- **plan**: compile of one field standard holding every field, the live read and the diff,
  when definitions and org already agree (the CI drift check's cost), with the number of
  HTTP requests the read made: two composites, one call of Metadata GETs, and one call per
  further 2,000-row page of the CustomField query;
- **first apply**: the same standard against an org that lacks the fields: the plan, then
  apply (fields created 25 a Tooling composite, state written once a batch).

The big orgs are written into the sandbox's store directly (not through the API), so
building them costs no requests. The sandbox runs with its daily API allocation off; a real
org caps custom fields at 500-800 per object (by edition), the sandbox does not.

    .venv/bin/python benchmarks/salesforce.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from revops_as_code.apply import ApplyOptions, apply_plan
from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.models import DefinitionDocument, Definitions
from revops_as_code.models.fields import FieldStandard
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import Scope
from revops_as_code.providers.salesforce import SalesforceProvider, sandbox_link
from revops_as_code.providers.salesforce.sandbox import Limits, SandboxConfig, SandboxTransport
from revops_as_code.providers.salesforce.sandbox.org import OrgField, sf_id
from revops_as_code.providers.salesforce.sandbox.store import SalesforceStore
from revops_as_code.state import LocalBackend
from revops_as_code.targets import BoundTarget

DESCRIPTION = "A field of the Salesforce benchmark."


def _standard(n: int) -> dict[str, Any]:
    return {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": "company",
        "fields": [
            {"key": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
             "description": DESCRIPTION}
            for i in range(n)
        ],
    }  # fmt: skip


class _Source:
    def location(self, pointer: str = "") -> str:
        return f"bench.yaml#{pointer}"


def _definitions(n: int) -> Definitions:
    model = FieldStandard.model_validate(_standard(n))
    document: Any = DefinitionDocument(model=model, source=_Source())  # type: ignore[arg-type]
    return Definitions(documents=(document,))


def _org(db: Path, live: int) -> None:
    """The seeded empty org plus `live` custom fields on Account, written into the store
    (as the compile makes them: Number(18, 2), so a plan finds nothing to change)."""
    sandbox_link.support().seed(db, "empty")
    if not live:
        return
    store = SalesforceStore(db)
    try:
        org = store.org()
        org.fields = [*org.fields] + [
            OrgField(object="Account", name=f"Bulk_{i:05d}__c", label=f"Bulk {i}", type="Number",
                     custom=True, precision=18, scale=2, description=DESCRIPTION,
                     id=sf_id("00N", 900_000 + i))
            for i in range(live)
        ]  # fmt: skip
        store.load(org)
    finally:
        store.close()


class _TimedTransport(SandboxTransport):
    """The sandbox transport, counting the seconds spent serving requests: what a real
    org's HTTP round trips would cost instead, and not revops' own local work."""

    seconds = 0.0

    def handle_request(self, request: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().handle_request(request)
        finally:
            self.seconds += time.perf_counter() - start


def _provider(db: Path) -> tuple[SalesforceProvider, _TimedTransport]:
    transport = _TimedTransport(SandboxConfig(db_path=db, limits=Limits.off()))
    provider = SalesforceProvider({"sandbox": True, "sandbox_path": str(db)}, transport=transport)
    return provider, transport


def _plan(sf: SalesforceProvider, n: int) -> Any:
    desired = sf.compile(_definitions(n))
    live = sf.read_live(Scope())
    target = BoundTarget.of(sf.name, sf)
    return build_plan(desired, live, Meaning({sf.name: target.meaning}), StateView(),
                      environment="bench", targets={sf.name: sf.name}, impact=sf.impact,
                      group=target.group)  # fmt: skip


def measure(n: int, work: Path) -> tuple[float, int, int, float, int, int, float]:
    work.mkdir(parents=True, exist_ok=True)
    db = work / f"agree-{n}.db"
    _org(db, n)
    sf, _ = _provider(db)
    start = time.perf_counter()
    plan = _plan(sf, n)
    plan_s = time.perf_counter() - start
    plan_requests = sf.client.request_count
    sf.close()
    if plan.changes:
        raise SystemExit(f"benchmark bug: {n} agreeing fields planned {len(plan.changes)} changes")

    db = work / f"fresh-{n}.db"
    _org(db, 0)
    sf, transport = _provider(db)
    start = time.perf_counter()
    plan = _plan(sf, n)
    # Local cost = apply's time outside HTTP requests (served by the sandbox here).
    transport.seconds = 0.0
    applying = time.perf_counter()
    report = apply_plan(plan, sf, LocalBackend(work / f"state-{n}.json"),
                        options=ApplyOptions())  # fmt: skip
    local_s = time.perf_counter() - applying - transport.seconds
    apply_s = time.perf_counter() - start
    requests = sf.client.request_count
    sf.close()
    if not report.ok:
        raise SystemExit(f"benchmark bug: the first apply of {n} fields failed")
    creates = plan.summary().add
    return plan_s, plan_requests, creates, apply_s, requests, report.state_writes, local_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; sandbox in-process, API allocation off")
    print(f"{'fields':>7} {'plan s':>7} {'requests':>8} {'creates':>7} {'plan+apply s':>12} "
          f"{'requests':>8} {'state writes':>12} {'local s':>7}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        measure(10, Path(tmp) / "warm-up")  # imports, the app's first start: not timed below
        for n in args.sizes:
            plan_s, plan_req, creates, apply_s, apply_req, writes, local_s = measure(n, Path(tmp))
            print(f"{n:>7,} {plan_s:>7.3f} {plan_req:>8} {creates:>7,} {apply_s:>12.3f} "
                  f"{apply_req:>8} {writes:>12} {local_s:>7.3f}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
