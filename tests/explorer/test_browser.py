"""The explorer page in a real browser: headless Chromium, driven over the DevTools pipe.

One page, made by ``momentum-theory explore`` with its defaults, is opened from a
``file://`` URL. The tests change the method, the spectrum and the picked point the way a
user does (the select, real mouse clicks on the plane, typed values, the address) and
compare what the page shows, read from the elements' ``data-value`` attributes, with the
package:

- equalities: the family maps and the iterates (the same float64 operations);
- bounds: the rates within 1e-13 relative (the issue asks for 1e-10; the page's port of
  the exact kernel and the package's kernel each promise about 1e-14), ``||A^t||_2``
  within 1e-9 (repeated multiplication against closed forms or numpy's matrix powers).

A second page, every method on [0.01, 50] (kappa = 5000), checks the view at a realistic
condition number: cells beside the optimum coloured apart from cells beside the boundary
(screenshot pixels, and the drawn iterations per digit against the package), the legend
clear of the optimum marker, every title whole inside its plot.

Every test also checks that the page requested nothing but its own file. The screenshot
of the default view is checked for content, not compared with ``figures/explorer.png``
(fonts and anti-aliasing differ between machines; that picture is remade with
``momentum-theory explore --screenshot figures/explorer.png`` and is not byte-stable).

Skipped without Bokeh or Chromium, unless ``MOMENTUM_THEORY_REQUIRE_BROWSER=1`` (set by
``.ci/run``, which installs Debian's ``chromium``): then a missing browser is a failure.
"""

from __future__ import annotations

import importlib.util
import io
import json
import math
import os
import time

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.cli import main
from momentum_theory.explorer.browser import Chromium, find_chromium
from momentum_theory.family import companion_matrix, critical_beta
from momentum_theory.simulate import run
from momentum_theory.transients.powers import power_norms

pytestmark = pytest.mark.slow

