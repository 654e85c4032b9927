"""docs/reliability.md: every guarantee names tests, and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reliability.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def test_every_row_names_a_test_and_every_named_test_exists() -> None:
    rows = [
        line
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| Guarantee")
    ]
    assert len(rows) >= 30
    missing: list[str] = []
    for row in rows:
        named = NAMED.findall(row)
        assert named, f"a guarantee without a test: {row[:80]}"
        for path, name in named:
            source = ROOT / path
            if not source.is_file() or not re.search(
                rf"^(?:    )?def {name}\(", source.read_text(encoding="utf-8"), re.M
            ):
                missing.append(f"{path}::{name}")
    assert missing == []
