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


def test_embedded_gaps_and_curves_round_trip(page, data, embedded):
    """Gaps within half a step of their log scale (2.9e-4 relative), curves within half a
    step of the plane, in the page's coordinates (the momentum's is -log10(1 - beta))."""
    from momentum_theory.explorer import momentum_coordinate

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
        words = _words(stored["gap"]).reshape(plane.gap.shape).astype(float)
        converges = plane.gap > 0
        assert np.all(words[~converges] == 65535) and np.all(words[converges] < 65535)
        decoded = 10.0 ** (16 * words[converges] / 65534 - 16)
        relative = np.abs(decoded / plane.gap[converges] - 1)
        assert relative.max() <= 10 ** (8 / 65534) - 1 + 1e-12
        top = stored["y_top"]
        assert top == pytest.approx(float(momentum_coordinate(plane.y_max)), rel=1e-15)
        lines = _words(stored["critical_L"]).reshape(-1, 2)
        breaks = np.all(lines == 65535, axis=1)
        assert breaks.sum() == len(plane.critical["L"])
        decoded = lines[~breaks] * QUANTUM * np.array([plane.x_max, top])
        traced = np.concatenate(plane.critical["L"])
        traced = np.column_stack([traced[:, 0], momentum_coordinate(traced[:, 1])])
        np.testing.assert_allclose(decoded[:, 0], traced[:, 0], atol=QUANTUM * plane.x_max)
        np.testing.assert_allclose(decoded[:, 1], traced[:, 1], atol=QUANTUM * top)


def test_colour_is_iterations_per_digit_over_two_decades_from_the_fastest(data):
    """digits(gap) is -1/log10(rho) (checked where 1 - rho keeps its digits); the scale runs
    from the fastest cell's, rounded down to 1, 2 or 5 times a power of ten, to 100 times
    that (momentum-theory heatmap --colour digits)."""
    from momentum_theory.explorer.page import colour_range, digits

    for name in ("heavy_ball", "nesterov", "qhm"):
        plane = data.planes[0, name]
        shown = digits(plane.gap)
        fine = (plane.rate < 0.999) & (plane.gap > 0)
        np.testing.assert_allclose(shown[fine], -1 / np.log10(plane.rate[fine]), rtol=1e-12)
        assert np.all(np.isnan(shown[plane.gap <= 0]))
        low, high = colour_range(plane.gap, plane.optimal_rate)
        fastest = np.nanmin(shown)
        # Bounds: no cell beats the optimum, whose colour is the scale's end.
        optimal = -1 / np.log10(plane.optimal_rate)
        assert optimal <= fastest * (1 + 1e-9)
        assert low <= optimal < 2.5 * low and high == pytest.approx(100 * low)
        assert f"{low:.0e}"[0] in "125"


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
