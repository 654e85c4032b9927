"""Where the handbook's words came from: the definitions' git version and file:line links.

Every page says which commit of the definitions it shows (and whether the working tree
had uncommitted edits), and every definition on a page links to the file and line it was
written at. Links are relative paths from the page to the YAML file, so they work from
`file://` next to a checkout; `source_url` (e.g. a GitHub blob URL template) makes them
absolute for a site hosted away from the repository.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from revops_as_code.models import Definitions


@dataclass(frozen=True)
class Version:
    """The definitions' version as git knows it."""

    commit: str | None
    """Full commit hash of the last commit touching the definitions; None outside git."""
    date: str | None
    """That commit's date (ISO 8601, committer time)."""
    dirty: bool = False
    """The definitions have uncommitted changes: the handbook shows more than the commit."""

    @property
    def short(self) -> str:
        return self.commit[:12] if self.commit else "not committed"

    @property
    def text(self) -> str:
        if self.commit is None:
            return "definitions not in git (no commit to show)"
        day = (self.date or "")[:10]
        suffix = ", with uncommitted changes" if self.dirty else ""
        return f"commit {self.short} of {day}{suffix}"


def git_version(definitions_dir: Path) -> Version:
    """The last commit that touched `definitions_dir`, asked of git; None fields outside a
    repository or without git (a handbook still builds from a tarball)."""
    where = definitions_dir if definitions_dir.is_dir() else definitions_dir.parent
    try:
        log = _git(where, "log", "-1", "--format=%H%x09%cI", "--", ".")
        if not log:
            return Version(None, None)
        commit, date = log.split("\t", 1)
        dirty = bool(_git(where, "status", "--porcelain", "--", "."))
        return Version(commit, date, dirty)
    except (OSError, subprocess.CalledProcessError):
        return Version(None, None)


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.strip()


@dataclass(frozen=True)
class SourceRef:
    """One definition's place: shown as `path:line`, linked as `href`."""

    path: str
    """Relative to the project directory, `/`-separated."""
    line: int
    href: str

    @property
    def text(self) -> str:
        return f"{self.path}:{self.line}"


class Sources:
    """Resolves a model (or a pointer inside its document) to a `SourceRef`."""

    def __init__(
        self,
        definitions: Definitions,
        project_dir: Path,
        out_dir: Path,
        *,
        source_url: str | None = None,
        commit: str | None = None,
    ) -> None:
        self.definitions = definitions
        self.project_dir = project_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.source_url = source_url
        self.commit = commit or "HEAD"
        self._paths: dict[str, tuple[str, str]] = {}

    def _paths_of(self, shown: str) -> tuple[str, str]:
        """(path relative to the project, path relative to the site root) of a file."""
        cached = self._paths.get(shown)
        if cached is None:
            absolute = Path(shown) if os.path.isabs(shown) else Path.cwd() / shown
            absolute = absolute.resolve()
            try:
                rel = absolute.relative_to(self.project_dir).as_posix()
            except ValueError:
                rel = absolute.as_posix()
            cached = (rel, Path(os.path.relpath(absolute, self.out_dir)).as_posix())
            self._paths[shown] = cached
        return cached

    def of(self, model: BaseModel, pointer: str = "", *, depth: str = "") -> SourceRef | None:
        """Where `model`'s document (at `pointer`) is written; `depth` is the page's way
        back to the site root (`""` for top-level pages, `"../"` one folder down)."""
        document = self.definitions.document_of(model)
        if document is None:
            return None
        location = document.source.location(pointer)
        rel, from_site = self._paths_of(document.source.path)
        if self.source_url:
            href = self.source_url.format(path=rel, line=location.line, commit=self.commit)
        else:
            href = f"{depth}{from_site}"
        return SourceRef(rel, location.line, href)


__all__ = ["SourceRef", "Sources", "Version", "git_version"]
