"""Benchmark: full `revops validate` against PyYAML's C loader alone on the same bytes.

Generates corpora under `benchmarks/.corpus/` (gitignored): 1,000, 10,000 and 50,000 fields
(enum options, descriptions, per-system names) in four field standards, plus pipelines whose
exit criteria reference deal fields, 200 files in all. For
each it reports the best-of-N time of `yaml.load(bytes, CSafeLoader)` over every file (the
floor: every byte must be parsed), the best-of-N time of `validate_path` (load, structure,
models, rules), and their ratio. Target: ratio <= 2.5, growing linearly with size.

    .venv/bin/python benchmarks/validate.py [--sizes 1000 10000 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from revops_as_code.validation import validate_path

CORPUS = Path(__file__).resolve().parent / ".corpus"
FILES = 200
OBJECTS = ("contact", "company", "deal", "ticket")
TYPES = ("string", "text", "number", "currency", "percent", "bool", "date", "datetime", "owner")
TEAMS = ("revops", "marketing_ops", "sales_ops", "cs_ops", "finance")
WORDS = [
    "account",
    "pipeline",
    "revenue",
    "renewal",
    "expansion",
    "segment",
    "territory",
    "region",
    "owner",
    "stage",
    "qualified",
    "buying",
    "committee",
    "champion",
    "budget",
    "timeline",
    "procurement",
    "security",
    "review",
    "onboarding",
    "adoption",
    "health",
    "score",
    "churn",
    "risk",
    "forecast",
    "quota",
    "attainment",
    "handoff",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _field(rng: random.Random, n: int, obj: str) -> str:
    key = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}_{n}"
    is_enum = n % 4 == 0
    kind = rng.choice(("enum", "multi_enum")) if is_enum else rng.choice(TYPES)
    lines = [
        f"  - key: {key}",
        f"    label: {key.replace('_', ' ').capitalize()}",
        f"    type: {kind}",
        f"    description: {_sentence(rng, 11)}",
        f"    owner_team: {rng.choice(TEAMS)}",
    ]
    if n % 3 == 0:
        lines.append(f"    group: {rng.choice(('sales_process', 'marketing'))}")
    if n % 11 == 0:
        lines.append("    pii: true")
    if n % 6 == 0:
        lines.append(f"    api_names: {{hubspot: {key.replace('_', '')}, salesforce: {key}__c}}")
    if obj == "deal" and n % 10 == 0:
        lines.append("    required_at: [pipeline/pipeline_000/stage/proposal]")
    if is_enum:
        lines.append("    options:")
        for i in range(rng.randint(3, 5)):
            option = f"{rng.choice(WORDS)}_{i}"
            label = option.replace("_", " ").capitalize()
            lines.append(f"      - {{key: {option}, label: {label}, order: {i}}}")
    return "\n".join(lines)


# Fields every pipeline's exit criteria use, so the reference and criteria rules do real work.
DEAL_FIELDS = """\
  - key: amount
    label: Amount
    type: currency
    description: Deal value in the portal currency.
    system_defined: true
  - key: close_date
    label: Close date
    type: date
    description: When the buyer is expected to sign.
  - key: next_step
    label: Next step
    type: string
    description: The next agreed action with the buyer, with a date."""


def _standard(rng: random.Random, obj: str, first: int, count: int) -> str:
    body = [
        "# yaml-language-server: $schema=../../../schemas/field_standard.schema.json",
        "apiVersion: revops.dev/v1",
        "kind: FieldStandard",
        f"object: {obj}",
        f"description: {_sentence(rng, 12)}",
        "owner_team: revops",
        "default_group: revops_standard",
        "groups:",
        "  - {key: revops_standard, label: RevOps standard}",
        "  - {key: sales_process, label: Sales process}",
        "  - {key: marketing, label: Marketing}",
        "fields:",
    ]
    if obj == "deal":
        body.append(DEAL_FIELDS)
    body += [_field(rng, n, obj) for n in range(first, first + count)]
    return "\n".join(body) + "\n"


def _pipeline(rng: random.Random, index: int) -> str:
    stages = [
        ("discovery", 10, "pipeline", "open"),
        ("qualified", 25, "pipeline", "open"),
        ("proposal", 50, "best_case", "open"),
        ("negotiation", 80, "commit", "open"),
        ("closed_won", 100, "closed", "won"),
        ("closed_lost", 0, "omitted", "lost"),
    ]
    body = [
        "# yaml-language-server: $schema=../../../schemas/pipeline.schema.json",
        "apiVersion: revops.dev/v1",
        "kind: Pipeline",
        f"key: pipeline_{index:03d}",
        f"label: Pipeline {index}",
        f"description: {_sentence(rng, 12)}",
        "object: deal",
        f"owner_team: {rng.choice(TEAMS)}",
        "stages:",
    ]
    for key, probability, category, outcome in stages:
        body += [
            f"  - key: {key}",
            f"    label: {key.replace('_', ' ').capitalize()}",
            f"    description: {_sentence(rng, 10)}",
            f"    probability: {probability}",
            f"    forecast_category: {category}",
        ]
        if outcome != "open":
            body.append(f"    outcome: {outcome}")
            continue
        body += [
            "    max_days_in_stage: 30",
            "    exit_criteria:",
            "      required_fields: [amount, close_date, next_step]",
            "      conditions:",
            "        - any:",
            f"            - {{field: amount, op: gte, value: {1000 * (index + 1)}}}",
            "            - {field: close_date, op: is_set}",
        ]
    return "\n".join(body) + "\n"


def generate(fields: int, files: int = FILES) -> Path:
    """Write (once) `fields` fields and pipelines referencing them: `files` files in all.

    One `FieldStandard` per CRM object (the language allows exactly one per object) holds
    the fields; the other files are pipelines whose exit criteria reference deal fields.
    """
    target = CORPUS / f"fields_{fields}"
    marker = target / ".complete"
    if marker.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    rng = random.Random(fields)
    per_object, extra = divmod(fields, len(OBJECTS))
    first = 0
    for index, obj in enumerate(OBJECTS):
        count = per_object + (1 if index < extra else 0)
        (target / f"fields_{obj}.yaml").write_text(_standard(rng, obj, first, count), "utf-8")
        first += count
    for index in range(files - len(OBJECTS)):
        (target / f"pipeline_{index:03d}.yaml").write_text(_pipeline(rng, index), "utf-8")
    marker.touch()
    return target


def _best(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def measure(directory: Path, repeat: int) -> tuple[int, float, float]:
    files = sorted(directory.glob("*.yaml"))
    size = sum(f.stat().st_size for f in files)

    def floor() -> None:
        for file in files:
            yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)

    def full() -> None:
        result = validate_path(directory)
        if not result.ok:  # a benchmark of a failing run would measure the error path
            raise SystemExit("corpus did not validate:\n" + result.diagnostics[0].format())

    return size, _best(floor, repeat), _best(full, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml)")
    print(
        f"{'fields':>7} {'files':>5} {'MB':>6} {'C loader s':>11} {'validate s':>11} {'ratio':>6}"
    )
    for fields in args.sizes:
        directory = generate(fields)
        size, floor, full = measure(directory, args.repeat)
        print(
            f"{fields:>7} {FILES:>5} {size / 1e6:>6.2f} {floor:>11.3f} {full:>11.3f} "
            f"{full / floor:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
