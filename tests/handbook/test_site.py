"""The handbook of the frozen example project: golden pages, links, version, audit overlay.

Golden pages live in tests/handbook/golden/; regenerate with `REVOPS_UPDATE_GOLDEN=1`
and review the diff. They are built with a fixed version and an absolute source URL so that
they do not depend on git or on where the test runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from revops_as_code.errors import DefinitionError, UsageError
from revops_as_code.handbook import Version, build_handbook, git_version
from revops_as_code.handbook.audit import read_audits

from .conftest import PROJECT
from .linkcheck import broken_links, parse

GOLDEN = Path(__file__).resolve().parent / "golden"
VERSION = Version("0123456789abcdef0123456789abcdef01234567", "2026-11-30T12:00:00+00:00")
SOURCE_URL = "https://git.example.test/definitions/blob/{commit}/{path}#L{line}"
PAGES = (
    "index.html",
    "icp.html",
    "funnel.html",
    "pipeline-new_business.html",
    "pipeline-renewal.html",
    "slas.html",
    "fields.html",
)
AUDIT = {
    "generated_at": "2026-11-30T06:00:00Z",
    "slas": [
        {"key": "mqa_first_touch", "measured": 120, "met": 114},
        {"key": "onboarding_kickoff", "compliance_percent": 97.5},
    ],
    "history": [
        {
            "generated_at": "2026-10-31T06:00:00Z",
            "slas": [{"key": "mqa_first_touch", "measured": 90, "met": 81}],
        }
    ],
}


def _compare(site: Path, name: str, golden_name: str | None = None) -> None:
    golden = GOLDEN / (golden_name or name)
    actual = (site / name).read_text(encoding="utf-8")
    if os.environ.get("REVOPS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden page {golden}: run with REVOPS_UPDATE_GOLDEN=1"
    assert actual == golden.read_text(encoding="utf-8"), f"{name} differs from {golden}"


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-site")
    build_handbook(PROJECT, out, version=VERSION, source_url=SOURCE_URL)
    return out


@pytest.mark.parametrize("name", PAGES)
def test_golden_pages(golden_site: Path, name: str) -> None:
    _compare(golden_site, name)


def test_golden_slas_with_audit(tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(AUDIT))
    out = tmp_path / "site"
    build_handbook(PROJECT, out, version=VERSION, source_url=SOURCE_URL, audits=[audit])
    _compare(out, "slas.html", "slas.audit.html")
    html = (out / "slas.html").read_text()
    assert "Compliance: 95%</strong> (114 of 120 handoffs), below the target of 100%" in html
    assert "Compliance: 97.5%</strong>, meeting the target of 95%" in html
    assert html.count('<svg class="chart"') == 2
    assert "2026-10-31: 90%; 2026-11-30: 95%" in html  # the trend, oldest first


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `revops docs build` writes it: relative links to the definition files."""
    root = tmp_path_factory.mktemp("project")
    project = root / "project"
    shutil.copytree(PROJECT, project)
    build_handbook(project, project / "site", version=VERSION)
    return project / "site"


def test_every_local_link_resolves_and_nothing_leaves(local_site: Path) -> None:
    assert sorted(p.name for p in local_site.glob("*.html")) == sorted(PAGES)
    assert broken_links(local_site) == []


def test_every_page_links_its_definition_file_and_line_and_says_the_version(
    local_site: Path,
) -> None:
    for name in PAGES:
        html = (local_site / name).read_text()
        assert "commit 0123456789ab of 2026-11-30" in html, name
        sources = re.findall(r'<a class="src" href="([^"]+)"[^>]*>([^<]+)</a>', html)
        assert sources, f"{name} links no definition"
        for href, text in sources:
            path, line = text.rsplit(":", 1)
            assert (local_site / href).resolve() == (local_site.parent / path).resolve()
            assert int(line) >= 1


