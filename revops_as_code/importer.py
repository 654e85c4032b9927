"""Import: turn what is live into definitions plus state, so a team can adopt revops on day one.

Only what nothing describes yet is imported: live objects that are neither in state nor
compiled from the current definitions. So the definitions are validated and compiled first;
if they do not validate, import fails with those diagnostics before reading live or writing
anything (an empty definitions directory describes nothing). The provider decompiles the
remaining live objects into definition documents (`Provider.decompile`), which therefore
never re-declare what existing documents declare, and this module writes them as YAML (one document per file, `apiVersion` and `kind` first, the rest in
the provider's stable order, a header comment saying where it came from), then validates and
compiles the definitions directory again and records in state exactly the live objects the
definitions now describe, with their live attributes as last-applied. That is the contract:
afterwards `revops plan` is empty. If the written files do not validate, they are removed and
the diagnostics raised: a decompiler bug must not leave half an import behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.errors import DefinitionError, UsageError
from revops_as_code.loader.codes import NO_FILES, UNREADABLE
from revops_as_code.providers.base import CompileResult, LiveSnapshot, Provider, Scope
from revops_as_code.resources import JsonValue, ResourceId, ResourceSet
from revops_as_code.state import ResourceState, State, StateBackend
from revops_as_code.targets import BoundTarget

CompileDir = Callable[[], CompileResult]
"""Validate and compile the project's definitions directory (raises `DefinitionError`)."""


@dataclass(frozen=True)
class ImportReport:
    files: tuple[Path, ...]
    """Definition files written."""
    adopted: tuple[ResourceId, ...]
    """Live objects now recorded in state."""
    state_serial: int
    described: tuple[ResourceId, ...] = ()
    """Live objects outside state that the existing definitions already describe: no file is
    written for them; they are adopted in state as they are (a plan then compares them with
    their definitions like any other managed object)."""


def import_live(
    targets: Mapping[str, BoundTarget] | Provider,
    backend: StateBackend,
    compile_dir: CompileDir,
    *,
    environment: str,
    output_dirs: Mapping[str, Path] | None = None,
    output_dir: Path | None = None,
    kinds: frozenset[str] = frozenset(),
    force: bool = False,
    lock_timeout: float = 0.0,
    read_state: Callable[[], State | None] | None = None,
) -> ImportReport:
    """Write definitions for unmanaged live objects to `output_dirs[target]` and adopt them
    (and every live object the definitions already describe) in state.

    Targets are imported one at a time, in name order, each against the definitions as the
    previous one left them: two portals holding the same object import it once. A bare
    provider and one `output_dir` are the one-system shorthand."""
    if isinstance(targets, Provider):
        targets = {targets.name: BoundTarget.of(targets.name, targets)}
    if output_dirs is None:
        if output_dir is None:
            raise UsageError("import needs an output directory")
        output_dirs = dict.fromkeys(targets, output_dir)
    known = {k for t in targets.values() for k in t.provider.capabilities.kinds}
    unknown = sorted(kinds - known)
    if unknown:
        raise UsageError(
            f"unknown kind(s) for import: {', '.join(unknown)}",
            hint=f"the environment's providers know: {', '.join(sorted(known))}",
        )
    files: list[Path] = []
    adopted: list[ResourceId] = []
    described_all: list[ResourceId] = []
    with backend.locked("import", timeout=lock_timeout):
        state = (read_state or backend.read)() or State.new(
            environment=environment,
            targets={n: t.provider_name for n, t in targets.items()},
        )
        existing = _compile_existing(compile_dir)
        for name, target in sorted(targets.items()):
            step = _import_target(
                target, state, existing, compile_dir, output_dirs[name], kinds, force, environment
            )
            state, existing = step.state, step.desired
            files.extend(step.files)
            adopted.extend(step.adopted)
            described_all.extend(step.described)
        state = state.next_serial()
        backend.write(state)
    return ImportReport(tuple(files), tuple(adopted), state.serial, tuple(described_all))


@dataclass(frozen=True)
class _Step:
    state: State
    desired: CompileResult
    files: tuple[Path, ...]
    adopted: tuple[ResourceId, ...]
    described: tuple[ResourceId, ...]


