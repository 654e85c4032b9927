"""Import writes one YAML file per decompiled document and adopts exactly what compiles back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import DefinitionError, StateLockedError, UsageError
from revops_as_code.importer import import_live
from revops_as_code.providers.base import CompileResult
from revops_as_code.providers.fake import FakeProvider, FakeWorld
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.state import LocalBackend

PIPE = ResourceId("fake", "pipeline", "partners")


def _world() -> FakeWorld:
    world = FakeWorld()
    world.put(PIPE, {"kind": "Pipeline", "key": "partners", "label": "Partners", "stages": []})
    world.put(ResourceId("fake", "item", "legacy"), {"label": "no kind: not decompiled"})
    return world


def _compile_from(out: Path) -> CompileResult:
    """Stand-in for validate+compile: one resource per written file, located at the file."""
    resources = []
    for path in sorted(out.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if not data:  # a comment-only file describes nothing
            continue
        attrs = {k: v for k, v in data.items() if k != "apiVersion"}
        rid = ResourceId("fake", "pipeline", data["key"])
        resources.append(Resource(rid, attrs, source=f"{path}:2:1"))
    return CompileResult(resources=ResourceSet.of(resources))


def test_writes_yaml_with_provenance_and_adopts_what_compiles(tmp_path: Path) -> None:
    provider = FakeProvider({"world": _world()})
    backend = LocalBackend(tmp_path / "state.json")
    out = tmp_path / "defs"
    report = import_live(
        provider, backend, lambda: _compile_from(out), environment="dev", output_dir=out
    )
    assert [p.name for p in report.files] == ["pipeline-partners.yaml"]
    text = report.files[0].read_text()
    lines = text.splitlines()
    assert lines[0].startswith("# Imported by `revops import` from fake environment 'dev'")
    assert lines[1] == "# Live object: fake/pipeline/partners (remote id fake-1)"
    assert lines[2:5] == ["apiVersion: revops.dev/v1", "kind: Pipeline", "key: partners"]
    assert report.adopted == (PIPE,)
    state = backend.read()
    assert state is not None and state.ids() == [PIPE]  # the kind-less object is not owned
    assert state.remote_ids() == {PIPE: "fake-1"}


def test_refuses_to_overwrite_files_without_force(tmp_path: Path) -> None:
    provider = FakeProvider({"world": _world()})
    out = tmp_path / "defs"
    out.mkdir()
    (out / "pipeline-partners.yaml").write_text("# mine\n")
    with pytest.raises(UsageError, match="--force"):
        import_live(
            provider,
            LocalBackend(tmp_path / "state.json"),
            lambda: _compile_from(out),
            environment="dev",
            output_dir=out,
        )
    assert (out / "pipeline-partners.yaml").read_text() == "# mine\n"


def test_files_are_removed_when_they_do_not_validate(tmp_path: Path) -> None:
    provider = FakeProvider({"world": _world()})
    backend = LocalBackend(tmp_path / "state.json")
    out = tmp_path / "defs"

    def broken() -> CompileResult:
        raise DefinitionError([Diagnostic(Severity.ERROR, "RV100", "bad", Location(file="x"))])

    with pytest.raises(DefinitionError):
        import_live(provider, backend, broken, environment="dev", output_dir=out)
    assert list(out.glob("*.yaml")) == []
    assert backend.read() is None and backend.current_lock() is None


def test_import_takes_the_lock(tmp_path: Path) -> None:
    backend = LocalBackend(tmp_path / "state.json")
    backend.acquire_lock("apply")
    with pytest.raises(StateLockedError):
        import_live(
            FakeProvider({"world": _world()}),
            backend,
            lambda: CompileResult(resources=ResourceSet.of([])),
            environment="dev",
            output_dir=tmp_path / "defs",
        )
