"""Soak at full length: 200 seeded plan/apply cycles with random definition edits and random
faults, on the local and the PostgreSQL state backend (issue 17). CI runs the same test with
25 cycles (`tests/state/test_soak.py`); this runs it with `--cycles` (default 200) and
reports the wall time of each backend's run.

    .venv/bin/python benchmarks/soak.py [--cycles 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=200)
    args = parser.parse_args()
    env = {**os.environ, "REVOPS_SOAK_CYCLES": str(args.cycles)}
    status = 0
    for name in ("test_soak_local", "test_soak_postgres"):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"tests/state/test_soak.py::{name}"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        last = (done.stdout.strip().splitlines() or ["?"])[-1]
        print(f"{name}: {args.cycles} cycles per seed, {elapsed:.1f} s wall: {last}")
        if done.returncode != 0:
            print(done.stdout[-4000:], file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
