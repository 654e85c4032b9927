"""Benchmark: validation cost grows with the number of files, and memory with the bytes.

Two questions from the engine v2 issue, answered with figures:

- **scaling**: a project of N small `FieldStandard` files (one standard each, spread over
  company, contact and deal, with references across files the way real projects have them:
  a field in a group another standard of the object declares, deal fields required at a
  pipeline stage, derived facts over contact fields stored in company fields, pipeline exit
  criteria over deal fields of many standards). It prints the best-of-N seconds of
  `validate_path` for each size (wall and CPU) and the growth of CPU time between
  consecutive sizes against the growth of the size (1,000 -> 5,000 files should take ~5x,
  not 20x).
- **memory**: the peak memory of one `validate_path` run above the interpreter's baseline,
  in a fresh subprocess per corpus (so earlier runs cannot hide or add to it): the resident
  high-water mark (`VmHWM`, reset once everything validation uses is imported) minus the
  resident size at that point, and Python's own allocation peak (tracemalloc, a separate
  run), next to the corpus's YAML bytes. Corpora: `benchmarks/validate.py`'s 200-file one
  of 10,000 fields (3.4 MB, the issue's figure) and the N-file ones. Target: at most 25x.

    .venv/bin/python benchmarks/validate_scaling.py                 # 1,000 and 5,000 files
    .venv/bin/python benchmarks/validate_scaling.py --files 1000 2000 5000 --repeat 3
    .venv/bin/python benchmarks/validate_scaling.py --memory-only

Corpora are written once under `benchmarks/.corpus/` (gitignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import validate as base  # benchmarks/validate.py: the 200-file corpus and its word list
import yaml

CORPUS = base.CORPUS
OBJECTS = ("company", "contact", "deal")
STAGES = ("discovery", "qualified", "proposal", "negotiation")
MEMORY_TARGET = 25.0
"""Peak memory of validation above baseline, in multiples of the YAML bytes (the issue's)."""


def _sentence(rng: random.Random, words: int) -> str:
    return base._sentence(rng, words)


def _standard(rng: random.Random, index: int, files: int) -> str:
    """Standard `index`: one small team standard of one object, referring to others."""
    obj = OBJECTS[index % len(OBJECTS)]
    # The previous standard of the same object (wrapping): its group and fields are used
    # here, so resolution must look across documents, as in a real split standard.
    previous = index - len(OBJECTS) if index >= len(OBJECTS) else index
    contact = index - index % len(OBJECTS) + OBJECTS.index("contact")
    if contact >= files:
        contact = OBJECTS.index("contact")
    p = f"s{index:05d}"
    lines = [
        "# yaml-language-server: $schema=../../../../schemas/field_standard.schema.json",
        "apiVersion: revops.dev/v1",
        "kind: FieldStandard",
        f"object: {obj}",
        f"description: {_sentence(rng, 12)}",
        f"owner_team: {rng.choice(base.TEAMS)}",
        f"default_group: team_{index:05d}",
        "groups:",
        f"  - {{key: team_{index:05d}, label: Team {index} fields}}",
        "fields:",
        f"  - key: {p}_score",
        f"    label: Score {index}",
        "    type: number",
        f"    description: {_sentence(rng, 10)}",
        f"    group: team_{previous:05d}",
        "    minimum: 0",
        f"  - key: {p}_segment",
        f"    label: Segment {index}",
        "    type: enum",
        f"    description: {_sentence(rng, 10)}",
        f"    api_names: {{hubspot: {p}segment, salesforce: {p.capitalize()}_segment__c}}",
        "    options:",
    ]
    for i in range(rng.randint(3, 5)):
        option = f"{rng.choice(base.WORDS)}_{i}"
        label = option.replace("_", " ").capitalize()
        lines.append(f"      - {{key: {option}, label: {label}, order: {i}}}")
    lines += [
        f"  - key: {p}_last_touch",
        f"    label: Last touch {index}",
        "    type: date",
        f"    description: {_sentence(rng, 9)}",
    ]
    if obj == "deal":
        lines.append(f"    required_at: [pipeline/sales/stage/{rng.choice(STAGES)}]")
    lines += [
        f"  - key: {p}_owner",
        f"    label: Owner {index}",
        "    type: owner",
        f"    description: {_sentence(rng, 8)}",
        f"    owner_team: {rng.choice(base.TEAMS)}",
    ]
    if index % 7 == 0:
        lines.append("    pii: true")
    if obj == "company":
        # A fact over contact fields another file declares, stored in a field of this one.
        lines += [
            "facts:",
            f"  - key: {p}_engaged_contacts",
            f"    label: Engaged contacts {index}",
            "    related: contact",
            f"    where: {{field: field/contact/s{contact:05d}_last_touch, op: within_last,"
            " value: 30d}",
            f"    stored_in: {p}_score",
        ]
    return "\n".join(lines) + "\n"


def _pipeline(files: int) -> str:
    """One deal pipeline whose exit criteria name deal fields of many standards."""
    deals = [i for i in range(files) if OBJECTS[i % len(OBJECTS)] == "deal"]
    body = [
        "apiVersion: revops.dev/v1",
        "kind: Pipeline",
        "key: sales",
        "label: Sales",
        "object: deal",
        "stages:",
    ]
    step = max(1, len(deals) // 40)
    for n, stage in enumerate(STAGES):
        picked = deals[n::step][:10]
        body += [
            f"  - key: {stage}",
            f"    label: {stage.capitalize()}",
            f"    probability: {10 + 20 * n}",
            f"    forecast_category: {'pipeline' if n < 2 else 'best_case'}",
            "    exit_criteria:",
            "      required_fields: [" + ", ".join(f"s{i:05d}_owner" for i in picked) + "]",
            "      conditions:",
            "        - any:",
        ]
        body += [f"            - {{field: s{i:05d}_score, op: gte, value: 50}}" for i in picked]
    body += [
        "  - {key: closed_won, label: Closed won, probability: 100,"
        " forecast_category: closed, outcome: won}",
        "  - {key: closed_lost, label: Closed lost, probability: 0,"
        " forecast_category: omitted, outcome: lost}",
    ]
    return "\n".join(body) + "\n"


def generate(files: int) -> Path:
    """Write (once) `files` field standards and one pipeline under `.corpus/files_<N>/`."""
    target = CORPUS / f"files_{files}"
    marker = target / ".complete"
    if marker.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    rng = random.Random(files)
    for obj in OBJECTS:
        (target / "fields" / obj).mkdir(parents=True)
    for index in range(files):
        obj = OBJECTS[index % len(OBJECTS)]
        path = target / "fields" / obj / f"{obj}_{index:05d}.yaml"
        path.write_text(_standard(rng, index, files), "utf-8")
    (target / "pipeline.yaml").write_text(_pipeline(files), "utf-8")
    marker.touch()
    return target


def corpus_bytes(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.rglob("*.yaml"))


def time_validate(directory: Path, repeat: int) -> tuple[float, float]:
    """Best-of-`repeat` (wall seconds, CPU seconds) of `validate_path(directory)`.

    CPU time is printed too because it is what the ratio is taken on: on a shared machine
    (CI runners, parallel test jobs) wall time swings with the load, CPU time much less.
    """
    from revops_as_code.validation import validate_path

    validate_path(directory / "pipeline.yaml")  # imports and lazy set-up stay out of the time
    wall = cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = validate_path(directory)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        if not result.ok:  # a benchmark of a failing run would measure the error path
            raise SystemExit("corpus did not validate:\n" + result.diagnostics[0].format())
        del result
    return wall, cpu


# Runs in a fresh interpreter. `ru_maxrss` is no use here: Linux carries the parent's
# high-water mark across fork and exec, so the child would report the benchmark's own peak.
# Instead the probe resets this process's high-water mark (`clear_refs` 5) once everything
# validation uses is imported, takes the resident size then as the baseline, and reads
# `VmHWM` after one run. With --tracemalloc it reports Python's own allocation peak instead.
_MEMORY_PROBE = """
import gc, json, sys, tracemalloc
import revops_as_code.models, revops_as_code.validation.rules
from revops_as_code.validation import validate_path

def status(name):
    with open("/proc/self/status") as f:
        line = next(line for line in f if line.startswith(name + ":"))
    return int(line.split()[1]) * 1024

gc.collect()
if sys.argv[2] == "tracemalloc":
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
else:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    base = status("VmRSS")
result = validate_path(sys.argv[1])
if sys.argv[2] == "tracemalloc":
    peak = tracemalloc.get_traced_memory()[1]
else:
    peak = status("VmHWM")
print(json.dumps({"ok": result.ok, "base": base, "peak": peak}))
"""


def peak_memory(directory: Path, how: str = "rss") -> tuple[int, int]:
    """(baseline bytes, peak bytes above it) of one validation in a fresh interpreter.

    `how` is "rss" (resident set, what the machine pays) or "tracemalloc" (Python's heap).
    """
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(directory.resolve()), how],
        # `-c` puts the working directory first on sys.path: run in the corpus, so the probe
        # imports the revops_as_code this benchmark imported (PYTHONPATH, or the install).
        cwd=directory,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(out)
    if not figures["ok"]:
        raise SystemExit(f"corpus {directory} did not validate")
    return figures["base"], figures["peak"] - figures["base"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--memory-fields",
        type=int,
        default=10000,
        help="size of benchmarks/validate.py's 200-file corpus measured for memory (~3.4 MB)",
    )
    parser.add_argument("--memory-only", action="store_true")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml)")
    if not args.memory_only:
        print(f"{'files':>6} {'MB':>6} {'validate s':>11} {'CPU s':>7} {'x CPU':>6} {'x files':>8}")
        previous: tuple[int, float] | None = None
        for files in args.files:
            directory = generate(files)
            wall, cpu = time_validate(directory, args.repeat)
            growth = ""
            if previous is not None:
                growth = f"{cpu / previous[1]:>6.2f} {files / previous[0]:>8.2f}"
            mb = corpus_bytes(directory) / 1e6
            print(f"{files:>6} {mb:>6.2f} {wall:>11.3f} {cpu:>7.3f} {growth}")
            previous = (files, cpu)
    print()
    print(
        f"{'corpus':>18} {'YAML MB':>8} {'base MB':>8} {'RSS+ MB':>8} {'x YAML':>7}"
        f" {'heap+ MB':>9} {'x YAML':>7}"
    )
    corpora = [
        (f"fields_{args.memory_fields}", base.generate(args.memory_fields)),
        *((f"files_{files}", generate(files)) for files in args.files),
    ]
    worst = 0.0
    for name, directory in corpora:
        size = corpus_bytes(directory)
        baseline, peak = peak_memory(directory)
        _, heap = peak_memory(directory, "tracemalloc")
        worst = max(worst, peak / size)
        print(
            f"{name:>18} {size / 1e6:>8.2f} {baseline / 1e6:>8.1f} {peak / 1e6:>8.1f} "
            f"{peak / size:>7.1f} {heap / 1e6:>9.1f} {heap / size:>7.1f}"
        )
    print(f"target: RSS peak above baseline <= {MEMORY_TARGET:g}x YAML bytes; worst {worst:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
