"""Import: turn what is live into definitions plus state, so a team can adopt revops on day one.

Only what nothing describes yet is imported: live objects that are neither in state nor
compiled from the current definitions. So the definitions are validated and compiled first;
if they do not validate, import fails with those diagnostics before reading live or writing
anything (an empty definitions directory describes nothing). The provider decompiles the
remaining live objects into definition documents (`Provider.decompile`), which therefore
never re-declare what existing documents declare, and this module writes them as YAML
(`loader/emit.py`: what the project's own loader reads back; one document per file,
`apiVersion` and `kind` first, a header comment saying where it came from), then validates
and compiles the definitions directory again and records in state exactly the live objects
the definitions now describe, with their live attributes as last-applied. Afterwards
`revops plan` is empty.

One odd object never refuses the whole portal: every live object is imported, found already
described, or listed in `ImportReport.skipped` with the reason and what to do. A written file
that does not validate is set aside as `<name>.yaml.rejected` (which the loader does not read)
and its diagnostics reported; the rest of the import goes on.

Import is incremental and never touches what exists: a file name that is taken gets the next
free `-2`, `-3`, ... name. `force` replaces a taken file instead, atomically, and restores its
original bytes if anything after fails, including a replacement that would stop describing
objects the old file described (state holds them: a plan would then delete them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.errors import DefinitionError, UsageError
from revops_as_code.import_files import Writes, plan_files, render
from revops_as_code.loader.codes import NO_FILES, UNREADABLE
from revops_as_code.providers.base import CompileResult, LiveSnapshot, Provider, Scope
from revops_as_code.resources import JsonValue, ResourceId, ResourceSet
from revops_as_code.state import ResourceState, State, StateBackend
from revops_as_code.targets import BoundTarget

CompileDir = Callable[[], CompileResult]
"""Validate and compile the project's definitions directory (raises `DefinitionError`)."""

NOT_EXPRESSED = (
    "no imported definition describes it",
    "it stays unmanaged (revops never changes it); describe it by hand to manage it",
)


@dataclass(frozen=True)
class Skipped:
    """A live object import neither adopted nor found described, and why."""

    id: ResourceId
    reason: str
    action: str
    """What the user can do about it."""
    remote_id: str | None = None

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "id": str(self.id),
            "remote_id": self.remote_id,
            "reason": self.reason,
            "action": self.action,
        }


@dataclass(frozen=True)
class Rejected:
    """A written file that did not validate, set aside as `path` with its diagnostics."""

    path: Path
    diagnostics: tuple[str, ...]


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
    skipped: tuple[Skipped, ...] = ()
    """Live objects left unmanaged, each with its reason and what to do."""
    rejected: tuple[Rejected, ...] = ()
    """Files set aside because they did not validate."""
    replaced: tuple[Path, ...] = ()
    """Existing files `force` replaced (a subset of `files`)."""

    def counts(self) -> dict[str, int]:
        return {
            "adopted": len(self.adopted),
            "described": len(self.described),
            "skipped": len(self.skipped),
            "files": len(self.files),
            "rejected_files": len(self.rejected),
        }

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "files": [str(p) for p in self.files],
            "replaced": [str(p) for p in self.replaced],
            "adopted": [str(r) for r in self.adopted],
            "described": [str(r) for r in self.described],
            "skipped": [s.to_json() for s in self.skipped],
            "rejected_files": [
                {"path": str(r.path), "diagnostics": list(r.diagnostics)} for r in self.rejected
            ],
            "counts": dict(self.counts()),
            "state_serial": self.state_serial,
        }


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
    steps: list[_Step] = []
    with backend.locked("import", timeout=lock_timeout):
        state = (read_state or backend.read)() or State.new(
            environment=environment,
            targets={n: t.provider_name for n, t in targets.items()},
        )
        existing = _compile_existing(compile_dir)
        writes = Writes()
        try:
            for name, target in sorted(targets.items()):
                step = _import_target(
                    target, state, existing, compile_dir, output_dirs[name], kinds, force,
                    environment, writes,
                )  # fmt: skip
                state, existing = step.state, step.desired
                steps.append(step)
            state = state.next_serial()
            backend.write(state)
        except BaseException:
            writes.undo()
            raise
    return ImportReport(
        files=tuple(p for s in steps for p in s.files),
        adopted=tuple(r for s in steps for r in s.adopted),
        state_serial=state.serial,
        described=tuple(r for s in steps for r in s.described),
        skipped=tuple(x for s in steps for x in s.skipped),
        rejected=tuple(x for s in steps for x in s.rejected),
        replaced=tuple(p for p in writes.originals if writes.originals[p] is not None),
    )


@dataclass(frozen=True)
class _Step:
    state: State
    desired: CompileResult
    files: tuple[Path, ...]
    adopted: tuple[ResourceId, ...]
    described: tuple[ResourceId, ...]
    skipped: tuple[Skipped, ...]
    rejected: tuple[Rejected, ...]


