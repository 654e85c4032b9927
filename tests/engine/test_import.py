"""Import writes one YAML file per decompiled document and adopts exactly what compiles back;
it leaves out what the existing definitions describe and refuses to run on invalid ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from revops_as_code.compile import compile_for
from revops_as_code.diagnostics import Diagnostic, Location, Severity
from revops_as_code.errors import DefinitionError, StateLockedError
from revops_as_code.importer import import_live
from revops_as_code.providers.base import CompileResult
from revops_as_code.providers.fake import FakeProvider, FakeWorld, Faults
from revops_as_code.resources import Resource, ResourceId, ResourceSet
from revops_as_code.state import LocalBackend
from revops_as_code.validation import validate_path

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
    assert lines[0].startswith(
        "# Imported by `revops import` from fake target 'fake' of environment 'dev' on "
    )
    assert lines[1] == "# Live object: fake/pipeline/partners (remote id fake-1)"
    assert lines[2:5] == ["apiVersion: revops.dev/v1", "kind: Pipeline", "key: partners"]
    assert report.adopted == (PIPE,)
    state = backend.read()
    assert state is not None and state.ids() == [PIPE]  # the kind-less object is not owned
    assert state.remote_ids() == {PIPE: "fake-1"}
    entry = state.get(PIPE)
    assert entry is not None and entry.ownership == "adopted"  # live before revops: never deleted
    assert state.targets == {"fake": "fake"}


def test_an_existing_file_is_never_touched_without_force(tmp_path: Path) -> None:
    provider = FakeProvider({"world": _world()})
    out = tmp_path / "defs"
    out.mkdir()
    (out / "pipeline-partners.yaml").write_text("# mine\n")
    report = import_live(
        provider,
        LocalBackend(tmp_path / "state.json"),
        lambda: _compile_from(out),
        environment="dev",
        output_dir=out,
    )
    assert (out / "pipeline-partners.yaml").read_text() == "# mine\n"
    assert [p.name for p in report.files] == ["pipeline-partners-2.yaml"]
    assert report.adopted == (PIPE,) and report.replaced == ()


def test_force_replaces_a_file_and_restores_it_when_import_fails(tmp_path: Path) -> None:
    out = tmp_path / "defs"
    out.mkdir()
    original = b"# mine, with a hand edit\n"
    (out / "pipeline-partners.yaml").write_bytes(original)
    backend = LocalBackend(tmp_path / "state.json")

    def broken() -> CompileResult:
        raise DefinitionError([Diagnostic(Severity.ERROR, "RV100", "bad", Location(file="x"))])

    with pytest.raises(DefinitionError):
        import_live(
            FakeProvider({"world": _world()}), backend, broken, environment="dev",
            output_dir=out, force=True,
        )  # fmt: skip
    assert (out / "pipeline-partners.yaml").read_bytes() == original
    assert sorted(p.name for p in out.iterdir()) == ["pipeline-partners.yaml"]  # no temp files
    assert backend.read() is None
    report = import_live(
        FakeProvider({"world": _world()}), backend, lambda: _compile_from(out),
        environment="dev", output_dir=out, force=True,
    )  # fmt: skip
    assert report.replaced == (out / "pipeline-partners.yaml",)
    assert "key: partners" in (out / "pipeline-partners.yaml").read_text()


def test_a_file_that_does_not_validate_is_set_aside_and_its_objects_reported(
    tmp_path: Path,
) -> None:
    out = tmp_path / "defs"

    def compile_dir() -> CompileResult:
        bad = out / "pipeline-partners.yaml"
        if bad.exists():
            where = Location(file=str(bad), line=3, col=1)
            raise DefinitionError([Diagnostic(Severity.ERROR, "RV112", "not a string", where)])
        return CompileResult(resources=ResourceSet.of([]))

    report = import_live(
        FakeProvider({"world": _world()}), LocalBackend(tmp_path / "state.json"), compile_dir,
        environment="dev", output_dir=out,
    )  # fmt: skip
    assert report.files == () and report.adopted == ()
    (rejected,) = report.rejected
    assert rejected.path.name == "pipeline-partners.yaml.rejected" and rejected.path.exists()
    assert "RV112 not a string" in rejected.diagnostics[0]
    skipped = {s.id: s for s in report.skipped}
    assert "did not validate" in skipped[PIPE].reason and "rename" in skipped[PIPE].action
    assert report.to_json()["counts"] == {
        "adopted": 0, "described": 0, "skipped": 2, "files": 0, "rejected_files": 1,
    }  # fmt: skip


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


# -- against real definitions: what they already describe is not imported -----------------

PIPELINE_YAML = """\
apiVersion: revops.dev/v1
kind: Pipeline
key: {key}
label: {label}
stages:
  - {{key: discovery, label: Discovery, probability: 10, forecast_category: pipeline}}
  - {{key: won, label: Won, probability: 100, forecast_category: closed, outcome: won}}
  - {{key: lost, label: Lost, probability: 0, forecast_category: omitted, outcome: lost}}
