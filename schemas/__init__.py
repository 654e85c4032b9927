"""JSON Schemas generated from the definition models: the public contract, shipped as data.

Regenerate with `revops schemas generate` (or `python scripts/generate_schemas.py`);
a test keeps the committed files in sync with the models.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def schema_dir() -> Path:
    """Directory holding the shipped `<kind>.schema.json` files."""
    return Path(str(resources.files(__name__)))
