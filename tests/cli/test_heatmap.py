"""``momentum-theory heatmap``: every method, its options, where outputs go, and refusals.

Success paths check the written grid against the methods layer; failure paths check that
the command exits 2 with one line naming the option and writes nothing. Grids are small
(``--resolution`` 6 to 30) so that each test runs in about a second.
"""

from __future__ import annotations

import hashlib
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import momentum_theory.plotting.heatmap as plotted
from momentum_theory import methods, spectral_radius, worst_case_rate
from momentum_theory.cli import main
from momentum_theory.methods import MethodGrid, method_grid

REPOSITORY = Path(__file__).resolve().parents[2]


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


@pytest.fixture
def drawn(monkeypatch):
    """Record the options each figure is drawn with (the drawing itself still runs)."""
    import momentum_theory.plotting as plotting

    calls = []
    original = plotting.plot_method_heatmap_figure

    def record(grid, **options):
        calls.append((grid, options))
        return original(grid, **options)

    monkeypatch.setattr(plotting, "plot_method_heatmap_figure", record)
    return calls


# -- heavy ball, as before ------------------------------------------------------------------


def test_heatmap_writes_png_and_grid_data(tmp_path, capsys):
    figure, data = tmp_path / "map.png", tmp_path / "grid.npz"
    status = _run(
        "heatmap", "--h", "2", "--resolution", "30", "--output", str(figure), "--data", str(data)
    )
    assert status == 0
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = np.load(data)
    expected = spectral_radius(saved["alpha"][np.newaxis, :], saved["beta"][:, np.newaxis], 2.0)
    np.testing.assert_array_equal(saved["rate"], expected)
    assert saved["alpha"].size == 30 and saved["alpha"][-1] < 2.2  # 0..4.4/h, cell centres
    assert {"L", "alpha", "beta", "mu", "rate", "h", "method"} <= set(saved)
    assert "30 x 30 grid" in capsys.readouterr().out


def test_heatmap_spectrum_pdf_and_csv(tmp_path):
    figure, data = tmp_path / "map.pdf", tmp_path / "grid.csv"
    status = _run(
        "heatmap",
        *("--mu", "1", "--L", "10", "--alpha-range", "0", "0.5", "--beta-range", "0.2", "0.9"),
        *("--resolution", "12", "--output", str(figure), "--data", str(data)),
    )
    assert status == 0
    assert figure.read_bytes()[:5] == b"%PDF-"
    assert data.read_text().splitlines()[0] == "alpha,beta,rate"
    table = np.loadtxt(data, delimiter=",", skiprows=1)  # the provenance lines are comments
    assert table.shape == (144, 3)
    assert table[:, 1].min() > 0.2 and table[:, 1].max() < 0.9
    np.testing.assert_array_equal(
        table[:, 2], worst_case_rate(table[:, 0], table[:, 1], mu=1.0, L=10.0)
    )


def test_heatmap_output_is_byte_identical_on_a_second_run(tmp_path):
    digests = []
    for name in ("one.png", "two.png"):
        assert _run("heatmap", "--resolution", "20", "--output", str(tmp_path / name)) == 0
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("arguments", "figure"), [([], "heatmap"), (["--mu", "1", "--L", "10"], "heatmap_spectrum")]
)
def test_default_heatmap_is_the_figure_the_registry_makes(tmp_path, arguments, figure):
    from momentum_theory import paper

    assert _run("heatmap", *arguments, "--output", str(tmp_path / "cli.png")) == 0
    paper.make_figure(paper.figure(figure), tmp_path)
    assert (tmp_path / "cli.png").read_bytes() == (tmp_path / f"{figure}.png").read_bytes()