"""


def _validating(provider: FakeProvider, directory: Path) -> Callable[[], CompileResult]:
    """What the workspace passes: validate the definitions directory, then compile it."""

    def compile_dir() -> CompileResult:
        result = validate_path(directory)
        if not result.ok or result.definitions is None:
            raise DefinitionError(result.diagnostics)
        return compile_for(provider, result.definitions)

    return compile_dir


def _described_world(defs: Path, provider: FakeProvider) -> FakeWorld:
    """Live: `new_business` exactly as the definitions describe it (but never applied, so
    not in state) and `partners`, which nothing describes."""
    defs.mkdir()
    (defs / "new_business.yaml").write_text(
        PIPELINE_YAML.format(key="new_business", label="New business")
    )
    world = FakeWorld()
    desired = _validating(provider, defs)().resources
    for resource in desired:
        world.put(resource.id, dict(resource.attributes))
    partners = yaml.safe_load(PIPELINE_YAML.format(key="partners", label="Partners"))
    world.put(PIPE, {"kind": "Pipeline", **partners})
    return world


def test_objects_the_definitions_describe_are_left_out(tmp_path: Path) -> None:
    defs = tmp_path / "defs"
    world = _described_world(defs, FakeProvider({"world": FakeWorld()}))
    provider = FakeProvider({"world": world})
    backend = LocalBackend(tmp_path / "state.json")
    report = import_live(
        provider,
        backend,
        _validating(provider, defs),
        environment="dev",
        output_dir=defs / "imported",
    )
    described = ResourceId("fake", "pipeline", "new_business")
    assert report.described == (described,)
    assert [p.name for p in report.files] == ["pipeline-partners.yaml"]
    assert "new_business" not in report.files[0].read_text()
    assert report.adopted == (PIPE,)
    state = backend.read()
    # The described object is adopted as it is (no file): drift watches it from now on.
    assert state is not None and state.ids() == [described, PIPE]
    assert {state.get(r).ownership for r in state.ids()} == {"adopted"}  # type: ignore[union-attr]
    assert state.get(described).origin == "pipeline/new_business"  # type: ignore[union-attr]
    # Nothing left to import: a second run writes nothing and fails on nothing.
    again = import_live(
        provider,
        backend,
        _validating(provider, defs),
        environment="dev",
        output_dir=defs / "imported",
    )
    # (and `new_business` is in state now: no longer "described but unmanaged")
    assert again.files == () and again.adopted == () and again.described == ()
    assert backend.read().ids() == [described, PIPE]  # type: ignore[union-attr]


def test_definitions_that_do_not_validate_fail_before_anything_is_written(
    tmp_path: Path,
) -> None:
    defs = tmp_path / "defs"
    world = _described_world(defs, FakeProvider({"world": FakeWorld()}))
    (defs / "broken.yaml").write_text("apiVersion: revops.dev/v1\nkind: Pipeline\nkey: x\n")
    # Reading live would raise a ServerError: the definitions are checked before that.
    provider = FakeProvider({"world": world, "faults": Faults(fail_all=True)})
    backend = LocalBackend(tmp_path / "state.json")
    with pytest.raises(DefinitionError) as raised:
        import_live(
            provider,
            backend,
            _validating(provider, defs),
            environment="dev",
            output_dir=defs / "imported",
        )
    assert any(Path(d.location.file).name == "broken.yaml" for d in raised.value.diagnostics)
    assert not (defs / "imported").exists()
    assert backend.read() is None and backend.current_lock() is None


def test_an_empty_definitions_directory_describes_nothing(tmp_path: Path) -> None:
    defs = tmp_path / "defs"
    defs.mkdir()
    world = FakeWorld()
    partners = yaml.safe_load(PIPELINE_YAML.format(key="partners", label="Partners"))
    world.put(PIPE, {"kind": "Pipeline", **partners})
    provider = FakeProvider({"world": world})
    report = import_live(
        provider,
        LocalBackend(tmp_path / "state.json"),
        _validating(provider, defs),
        environment="dev",
        output_dir=defs / "imported",
    )
    assert report.adopted == (PIPE,) and report.described == ()
