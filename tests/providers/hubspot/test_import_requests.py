"""Request counts of `revops import`, pinned as plan's are: one read of the portal (a list
call per object type and kind of configuration, one owners page), however many properties it
holds; decompiling, writing and adopting cost no request."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops_as_code.compile import compile_for
from revops_as_code.errors import DefinitionError
from revops_as_code.importer import import_live
from revops_as_code.providers.base import CompileResult
from revops_as_code.state import LocalBackend
from revops_as_code.validation import validate_path

from .sandbox_helpers import provider
from .test_request_counts import PLAN_REQUESTS, _live_portal

pytest.importorskip(
    "revops_as_code.providers.hubspot.sandbox.transport", reason="sandbox transport"
)


@pytest.mark.parametrize("n", [100, 1_000])
def test_an_import_costs_one_read_whatever_the_number_of_properties(n: int, tmp_path: Path) -> None:
    db = tmp_path / "hubspot.db"
    _live_portal(db, n)
    hubspot = provider(db)
    defs = tmp_path / "definitions"

    def compile_dir() -> CompileResult:
        result = validate_path(defs)
        if not result.ok or result.definitions is None:
            raise DefinitionError(result.diagnostics)
        return compile_for(hubspot, result.definitions)

    before = hubspot.client.request_count
    report = import_live(
        hubspot,
        LocalBackend(tmp_path / "state.json"),
        compile_dir,
        environment="dev",
        output_dir=defs / "imported",
    )
    assert hubspot.client.request_count - before == PLAN_REQUESTS
    assert sum(1 for r in report.adopted if r.kind == "property") == n
    assert report.rejected == ()
    # Nothing new live: a second import reads once more and writes nothing.
    again = import_live(
        hubspot,
        LocalBackend(tmp_path / "state.json"),
        compile_dir,
        environment="dev",
        output_dir=defs / "imported",
    )
    assert hubspot.client.request_count - before == 2 * PLAN_REQUESTS
    assert again.files == () and again.adopted == ()
