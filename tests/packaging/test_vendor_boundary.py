"""Vendor knowledge lives only in providers/ (DESIGN §1, §4): the engine imports no provider.

`revops_as_code/` in the repository is the engine; `providers/` is installed inside it as
`revops_as_code.providers`, so "outside providers" is exactly the `revops_as_code/`
directory. The engine reaches a provider only through the registry (entry points) and
`providers/base.py`, never by a provider's module path.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "revops_as_code"
PROVIDERS = ROOT / "providers"


def _provider_packages() -> list[str]:
    return sorted(p.parent.name for p in PROVIDERS.glob("*/__init__.py"))


def _reference(names: list[str]) -> re.Pattern[str]:
    """`revops_as_code.providers.<name>`, `.providers.<name>` (relative) and
    `from ….providers import <name>`, the ways a module path names a provider."""
    alternatives = "|".join(map(re.escape, names))
    return re.compile(
        rf"providers\.(?:{alternatives})\b"
        rf"|from\s+[\w.]*providers\s+import\s+[^\n]*\b(?:{alternatives})\b"
    )


def test_the_provider_packages_are_found() -> None:
    assert {"hubspot", "fake"} <= set(_provider_packages())


def test_the_pattern_catches_each_way_of_naming_a_provider() -> None:
    pattern = _reference(["hubspot"])
    for line in (
        "from revops_as_code.providers.hubspot import HubSpotProvider",
        "import revops_as_code.providers.hubspot.sandbox",
        "from ..providers.hubspot.client import HubSpotClient",
        "from revops_as_code.providers import base, hubspot",
        'importlib.import_module("revops_as_code.providers.hubspot")',
    ):
        assert pattern.search(line), line
    for line in (
        "from revops_as_code.providers.base import Provider",
        "from revops_as_code.providers import base",
        "provider: hubspot",
    ):
        assert not pattern.search(line), line


def test_no_engine_module_names_a_provider_package() -> None:
    pattern = _reference(_provider_packages())
    sources = sorted(ENGINE.rglob("*.py"))
    assert len(sources) > 20, "the engine's sources were not found"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, "the engine names a provider module:\n" + "\n".join(offenders)


def test_no_sandbox_left_in_the_engine() -> None:
    """Emulators live in their provider (`providers/<name>/sandbox/`)."""
    assert not list((ENGINE / "sandbox").rglob("*.py"))


def test_no_provider_names_another_provider() -> None:
    """Each vendor's knowledge stays in its own package: Salesforce's code never reaches into
    HubSpot's (shared pieces live beside them in providers/, e.g. sandbox_transport.py)."""
    names = _provider_packages()
    assert {"salesforce", "marketo"} <= set(names)
    offenders = []
    for name in names:
        pattern = _reference([other for other in names if other != name])
        for path in sorted((PROVIDERS / name).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "a provider names another provider:\n" + "\n".join(offenders)