def test_rows_point_at_the_line_of_their_own_definition(local_site: Path) -> None:
    html = (local_site / "pipeline-new_business.html").read_text()
    row = re.search(r'<tr id="stage-demo">.*?</tr>', html, re.S)
    assert row is not None
    line = int(re.search(r"new_business\.yaml:(\d+)", row.group(0)).group(1))  # type: ignore[union-attr]
    text = (local_site.parent / "definitions/pipelines/new_business.yaml").read_text().splitlines()
    assert "key: demo" in text[line - 1]


def test_no_page_refers_to_the_network(local_site: Path) -> None:
    for path in [
        *local_site.rglob("*.html"),
        *local_site.rglob("*.css"),
        *local_site.rglob("*.js"),
    ]:
        text = path.read_text()
        # The only URL allowed is the SVG namespace, which is a name, not a request.
        urls = set(re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", text))
        assert urls <= {"http://www.w3.org/2000/svg"}, (path.name, urls)
        assert "reload.js" not in text  # only `docs serve` polls


def test_fields_page_has_a_labelled_search_and_a_row_per_field(
    local_site: Path, example: object
) -> None:
    page = parse(local_site / "fields.html")
    assert "field-search" in page.ids
    html = (local_site / "fields.html").read_text()
    assert '<label for="field-search">' in html
    assert html.count('<tr id="field-') == 25
    row = re.search(r'<tr id="field-contact-email".*?</tr>', html, re.S)
    assert row is not None and 'data-pii="1"' in row.group(0)


def test_invalid_definitions_are_refused_with_their_location(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    sla = project / "definitions/slas/mqa_first_touch.yaml"
    sla.write_text(sla.read_text().replace("trigger: lifecycle/mqa", "trigger: lifecycle/mqx"))
    with pytest.raises(DefinitionError) as raised:
        build_handbook(project, tmp_path / "site", version=VERSION)
    assert any("mqa_first_touch.yaml" in d.format() for d in raised.value.diagnostics)
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "audit.json:1:2: not valid JSON"),
        ("[]", "$ must be an object"),
        ('{"slas": []}', "$.generated_at must be an ISO 8601 time"),
        ('{"generated_at": "x", "slas": [{"key": "a"}]}', "$.slas[0] (a) needs compliance_percent"),
        (
            '{"generated_at": "x", "slas": [{"key": "a", "compliance_percent": 120}]}',
            "outside 0-100",
        ),
        ('{"generated_at": "x", "history": {}}', "$.history must be a list"),
    ],
)
def test_a_malformed_audit_file_says_where_and_what(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "audit.json"
    path.write_text(content)
    with pytest.raises(UsageError) as raised:
        read_audits([path])
    assert message in str(raised.value)
    assert raised.value.hint and "generated_at" in raised.value.hint


def test_several_audit_files_are_runs_in_time_order(tmp_path: Path) -> None:
    for name, day, met in (("b.json", "2026-11-02", 9), ("a.json", "2026-11-01", 5)):
        (tmp_path / name).write_text(
            json.dumps({"generated_at": day, "slas": [{"key": "s", "measured": 10, "met": met}]})
        )
    history = read_audits([tmp_path / "b.json", tmp_path / "a.json"])
    assert history.trend("s") == [("2026-11-01", 50.0), ("2026-11-02", 90.0)]
    assert history.current is not None and history.current.generated_at == "2026-11-02"


def test_git_version_names_the_last_commit_of_the_definitions(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copytree(PROJECT / "definitions", tmp_path / "definitions")
    assert git_version(tmp_path / "definitions").commit is None  # not a repository yet
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-30T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-30T12:00:00Z",
    }
    for args in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env)
    version = git_version(tmp_path / "definitions")
    assert version.commit is not None and len(version.commit) == 40
    assert version.date is not None and version.date.startswith("2026-11-30")
    assert not version.dirty
    (tmp_path / "definitions/icp.yaml").write_text("# edited\n", encoding="utf-8")
    assert git_version(tmp_path / "definitions").dirty
    assert "with uncommitted changes" in git_version(tmp_path / "definitions").text


