"""Benchmark: `revops audit` on the large seed (100,000 contacts, 15,000 companies, 20,000
deals) through the in-process HubSpot sandbox, and the criteria evaluator alone.

It reports:

- **requests**: the API requests the audit made, next to the floor HubSpot's API allows for
  the same reads (one properties call per read, then 100 records a list page or 200 a search
  page plus one association batch read per 1,000 search results);
- **time at the tier's published limits**: those requests paced at Starter's 100 per 10 s
  (and Professional's 190), searches at 5 a second: the wall time a real portal needs;
- **local time**: the whole audit against the sandbox with its limits off (revops' own cost
  plus the emulator's);
- **criteria evaluation throughput**: ICP tier 1's criteria (a group of four leaves, one a
  derived fact) compiled once and evaluated over 100,000 in-memory records (target >= 100,000
  records/s on a 2-core machine).

    .venv/bin/python benchmarks/audit.py [--profile large|small] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from revops_as_code.audit.criteria import Subject, compile_condition
from revops_as_code.audit.run import audit
from revops_as_code.providers.hubspot import HubSpotProvider
from revops_as_code.providers.hubspot.client import HubSpotClient
from revops_as_code.providers.hubspot.sandbox import (
    HubSpotStore,
    Limits,
    SandboxConfig,
    SandboxTransport,
)
from revops_as_code.providers.hubspot.sandbox.seed import seed
from revops_as_code.validation import validate_path

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TIERS = {"starter": 100, "professional": 190}
"""Requests per 10 s by HubSpot tier (specs/hubspot.md §a.0)."""
SEARCHES_PER_SECOND = 5


def floor_requests(reads: list[tuple[str, int, int, bool, tuple[str, ...]]]) -> int:
    """The fewest requests HubSpot's API allows for the same reads: one properties call, then
    a filtered read by search (200 a page, at most 10,000 results, associations one batch
    read per 1,000 ids; a contact's company is a property, free) and anything else by the
    list (100 a page, associations inline)."""
    total = 0
    for obj, records, _, filtered, related in reads:
        if filtered and records <= 10_000:
            linked = [r for r in related if not (obj == "contact" and r == "company")]
            pages = max(1, math.ceil(records / 200))
            total += 1 + pages + len(linked) * math.ceil(records / 1000)
        else:
            total += 1 + max(1, math.ceil(records / 100))
    return total


def evaluation_throughput(definitions: object, n: int, repeat: int) -> float:
    icp = definitions.icps[0]  # type: ignore[attr-defined]
    test = compile_condition(icp.tiers[0].criteria, "company", NOW)
    rng = random.Random(7)
    industries = ["COMPUTER_SOFTWARE", "INTERNET", "RETAIL", "BANKING"]
    subjects = [
        Subject(
            {"target_account": rng.random() < 0.3, "employee_count": float(rng.randrange(5000)),
             "industry": rng.choice(industries)},
            facts={("company", "engaged_contacts_30d"): float(rng.randrange(6))},
        )
        for _ in range(n)
    ]  # fmt: skip
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        matched = sum(1 for s in subjects if test(s))
        best = min(best, time.perf_counter() - start)
    assert matched >= 0
    return n / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="large", choices=("small", "large"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    definitions = validate_path(ROOT / "definitions").definitions
    assert definitions is not None

    rate = evaluation_throughput(definitions, 100_000, args.repeat)
    print(f"criteria evaluation: {rate:,.0f} records/s (ICP tier 1, 100,000 records, best of "
          f"{args.repeat})")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "hubspot.db"
        start = time.perf_counter()
        store = HubSpotStore(db)
        manifest = seed(store, args.profile, 42, now=NOW, write_manifest=False)
        store.close()
        print(f"seeded {args.profile}: {manifest.counts['contacts']:,} contacts, "
              f"{manifest.counts['companies']:,} companies, {manifest.counts['deals']:,} deals "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off()))
        client = HubSpotClient("bench", transport=transport, rate_limit=False)
        provider = HubSpotProvider({"sandbox": True}, client=client)
        start = time.perf_counter()
        report, plan = audit(definitions, provider, now=NOW, since=NOW - timedelta(days=30))
        elapsed = time.perf_counter() - start
        searches = client.search_count
        floor = floor_requests(report.reads)
        print(f"audit: {report.records_read:,} records in {report.requests:,} requests "
              f"({searches:,} searches); floor {floor:,}; {elapsed:.1f} s locally "
              f"({report.records_read / elapsed:,.0f} records/s end to end)")  # fmt: skip
        for obj, n, calls, search, _ in report.reads:
            how = "search" if search else "list"
            print(f"  read {obj} ({how}): {n:,} records, {calls:,} requests")
        for tier, per_10s in TIERS.items():
            paced = max(report.requests / (per_10s / 10), searches / SEARCHES_PER_SECOND)
            print(
                f"  at {tier}'s limits ({per_10s}/10 s, {SEARCHES_PER_SECOND} searches/s): "
                f">= {paced:,.0f} s"
            )
        print(f"sync plan: {len(plan.merged()):,} records to update")
        provider.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