RATE_TOLERANCE = 1e-13  # relative; the requirement is 1e-10
PAGE_LIMIT = 5_000_000  # bytes
DEFAULT_SPECTRA = [(1.0, 100.0), (1.0, 10.0), (1.0, 1000.0)]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("MOMENTUM_THEORY_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MOMENTUM_THEORY_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The default page, as ``momentum-theory explore`` writes it."""
    _require(importlib.util.find_spec("bokeh") is not None, "Bokeh is not installed")
    _require(find_chromium() is not None, "no Chromium (Debian: apt-get install chromium)")
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    assert main(["explore", "--output", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def browser(page):
    with Chromium(width=1200, height=1100) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def loaded(browser, page):
    """The page loaded once, for tests that set all the state they read (opening the
    3 MB page takes about a second)."""
    _open(browser, page)
    return browser


def _open(browser: Chromium, page, address: str = "") -> None:
    browser.open(page.as_uri() + address)
    browser.evaluate("window.explorer.ready")
    error = browser.evaluate("document.body.dataset.error || ''")
    assert error == "", error


def _offline(browser: Chromium, page) -> None:
    """Every request so far was the page itself (or data the page made in memory)."""
    local = ("data:", "blob:", "about:")
    fetched = {url for url in browser.requests if not url.startswith(local)}
    assert fetched == {page.as_uri()}, f"the page requested {sorted(fetched)}"


def _shown(browser: Chromium) -> dict:
    """The state as the page shows it: each element's data-value."""
    method = browser.evaluate("document.getElementById('method').dataset.value")
    names = methods.get(method).parameters
    ids = ["mu", "L", "rate", "rate-mu", "rate-L", "regime", "worst-end", "peak", *names]
    values = json.loads(
        browser.evaluate(
            "JSON.stringify(Object.fromEntries("
            f"{json.dumps(ids)}.map(id => [id, document.getElementById(id).dataset.value])))"
        )
    )

    def parse(text: str) -> float | bool:
        return {"true": True, "false": False}[text] if text in ("true", "false") else float(text)

    return {
        "method": method,
        "mu": float(values["mu"]),
        "L": float(values["L"]),
        "rate": float(values["rate"]),
        "rate-mu": float(values["rate-mu"]),
        "rate-L": float(values["rate-L"]),
        "regime": values["regime"],
        "worst-end": values["worst-end"],
        "peak": float(values["peak"]),
        "parameters": {name: parse(values[name]) for name in names},
    }


def _relative(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


def _check_rate(shown: dict) -> None:
    method = methods.get(shown["method"])
    expected = float(method.worst_case_rate(mu=shown["mu"], L=shown["L"], **shown["parameters"]))
    assert _relative(shown["rate"], expected) <= RATE_TOLERANCE, (shown, expected)
    for end in ("mu", "L"):
        at_end = float(method.spectral_radius(shown[end], **shown["parameters"]))
        assert _relative(shown[f"rate-{end}"], at_end) <= RATE_TOLERANCE, (shown, end)


def _select(browser: Chromium, element: str, value: str) -> None:
    browser.evaluate(
        f"(() => {{ const s = document.getElementById({json.dumps(element)}); "
        f"s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})()"
    )


def _type(browser: Chromium, element: str, value: str) -> None:
    browser.evaluate(
        f"(() => {{ const s = document.getElementById({json.dumps(element)}); "
        f"s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})()"
    )


def _layout(browser: Chromium) -> dict:
    """Where the page drew its plots, titles, legend and optimum (CSS pixels)."""
    return json.loads(browser.evaluate("JSON.stringify(window.explorer.layout())"))


def _click_plane(browser: Chromium, fx: float, fy: float) -> None:
    """Click at a fraction of the plane's frame (the area inside its axes)."""
    frame = _layout(browser)["plane"]["frame"]
    x = frame["x0"] + fx * (frame["x1"] - frame["x0"])
    y = frame["y1"] - fy * (frame["y1"] - frame["y0"])
    browser.click(x, y)


def _check_titles(browser: Chromium) -> None:
    """Every plot's title has its text's height and width inside the plot's box."""
    for name, plot in _layout(browser).items():
        title, box = plot["title"], plot["box"]
        assert title["text"], name
        assert title["y1"] - title["y0"] >= 12, (name, title)  # 12 px text: not squeezed
        assert box["y0"] <= title["y0"] and title["y1"] <= plot["frame"]["y0"] + 0.5, name
        assert box["x0"] <= title["x0"] and title["x0"] + title["width"] <= box["x1"], (
            name,
            title,
            box,
        )


def _wait_for_change(browser: Chromium, before: dict) -> dict:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        now = _shown(browser)
        if now["parameters"] != before["parameters"]:
            return now
        time.sleep(0.05)
    raise AssertionError("the click did not move the picked point")


# --------------------------------------------------------------------------------------


def test_default_view_renders_offline_and_not_blank(browser, page):
    from matplotlib.image import imread

    assert page.stat().st_size < PAGE_LIMIT
    _open(browser, page)
    # The page reports its first render's time (the command prints it); speed is not asserted
    # here: a timed test fails on a loaded machine (2.7-3.5 s measured on a busy one).
    assert float(browser.evaluate("document.body.dataset.renderMs")) > 0
    shown = _shown(browser)
    assert shown["method"] == "heavy_ball" and (shown["mu"], shown["L"]) == (1.0, 100.0)
    assert shown["regime"] == "double"  # Polyak's optimum: a double root at both ends
    _check_rate(shown)
    pixels = imread(io.BytesIO(browser.screenshot()), format="png")[..., :3]
    assert pixels.shape[:2] == (1100, 1200)
    assert pixels.std() > 0.1
    box = json.loads(
        browser.evaluate(
            "JSON.stringify(document.getElementById('plot-plane').getBoundingClientRect())"
        )
    )
    left, top = int(box["x"]) + 80, int(box["y"]) + 40
    heatmap = pixels[top : top + 300, left : left + 300].reshape(-1, 3)
    colours = np.unique(np.round(heatmap * 255).astype(int), axis=0)
    assert len(colours) > 200, "the heatmap was not drawn"
    browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=left + 100, y=top + 100)
    cursor = browser.evaluate("document.getElementById('cursor').textContent")
    assert "under the cursor" in cursor and "ρ = " in cursor
    _check_titles(browser)
    _offline(browser, page)


def test_command_saves_a_screenshot(tmp_path, monkeypatch, page, capsys):
    import momentum_theory.explorer as explorer

    real = explorer.explorer_data

    def small(spectra, **options):  # one method, one spectrum: a quick page
        return real(spectra[:1], methods=["heavy_ball"], resolution=20, curve_resolution=40)

    monkeypatch.setattr(explorer, "explorer_data", small)
    picture = tmp_path / "view.png"
    status = main(
        ["explore", "--output", str(tmp_path / "view.html"), "--screenshot", str(picture)]
    )
    assert status == 0
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "first render" in capsys.readouterr().out


@pytest.mark.parametrize("name", methods.names())
def test_clicks_after_changing_the_method_show_the_packages_rate(loaded, page, name):
    browser = loaded
    _select(browser, "spectrum", "0")
    _select(browser, "method", name)
    shown = _shown(browser)
    assert shown["method"] == name
    _check_rate(shown)  # the optimum
    for fx, fy in ((0.2, 0.3), (0.55, 0.8), (0.85, 0.1)):
        _click_plane(browser, fx, fy)
        shown = _wait_for_change(browser, shown)
        _check_rate(shown)
    _offline(browser, page)


def test_spectrum_typed_values_and_address_set_the_state(browser, page):
    _open(browser, page)
    _select(browser, "spectrum", "2")  # [1, 1000]
    _select(browser, "method", "nesterov")
    _type(browser, "alpha", "0.000731")
    _type(browser, "beta", "0.97")
    shown = _shown(browser)
    assert (shown["mu"], shown["L"]) == (1.0, 1000.0)
    assert shown["parameters"] == {"alpha": 0.000731, "beta": 0.97}
    _check_rate(shown)
    _open(browser, page, "#method=pytorch_sgd&spectrum=1&lr=0.123&momentum=0.45&x0=-2&y0=0.5")
    shown = _shown(browser)
    assert (shown["method"], shown["L"]) == ("pytorch_sgd", 10.0)
    assert shown["parameters"] == {
        "lr": 0.123,
        "momentum": 0.45,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    }
    _check_rate(shown)
    start = json.loads(browser.evaluate("JSON.stringify(window.explorer.state().start)"))
    assert start == [-2.0, 0.5]
    _offline(browser, page)


def test_regime_and_transient_peak_are_the_packages(browser, page):
    from momentum_theory._kernels import half_trace_discriminant

    _open(browser, page)
    for alpha, beta, regime, end in ((0.01, 0.9, "complex", "L"), (0.005, 0.1, "real", "mu")):
        _type(browser, "alpha", str(alpha))
        _type(browser, "beta", str(beta))
        shown = _shown(browser)
        assert (shown["regime"], shown["worst-end"]) == (regime, end)
        h = np.array(100.0 if end == "L" else 1.0)
        _, quarter = half_trace_discriminant(np.array(alpha), np.array(beta), h, np.array(0.0))
        assert (quarter > 0) == (regime == "real")
        steps = int(browser.evaluate("window.explorer.state().steps"))
        norms = np.maximum(*(power_norms(alpha, beta, h_, steps) for h_ in (1.0, 100.0)))
        assert shown["peak"] == pytest.approx(norms.max(), rel=1e-9)
        step = int(browser.evaluate("document.getElementById('peak').dataset.step"))
        assert step == int(np.argmax(norms))


# --------------------------------------------------------------------------------------
# The page's own computations against the package, many points at once.


def _spectra(page) -> list:
    """The spectra the page carries, with each method's plane (its embedded data)."""
    text = page.read_text(encoding="utf-8")
    start = text.index('id="explorer-data">') + len('id="explorer-data">')
    return json.loads(text[start : text.index("</script>", start)])["spectra"]


def _hard_points(name: str, rng: np.random.Generator, optima: list) -> list[dict]:
    """Random parameters of a method, and points on its critical curves and optima."""
    points = []
    for _ in range(40):
        step = rng.uniform(0, 0.05)
        momentum = rng.uniform(0, 0.999)
        points.append(
            {
                "gradient_descent": {"alpha": step},
                "heavy_ball": {"alpha": step, "beta": momentum},
                "nesterov": {"alpha": step, "beta": momentum},
                "two_step": {"alpha": step, "beta": momentum, "gamma": rng.uniform(-0.5, 2)},
                "qhm": {"alpha": 10 * step, "beta": momentum, "nu": rng.uniform(0, 1)},
                "pytorch_sgd": {
                    "lr": step,
                    "momentum": momentum,
                    "dampening": rng.choice([0.0, 0.3]),
                    "weight_decay": rng.choice([0.0, 0.01]),
                    "nesterov": False,
                },
            }[name]
        )
    for spectrum in optima:  # the optima the page carries, as doubles
        points.append(dict(spectrum["planes"][name]["optimum"]))
    if name in ("heavy_ball", "two_step"):
        for alpha in (1e-4, 3e-3, 0.017, 0.04):
            for h in (1.0, 100.0):  # exactly on the critical curve, as doubles
                beta = float(critical_beta(alpha, h))
                extra = {"gamma": 0.0} if name == "two_step" else {}
                points.append({"alpha": alpha, "beta": beta, **extra})
    if name == "pytorch_sgd":
        points += [
            {"lr": 0.02, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.1, "nesterov": True},
            {
                "lr": 0.02,
                "momentum": 0.0,
                "dampening": 0.5,
                "weight_decay": 0.0,
                "nesterov": False,
            },
        ]
    return points


def _evaluate_all(browser: Chromium, expression: str, arguments: list) -> list:
    return json.loads(
        browser.evaluate(f"JSON.stringify({json.dumps(arguments)}.map(a => ({expression})))")
    )


@pytest.mark.parametrize("name", methods.names())
def test_family_map_and_rates_equal_the_package(loaded, page, name):
    browser = loaded
    points = _hard_points(name, np.random.default_rng(14), _spectra(page))
    families = _evaluate_all(browser, f"window.explorer.family({json.dumps(name)}, a)", points)
    method = methods.get(name)
    for params, family in zip(points, families):
        expected = method.family(**params)
        assert [family[key] for key in ("alpha", "beta", "gamma", "shift")] == [
            float(expected.alpha),
            float(expected.beta),
            float(expected.gamma),
            float(expected.curvature_shift),
        ], params
    spectra = [(mu, L) for mu, L in DEFAULT_SPECTRA for _ in points]
    arguments = [[p, mu, L] for (mu, L), p in zip(spectra, points * len(DEFAULT_SPECTRA))]
    rates = _evaluate_all(
        browser, f"window.explorer.worstCase({json.dumps(name)}, a[0], a[1], a[2]).rate", arguments
    )
    for (params, mu, L), rate in zip(arguments, rates):
        expected = float(method.worst_case_rate(mu=mu, L=L, **params))
        if math.isinf(expected):
            assert rate is None or rate > 1e300
            continue
        assert _relative(rate, expected) <= RATE_TOLERANCE, (params, mu, L, rate, expected)


@pytest.mark.parametrize("name", methods.names())
def test_iterates_and_powers_equal_the_package(loaded, page, name):
    browser = loaded
    method = methods.get(name)
    mu, L, steps, start = 1.0, 100.0, 80, [0.7, -1.3]
    settings = _hard_points(name, np.random.default_rng(7), _spectra(page))[:6]
    settings.append(dict(_spectra(page)[0]["planes"][name]["optimum"]))  # [1, 100]
    arguments = [[params, [mu, L], start, steps] for params in settings]
    runs = _evaluate_all(
        browser, f"window.explorer.simulate({json.dumps(name)}, a[0], a[1], a[2], a[3])", arguments
    )
    powers = _evaluate_all(
        browser,
        f"window.explorer.powerNorms({json.dumps(name)}, a[0], a[1], a[3]).norms",
        arguments,
    )
    for params, iterates, norms in zip(settings, runs, powers):
        expected = run(name, [mu, L], start, steps, trajectory=True, **params).iterates
        np.testing.assert_array_equal(np.array(iterates, dtype=float), expected)
        family = method.family(**params)
        if name == "heavy_ball":
            reference = np.maximum(
                *(power_norms(params["alpha"], params["beta"], h, steps) for h in (mu, L))
            )
        else:
            matrices = [
                companion_matrix(
                    family.alpha, family.beta, h + family.curvature_shift, family.gamma
                )
                for h in (mu, L)
            ]
            reference = np.array(
                [
                    max(np.linalg.norm(np.linalg.matrix_power(m, t), 2) for m in matrices)
                    for t in range(steps + 1)
                ]
            )
        np.testing.assert_allclose(np.array(norms, dtype=float), reference, rtol=1e-9)


# --------------------------------------------------------------------------------------
# A realistic condition number: kappa = 5000.

LARGE = (0.01, 50.0)


@pytest.fixture(scope="module")
def large_page(tmp_path_factory):
    """Every method on [0.01, 50] at a modest resolution (about ten seconds)."""
    _require(importlib.util.find_spec("bokeh") is not None, "Bokeh is not installed")
    _require(find_chromium() is not None, "no Chromium (Debian: apt-get install chromium)")
    from momentum_theory.explorer import explorer_data, write_explorer

    path = tmp_path_factory.mktemp("explorer-large") / "large.html"
    data = explorer_data([LARGE], resolution=100, curve_resolution=200)
    return write_explorer(path, data, "nesterov")


def _open_large(browser: Chromium, page, name: str) -> None:
    """Open the page afresh on ``name`` (a new address, not a change of its hash, which
    would not reload it), counting its requests from here."""
    browser.open("about:blank")
    browser.requests.clear()
    _open(browser, page, f"#method={name}")
    assert _shown(browser)["method"] == name


def _pixel(pixels: np.ndarray, x: float, y: float) -> np.ndarray:
    """The mean colour (RGB in [0, 1]) of the 5 x 5 block around (x, y)."""
    row, column = round(y), round(x)
    return pixels[row - 2 : row + 3, column - 2 : column + 3].reshape(-1, 3).mean(axis=0)


@pytest.mark.parametrize("name", ["nesterov", "heavy_ball"])
def test_large_condition_number_colours_the_fast_region_apart(browser, large_page, name):
    """At kappa = 5000 the cells beside the optimum are coloured clearly apart from the
    cells beside the boundary (on a linear scale of rho both were yellow); what the page
    draws there is the package's iterations per digit, -1/log10(rho)."""
    from matplotlib.image import imread

    _open_large(browser, large_page, name)
    method = methods.get(name)
    plane = _spectra(large_page)[0]["planes"][name]
    optimum, top, x_max = plane["optimum"], plane["y_top"], plane["x_max"]
    u_optimum = -math.log10(1 - optimum["beta"])
    assert 0.2 * top < u_optimum < 0.8 * top  # the log axis gives the optimum room
    # Beside the optimum (a little smaller step), and beside the boundary at beta = 0.5.
    near = {"alpha": 0.9 * optimum["alpha"], "beta": optimum["beta"]}
    # rho = 1 at h = L where 1 + T + D = 0 (a root at -1): alpha L = 2 (1 + beta) for
    # heavy ball, (2 + 2 beta) / (1 + 2 beta) for Nesterov.
    widest = (3.0 if name == "heavy_ball" else 1.5) / LARGE[1]
    edge = {"alpha": 0.97 * widest, "beta": 0.5}
    digits = {}
    for label, point in (("near", near), ("edge", edge)):
        rate = float(method.worst_case_rate(mu=LARGE[0], L=LARGE[1], **point))
        digits[label] = -1 / math.log10(rate)
        # The cell the page drew there, from its image data.
        drawn = browser.evaluate(
            "(() => { const p = window.explorer.data.spectra[0].planes[" + json.dumps(name) + "];"
            f" const j = Math.floor({point['alpha']} / p.x_max * p.x_count);"
            f" const i = Math.floor(-Math.log10(1 - {point['beta']}) / p.y_top * p.y_count);"
            " const image = window.Bokeh.documents.at(-1).get_model_by_name('plane-image')"
            ".data_source.data.image[0];"
            " return [image[i * p.x_count + j], j, i]; })()"
        )
        value, column, row = drawn
        centre = {
            "alpha": (column + 0.5) * x_max / plane["x_count"],
            "beta": 1 - 10 ** (-(row + 0.5) * top / plane["y_count"]),
        }
        cell_rate = float(method.worst_case_rate(mu=LARGE[0], L=LARGE[1], **centre))
        assert value == pytest.approx(-1 / math.log10(cell_rate), rel=1e-3), (label, centre)
    assert digits["edge"] > 10 * digits["near"]  # the edge is an order of magnitude slower
    layout = _layout(browser)["plane"]
    frame = layout["frame"]

    def where(point: dict) -> tuple[float, float]:
        u = -math.log10(1 - point["beta"])
        return (
            frame["x0"] + point["alpha"] / x_max * (frame["x1"] - frame["x0"]),
            frame["y1"] - u / top * (frame["y1"] - frame["y0"]),
        )

    pixels = imread(io.BytesIO(browser.screenshot()), format="png")[..., :3]
    colours = {
        label: _pixel(pixels, *where(point)) for label, point in (("near", near), ("edge", edge))
    }
    difference = np.abs(colours["near"] - colours["edge"]).max()
    # Viridis: dark violet against green (measured 0.47 and 0.60 in the largest channel).
    assert difference > 0.2, colours
    assert colours["near"].mean() < colours["edge"].mean()  # fast is dark
    # Not one colour almost everywhere (on the old linear scale of rho, 89% and 96% of the
    # convergent cells took its top tenth): a third of the convergent cells (measured 33%
    # and 35%) lie in the lower half of the scale, within a decade of the fastest.
    share = browser.evaluate(
        "(() => { const image = window.Bokeh.documents.at(-1).get_model_by_name('plane-image')"
        ".data_source.data.image[0]; const low = window.Bokeh.documents.at(-1)"
        ".get_model_by_name('plane-colors').low; let finite = 0, fast = 0;"
        " for (const v of image) if (Number.isFinite(v)) { finite++; if (v < 10 * low) fast++; }"
        " return fast / finite; })()"
    )
    assert share > 0.15


@pytest.mark.parametrize("name", methods.names())
def test_large_condition_number_legend_clear_of_the_optimum_and_titles_whole(
    browser, large_page, name
):
    _open_large(browser, large_page, name)
    layout = _layout(browser)
    plane = layout["plane"]
    frame, legend, optimum = plane["frame"], plane["legend"], plane["optimum"]
    radius = 10  # the star is 16 px across
    assert (
        frame["x0"] <= optimum["x"] <= frame["x1"] and frame["y0"] <= optimum["y"] <= frame["y1"]
    )
    apart = (
        optimum["x"] + radius < legend["x0"]
        or optimum["x"] - radius > legend["x1"]
        or optimum["y"] + radius < legend["y0"]
        or optimum["y"] - radius > legend["y1"]
    )
    assert apart, (optimum, legend)
    _check_titles(browser)
    _offline(browser, large_page)


@pytest.fixture(scope="module")
def atlas_page(tmp_path_factory):
    """A small page whose atlas layer is a 2 x 2 heavy-ball store with real proofs
    (``tests/atlas_stores.py``: certified, unstable, refuted and unknown cells)."""
    _require(importlib.util.find_spec("bokeh") is not None, "Bokeh is not installed")
    _require(find_chromium() is not None, "no Chromium (Debian: apt-get install chromium)")
    for extra in ("xarray", "zarr", "cvxpy"):  # the store, and the Lyapunov proof's solver
        pytest.importorskip(extra)
    from atlas_stores import write_proved_store

    from momentum_theory.explorer import explorer_data, write_explorer
    from momentum_theory.explorer.atlas import atlas_layer

    folder = tmp_path_factory.mktemp("explorer-atlas")
    store, proofs = write_proved_store(folder)
    data = explorer_data([(1.0, 25.0)], methods=["heavy_ball"], resolution=20, curve_resolution=40)
    path = write_explorer(folder / "atlas.html", data, "heavy_ball", atlas_layer([store]))
    return path, proofs


def _click_cell(browser: Chromium, row: int, column: int) -> dict:
    """A real click on the cell's centre; the layer's state and the elements it filled."""
    browser.evaluate("document.getElementById('atlas').scrollIntoView()")
    centre = browser.evaluate(f"window.explorerAtlas.cellCentre({row}, {column})")
    browser.click(centre["x"], centre["y"])
    ids = [
        "atlas-cell",
        "atlas-verdict",
        "atlas-rate",
        "atlas-rho",
        "atlas-P",
        "atlas-lambda-sector",
        "atlas-lambda-off-by-one",
        "atlas-period",
        "atlas-cycle-points",
        "atlas-h",
        "atlas-h-rate",
    ]
    return json.loads(
        browser.evaluate(
            "JSON.stringify({state: window.explorerAtlas.state(), "
            "kind: document.getElementById('atlas-proof').dataset.kind, "
            "json: document.getElementById('atlas-proof-json').textContent, "
            "text: document.getElementById('atlas-proof').textContent, "
            "cycle: document.querySelectorAll('#atlas-cycle circle').length, "
            f"values: Object.fromEntries({json.dumps(ids)}.map(id => [id, "
            "document.getElementById(id) && document.getElementById(id).dataset.value]))})"
        )
    )


def test_atlas_layer_shows_each_cells_verdict_and_proof(atlas_page):
    page, proofs = atlas_page
    with Chromium(width=1200, height=1100) as browser:
        _open(browser, page)
        _check_atlas_cells(browser, proofs)
        _offline(browser, page)


def _check_atlas_cells(browser: Chromium, proofs: dict) -> None:
    from fractions import Fraction

    from momentum_theory.proofs import check_proof

    assert browser.evaluate("document.getElementById('atlas').hidden") is False

    certified = _click_cell(browser, 0, 0)
    proof = proofs[0, 0]
    values = certified["values"]
    assert json.loads(values["atlas-cell"]) == [0, 0]
    assert values["atlas-verdict"] == "certified" and certified["kind"] == "lyapunov"
    assert json.loads(values["atlas-P"]) == proof["P"]  # the proof's rationals, as written
    assert values["atlas-rho"] == proof["rho"]
    assert values["atlas-lambda-sector"] == proof["lambda_sector"]
    assert values["atlas-lambda-off-by-one"] == proof["lambda_off_by_one"]
    assert float(values["atlas-rate"]) == float(Fraction(proof["rho"]))
    shown = json.loads(certified["json"])
    assert shown == {**proof, "cell": [0, 0]} == certified["state"]["proof"]
    # the file's line less its "cell" is the proof check_proof reads
    assert check_proof({k: v for k, v in shown.items() if k != "cell"}).passed

    refuted = _click_cell(browser, 1, 1)
    proof = proofs[1, 1]
    values = refuted["values"]
    assert values["atlas-verdict"] == "refuted" and refuted["kind"] == "cycle"
    assert values["atlas-period"] == "3"
    assert json.loads(values["atlas-cycle-points"]) == proof["x"]
    assert refuted["cycle"] == 2 * 3 + 1  # the iterates x_0, ..., x_6: the cycle twice
    assert json.loads(refuted["json"]) == {**proof, "cell": [1, 1]}

    unstable = _click_cell(browser, 0, 1)
    proof = proofs[0, 1]
    values = unstable["values"]
    assert values["atlas-verdict"] == "unstable" and unstable["kind"] == "quadratic"
    assert values["atlas-h"] == proof["h"]
    # the page's float root modulus against the package's exact kernel at the proof's h
    alpha, beta, h = (float(Fraction(proof[k])) for k in ("alpha", "beta", "h"))
    expected = float(methods.get("heavy_ball").spectral_radius(h, alpha=alpha, beta=beta))
    assert expected >= 1.0
    assert _relative(float(values["atlas-h-rate"]), expected) <= 1e-12
    assert check_proof({**proof}).passed and json.loads(unstable["json"]) == {
        **proof,
        "cell": [0, 1],
    }

    unknown = _click_cell(browser, 1, 0)
    assert unknown["values"]["atlas-verdict"] == "unknown" and unknown["kind"] == ""
    assert unknown["state"]["proof"] is None and "No proof" in unknown["text"]
