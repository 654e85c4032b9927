#!/usr/bin/env python3
"""Regenerate schemas/*.schema.json from the models (same as `revops schemas generate`)."""

from __future__ import annotations

from pathlib import Path

from revops_as_code import schema_gen

if __name__ == "__main__":
    for path in schema_gen.write(Path(__file__).resolve().parents[1] / "schemas"):
        print(f"wrote {path}")
