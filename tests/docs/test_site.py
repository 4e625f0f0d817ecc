"""The documentation site as built (``make -C docs html``), from files and in a browser.

Static checks on every page: nothing is loaded from the network (no ``http(s)://`` in a
``src``, a stylesheet link or a CSS ``url()``), and the API reference has one page for
each name of ``momentum_theory.__all__`` and none for a root name outside it.

In headless Chromium (as ``tests/explorer`` drives it), from ``file://``: the index, an API
page and a gallery page load with no request but the site's own files and ``data:`` URIs,
every math formula and every image rendered (decoded, non-zero size), and the search page
finds a function offline. The index's screenshot is saved as
``docs/_build/screenshot.png`` (copied to ``figures/docs.png`` for the README; a
screenshot, so not byte-stable across machines) and checked for content.

Skipped when the site is not built, or without Chromium, unless
``MOMENTUM_THEORY_REQUIRE_DOCS=1`` (set by ``.ci/run``, which builds the site first).
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import numpy as np
import pytest

import momentum_theory as mt
from momentum_theory.explorer.browser import Chromium, find_chromium

_spec = importlib.util.spec_from_file_location(
    "docs_reference", Path(__file__).resolve().parents[2] / "docs" / "_reference.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

SITE = Path(__file__).resolve().parents[2] / "docs" / "_build" / "html"
SCREENSHOT = SITE.parent / "screenshot.png"
API = SITE / "api" / "generated"
PAGES = {
    "index": SITE / "index.html",
    "api": API / "momentum_theory.spectral_radius.html",
    "gallery": SITE / "auto_examples" / "plot_heavy_ball_vs_nesterov.html",
}
# A resource the page would fetch: script/img/iframe/source src, link href (stylesheets,
# icons, preloads; not <a href>, which is only followed on a click), CSS url().
_FETCHED = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//"
    r"|url\(\s*[\"']?(https?:)?//",
    re.IGNORECASE,
)


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("MOMENTUM_THEORY_REQUIRE_DOCS") == "1":
        pytest.fail(f"MOMENTUM_THEORY_REQUIRE_DOCS=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site() -> Path:
    _require((SITE / "index.html").is_file(), f"the site is not built ({SITE}: make -C docs html)")
    return SITE


def test_no_page_or_stylesheet_loads_anything_from_the_network(site):
    files = [*site.rglob("*.html"), *site.rglob("*.css")]
    assert len(files) > 20
    remote = {
        str(path.relative_to(site)): match.group(0)[:120]
        for path in files
        for match in [_FETCHED.search(path.read_text(encoding="utf-8", errors="replace"))]
        if match
    }
    assert remote == {}


def test_the_api_reference_has_a_page_for_each_root_name_and_no_other(site):
    pages = {
        path.name.removesuffix(".html") for path in (site / "api" / "generated").glob("*.html")
    }
    root_pages = {name.split(".")[1] for name in pages if name.count(".") == 1}
    assert root_pages == set(mt.__all__) - {"__version__"}
    members = {name for name in pages if name.startswith("momentum_theory.methods.")}
    assert members == {
        f"momentum_theory.methods.{name}"
        for name in ("get", "names", "Method", "Parameter", "Optimum")
    }


def test_every_gallery_example_ran(site):
    """Each example's page holds its output: a figure drawn at build time."""
    sources = sorted((site.parents[1] / "examples").glob("plot_*.py"))
    assert len(sources) >= 6
    for source in sources:
        page = site / "auto_examples" / f"{source.stem}.html"
        text = page.read_text(encoding="utf-8")
        assert f"sphx_glr_{source.stem}_001.png" in text, source.name
        assert (site / "_images" / f"sphx_glr_{source.stem}_001.png").is_file(), source.name


@pytest.fixture(scope="module")
def browser(site):
    _require(find_chromium() is not None, "no Chromium (Debian: apt-get install chromium)")
    with Chromium(width=1200, height=900) as chromium:
        yield chromium


def _offline(browser: Chromium) -> None:
    """Every request so far was a file of the site or data the page holds."""
    outside = [
        url
        for url in browser.requests
        if not url.startswith(("data:", "blob:", "about:"))
        and not url.startswith(SITE.as_uri() + "/")
    ]
    assert outside == []


def _rendered(browser: Chromium, selector: str) -> list[dict]:
    """Each matching image: whether it is decoded, and its natural size."""
    return browser.evaluate(
        f"Array.from(document.querySelectorAll({selector!r})).map(i => "
        "({src: i.src.slice(0, 60), complete: i.complete, width: i.naturalWidth, "
        "height: i.naturalHeight}))"
    )


@pytest.mark.slow  # starts Chromium
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_renders_math_and_images_offline(browser, page):
    browser.requests.clear()
    browser.open(PAGES[page].as_uri())
    browser.evaluate(
        "new Promise(done => document.readyState === 'complete' ? done() : "
        "addEventListener('load', done))"
    )
    images = _rendered(browser, "img")
    math = _rendered(browser, "img.math")
    assert images, page
    assert all(image["complete"] and image["width"] > 0 for image in images), images
    if page in ("index", "api"):
        assert len(math) >= 2, page  # the formulas of the page, as SVG images
    if page == "gallery":
        figures = _rendered(browser, "img.sphx-glr-single-img")
        assert len(figures) == 1 and figures[0]["width"] >= 400, figures
    _offline(browser)
    assert browser.requests, "the page was not recorded"


@pytest.mark.slow
def test_search_works_offline(browser):
    browser.requests.clear()
    browser.open((SITE / "search.html").as_uri() + "?q=spectral_radius")
    found = browser.evaluate(
        "new Promise(done => { const t0 = Date.now(); (function poll() {"
        " const hits = Array.from(document.querySelectorAll('#search-results li a'))"
        "   .map(a => a.textContent);"
        " if (hits.length || Date.now() - t0 > 20000) done(hits); else setTimeout(poll, 100);"
        " })(); })"
    )
    assert any("spectral_radius" in hit for hit in found), found
    _offline(browser)


@pytest.mark.slow
def test_screenshot_of_the_index(browser):
    from matplotlib.image import imread

    browser.open(PAGES["index"].as_uri())
    png = browser.screenshot()
    SCREENSHOT.write_bytes(png)
    pixels = imread(SCREENSHOT)[..., :3]
    assert pixels.shape[:2] == (900, 1200)
    # Not blank: text and formulas put dark pixels on a light page.
    dark = (pixels.mean(axis=2) < 0.5).mean()
    assert 0.005 < dark < 0.5, dark
    assert np.unique(pixels.reshape(-1, 3), axis=0).shape[0] > 50
    _offline(browser)


def test_the_theory_page_links_into_this_checkouts_paper(site):
    """Each link into the paper opens paper/main.pdf of this checkout at a section of
    main.tex (hyperref's destination; tests/docs/test_reference.py checks the names against
    LaTeX's)."""
    page = site / "guide" / "theory.html"
    links = re.findall(r'href="([^"]*main\.pdf)#([\w.]+)"', page.read_text(encoding="utf-8"))
    assert len(links) >= 8
    paper = SITE.parents[2] / "paper" / "main.pdf"
    destinations = {d for _, _, d in reference.paper_sections().values()}
    for target, destination in links:
        assert (page.parent / target).resolve() == paper.resolve()
        assert destination in destinations