# -- every method ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "method", "axes", "fixed"),
    [
        ([], "heavy_ball", ("alpha", "beta"), {}),
        (["--method", "nesterov"], "nesterov", ("alpha", "beta"), {}),
        (["--method", "two_step"], "two_step", ("alpha", "beta"), {"gamma": 0.0}),
        (
            ["--method", "two_step", "--x", "beta", "--y", "gamma", "--set", "alpha=0.5"],
            "two_step",
            ("beta", "gamma"),
            {"alpha": 0.5},
        ),
        (["--method", "qhm"], "qhm", ("alpha", "beta"), {"nu": 0.7}),
        (["--method", "qhm", "--set", "nu=0.3"], "qhm", ("alpha", "beta"), {"nu": 0.3}),
        (
            ["--method", "qhm", "--x", "nu", "--y", "alpha", "--set", "beta=0.9"],
            "qhm",
            ("nu", "alpha"),
            {"beta": 0.9},
        ),
        (
            ["--method", "pytorch_sgd", "--set", "nesterov=true", "--set", "weight_decay=0.01"],
            "pytorch_sgd",
            ("lr", "momentum"),
            {"nesterov": True, "weight_decay": 0.01, "dampening": 0.0},
        ),
        (
            ["--method", "pytorch_sgd", "--set", "dampening=0.5", "--set", "nesterov=No"],
            "pytorch_sgd",
            ("lr", "momentum"),
            {"nesterov": False, "dampening": 0.5, "weight_decay": 0.0},
        ),
    ],
)
def test_every_method_draws_its_grid_with_its_fixed_values(
    tmp_path, drawn, arguments, method, axes, fixed
):
    data = tmp_path / "grid.npz"
    options = ["--h", "3", "--resolution", "10", "--output", str(tmp_path / "m.png")]
    assert _run("heatmap", *arguments, *options, "--data", str(data)) == 0
    ((grid, _),) = drawn
    assert (grid.method, grid.x_name, grid.y_name) == (method, *axes)
    assert grid.fixed == {**grid.fixed, **fixed}
    saved = np.load(data)
    numeric = sorted(key for key in saved if saved[key].dtype.kind == "f")
    assert numeric == sorted([*axes, "rate", "mu", "L"])  # the rest is text: provenance
    again = method_grid(method, (axes[0], saved[axes[0]]), (axes[1], saved[axes[1]]), h=3.0,
                        **grid.fixed)  # fmt: skip
    np.testing.assert_array_equal(saved["rate"], again.rate)


@pytest.mark.parametrize(
    ("method", "fixed"),
    [
        ("heavy_ball", []),
        ("nesterov", []),
        ("two_step", ["--set", "gamma=0.5"]),
        ("qhm", ["--set", "nu=0.7"]),
        ("pytorch_sgd", ["--set", "dampening=0.5", "--set", "weight_decay=2"]),
        ("pytorch_sgd", ["--set", "nesterov=true"]),
    ],
)
def test_default_step_range_reaches_just_past_the_stable_region(tmp_path, method, fixed):
    data = tmp_path / "grid.npz"
    arguments = ["--method", method, *fixed, "--mu", "1", "--L", "4", "--resolution", "30"]
    arguments += ["--colour", "rate", "--axes", "plain"]
    with pytest.MonkeyPatch.context() as patch:  # the optimum is not what this is about
        patch.setattr(MethodGrid, "optimum_on_slice", lambda grid: None)
        patch.setattr(plotted, "optimum_off_slice", lambda grid: None)
        assert _run("heatmap", *arguments, "--output", str(tmp_path / "m.png"), "--data",
                    str(data)) == 0  # fmt: skip
    saved = np.load(data)
    converges = saved["rate"] < 1
    columns = np.flatnonzero(converges.any(axis=0))
    # Converging cells reach beyond 85% of the window (1.1 x the widest stable step) ...
    assert columns.max() >= 0.85 * converges.shape[1] - 1
    # ... and the last columns converge nowhere: the whole stable region is in the picture.
    assert not converges[:, -2:].any()


# -- ill-conditioned spectra: colour and axes ----------------------------------------------


def test_large_condition_numbers_draw_digits_over_scaled_axes(tmp_path, drawn):
    data = tmp_path / "grid.npz"
    arguments = ["--mu", "1", "--L", "1e4", "--resolution", "20", "--data", str(data)]
    assert _run("heatmap", *arguments, "--output", str(tmp_path / "m.png")) == 0
    ((_, options),) = drawn
    assert options == {"colour": "digits", "axes": "scaled"}
    saved = np.load(data)
    digits = -np.log10(1 - saved["beta"])  # evenly spaced: cells of equal height on the plot
    np.testing.assert_allclose(np.diff(digits), np.diff(digits)[0], rtol=1e-9)
    assert saved["beta"][0] > 0 and math.isclose(digits[-1] + digits[0], 3.0)  # to 0.999
    np.testing.assert_allclose(saved["alpha"][-1] + saved["alpha"][0], 2.2 * 1.999 / 1e4)


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--mu", "1", "--L", "10"], {"colour": "rate", "axes": "plain"}),
        (["--mu", "1", "--L", "100"], {"colour": "digits", "axes": "plain"}),
        (["--h", "1e4"], {"colour": "rate", "axes": "plain"}),  # one curvature: kappa = 1
        (["--mu", "1", "--L", "1e4", "--colour", "log-gap"],
         {"colour": "log-gap", "axes": "scaled"}),
        (["--mu", "1", "--L", "1e6", "--colour", "rate", "--axes", "plain"],
         {"colour": "rate", "axes": "plain"}),
        (["--h", "2", "--axes", "scaled", "--color", "digits"],
         {"colour": "digits", "axes": "scaled"}),
    ],
)  # fmt: skip
def test_colour_and_axes_options(tmp_path, drawn, arguments, expected):
    assert (
        _run("heatmap", *arguments, "--resolution", "8", "--output", str(tmp_path / "m.png")) == 0
    )
    assert drawn[0][1] == expected


