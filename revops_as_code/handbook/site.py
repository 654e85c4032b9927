"""`build_site`: the definitions rendered as a static handbook (HTML, CSS, a little JS).

Pages are Jinja2 templates shipped with the package (autoescaped), the stylesheet and the
field search script are copied beside them, and nothing refers to anything outside the
output directory except the definition files' own links: the site works from `file://`,
from any static host, and printed. `live_reload` (only for `revops docs serve`) adds a
script that polls the served `reload.txt`; a built site never carries it.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from revops_as_code.handbook import pages
from revops_as_code.handbook.audit import AuditHistory
from revops_as_code.handbook.sentences import Speaker
from revops_as_code.handbook.source import Sources, Version
from revops_as_code.models import Definitions

STATIC = ("handbook.css", "handbook.js")
RELOAD_SCRIPT = "reload.js"


@dataclass(frozen=True)
class BuiltSite:
    out_dir: Path
    pages: tuple[str, ...]
    """Page file names written, relative to `out_dir`."""


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("revops_as_code.handbook", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def pipeline_page(key: str) -> str:
    return f"pipeline-{key}.html"


def build_site(
    definitions: Definitions,
    out_dir: Path,
    *,
    project_dir: Path,
    version: Version,
    title: str = "Revenue handbook",
    systems: Sequence[str] = (),
    audit: AuditHistory | None = None,
    source_url: str | None = None,
    live_reload: bool = False,
) -> BuiltSite:
    """Write the handbook of `definitions` into `out_dir` (created; its pages replaced).

    `systems` are the providers the project configures: the field dictionary shows each
    field's name in them (its key unless `api_names` says otherwise), followed by any other
    system that `api_names` mention.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    explicit = sorted(
        {name for s in definitions.field_standards for f in s.fields for name in f.api_names}
    )
    configured = tuple(dict.fromkeys(systems))
    facts = pages.Facts(
        definitions=definitions,
        sources=Sources(
            definitions, project_dir, out_dir, source_url=source_url, commit=version.commit
        ),
        speaker=Speaker(definitions),
        systems=(*configured, *(s for s in explicit if s not in configured)),
        configured=frozenset(configured),
        audit=audit,
    )
    env = _environment()
    nav = [("index.html", "Overview"), ("icp.html", "Ideal customer"), ("funnel.html", "Funnel")]
    nav += [(pipeline_page(p.key), f"{p.label} pipeline") for p in definitions.pipelines]
    nav += [("slas.html", "SLAs"), ("fields.html", "Field dictionary")]
    common: dict[str, Any] = {
        "title": title,
        "version": version,
        "nav": nav,
        "live_reload": live_reload,
        "audit_as_of": audit.current.generated_at if audit and audit.current else None,
    }

    icps = pages.icp_view(facts)
    lifecycles = [pages.lifecycle_view(facts, lc) for lc in definitions.lifecycles]
    pipelines = [pages.pipeline_view(facts, p) for p in definitions.pipelines]
    slas = pages.sla_rows(facts)
    written: list[str] = []

    def render(name: str, template: str, heading: str, sources: list[Any], **extra: Any) -> None:
        html = env.get_template(template).render(
            common, page=name, heading=heading, sources=pages.page_sources(*sources), **extra
        )
        (out_dir / name).write_text(html, encoding="utf-8")
        written.append(name)

    every = [
        *(i["source"] for i in icps),
        *(lc["source"] for lc in lifecycles),
        *(p["source"] for p in pipelines),
        *(s["source"] for s in slas),
    ]
    standards = [facts.sources.of(s) for s in definitions.field_standards]
    render(
        "index.html",
        "overview.html.j2",
        title,
        [*every, *standards],
        icps=icps,
        lifecycles=lifecycles,
        pipelines=[{**p, "href": pipeline_page(p["key"])} for p in pipelines],
        slas=slas,
        owners=pages.owners(facts),
        field_count=sum(len(s.fields) for s in definitions.field_standards),
    )
    render(
        "icp.html", "icp.html.j2", "Ideal customer profile", [i["source"] for i in icps], icps=icps
    )
    render(
        "funnel.html",
        "funnel.html.j2",
        "Funnel and lifecycle",
        [lc["source"] for lc in lifecycles],
        lifecycles=lifecycles,
    )
    for p in pipelines:
        render(
            pipeline_page(p["key"]),
            "pipeline.html.j2",
            f"{p['label']} pipeline",
            [p["source"]],
            pipeline=p,
        )
    render("slas.html", "slas.html.j2", "Handoff SLAs", [s["source"] for s in slas], slas=slas)
    rows = pages.field_rows(facts)
    render(
        "fields.html",
        "fields.html.j2",
        "Field dictionary",
        standards,
        rows=rows,
        systems=facts.systems,
        objects=sorted({r["object"] for r in rows}),
        teams=sorted({(r["owner_key"], r["owner"]) for r in rows if r["owner_key"]}),
    )
    _copy_static(out_dir, live_reload)
    _forget_stale_pages(out_dir, written)
    return BuiltSite(out_dir, tuple(written))


MANIFEST = "handbook-pages.txt"
"""The pages the last build wrote, so the next build can remove the ones that are gone (a
deleted pipeline's page) without touching anything else a user keeps in the directory."""


def _forget_stale_pages(out_dir: Path, written: list[str]) -> None:
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        for name in manifest.read_text(encoding="utf-8").split():
            # Only plain page names of a previous build: never a path out of the directory.
            if name not in written and "/" not in name and name.endswith(".html"):
                (out_dir / name).unlink(missing_ok=True)
    manifest.write_text("".join(f"{name}\n" for name in written), encoding="utf-8")


def _copy_static(out_dir: Path, live_reload: bool) -> None:
    static = out_dir / "static"
    static.mkdir(exist_ok=True)
    package = resources.files("revops_as_code.handbook") / "static"
    for name in (*STATIC, *((RELOAD_SCRIPT,) if live_reload else ())):
        with resources.as_file(package / name) as path:
            shutil.copyfile(path, static / name)


__all__ = ["MANIFEST", "BuiltSite", "build_site", "pipeline_page"]
