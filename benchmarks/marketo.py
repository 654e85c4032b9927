"""Benchmark: a plan against the in-process Marketo sandbox, by the number of lead fields.

For 100 and 1,000 custom lead fields (beside the seeded demo instance's), written into the
sandbox's store directly so building them costs no requests, it times the compile of one
contact field standard holding every field, the live read and the diff, when definitions
and instance agree, and counts the HTTP requests (the identity call for the first token
included). The sandbox's limits are off; the client still paces itself as it would against
a real instance (100 calls per 20 s), which a plan of a few calls never reaches.

    .venv/bin/python benchmarks/marketo.py [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from revops_as_code.diff.state_view import StateView
from revops_as_code.meaning import Meaning
from revops_as_code.models import DefinitionDocument, Definitions
from revops_as_code.models.fields import FieldStandard
from revops_as_code.plan.builder import build_plan
from revops_as_code.providers.base import Scope
from revops_as_code.providers.marketo import MarketoProvider
from revops_as_code.providers.marketo.sandbox import (
    Limits,
    MarketoStore,
    SandboxConfig,
    SandboxTransport,
)
from revops_as_code.providers.marketo.sandbox.support import seed_if_empty
from revops_as_code.targets import BoundTarget

DESCRIPTION = "A field of the Marketo benchmark."


def _standard(n: int) -> dict[str, Any]:
    return {
        "apiVersion": "revops.dev/v1",
        "kind": "FieldStandard",
        "object": "contact",
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


def _instance(db: Path, n: int) -> None:
    """The seeded demo instance plus `n` float lead fields as the API would have made them."""
    seed_if_empty(db)
    store = MarketoStore(db)
    try:
        for i in range(n):
            store.put_field(
                {"name": f"bulk{i:05d}", "displayName": f"Bulk {i}", "dataType": "float",
                 "description": DESCRIPTION, "isApiCreated": True, "isCustom": True,
                 "isHidden": False, "isHtmlEncodingInEmail": True, "isSensitive": False,
                 "crmManaged": False, "length": None}
            )  # fmt: skip
    finally:
        store.close()


def measure(n: int, work: Path) -> tuple[float, int]:
    db = work / f"agree-{n}.db"
    _instance(db, n)
    transport = SandboxTransport(SandboxConfig(db_path=db, limits=Limits.off()))
    mk = MarketoProvider({"sandbox": True, "sandbox_path": str(db)}, transport=transport)
    start = time.perf_counter()
    desired = mk.compile(_definitions(n))
    live = mk.read_live(Scope())
    target = BoundTarget.of(mk.name, mk)
    plan = build_plan(desired, live, Meaning({mk.name: target.meaning}), StateView(),
                      environment="bench", targets={mk.name: mk.name}, impact=mk.impact,
                      group=target.group)  # fmt: skip
    plan_s = time.perf_counter() - start
    requests = mk.client.request_count
    mk.close()
    if plan.changes:
        raise SystemExit(f"benchmark bug: {n} agreeing fields planned {len(plan.changes)} changes")
    return plan_s, requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000])
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}; sandbox in-process, limits off")
    print(f"{'fields':>7} {'plan s':>7} {'requests':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "warm-up").mkdir()
        measure(10, Path(tmp) / "warm-up")  # imports, the app's first start: not timed below
        for n in args.sizes:
            plan_s, requests = measure(n, Path(tmp))
            print(f"{n:>7,} {plan_s:>7.3f} {requests:>8}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
