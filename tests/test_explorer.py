"""The explorer's data and page, without a browser (tests/test_explorer_browser.py drives it).

Equalities: the embedded planes are the package's kernels at the cell centres, the optima
are ``optimal_parameters``. Bounds: traced curves lie within a cell of the closed forms,
encoded values within their stated quantisation.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

from momentum_theory import critical_beta, methods
from momentum_theory.cli import main
from momentum_theory.explorer import PLANES, explorer_data

SCRIPT = Path(__file__).resolve().parent.parent / "momentum_theory" / "explorer" / "explorer.js"
QUANTUM = 1 / 65534  # the stored rates' and curves' step
CLOSED_FORMS = ("gradient_descent", "heavy_ball", "nesterov")


@pytest.fixture(scope="module")
def data():
    """Every method for one spectrum at a small resolution (about four seconds)."""
    return explorer_data([(1.0, 100.0)], resolution=40, curve_resolution=200)


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def _words(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u2")


# --------------------------------------------------------------------------------------
# data


def test_every_method_has_a_plane(data):
    assert data.methods == methods.names()
    assert set(PLANES) == set(methods.names())
    assert set(data.planes) == {(0, name) for name in methods.names()}


@pytest.mark.parametrize("name", methods.names())
def test_plane_rates_are_the_kernels_at_the_cell_centres(data, name):
    plane = data.planes[0, name]
    method = methods.get(name)
    if plane.y is None:
        expected = method.worst_case_rate(1.0, 100.0, **{plane.x_name: plane.x}, **plane.fixed)
    else:
        x, y = np.meshgrid(plane.x, plane.y)
        expected = method.worst_case_rate(
            1.0, 100.0, **{plane.x_name: x, plane.y_name: y}, **plane.fixed
        )
        assert plane.rate.shape == (40, 40)
        assert plane.y[0] > 0 and plane.y[-1] < 1  # cell centres: beta = 1 is never sampled
    np.testing.assert_array_equal(plane.rate, expected)
    assert 0 < plane.x[0] and plane.x[-1] < plane.x_max


@pytest.mark.parametrize("name", methods.names())
def test_optimum_is_the_methods_and_lies_in_the_plane(data, name):
    plane = data.planes[0, name]
    method = methods.get(name)
    if name in CLOSED_FORMS:  # cheap to recompute; the numerical optima take a second each
        optimum = method.optimal_parameters(1.0, 100.0)
        assert plane.optimum == {k: float(v) for k, v in optimum.parameters.items()}
        # Nesterov's closed-form rate is 2.5e-9 from the rate at its rounded parameters:
        # at a double root, rho moves like the square root of a perturbation.
        assert plane.optimal_rate == pytest.approx(float(optimum.rate), rel=1e-8)
    else:  # their optimum over quadratics is Polyak's rate (the methods' Notes)
        assert plane.optimal_rate == pytest.approx((10 - 1) / (10 + 1), rel=1e-6)
    # The rate shown is the rate at the stored parameters, exactly.
    assert plane.optimal_rate == float(method.worst_case_rate(1.0, 100.0, **plane.optimum))
    assert 0 < plane.optimum[plane.x_name] < plane.x_max
    # The parameters off the plane are the defaults, or the optimum's where there is none.
    for parameter, value in plane.fixed.items():
        assert value == method.defaults.get(parameter, plane.optimum[parameter])
        assert plane.optimum[parameter] == value  # so the optimum lies in the plane


def test_heavy_ball_curves_lie_on_the_closed_forms(data):
    """Critical curves beta = (1 - sqrt(alpha h))^2, boundary alpha = 2 (1 + beta) / L, to
    within a traced cell (1/200 of each axis)."""
    plane = data.planes[0, "heavy_ball"]
    cell = max(plane.x_max, 1.0) / 200
    for end, h in (("mu", 1.0), ("L", 100.0)):
        points = np.concatenate(plane.critical[end])
        assert len(points) > 50
        closed = critical_beta(points[:, 0], h)
        assert np.max(np.abs(points[:, 1] - closed)) < 2 * cell
    boundary = np.concatenate(plane.boundary)
    interior = boundary[boundary[:, 1] < 0.99]
    assert np.max(np.abs(interior[:, 0] - 2 * (1 + interior[:, 1]) / 100)) < 2 * cell


def test_gradient_descent_plane_is_a_curve_with_its_boundary_and_double_root(data):
    plane = data.planes[0, "gradient_descent"]
    assert plane.y is None and plane.rate.ndim == 1
    ((boundary,),) = [line for line in plane.boundary]
    assert boundary[0] == pytest.approx(2 / 100, rel=1e-3)  # rho = 1 at alpha = 2/L
    (root,) = plane.critical["L"]
    assert root[0, 0] == pytest.approx(1 / 100, rel=1e-3)  # T = 0 at alpha = 1/L
    assert plane.critical["mu"] == ()  # 1/mu lies beyond the plane


def test_only_qhm_step_axis_reaches_past_the_standard_span(data):
    """QHM's optimal alpha, about sqrt(kappa)/L, lies beyond 4.4/L: the axis follows it."""
    for name in methods.names():
        plane = data.planes[0, name]
        if name == "qhm":
            assert plane.x_max == pytest.approx(1.5 * plane.optimum["alpha"])
            assert plane.x_max > PLANES["qhm"].x_span / 100.0
        else:
            assert plane.x_max == PLANES[name].x_span / 100.0


