"""Benchmark: `revops docs build` on the bundled project plus N generated fields.

Copies the bundled project to `benchmarks/.corpus/handbook/` (gitignored) and adds one
ticket FieldStandard with N fields (every type, enum options, per-system names, PII), then
reports the best-of-R wall and CPU time of the whole build (validate + render + write) and
of the rendering alone (`build_site` on definitions already validated). Target: the whole
build under 5 s for 10,000 fields (issue 13).

    .venv/bin/python benchmarks/handbook.py [--fields 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from revops_as_code.handbook import Version, build_handbook, build_site
from revops_as_code.validation import validate_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / ".corpus" / "handbook"
TYPES = (
    "string",
    "text",
    "number",
    "currency",
    "percent",
    "bool",
    "date",
    "datetime",
    "enum",
    "multi_enum",
)
TEAMS = ("revops", "marketing", "sales", "customer_success")
VERSION = Version("0" * 40, "2026-12-01T00:00:00+00:00")


def _project(fields: int) -> Path:
    shutil.rmtree(CORPUS, ignore_errors=True)
    CORPUS.mkdir(parents=True)
    shutil.copytree(ROOT / "definitions", CORPUS / "definitions")
    shutil.copy(ROOT / "revops.yaml", CORPUS / "revops.yaml")
    lines = [
        "apiVersion: revops.dev/v1",
        "kind: FieldStandard",
        "object: ticket",
        "owner_team: revops",
        "fields:",
    ]
    for n in range(fields):
        kind = TYPES[n % len(TYPES)]
        lines += [
            f"  - key: generated_field_{n}",
            f"    label: Generated field {n}",
            f"    type: {kind}",
            f"    description: Field {n} of the benchmark, owned by a team and described in words.",
            f"    owner_team: {TEAMS[n % len(TEAMS)]}",
        ]
        if n % 7 == 0:
            lines.append("    pii: true")
        if n % 5 == 0:
            lines.append(
                f"    api_names: {{hubspot: generatedfield{n}, salesforce: Generated_{n}__c}}"
            )
        if kind in ("enum", "multi_enum"):
            lines.append("    options:")
            lines += [f"      - {{key: option_{i}, label: Option {i}}}" for i in range(4)]
    (CORPUS / "definitions" / "fields" / "generated_ticket.yaml").write_text(
        "\n".join(lines) + "\n"
    )
    return CORPUS


def _best(repeat: int, run: object) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()  # type: ignore[operator]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fields", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    project = _project(args.fields)
    out = project / "site"
    full = _best(args.repeat, lambda: build_handbook(project, out, version=VERSION))
    definitions = validate_path(project / "definitions").raise_for_errors()
    total = sum(len(s.fields) for s in definitions.field_standards)
    render = _best(
        args.repeat,
        lambda: build_site(
            definitions, out, project_dir=project, version=VERSION, systems=("hubspot",)
        ),
    )
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"fields: {total:,} ({args.fields:,} generated), site: {size / 1e6:.1f} MB")
    print(f"docs build (validate + render + write): best {full[0]:.2f} s wall, {full[1]:.2f} s CPU")
    print(
        f"render + write only:                    best {render[0]:.2f} s wall, {render[1]:.2f} s CPU"
    )
    target = 5.0
    print(f"target: whole build < {target:.0f} s -> {'met' if full[0] < target else 'MISSED'}")
    return 0 if full[0] < target else 2


if __name__ == "__main__":
    sys.exit(main())
