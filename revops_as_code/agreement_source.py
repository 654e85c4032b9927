"""The definition documents at a git revision, or in the work tree, for `revops diff`.

Reads through the `git` command (the repository a team already has; no library or network
needed): `git ls-tree` lists the YAML files under the definitions directory at a revision and
`git show` reads each one. The default base is the merge base of HEAD with the main branch
(`origin/HEAD`, then `origin/main`, `main`, `master`), so a pull request's diff shows what
the pull request changes and nothing that landed on main meanwhile.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from revops_as_code.agreement_diff import Document
from revops_as_code.diagnostics import Diagnostic, Severity
from revops_as_code.errors import UsageError
from revops_as_code.loader.load import LoadResult, find_yaml_files, load_bytes, shown_path

WORKTREE = "WORKTREE"
"""The revision name for the files as they are on disk (the default HEAD side)."""

MAIN_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError(
            "`git` is not installed or not on PATH; revops diff compares git revisions",
            hint="install git, or run `revops diff` where the repository is checked out",
        ) from None


def repository_root(path: Path) -> Path:
    result = _git(path, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise UsageError(
            f"{path} is not inside a git repository: revops diff compares two git revisions",
            hint="run it in the checkout of your definitions repository",
        )
    return Path(result.stdout.decode().strip())


def default_base(repo: Path) -> str:
    """The merge base of HEAD with the main branch."""
    for branch in MAIN_BRANCHES:
        result = _git(repo, "merge-base", "HEAD", branch)
        if result.returncode == 0:
            return result.stdout.decode().strip()
    raise UsageError(
        "no main branch to compare with (looked for " + ", ".join(MAIN_BRANCHES) + ")",
        hint="name the base revision: `revops diff BASE [HEAD]`, e.g. `revops diff HEAD~1`",
    )


def _resolve(repo: Path, rev: str) -> str:
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise UsageError(
            f"unknown revision {rev!r}",
            hint="pass a commit, branch or tag that exists here (`git log --oneline`); in CI "
            "fetch enough history (actions/checkout with fetch-depth: 0)",
        )
    return result.stdout.decode().strip()


def documents_at(
    repo: Path, definitions: Path, rev: str
) -> tuple[list[Document], list[Diagnostic]]:
    """The documents under `definitions` at `rev` (or on disk for `WORKTREE`), and the
    diagnostics of files that did not load (they are left out of the comparison)."""
    docs: list[Document] = []
    problems: list[Diagnostic] = []
    if rev == WORKTREE:
        for path in find_yaml_files(definitions):
            shown = shown_path(path)
            _add(load_bytes(path.read_bytes(), shown), docs, problems)
        return docs, problems
    commit = _resolve(repo, rev)
    rel = definitions.resolve().relative_to(repo.resolve()).as_posix()
    listing = _git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", rel)
    names = [n for n in listing.stdout.decode().split("\0") if n.endswith((".yaml", ".yml"))]
    for name in sorted(names):
        blob = _git(repo, "show", f"{commit}:{name}")
        _add(load_bytes(blob.stdout, f"{rev}:{name}"), docs, problems)
    return docs, problems


def _add(result: LoadResult, docs: list[Document], problems: list[Diagnostic]) -> None:
    problems.extend(d for d in result.diagnostics if d.severity is Severity.ERROR)
    for document in result.documents:
        if isinstance(document.data, dict):
            docs.append(Document(document.data, document.path))


__all__ = ["MAIN_BRANCHES", "WORKTREE", "default_base", "documents_at", "repository_root"]
