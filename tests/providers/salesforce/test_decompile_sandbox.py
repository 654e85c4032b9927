"""Import of the seeded sandbox orgs, end to end at the resource level: the provider's real
read -> decompile -> YAML files -> validate -> compile gives back every live resource it
does not report, attribute for attribute, and reports every one it leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.providers.base import LiveSnapshot, Scope
from revops_as_code.providers.salesforce.decompile import decompile, import_notes

from .decompile_helpers import write
from .provider_helpers import provider


@pytest.mark.parametrize("profile", ["messy", "empty"])
def test_the_seeded_org_imports_and_compiles_back(tmp_path: Path, profile: str) -> None:
    from revops_as_code.providers.salesforce.compile import compile_definitions

    live = provider(tmp_path / "salesforce.db", profile=profile).read_live(Scope())
    snapshot = LiveSnapshot(resources=live.resources)
    notes = import_notes(snapshot)
    result = write(decompile(snapshot), tmp_path / "definitions")
    assert result.ok, [str(d) for d in result.errors]
    compiled = compile_definitions(result.raise_for_errors())
    assert not [d for d in compiled.diagnostics if d.severity.name == "ERROR"]
    got = {r.id: r for r in compiled.resources}
    wanted = {r.id: r for r in live.resources if r.id not in notes}
    assert set(got) == set(wanted)
    assert set(notes) <= {r.id for r in live.resources}
    for rid, resource in wanted.items():
        ignored = got[rid].ignore
        theirs = {k: v for k, v in got[rid].attributes.items() if k not in ignored}
        mine = {k: v for k, v in resource.attributes.items() if k not in ignored}
        assert theirs == mine, rid
    assert wanted, "the seeded org imports something"
    for reason, action in notes.values():
        assert reason and action