def _import_target(
    target: BoundTarget,
    state: State,
    existing: CompileResult,
    compile_dir: CompileDir,
    output_dir: Path,
    kinds: frozenset[str],
    force: bool,
    environment: str,
    writes: Writes,
) -> _Step:
    # State's remote ids: objects HubSpot gave ids of its own are read as the managed ones.
    live = target.read_live(Scope(kinds=kinds, remote_ids=state.remote_ids()))
    managed = set(state.ids())
    # Described but not in state (e.g. a vendor-defined property whose desired attributes
    # already equal live): adopted as they are, so drift watches them from now on.
    described = sorted(
        r.id for r in live.resources if r.id not in managed and r.id in existing.resources
    )
    unmanaged = ResourceSet.of(
        r for r in live.resources if r.id not in managed and r.id not in existing.resources
    )
    snapshot = LiveSnapshot(
        resources=unmanaged,
        remote_ids={k: v for k, v in live.remote_ids.items() if k in unmanaged},
        meta={k: v for k, v in live.meta.items() if k in unmanaged},
        defined=frozenset(r.origin for r in existing.resources if r.origin),
    )
    documents = target.decompile(snapshot)
    files = plan_files(documents, output_dir, force)
    origin = f"{target.provider_name} target {target.name!r} of environment {environment!r}"
    for path, document in files.items():
        writes.write(path, render(document, origin, ()))
    desired, rejected = _compile_new(compile_dir, existing, files, writes)
    files = {p: d for p, d in files.items() if p in writes.originals}  # not the rejected
    lost = sorted(str(r) for r in existing.resources.ids() if r not in desired.resources)
    if lost:
        raise UsageError(
            f"the imported files would stop describing {len(lost)} object(s) the definitions "
            f"described ({', '.join(lost[:5])}{', ...' if len(lost) > 5 else ''}); "
            "every file is restored",
            hint="run import without --force: new objects then go to new files",
        )
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
        writes.write(path, render(document, origin, tuple(notes)))
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
    adopted_ids = {r.id for r in adopted}
    skipped = _skipped(target, snapshot, adopted_ids, rejected)
    return _Step(
        state,
        desired,
        tuple(files),
        tuple(sorted(adopted_ids)),
        tuple(described),
        skipped,
        rejected,
    )


def _skipped(
    target: BoundTarget,
    snapshot: LiveSnapshot,
    adopted: set[ResourceId],
    rejected: tuple[Rejected, ...],
) -> tuple[Skipped, ...]:
    left = [r.id for r in snapshot.resources if r.id not in adopted]
    if not left:
        return ()
    notes = {
        target.outward(k): v
        for k, v in target.provider.import_notes(target.snapshot_in(snapshot)).items()
    }
    fallback = NOT_EXPRESSED
    if rejected:
        names = ", ".join(r.path.name for r in rejected)
        fallback = (
            f"its imported definition did not validate (set aside in {names})",
            "fix the errors listed for that file, rename it back to .yaml and run "
            "`revops validate`, then `revops import` again to adopt it",
        )
    out = []
    for rid in sorted(left):
        reason, action = notes.get(rid, fallback)
        out.append(Skipped(rid, reason, action, snapshot.remote_ids.get(rid)))
    return tuple(out)


def _compile_new(
    compile_dir: CompileDir,
    existing: CompileResult,
    files: Mapping[Path, Mapping[str, JsonValue]],
    writes: Writes,
) -> tuple[CompileResult, tuple[Rejected, ...]]:
    """Compile with the new files; set aside each new file that has errors and try again.

    Errors in files this import did not write mean the definitions changed under it: that
    is raised (and every write undone by the caller)."""
    rejected: list[Rejected] = []
    pending = {p.resolve(): p for p in files}
    while pending:
        try:
            result = compile_dir()
            errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        except DefinitionError as error:
            errors = [d for d in error.diagnostics if d.severity is Severity.ERROR]
            result = None
        if not errors and result is not None:
            return result, tuple(rejected)
        if not errors:
            raise DefinitionError([])
        bad = {_resolved(d) for d in errors}
        ours = [pending[p] for p in bad if p in pending]
        if not ours or len(ours) < len(bad - {None}) or None in bad:
            raise DefinitionError(errors)
        for path in ours:
            aside = path.with_name(path.name + ".rejected")
            messages = tuple(
                f"{d.location}: {d.code} {d.message}"
                for d in errors
                if _resolved(d) == path.resolve()
            )
            text = path.read_text(encoding="utf-8")
            writes.forget(path)
            writes.write(aside, text)
            rejected.append(Rejected(aside, messages))
            del pending[path.resolve()]
    return existing, tuple(rejected)


def _resolved(diagnostic: Diagnostic) -> Path | None:
    file = diagnostic.location.file
    return Path(file).resolve() if file else None


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


__all__ = ["CompileDir", "ImportReport", "Rejected", "Skipped", "import_live"]