def test_negative_momenta_are_drawn(tmp_path):
    data = tmp_path / "grid.csv"
    arguments = ["--beta-range", "-0.5", "0.5", "--mu", "1", "--L", "10", "--resolution", "10"]
    assert (
        _run("heatmap", *arguments, "--data", str(data), "--output", str(tmp_path / "m.png")) == 0
    )
    alpha, beta, rate = np.loadtxt(data, delimiter=",", skiprows=1).T
    assert beta.min() == pytest.approx(-0.45) and beta.max() == pytest.approx(0.45)
    np.testing.assert_array_equal(rate, worst_case_rate(alpha, beta, mu=1.0, L=10.0))
    assert alpha.max() < 2.2 * 1.5 / 10  # the widest stable step for beta up to 0.5


@pytest.mark.parametrize("h", ["1e-100", "1e100"])
def test_extreme_curvatures_in_range_draw_the_same_picture(tmp_path, h):
    data = tmp_path / "grid.npz"
    arguments = ["--h", h, "--resolution", "12", "--data", str(data)]
    assert _run("heatmap", *arguments, "--output", str(tmp_path / "m.png")) == 0
    saved = np.load(data)
    reference = spectral_radius(
        saved["alpha"][np.newaxis, :] * float(h), saved["beta"][:, np.newaxis], 1.0
    )
    np.testing.assert_allclose(saved["rate"], reference, rtol=1e-12, atol=1e-12)


# -- outputs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "name"),
    [([], "heatmap.png"), (["--method", "qhm"], "heatmap_qhm.png")],
)
def test_default_output_is_in_the_current_directory(tmp_path, monkeypatch, arguments, name):
    monkeypatch.chdir(tmp_path)
    assert _run("heatmap", *arguments, "--resolution", "6") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_missing_folders_are_created(tmp_path):
    figure, data = tmp_path / "a" / "b" / "map.png", tmp_path / "c" / "grid.csv"
    arguments = ["--resolution", "6", "--output", str(figure), "--data", str(data)]
    assert _run("heatmap", *arguments) == 0
    assert figure.is_file() and data.is_file()


