"""`import --kind`: the known kinds come from the workspace (every target's provider when the
engine is multi-target), else the one provider's capabilities."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from revops_as_code.cli.import_cmd import check_kinds, known_kinds
from revops_as_code.errors import UsageError


def test_the_workspace_answers_when_it_can() -> None:
    workspace = SimpleNamespace(
        known_kinds=lambda: {"property", "object"},
        provider=SimpleNamespace(capabilities=SimpleNamespace(kinds={"ignored": None})),
    )
    assert known_kinds(workspace) == {"property", "object"}


def test_otherwise_the_providers_capabilities() -> None:
    workspace = SimpleNamespace(
        provider=SimpleNamespace(capabilities=SimpleNamespace(kinds={"group": 1, "stage": 2}))
    )
    assert known_kinds(workspace) == {"group", "stage"}


def test_unknown_kinds_are_named_with_the_known_ones() -> None:
    check_kinds(("stage",), frozenset({"stage", "group"}))
    with pytest.raises(UsageError) as caught:
        check_kinds(("stage", "stages", "grup"), frozenset({"stage", "group"}))
    assert caught.value.message == "unknown resource kinds 'grup', 'stages' for --kind"
    assert caught.value.hint == "this environment's kinds are: group, stage"