def _import_target(
    target: BoundTarget,
    state: State,
    existing: CompileResult,
    compile_dir: CompileDir,
    output_dir: Path,
    kinds: frozenset[str],
    force: bool,
    environment: str,
) -> _Step:
    live = target.read_live(Scope(kinds=kinds))
    managed = set(state.ids())
    # Described but not in state (e.g. a vendor-defined property whose desired attributes
    # already equal live): adopted as they are, so drift watches them from now on.
    described = sorted(
        r.id for r in live.resources if r.id not in managed and r.id in existing.resources
    )
    unmanaged = ResourceSet.of(
        r for r in live.resources if r.id not in managed and r.id not in existing.resources
    )
    documents = target.decompile(
        LiveSnapshot(
            resources=unmanaged,
            remote_ids={k: v for k, v in live.remote_ids.items() if k in unmanaged},
            meta={k: v for k, v in live.meta.items() if k in unmanaged},
        )
    )
    files = _plan_files(documents, output_dir, force)
    origin = f"{target.provider_name} target {target.name!r} of environment {environment!r}"
    for path, document in files.items():
        _write(path, document, origin, ())
    try:
        desired = compile_dir() if files else existing
    except BaseException:
        for path in files:
            path.unlink(missing_ok=True)
        raise
    adopted = [r for r in desired.resources if r.id in unmanaged]
    by_file: dict[str, list[str]] = {}
    for resource in adopted:
        remote = live.remote_ids.get(resource.id)
        note = f"{resource.id}" + (f" (remote id {remote})" if remote else "")
        by_file.setdefault(resource.source.split(":", 1)[0], []).append(note)
    for path, document in files.items():
        notes = next(
            (v for k, v in by_file.items() if k and Path(k).resolve() == path.resolve()), []
        )
        _write(path, document, origin, tuple(notes))
    entries = {}
    for resource in [
        *adopted,
        *(desired.resources[r] for r in described if r in desired.resources),
    ]:
        live_resource = live.resources[resource.id]
        entries[resource.id] = ResourceState(
            remote_id=live.remote_ids.get(resource.id),
            attributes=dict(live_resource.attributes),
            protect=resource.protect,
            depends_on=tuple(str(d) for d in resource.depends_on),
            ownership="adopted",
            origin=resource.origin,
        )
    if entries:
        state = state.with_resources(entries)
    return _Step(state, desired, tuple(files), tuple(r.id for r in adopted), tuple(described))


def _compile_existing(compile_dir: CompileDir) -> CompileResult:
    """The definitions as they are; none at all (no directory, no YAML) describe nothing.

    Raises `DefinitionError` when they do not validate, or when the provider's compile
    reports an error: what they describe is then unknown, so nothing can be imported safely.
    """
    try:
        result = compile_dir()
    except DefinitionError as error:
        errors = [d for d in error.diagnostics if d.severity is Severity.ERROR]
        if errors and all(_no_definitions(d) for d in errors):
            return CompileResult(resources=ResourceSet.of([]))
        raise
    if any(d.severity is Severity.ERROR for d in result.diagnostics):
        raise DefinitionError(result.diagnostics)
    return result


def _no_definitions(diagnostic: Diagnostic) -> bool:
    if diagnostic.code == NO_FILES:
        return True
    return diagnostic.code == UNREADABLE and not Path(diagnostic.location.file).exists()


def _plan_files(
    documents: list[dict[str, JsonValue]], output_dir: Path, force: bool
) -> dict[Path, dict[str, JsonValue]]:
    files: dict[Path, dict[str, JsonValue]] = {}
    for index, document in enumerate(documents):
        kind = _slug(str(document.get("kind", "document")))
        name = _slug(str(_name_of(document) or index))
        path = output_dir / f"{kind}-{name}.yaml"
        n = 2
        while path in files:
            path = output_dir / f"{kind}-{name}-{n}.yaml"
            n += 1
        if path.exists() and not force:
            raise UsageError(f"{path} exists; import will not overwrite it", hint="pass --force")
        files[path] = document
    return files


def _name_of(document: Mapping[str, JsonValue]) -> JsonValue:
    for field in ("key", "name", "object"):
        if document.get(field):
            return document[field]
    metadata = document.get("metadata")
    return metadata.get("name") if isinstance(metadata, Mapping) else None


def _slug(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text).lower()
    return re.sub(r"[^a-z0-9_]+", "_", text).strip("_") or "document"


def _write(path: Path, document: dict[str, JsonValue], origin: str, notes: tuple[str, ...]) -> None:
    ordered: dict[str, JsonValue] = {}
    for key in ("apiVersion", "kind"):
        if key in document:
            ordered[key] = document[key]
    ordered.update((k, v) for k, v in document.items() if k not in ordered)
    day = datetime.now(UTC).date().isoformat()
    header = [f"# Imported by `revops import` from {origin} on {day}."]
    header += [f"# Live object: {note}" for note in notes]
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, default_flow_style=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


__all__ = ["CompileDir", "ImportReport", "import_live"]