def test_no_output_when_one_of_two_cannot_be_written(tmp_path, capsys):
    figure = tmp_path / "x.png"
    arguments = ["--output", str(figure), "--data", "/proc/momentum-theory/d.npz"]
    assert _run("heatmap", *arguments, "--resolution", "6") == 2
    (message,) = capsys.readouterr().err.strip().splitlines()
    assert "--data" in message and "cannot write" in message
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_takes_the_other_output_back(tmp_path, monkeypatch):
    import momentum_theory._io as io

    def broken(path, arrays, **keywords):
        raise OSError("disk full")

    monkeypatch.setattr(io, "save_arrays", broken)
    arguments = ["--output", str(tmp_path / "x.png"), "--data", str(tmp_path / "d.npz")]
    with pytest.raises(OSError, match="disk full"):
        _run("heatmap", *arguments, "--resolution", "6")
    assert list(tmp_path.iterdir()) == []


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["--beta-range", "0", "1.5"], "--beta-range"),
        (["--beta-range", "-1.5", "0.5"], "--beta-range"),
        (["--beta-range", "0.5", "0.5"], "--beta-range"),
        (["--beta-range", "0", "1", "--axes", "scaled"], "--beta-range"),
        (["--alpha-range", "1", "0.5"], "--alpha-range"),
        (["--alpha-range", "-1", "0.5"], "--alpha-range"),
        (["--alpha-range", "0", "1e308"], "--alpha-range"),
        (["--alpha-range", "1e-300", "2e-300"], "--alpha-range"),
        (["--x-range", "0", "1", "--alpha-range", "0", "1"], "--alpha-range"),
        (["--method", "pytorch_sgd", "--alpha-range", "0", "1"], "--alpha-range"),
        (["--method", "pytorch_sgd", "--y-range", "-0.5", "0.5"], "--y-range"),
        (["--resolution", "0"], "--resolution"),
        (["--resolution", "-5"], "--resolution"),
        (["--mu", "2", "--L", "1"], "--mu"),
        (["--mu", "1"], "--mu/--L"),
        (["--h", "1", "--mu", "1", "--L", "2"], "--h"),
        (["--h", "-1"], "--h"),
        (["--h", "nan"], "--h"),
        (["--h", "1e-308"], "--h"),
        (["--mu", "1", "--L", "1e300"], "--L"),
        (["--method", "adam"], "--method"),
        (["--method", "gradient_descent"], "--method"),
        (["--x", "gamma"], "--x"),
        (["--x", "beta", "--y", "beta"], "--y"),
        (["--method", "two_step", "--x", "beta", "--y", "gamma"], "--set"),  # alpha needed
        (["--set", "nu=0.5"], "--set"),
        (["--set", "beta=0.5"], "--set"),
        (["--set", "beta"], "--set"),
        (["--method", "qhm", "--set", "nu=x"], "--set"),
        (["--method", "qhm", "--set", "nu=0.5", "--set", "nu=0.6"], "--set"),
        (["--method", "pytorch_sgd", "--set", "nesterov=maybe"], "--set"),
        (["--method", "pytorch_sgd", "--set", "nesterov=1", "--set", "dampening=0.5"], "--set"),
        (["--method", "pytorch_sgd", "--set", "weight_decay=-1"], "--set"),
        (["--method", "qhm", "--set", "nu=1e300"], "--set"),
        (["--colour", "hue"], "--colour"),
        (["--axes", "log"], "--axes"),
        (["--output", "OUT/map.jpg"], "--output"),
        (["--data", "OUT/grid.xlsx"], "--data"),
        (["--output", "/proc/momentum-theory.png"], "--output"),
        (["--output", "/proc/momentum-theory/deeper/map.png"], "--output"),
        (["--output", "OUT"], "--output"),
    ],
)
def test_heatmap_bad_arguments_exit_2_name_the_option_and_write_nothing(
    tmp_path, capsys, arguments, option
):
    arguments = [a.replace("OUT", str(tmp_path)) for a in arguments]
    default_output = ["--output", str(tmp_path / "map.png")] if "--output" not in arguments else []
    small = ["--resolution", "6"] if "--resolution" not in arguments else []
    assert _run("heatmap", *arguments, *default_output, *small) == 2
    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1  # one line naming the option, not argparse's usage block
    assert option in message[0]
    assert list(tmp_path.iterdir()) == []


def test_refusals_name_the_allowed_values(capsys):
    for arguments, allowed in [
        (["--method", "adam"], "'heavy_ball', 'nesterov'"),
        (["--method", "qhm", "--x", "gamma"], "alpha, beta, nu"),
        (["--method", "qhm", "--set", "gamma=1"], "alpha, beta, nu"),
        (["--beta-range", "0", "2"], "-1 <= MIN < MAX <= 1"),
        (["--mu", "1", "--L", "1e300"], "float64"),
    ]:
        assert _run("heatmap", *arguments) == 2
        assert allowed in capsys.readouterr().err


@pytest.mark.slow
def test_help_explains_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "momentum_theory", "heatmap", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPOSITORY,
    )
    text = " ".join(result.stdout.split())
    for option in (
        *("--method", "--h", "--mu", "--L", "--x", "--y", "--set", "--x-range", "--y-range"),
        *("--alpha-range", "--beta-range", "--colour", "--axes", "--resolution", "--output"),
        "--data",
    ):
        assert option in text
    for name in methods.names():
        assert name in text
    assert "-1 <= MIN < MAX <= 1" in text
    assert "4.4/h for --h" in text  # not only "4.4/L"
    assert "heatmap.png in the current directory" in text


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("adir", "is a folder; give a file name ending in .png or .pdf"),
        ("nosuffix", "has no suffix; give a file name ending in .png or .pdf"),
    ],
)
def test_an_output_that_is_a_folder_or_has_no_suffix_is_named_as_such(
    tmp_path, capsys, target, words
):
    (tmp_path / "adir").mkdir()
    assert _run("heatmap", "--resolution", "6", "--output", str(tmp_path / target)) == 2
    error = capsys.readouterr().err
    assert words in error and "(none)" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]
    assert list((tmp_path / "adir").iterdir()) == []


def _csv_header(path: Path) -> dict[str, str]:
    """The ``# key: value`` lines below a CSV's column names, parsed independently."""
    header = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value
    return header