@pytest.mark.parametrize(
    ("spectra", "options", "message"),
    [
        ([(2.0, 1.0)], {}, "mu must be at most L"),
        ([(0.0, 1.0)], {}, "mu must be a finite positive number"),
        ([], {}, "at least one spectrum"),
        ([(1.0, 10.0)], {"methods": ["adam"]}, "method must be one of"),
        ([(1.0, 10.0)], {"resolution": 1}, "resolution"),
    ],
)
def test_bad_settings_are_refused(spectra, options, message):
    with pytest.raises(ValueError, match=message):
        explorer_data(spectra, **options)


# --------------------------------------------------------------------------------------
# page (needs Bokeh)


@pytest.fixture(scope="module")
def page(data):
    pytest.importorskip("bokeh", reason="the page needs the 'explore' extra (Bokeh)")
    from momentum_theory.explorer import explorer_html

    return explorer_html(data, "nesterov")


def _embedded(page: str) -> dict:
    (text,) = re.findall(
        r'<script type="application/json" id="explorer-data">(.*?)</script>', page
    )
    return json.loads(text)


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


def test_embedded_rates_and_curves_round_trip(page, data):
    embedded = _embedded(page)
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


# --------------------------------------------------------------------------------------
# command line


def test_explore_writes_one_page(tmp_path, capsys, monkeypatch):
    pytest.importorskip("bokeh", reason="the page needs the 'explore' extra (Bokeh)")
    import momentum_theory.cli.explore as explore

    monkeypatch.setattr(explore, "KAPPAS", ())  # one spectrum: fast
    output = tmp_path / "view.html"
    status = _run(
        "explore", "--method", "qhm", "--mu", "2", "--L", "50", "--resolution", "20",
        "--output", str(output),
    )  # fmt: skip
    assert status == 0
    embedded = _embedded(output.read_text(encoding="utf-8"))
    assert embedded["default"]["method"] == "qhm"
    assert [(s["mu"], s["L"]) for s in embedded["spectra"]] == [(2.0, 50.0)]
    assert "spectra [2, 50], 20 x 20 heatmaps" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]


def test_spectra_add_the_standard_condition_numbers():
    from momentum_theory.cli.explore import spectra

    assert spectra(2.0, 20.0) == [(2.0, 20.0), (2.0, 200.0), (2.0, 2000.0)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--mu", "3", "--L", "2"], "--mu: must be at most --L"),
        (["--mu", "0"], "must be positive"),
        (["--resolution", "5"], "--resolution: need 20 <= N <= 400"),
        (["--method", "adam"], "invalid choice"),
        (["--output", "page.txt"], "--output: unknown format '.txt'"),
        (["--screenshot", "shot.jpg"], "--screenshot: unknown format '.jpg'"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert _run("explore", *arguments) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_missing_bokeh_or_browser_exit_2(tmp_path, monkeypatch, capsys):
    import importlib.util

    import momentum_theory.explorer.browser as browser

    monkeypatch.chdir(tmp_path)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "bokeh" else real(name, *a)
    )
    assert _run("explore") == 2
    assert "pip install 'momentum-theory[explore]'" in capsys.readouterr().err
    monkeypatch.setattr(browser, "find_chromium", lambda executable=None: None)
    assert _run("explore", "--screenshot", "view.png") == 2
    assert "no Chromium found" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
