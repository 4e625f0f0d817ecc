"""The explorer's page without a browser: self-contained, its embedded data round-trips,
its script ports every method (tests/explorer/test_browser.py drives it in Chromium)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import numpy as np
import pytest

from momentum_theory import methods

SCRIPT = Path(__file__).resolve().parents[2] / "momentum_theory" / "explorer" / "explorer.js"
QUANTUM = 1 / 65534  # the stored rates' and curves' step


def _words(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u2")


@pytest.fixture(scope="module")
def page(data):
    pytest.importorskip("bokeh", reason="the page needs the 'explore' extra (Bokeh)")
    from momentum_theory.explorer import explorer_html

    return explorer_html(data, "nesterov")


def test_page_is_self_contained(page):
    """No element loads anything: no src or href to another file or server."""
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page, re.I)
    assert "Bokeh.embed.embed_items" in page or "embed_items" in page
    assert page.count("<html") == 1


def test_page_has_the_stable_ids(page):
    from momentum_theory.explorer.page import ELEMENT_IDS

    for name in (*ELEMENT_IDS, "parameters", "to-optimum", "plot-plane", "plot-powers"):
        assert f'id="{name}"' in page, name


def test_embedded_methods_carry_their_metadata(page, embedded):
    """What the script takes from the page data: the plane's axes, each parameter's symbol,
    and whether the state's second component is a buffer."""
    for described in embedded(page)["methods"]:
        method = methods.get(described["name"])
        assert described["parameters"] == list(method.parameters)
        assert (described["x"], described["y"]) == method.plane
        assert described["symbols"] == {p.name: p.text for p in method.specs}
        assert described["buffered"] == (method.state[1] == "buffer")
    symbols = {d["name"]: d["symbols"] for d in embedded(page)["methods"]}
    assert symbols["heavy_ball"] == {"alpha": "α", "beta": "β"}
    assert symbols["pytorch_sgd"]["lr"] == "lr"


def test_embedded_rates_and_curves_round_trip(page, data, embedded):
    embedded = embedded(page)
    assert embedded["default"] == {"method": "nesterov", "spectrum": 0}
    (spectrum,) = embedded["spectra"]
    assert (spectrum["mu"], spectrum["L"]) == (1.0, 100.0)
    for name in methods.names():
        plane, stored = data.planes[0, name], spectrum["planes"][name]
        assert stored["optimum"] == plane.optimum
        assert stored["fixed"] == plane.fixed
        if plane.y is None:
            assert stored["rate"] == plane.rate.tolist()  # exact: JSON numbers
            continue
        words = _words(stored["rate"]).reshape(plane.rate.shape).astype(float)
        below = plane.rate < 1
        assert np.all(words[~below] == 65535)
        assert np.max(np.abs(words[below] * QUANTUM - plane.rate[below])) <= QUANTUM / 2
        lines = _words(stored["critical_L"]).reshape(-1, 2)
        breaks = np.all(lines == 65535, axis=1)
        assert breaks.sum() == len(plane.critical["L"])
        decoded = lines[~breaks] * QUANTUM * np.array([plane.x_max, 1.0])
        np.testing.assert_allclose(
            decoded, np.concatenate(plane.critical["L"]), atol=QUANTUM * max(plane.x_max, 1)
        )


def test_script_ports_every_method():
    """The page's maps and update rules name every registered method (the browser tests
    check each against the package)."""
    source = SCRIPT.read_text(encoding="utf-8")
    for table in ("MAPS", "RULES"):
        body = re.search(rf"const {table} = \{{(.*?)\n  \}};", source, re.S).group(1)
        assert set(re.findall(r"^    (\w+):", body, re.M)) == set(methods.names()), table


def test_write_explorer_writes_utf8_atomically(tmp_path, data, page):
    from momentum_theory.explorer import write_explorer

    path = write_explorer(tmp_path / "page.html", data, "nesterov")
    assert path.read_text(encoding="utf-8").count("Momentum explorer") >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
