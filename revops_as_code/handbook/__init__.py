"""The revenue handbook: the definitions as a static website for people who never read YAML.

`build_handbook(project_dir, out_dir)` validates the project's definitions and writes the
site (`revops docs build` calls it); `build_site` does the same for definitions already in
hand. The pieces: `sentences` (criteria and SLAs in plain English), `diagrams` (SVG drawn
here), `pages` (what each page shows), `source` (git version and file:line links),
`audit` (SLA compliance read from audit JSON), `site` (Jinja2 templates and static files).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from revops_as_code.handbook.audit import AuditHistory, read_audits
from revops_as_code.handbook.site import BuiltSite, build_site
from revops_as_code.handbook.source import Version, git_version


def build_handbook(
    project_dir: Path,
    out_dir: Path,
    *,
    audits: Sequence[Path] = (),
    source_url: str | None = None,
    live_reload: bool = False,
    version: Version | None = None,
) -> BuiltSite:
    """Validate the project's definitions and write their handbook into `out_dir`.

    Invalid definitions raise `DefinitionError` (every diagnostic, as `validate` prints
    them): a handbook of definitions that do not validate would state agreements the
    tooling does not enforce.
    """
    from revops_as_code.config import load_project
    from revops_as_code.validation import validate_path

    project = load_project(project_dir)
    history = read_audits(audits) if audits else None
    definitions = validate_path(project.definitions_dir).raise_for_errors()
    systems = [
        target.provider
        for env in project.config.environments.values()
        for target in env.target_configs().values()
    ]
    return build_site(
        definitions,
        out_dir,
        project_dir=project.project_dir,
        version=version or git_version(project.definitions_dir),
        systems=systems,
        audit=history,
        source_url=source_url,
        live_reload=live_reload,
    )


__all__ = ["AuditHistory", "BuiltSite", "Version", "build_handbook", "build_site", "git_version"]