def test_the_bundled_definitions_build_with_every_link_resolving(tmp_path: Path) -> None:
    """The repository's own example, as CI builds it (the browser check loads the same)."""
    root = Path(__file__).resolve().parents[2]
    site = build_handbook(root, tmp_path / "site")
    assert len(site.pages) >= 7
    assert broken_links(tmp_path / "site") == []


# What `revops audit --format json` wrote for the seeded sandbox (trimmed to what matters).
REPORT = {
    "format_version": 1,
    "environment": "sandbox",
    "now": "2026-12-01T17:42:16+00:00",
    "sections": [
        {"kind": "pipeline", "definition": "pipeline/new_business", "score": 80.0, "figures": {}},
        {
            "kind": "sla",
            "definition": "sla/mqa_first_touch",
            "score": 92.63,
            "target": 100.0,
            "figures": {"triggered": 98, "met": 88, "breached": 7, "pending": 3},
            "notes": [],
        },
        {
            "kind": "sla",
            "definition": "sla/onboarding_kickoff",
            "score": None,
            "target": 95.0,
            "figures": {"triggered": 10},
            "notes": ["not measured: this CRM records no time for meeting booked on a deal"],
        },
    ],
}


def test_revops_audit_json_is_read_as_a_run(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps(REPORT))
    older = tmp_path / "older.json"
    older.write_text(json.dumps({**REPORT, "now": "2026-11-01T00:00:00+00:00"}))
    history = read_audits([report, older])
    current = history.current
    assert current is not None and current.generated_at == "2026-12-01T17:42:16+00:00"
    assert set(current.slas) == {"mqa_first_touch", "onboarding_kickoff"}
    first = current.slas["mqa_first_touch"]
    assert (first.compliance, first.met, first.measured) == (92.63, 88, 95)
    assert current.slas["onboarding_kickoff"].compliance is None
    assert history.trend("onboarding_kickoff") == []
    assert [d for d, _ in history.trend("mqa_first_touch")] == ["2026-11-01", "2026-12-01"]

    out = tmp_path / "site"
    build_handbook(PROJECT, out, version=VERSION, audits=[report])
    html = (out / "slas.html").read_text()
    assert "Compliance: 92.6%</strong> (88 of 95 handoffs), below the target of 100%" in html
    assert "could not measure this SLA: not measured: this CRM records no time" in html


def test_an_audit_report_of_another_format_version_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({**REPORT, "format_version": 9}))
    with pytest.raises(UsageError, match="format_version 9 is not one this revops reads"):
        read_audits([report])


def test_a_project_with_only_fields_still_builds_every_page(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "definitions").mkdir(parents=True)
    (project / "revops.yaml").write_text(
        "definitions: definitions/\nenvironments:\n  dev:\n    provider: fake\n"
    )
    (project / "definitions" / "contact.yaml").write_text(
        "apiVersion: revops.dev/v1\nkind: FieldStandard\nobject: contact\nfields:\n"
        "  - {key: email, label: Email, type: string, description: Work email., pii: true}\n"
    )
    site = build_handbook(project, tmp_path / "site", version=Version(None, None))
    assert site.pages == ("index.html", "icp.html", "funnel.html", "slas.html", "fields.html")
    index = (tmp_path / "site" / "index.html").read_text()
    assert "No ICP is defined yet." in index and "No pipeline is defined yet." in index
    assert "definitions not in git (no commit to show)" in index
    assert broken_links(tmp_path / "site") == []


def test_a_rebuild_removes_the_pages_of_definitions_that_are_gone(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.html").write_text("kept: not the handbook's")
    build_handbook(project, out, version=VERSION)
    assert (out / "pipeline-renewal.html").is_file()
    (project / "definitions/pipelines/renewal.yaml").unlink()
    build_handbook(project, out, version=VERSION)
    assert not (out / "pipeline-renewal.html").exists()
    assert (out / "notes.html").read_text() == "kept: not the handbook's"
    assert broken_links(out) == []
    assert "pipeline-renewal.html" not in (out / "handbook-pages.txt").read_text()
