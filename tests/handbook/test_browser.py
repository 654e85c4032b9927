"""The bundled definitions' handbook in a real headless browser (Debian's `chromium`).

Every page loads from `file://` with no console error, exception or failed load, and no
request that leaves the file system; every link the browser resolves exists (and so does
its #anchor); the field search filters; the overview fits a phone's width and the print
layout drops the navigation; every form control has a label, headings do not skip levels,
every diagram has a title and all text has at least 4.5:1 contrast (WCAG AA). Screenshots of the overview and of a pipeline page are saved
under `.ci-artifacts/handbook/` (or `$REVOPS_ARTIFACTS/handbook/`) for CI to keep.

Skipped when chromium is not installed (`.ci/run` installs it from Debian); with
`REVOPS_REQUIRE_CHROMIUM=1` (set by `.ci/run`) a missing browser fails instead.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from revops_as_code.handbook import build_handbook

from .browser import Browser, find_chromium
from .linkcheck import parse

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("REVOPS_ARTIFACTS") or ROOT / ".ci-artifacts") / "handbook"

CHROMIUM = find_chromium()
if CHROMIUM is None and os.environ.get("REVOPS_REQUIRE_CHROMIUM") == "1":
    raise RuntimeError(
        "REVOPS_REQUIRE_CHROMIUM=1 but no chromium at /usr/bin/chromium or on PATH: "
        "install it (apt-get install chromium) or unset the variable"
    )
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does it): "
    "the handbook's browser check needs a real browser",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handbook") / "site"
    build_handbook(ROOT, out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    chromium = Browser(CHROMIUM)
    try:
        chromium.open_tab()
        yield chromium
    finally:
        chromium.close()


def _file(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def test_every_page_loads_cleanly_offline_and_every_link_resolves(
    site: Path, browser: Browser
) -> None:
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 7
    reached: set[Path] = set()
    queue = [site / "index.html"]
    while queue:
        page = queue.pop()
        if page in reached:
            continue
        reached.add(page)
        browser.load(page.as_uri())
        assert browser.problems() == [], page.name
        leaving = [u for u in browser.requests() if not u.startswith(("file://", "data:"))]
        assert leaving == [], f"{page.name} requested {leaving}"
        assert browser.evaluate("document.documentElement.lang") == "en"
        assert browser.evaluate("document.querySelectorAll('h1').length") == 1, page.name
        hrefs: list[str] = browser.evaluate(
            "Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        )
        for href in hrefs:
            assert href.startswith("file://"), f"{page.name}: {href} is not a local link"
            target = _file(href)
            assert target.exists(), f"{page.name}: {href} does not exist"
            fragment = urlsplit(href).fragment
            if target.suffix == ".html":
                if fragment:
                    assert fragment in parse(target).ids, f"{page.name}: {href} has no #{fragment}"
                if target.parent == site:
                    queue.append(target)
    assert reached == set(pages), f"pages no link reaches: {set(pages) - reached}"


def test_the_field_search_filters(site: Path, browser: Browser) -> None:
    browser.load((site / "fields.html").as_uri())
    total = browser.evaluate("document.querySelectorAll('#fields-table tbody tr').length")
    assert total >= 20

    def shown(script: str) -> list[str]:
        browser.evaluate(
            "(() => {const f = document.querySelector('form.filters');"
            + script
            + "f.dispatchEvent(new Event('input', {bubbles: true}));})()"
        )
        visible: list[str] = browser.evaluate(
            "Array.from(document.querySelectorAll('#fields-table tbody tr:not([hidden])'), r => r.id)"
        )
        return visible

    found = shown("f.elements.q.value = 'employees';")
    assert found and len(found) < total
    assert "field-company-employee_count" in found
    assert (
        browser.evaluate("document.getElementById('field-count').textContent")
        == f"{len(found)} of {total} fields"
    )
    deals = shown("f.elements.q.value = ''; f.elements.object.value = 'deal';")
    assert deals and all(r.startswith("field-deal-") for r in deals)
    personal = shown("f.elements.object.value = ''; f.elements.pii.checked = true;")
    assert "field-contact-email" in personal and len(personal) < total
    assert shown("f.elements.pii.checked = false; f.elements.q.value = 'zzzz-no-such-field';") == []
    assert browser.evaluate("document.getElementById('field-none').hidden") is False
    assert len(shown("f.elements.q.value = '';")) == total
    assert browser.problems() == []


def test_screenshots_phone_width_and_print_layout(site: Path, browser: Browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.load((site / "index.html").as_uri())
    browser.screenshot(ARTIFACTS / "overview.png")
    browser.load((site / "pipeline-new_business.html").as_uri())
    browser.screenshot(ARTIFACTS / "pipeline-new_business.png")
    for name in ("overview.png", "pipeline-new_business.png"):
        data = (ARTIFACTS / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000, name

    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        for name in ("index.html", "funnel.html", "pipeline-new_business.html", "slas.html"):
            browser.load((site / name).as_uri())
            # Nothing wider than the phone but the scrollable tables' own boxes.
            width = browser.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{name} is {width}px wide on a 390px phone"
        browser.load((site / "index.html").as_uri())
        browser.screenshot(ARTIFACTS / "overview-phone.png", full_page=False)
    finally:
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
    browser.send("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert (
            browser.evaluate("getComputedStyle(document.querySelector('header.site nav')).display")
            == "none"
        )
    finally:
        browser.send("Emulation.setEmulatedMedia", {"media": ""})


# WCAG 2.1 relative luminance and contrast of every element with its own text against the
# first ancestor background that is not transparent (the handbook uses no background images).
_CONTRAST = """(() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg')) continue;
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.offsetParent) continue;
    let bg = null;
    for (let a = el; a; a = a.parentElement) {
      const c = parse(getComputedStyle(a).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; }
    }
    bg = bg || [255, 255, 255];
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) out.push(el.tagName + ' ' + ratio.toFixed(2) + ' ' + el.textContent.trim().slice(0, 40));
  }
  return out;
})()"""

_LABELS = """Array.from(document.querySelectorAll('input, select, textarea'))
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map((el) => el.id || el.name)"""

_HEADINGS = """Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), (h) => Number(h.tagName[1]))"""


def test_accessibility_basics_on_every_page(site: Path, browser: Browser) -> None:
    for page in sorted(site.glob("*.html")):
        browser.load(page.as_uri())
        assert browser.evaluate(_LABELS) == [], f"{page.name}: form controls without a label"
        levels: list[int] = browser.evaluate(_HEADINGS)
        assert levels[0] == 1, page.name
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert jumps == [], f"{page.name} skips heading levels: {jumps}"
        unnamed = browser.evaluate(
            "Array.from(document.querySelectorAll('svg')).filter(s => !s.getAttribute('aria-labelledby')"
            " || !s.querySelector('title')).length"
        )
        assert unnamed == 0, f"{page.name}: a diagram without a title"
        assert browser.evaluate(_CONTRAST) == [], f"{page.name}: text below 4.5:1 contrast"
