"""Benchmark: plan and first apply against the in-process HubSpot sandbox, by portal size.

For 100, 1,000 and 10,000 company properties (plus the seeded demo portal) it reports:

- **plan**: validate-free compile of one field standard holding every property, the live
  read and the diff, when definitions and portal already agree (the CI drift check's cost),
  with the number of HTTP requests it made: the same at every size by design;
- **first apply**: the same standard against a portal that lacks the properties: the plan,
  then apply (property creates batched 100 a request, state written once a batch).

The sandbox runs with its rate limits off so the figures are revops' own cost; against a
real portal add HubSpot's pacing (e.g. 100 requests per 10 s on Starter: the 10,000-property
apply's 104 requests then take at least 10 s).

    .venv/bin/python benchmarks/plan.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import dataclasses
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
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.sandbox import (
    HubSpotStore,
    Limits,
    SandboxConfig,
    SandboxTransport,
)
from revops_as_code.providers.hubspot.sandbox_link import seed_if_empty
from revops_as_code.state import LocalBackend


def _standard(n: int) -> dict[str, Any]:
    return {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": "company",
        "default_group": "bulk",
        "groups": [{"key": "bulk", "label": "Bulk"}],
        "fields": [
            {"key": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
             "description": "A field of the plan benchmark."}
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


def _portal(db: Path, live: int) -> None:
    seed_if_empty(db)
    store = HubSpotStore(db)
    try:
        if live:
            store.insert_property_groups("companies", [{"name": "bulk", "label": "Bulk"}])
            store.insert_properties(
                "companies",
                [
                    {"name": f"bulk_{i:05d}", "label": f"Bulk {i}", "type": "number",
                     "fieldType": "number", "groupName": "bulk", "hubspotDefined": False,
                     "description": "A field of the plan benchmark."}
                    for i in range(live)
                ],
            )  # fmt: skip
    finally:
        store.close()


class _TimedTransport(SandboxTransport):
    """The sandbox transport, counting the seconds spent serving requests: what a real
    portal's HTTP round trips would cost instead, and not revops' own local work."""

    seconds = 0.0

    def handle_request(self, request: Any) -> Any:
        start = time.perf_counter()
        try:
            return super().handle_request(request)
        finally:
            self.seconds += time.perf_counter() - start


def _provider(db: Path) -> HubSpotProvider:
    transport = _TimedTransport(SandboxConfig(db_path=db, limits=Limits.off()))
    client = HubSpotClient("sandbox", transport=transport, rate_limit=False)
    provider = HubSpotProvider({"sandbox": True}, client=client)
    provider.timed_transport = transport  # type: ignore[attr-defined]
    return provider


def _plan(hubspot: HubSpotProvider, n: int) -> Any:
    desired = hubspot.compile(_definitions(n))
    live = hubspot.read_live(Scope())
    meaning = Meaning.single(hubspot.capabilities, hubspot.declarations)
    return build_plan(desired, live, meaning, StateView(), environment="bench",
                      provider="hubspot", impact=hubspot.impact,
                      group=lambda changes: [dataclasses.replace(g, target="hubspot")
                                             for g in hubspot.group(changes)])  # fmt: skip


def measure(n: int, work: Path) -> tuple[float, int, int, float, int]:
    db = work / f"agree-{n}.db"
    _portal(db, n)
    hubspot = _provider(db)
    start = time.perf_counter()
    plan = _plan(hubspot, n)
    plan_s = time.perf_counter() - start
    plan_requests = hubspot.client.request_count
    hubspot.close()
    if plan.changes:
        raise SystemExit(f"benchmark bug: {n} agreeing properties planned changes")

    db = work / f"fresh-{n}.db"
    _portal(db, 0)
    hubspot = _provider(db)
    start = time.perf_counter()
    plan = _plan(hubspot, n)
    # Local cost = apply's time outside HTTP requests (served by the sandbox here).
    transport = hubspot.timed_transport  # type: ignore[attr-defined]
    transport.seconds = 0.0
    applying = time.perf_counter()
    report = apply_plan(plan, hubspot, LocalBackend(work / f"state-{n}.json"),
                        options=ApplyOptions())  # fmt: skip
    local_s = time.perf_counter() - applying - transport.seconds
    apply_s = time.perf_counter() - start
    print(
        f"    {n:,} first apply: {report.state_writes} state writes, "
        f"{local_s:.3f} s locally beyond the provider's requests"
    )
    requests = hubspot.client.request_count
    hubspot.close()
    if not report.ok:
        raise SystemExit(f"benchmark bug: the first apply of {n} properties failed")
    return plan_s, plan_requests, plan.summary().add, apply_s, requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; sandbox in-process, rate limits off")
    print(f"{'properties':>10} {'plan s':>8} {'requests':>8} {'creates':>8} "
          f"{'plan+apply s':>12} {'requests':>8}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            plan_s, plan_req, creates, apply_s, apply_req = measure(n, Path(tmp))
            print(f"{n:>10,} {plan_s:>8.3f} {plan_req:>8} {creates:>8,} {apply_s:>12.3f} "
                  f"{apply_req:>8}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