@pytest.mark.parametrize("suffix", [".npz", ".csv"])
def test_data_files_record_where_they_came_from(tmp_path, suffix):
    """Method, fixed parameters, spectrum, colour scale and version read back from the file."""
    import json

    import momentum_theory

    data = tmp_path / f"grid{suffix}"
    arguments = ["--method", "qhm", "--set", "nu=0.7", "--mu", "1", "--L", "100"]
    options = ["--resolution", "6", "--output", str(tmp_path / "map.png"), "--data", str(data)]
    assert _run("heatmap", *arguments, "--colour", "log-gap", *options) == 0
    if suffix == ".npz":
        with np.load(data) as archive:  # allow_pickle=False: text is stored as plain strings
            info = {key: str(archive[key]) for key in archive if archive[key].ndim == 0}
            assert archive["rate"].shape == (6, 6)
    else:
        info = _csv_header(data)
        table = np.genfromtxt(data, delimiter=",", names=True)  # comments skipped
        assert table.dtype.names == ("alpha", "beta", "rate") and table.shape == (36,)
    assert info["method"] == "qhm"
    assert (info["x_name"], info["y_name"]) == ("alpha", "beta")
    assert json.loads(info["fixed"]) == {"nu": 0.7}
    assert (float(info["mu"]), float(info["L"])) == (1.0, 100.0)
    assert "h" not in info
    assert (info["colour"], info["axes"]) == ("log-gap", "plain")
    assert info["momentum_theory_version"] == momentum_theory.__version__


def test_a_single_curvature_is_recorded_as_h_and_flags_as_flags(tmp_path):
    import json

    data = tmp_path / "grid.csv"
    arguments = ["--method", "pytorch_sgd", "--set", "nesterov=true", "--h", "2"]
    options = ["--resolution", "6", "--output", str(tmp_path / "map.png"), "--data", str(data)]
    assert _run("heatmap", *arguments, *options) == 0
    info = _csv_header(data)
    assert float(info["h"]) == 2.0 and "mu" not in info
    assert json.loads(info["fixed"])["nesterov"] is True


def _polyak(mu: float, L: float) -> dict[str, float]:
    """Polyak's optimal heavy ball for [mu, L], in closed form (Polyak 1964)."""
    root = math.sqrt(L / mu)
    return {
        "alpha": 4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2,
        "beta": ((root - 1) / (root + 1)) ** 2,
        "rate": (root - 1) / (root + 1),
    }


def test_an_optimum_off_the_slice_is_said_on_the_figure_and_the_terminal(
    tmp_path, monkeypatch, capsys, drawn
):
    """qhm at nu = 0.7 for [1, 100]: its optimum is heavy ball's (nu = 1, rate 9/11)."""
    from momentum_theory.methods import grid as grids

    polyak = _polyak(1.0, 100.0)
    optimum = {"alpha": polyak["alpha"] / (1 - polyak["beta"]), "beta": polyak["beta"], "nu": 1}

    def known(name, mu, L, given):  # the numerical optimum takes 25 s: its known value
        assert (name, mu, L) == ("qhm", 1.0, 100.0)
        return type("Optimum", (), {"parameters": optimum, "rate": polyak["rate"]})()

    monkeypatch.setattr(grids, "_optimum", known)
    figure = tmp_path / "qhm.png"
    arguments = ["--method", "qhm", "--set", "nu=0.7", "--mu", "1", "--L", "100"]
    assert _run("heatmap", *arguments, "--resolution", "30", "--output", str(figure)) == 0
    assert polyak["rate"] == pytest.approx(9 / 11)
    note = "optimum nu = 1, rate 0.818: off this slice (nu = 0.7)"
    assert note in capsys.readouterr().out
    import matplotlib.pyplot as plt

    ((grid, _),) = drawn
    ax = plotted.plot_method_heatmap(grid, colour="digits", legend="below")
    labels = ax.get_legend_handles_labels()[1]
    assert r"optimum $\nu$ = 1, rate 0.818: off this slice ($\nu$ = 0.7)" in labels
    (hollow,) = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert hollow.get_markerfacecolor() == "none"
    # The hollow star sits on the slice's fastest converging cell.
    converging = np.asarray(grid.converges())
    assert converging.any()
    row, column = np.unravel_index(
        np.argmin(np.where(converging, grid.rate, np.inf)), grid.rate.shape
    )
    np.testing.assert_allclose(hollow.get_xydata()[0], [grid.x[column], grid.y[row]])
    plt.close(ax.figure)
