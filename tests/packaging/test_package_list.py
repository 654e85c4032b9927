"""pyproject's explicit package list must match the tree (DESIGN §1).

setuptools is given every package by name so that `providers/` and `schemas/` install under
`revops_as_code`; a sub-package missing from the list would silently vanish from the wheel.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROOTS = {
    "revops_as_code": "revops_as_code",
    "providers": "revops_as_code.providers",
    "schemas": "revops_as_code.schemas",
}


def _declared() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def _on_disk() -> set[str]:
    found: set[str] = set()
    for top, dotted in ROOTS.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top)
            if "__pycache__" in rel.parts:
                continue
            found.add(".".join([dotted, *rel.parts]))
    return found


def test_every_package_on_disk_is_declared() -> None:
    missing = _on_disk() - _declared()
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_every_declared_package_exists() -> None:
    stale = _declared() - _on_disk()
    assert not stale, f"declared in pyproject.toml but not on disk: {sorted(stale)}"


def test_package_dir_maps_providers_and_schemas_inside_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    mapping = config["tool"]["setuptools"]["package-dir"]
    assert mapping["revops_as_code.providers"] == "providers"
    assert mapping["revops_as_code.schemas"] == "schemas"


def test_every_provider_subpackage_registers_an_entry_point() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    entry_points = config["project"]["entry-points"]["revops_as_code.providers"]
    subpackages = {p.parent.name for p in (ROOT / "providers").glob("*/__init__.py")}
    targets = {value.split(":")[0].rsplit(".", 1)[-1] for value in entry_points.values()}
    assert subpackages <= targets, f"providers without an entry point: {subpackages - targets}"
