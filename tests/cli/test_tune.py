"""``momentum-theory tune``: the numbers against closed forms and scans, the matrix path,
strict JSON, and refusals (exit 2 and nothing on standard output; exit 1 when the problem
is not strongly convex).

References: Polyak's heavy-ball tuning and gradient descent's in closed form; Lessard,
Recht and Packard's optimal rate of Nesterov's family; the stability boundary of the family
in closed form (Jury's conditions) and by a brute-force scan of ``worst_case_rate``;
eigenvalues by ``numpy.linalg.eigvalsh``.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.cli import main
from momentum_theory.cli.tune import iterations_per_digit, stability_margin

HB = ["--method", "heavy_ball"]
SGD = ["--method", "pytorch_sgd"]
SPECTRUM = ["--mu", "1", "--L", "2"]


def _run(capsys, *arguments: str) -> tuple[int, str, str]:
    try:
        status = main(["tune", *arguments])
    except SystemExit as stop:
        status = stop.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _strict_json(text: str) -> dict:
    def refuse(constant):
        raise AssertionError(f"not strict JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def _polyak(mu: float, L: float) -> tuple[float, float, float]:
    alpha = 4.0 / (math.sqrt(L) + math.sqrt(mu)) ** 2
    root = (math.sqrt(L / mu) - 1.0) / (math.sqrt(L / mu) + 1.0)
    return alpha, root**2, root


# -- the numbers ----------------------------------------------------------------------------


def test_heavy_ball_against_polyak_and_gradient_descent_in_closed_form(capsys):
    status, out, err = _run(capsys, "--method", "heavy_ball", "--mu", "1", "--L", "100", "--json")
    assert status == 0 and err == ""
    report = _strict_json(out)
    alpha, beta, rate = _polyak(1.0, 100.0)  # 9/11
    assert report["parameters"]["alpha"] == pytest.approx(alpha, rel=1e-14)
    assert report["parameters"]["beta"] == pytest.approx(beta, rel=1e-14)
    assert report["rate"] == pytest.approx(rate, rel=1e-7)  # rho is sqrt-sensitive at the ends
    assert report["iterations_per_digit"] == pytest.approx(
        math.log(10) / -math.log(9 / 11), rel=1e-6
    )
    descent = report["gradient_descent"]
    assert descent["alpha"] == pytest.approx(2.0 / 101.0, rel=1e-14)
    assert descent["rate"] == pytest.approx(99.0 / 101.0, rel=1e-14)
    assert report["speedup"] == pytest.approx(
        math.log(9 / 11) / math.log(99 / 101), rel=1e-6
    )  # about 10
    # Heavy ball converges on h = L while alpha L < 2 (1 + beta) (Jury's test).
    margin = report["stability_margin"]
    assert margin["parameter"] == "alpha"
    assert margin["factor"] == pytest.approx(2.0 * (1.0 + beta) / (alpha * 100.0), rel=1e-11)
    assert margin["factor"] <= 2.0 * (1.0 + beta) / (alpha * 100.0)  # the stable side
    assert report["notes"] == {}


def test_text_output_shows_the_same_numbers(capsys):
    status, out, _ = _run(capsys, "--method", "heavy_ball", "--mu", "1", "--L", "100")
    assert status == 0
    assert "alpha = 0.0330579, beta = 0.669421" in out
    assert "rate           0.818182" in out
    assert "per digit      11.47 iterations" in out
    assert "speed-up       10x over the best gradient descent" in out
    assert "alpha may grow 1.01x" in out


def test_strict_json_writes_null_with_a_note(capsys):
    """mu = L: gradient descent's best rate is 0 (one step), so no ratio of iterations."""
    status, out, _ = _run(
        capsys, "--method", "gradient_descent", "--mu", "1", "--L", "1", "--json"
    )
    report = _strict_json(out)
    assert status == 0 and report["rate"] == 0.0 and report["iterations_per_digit"] == 0.0
    assert report["speedup"] is None and "one step" in report["notes"]["speedup"]
    assert report["stability_margin"]["factor"] == pytest.approx(2.0, rel=1e-11)  # alpha h < 2


def test_iterations_per_digit_ends():
    assert iterations_per_digit(0.1) == pytest.approx(1.0, rel=1e-15)
    assert iterations_per_digit(0.0) == 0.0 and iterations_per_digit(1.0) == math.inf


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("gradient_descent", {"alpha": 0.01}),
        ("heavy_ball", {"alpha": 0.02, "beta": 0.7}),
        ("nesterov", {"alpha": 0.01, "beta": 0.8}),
        ("two_step", {"alpha": 0.015, "beta": 0.8, "gamma": 0.3}),
        ("qhm", {"alpha": 0.1, "beta": 0.9, "nu": 0.7}),
        ("pytorch_sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.5}),
        ("pytorch_sgd", {"lr": 0.01, "momentum": 0.8, "nesterov": True}),
    ],
)
def test_stability_margin_against_a_scan_of_worst_case_rate(name, parameters):
    """The largest factor whose worst case stays below 1, on a grid of 40001 factors."""
    method = methods.get(name)
    full = {**method.defaults, **parameters}
    margin = stability_margin(method, mu=1.0, L=100.0, parameters=full)
    step = method.step.name
    factors = np.linspace(0.01, 2.0 * margin, 40001)
    rates = method.worst_case_rate(
        mu=1.0, L=100.0, **{**full, step: full[step] * factors[:, np.newaxis]}
    ).ravel()
    assert rates[0] < 1.0
    last_stable = factors[np.flatnonzero(rates < 1.0)[-1]]
    assert abs(margin - last_stable) <= factors[1] - factors[0]


def test_stability_margin_of_torch_nesterov_in_closed_form():
    """pytorch_sgd with Nesterov is the family (lr, m, m): stable at h while
    lr h < 2 (1 + m) / (1 + 2 m) (Jury's 1 + T + D > 0; |D| < 1 binds later)."""
    method = methods.get("pytorch_sgd")
    parameters = {**method.defaults, "lr": 0.01, "momentum": 0.8, "nesterov": True}
    margin = stability_margin(method, mu=1.0, L=100.0, parameters=parameters)
    assert margin == pytest.approx(2.0 * 1.8 / (2.6 * 0.01 * 100.0), rel=1e-11)


def test_a_step_that_never_destabilises_is_unbounded():
    """Past MAX_MARGIN (2^64) the margin is reported as inf: gradient descent with
    alpha = 1e-30 on [1, 1] stays stable up to alpha = 2, a factor 2e30."""
    method = methods.get("gradient_descent")
    assert stability_margin(method, mu=1.0, L=1.0, parameters={"alpha": 1e-30}) == math.inf


def test_an_unstable_setting_has_a_margin_below_1():
    method = methods.get("heavy_ball")
    margin = stability_margin(method, mu=1.0, L=100.0, parameters={"alpha": 0.05, "beta": 0.5})
    assert margin == pytest.approx(2.0 * 1.5 / (0.05 * 100.0), rel=1e-11)  # 0.6


# -- --set ----------------------------------------------------------------------------------


def test_set_nesterov_reaches_lessard_recht_packards_rate(capsys):
    status, out, _ = _run(
        capsys,
        "--method",
        "pytorch_sgd",
        "--mu",
        "1",
        "--L",
        "100",
        "--set",
        "nesterov=true",
        "--json",
    )
    report = _strict_json(out)
    assert status == 0 and report["fixed"] == {"nesterov": True}
    assert report["parameters"]["nesterov"] is True
    # The optimal rate of Nesterov's family on quadratics: 1 - 2 / sqrt(3 kappa + 1).
    assert report["rate"] == pytest.approx(1.0 - 2.0 / math.sqrt(301.0), abs=1e-6)
    assert report["rate"] == pytest.approx(
        float(methods.get("pytorch_sgd").worst_case_rate(mu=1.0, L=100.0, **report["parameters"])),
        rel=1e-15,
    )


def test_set_dampening_scales_the_learning_rate(capsys):
    """Dampening tau multiplies the family step by 1 - tau: the best lr is 1/(1 - tau) times
    Polyak's alpha, the rate Polyak's."""
    status, out, _ = _run(
        capsys,
        "--method",
        "pytorch_sgd",
        "--mu",
        "1",
        "--L",
        "100",
        "--set",
        "dampening=0.5",
        "--json",
    )
    report = _strict_json(out)
    alpha, beta, rate = _polyak(1.0, 100.0)
    assert status == 0 and report["parameters"]["dampening"] == 0.5
    assert report["rate"] == pytest.approx(rate, abs=1e-6)
    assert report["parameters"]["lr"] == pytest.approx(2.0 * alpha, rel=1e-3)
    assert report["parameters"]["momentum"] == pytest.approx(beta, rel=1e-3)


def test_set_momentum_and_nesterov_gives_the_best_lr(capsys):
    """The question PyTorch users bring: momentum 0.9 with Nesterov, which lr?"""
    status, out, _ = _run(
        capsys,
        "--method",
        "pytorch_sgd",
        "--mu",
        "1",
        "--L",
        "100",
        "--set",
        "momentum=0.9",
        "--set",
        "nesterov=true",
        "--json",
    )
    assert status == 0
    report = _strict_json(out)
    assert report["parameters"]["momentum"] == 0.9 and report["parameters"]["nesterov"] is True
    sgd = methods.get("pytorch_sgd")
    lrs = np.linspace(1e-5, 0.03, 30001)
    rates = sgd.worst_case_rate(mu=1.0, L=100.0, lr=lrs, momentum=0.9, nesterov=True)
    best = int(np.argmin(rates))
    assert report["rate"] <= rates[best] + 1e-12
    assert abs(report["parameters"]["lr"] - lrs[best]) <= 2 * (lrs[1] - lrs[0])


# -- a matrix -------------------------------------------------------------------------------


def test_least_squares_matrix_tunes_for_the_safe_bounds(tmp_path, capsys):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 8)) * np.geomspace(1.0, 10.0, 8)
    np.save(tmp_path / "X.npy", X)
    status, out, _ = _run(
        capsys,
        "--method",
        "heavy_ball",
        "--matrix",
        str(tmp_path / "X.npy"),
        "--least-squares",
        "--json",
    )
    report = _strict_json(out)
    exact = np.linalg.eigvalsh(2.0 * X.T @ X / 200)
    spectrum = report["spectrum"]
    assert status == 0 and spectrum["solver"] == "svd" and spectrum["samples"] == 200
    assert spectrum["mu"] <= exact[0] and exact[-1] <= spectrum["L"]
    alpha, beta, _ = _polyak(spectrum["mu"], spectrum["L"])
    assert report["parameters"]["alpha"] == pytest.approx(alpha, rel=1e-14)
    assert report["parameters"]["beta"] == pytest.approx(beta, rel=1e-14)
    # half-mse halves the Hessian: Polyak's alpha doubles, beta stays.
    _, out, _ = _run(
        capsys,
        "--method",
        "heavy_ball",
        "--matrix",
        str(tmp_path / "X.npy"),
        "--least-squares",
        "--loss",
        "half-mse",
        "--json",
    )
    half = _strict_json(out)
    assert half["parameters"]["alpha"] == pytest.approx(2.0 * alpha, rel=1e-14)
    assert half["parameters"]["beta"] == pytest.approx(beta, rel=1e-14)


def test_hessian_file_with_ridge_in_text(tmp_path, capsys):
    import scipy.io
    import scipy.sparse

    matrix = scipy.sparse.diags([np.linspace(0.0, 9.0, 10)], [0])
    scipy.io.mmwrite(tmp_path / "h.mtx", matrix)
    status, out, _ = _run(
        capsys, "--method", "nesterov", "--matrix", str(tmp_path / "h.mtx"), "--ridge", "1"
    )
    assert status == 0
    assert "the given Hessian + 1 I (ridge), d = 10" in out
    assert "eigenvalues    smallest 1.0, largest 10.0 (eigvalsh)" in out
    assert "safe bounds    mu >= 0.99999999" in out and "L <= 10.000000000" in out


@pytest.mark.parametrize("as_json", [False, True])
def test_rank_deficient_data_is_refused_with_exit_1(tmp_path, capsys, as_json):
    X = np.column_stack([np.arange(6.0), np.arange(6.0), np.ones(6)])  # two equal columns
    np.save(tmp_path / "X.npy", X)
    arguments = ["--method", "heavy_ball", "--matrix", str(tmp_path / "X.npy"), "--least-squares"]
    status, out, err = _run(capsys, *arguments, *(["--json"] if as_json else []))
    assert status == 1
    assert "not strongly convex" in err and "--ridge" in err
    if as_json:
        report = _strict_json(out)
        assert report["spectrum"]["mu"] == 0.0 and report["parameters"] is None
        assert "not strongly convex" in report["notes"]["parameters"]
    else:
        assert "safe bounds    mu >= 0.0," in out and "not strongly convex" in out
    # The same data with a ridge is strongly convex and tuned.
    status, out, _ = _run(capsys, *arguments, "--ridge", "0.01", "--json")
    assert status == 0 and _strict_json(out)["spectrum"]["mu"] == pytest.approx(0.01, rel=1e-9)


def test_a_spectrum_beyond_float64_is_refused_with_exit_1(tmp_path, capsys):
    X = np.column_stack([np.linspace(-1.0, 1.0, 50), 1e-7 * np.cos(np.arange(50.0))])
    np.save(tmp_path / "X.npy", X)
    arguments = ["--method", "nesterov", "--matrix", str(tmp_path / "X.npy"), "--least-squares"]
    status, out, err = _run(capsys, *arguments)
    assert status == 1 and "is beyond 1e+12" in err and "safe bounds" in out


def test_an_eigensolver_that_does_not_converge_exits_1(tmp_path, capsys, monkeypatch):
    import momentum_theory.hessian

    def fails(*arguments, **options):
        raise RuntimeError("Lanczos (eigsh) did not converge for the smallest eigenvalue")

    monkeypatch.setattr(momentum_theory.hessian, "spectrum_of", fails)
    np.save(tmp_path / "h.npy", np.eye(2))
    status, out, err = _run(capsys, "--method", "nesterov", "--matrix", str(tmp_path / "h.npy"))
    assert status == 1 and out == "" and "did not converge" in err


def test_weight_decay_shifts_the_gradient_descent_baseline(capsys):
    """With weight decay 1, SGD minimises f + |x|^2 / 2, spectrum [2, 101]: the baseline is
    gradient descent's best rate there, (101 - 2) / (101 + 2)."""
    status, out, _ = _run(
        capsys, *SGD, "--mu", "1", "--L", "100", "--set", "weight_decay=1", "--json"
    )
    report = _strict_json(out)
    assert status == 0 and report["parameters"]["weight_decay"] == 1.0
    assert report["gradient_descent"]["rate"] == pytest.approx(99.0 / 103.0, rel=1e-14)
    assert report["rate"] == pytest.approx(_polyak(2.0, 101.0)[2], abs=1e-6)


# -- refusals: exit 2, one line, nothing on standard output ------------------------------------


def _files(folder):
    np.save(folder / "square.npy", np.eye(3))
    np.save(folder / "wide.npy", np.ones((3, 2)))
    np.save(folder / "skew.npy", np.array([[1.0, 2.0], [0.0, 1.0]]))
    np.save(folder / "nan.npy", np.array([[1.0, np.nan], [np.nan, 1.0]]))
    np.savez(folder / "two.npz", a=np.eye(2), b=np.eye(2))
    (folder / "h.csv").write_text("1\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--mu", "1", "--L", "10"], "the following arguments are required: --method"),
        (["--method", "heavy_ball"], "--mu/--L: give the spectrum"),
        ([*HB, "--mu", "1"], "--mu/--L: give both ends"),
        ([*HB, "--mu", "2", "--L", "1"], "--mu: must be at most --L"),
        ([*HB, "--mu", "1", "--L", "1e13"], r"--L: L/mu = 1e\+13 is beyond"),
        ([*HB, "--mu", "0", "--L", "1"], "must be positive"),
        (["--method", "nope", "--mu", "1", "--L", "2"], "--method: invalid choice"),
        ([*HB, *SPECTRUM, "--least-squares"], "--least-squares: applies to --matrix"),
        ([*HB, *SPECTRUM, "--ridge", "1"], "--ridge: applies to --matrix"),
        ([*HB, "--matrix", "square.npy", "--mu", "1"], "--matrix: give either"),
        ([*HB, "--matrix", "square.npy", "--loss", "mse"], "--loss: applies to --least-squares"),
        ([*HB, "--matrix", "square.npy", "--ridge", "-1"], "--ridge: must be non-negative"),
        ([*HB, "--matrix", "missing.npy"], "--matrix: no such file"),
        ([*HB, "--matrix", "h.csv"], "--matrix: unknown format '.csv'"),
        ([*HB, "--matrix", "two.npz"], "--matrix: 'two.npz' holds 2 arrays"),
        ([*HB, "--matrix", "skew.npy"], "--matrix: matrix must be symmetric"),
        ([*HB, "--matrix", "wide.npy"], "must be square .*--least-squares"),
        ([*HB, "--matrix", "nan.npy"], "--matrix: matrix must be finite"),
        ([*HB, *SPECTRUM, "--set", "beta"], "--set: expected NAME=VALUE"),
        ([*HB, *SPECTRUM, "--set", "lr=1"], "heavy_ball has no parameter 'lr'"),
        ([*SGD, *SPECTRUM, "--set", "nesterov=maybe"], "nesterov must be true or false"),
        ([*SGD, *SPECTRUM, "--set", "dampening=nan"], "--set: dampening: expected a finite"),
        (
            [*SGD, *SPECTRUM, "--set", "weight_decay=-1"],
            "--set: weight_decay must be non-negative",
        ),
        (
            [*SGD, *SPECTRUM, "--set", "dampening=0.1", "--set", "dampening=0.2"],
            "dampening is set twice",
        ),
        (
            [*SGD, *SPECTRUM, "--set", "nesterov=true", "--set", "dampening=0.5"],
            "--set: nesterov=True needs momentum > 0 and dampening == 0",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_no_output(
    tmp_path, capsys, monkeypatch, arguments, message
):
    import re

    _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, err = _run(capsys, *arguments)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and re.search(message, err), err


def test_help_lists_tune(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0 and "tune" in capsys.readouterr().out


def test_readme_example_is_what_the_command_prints(tmp_path, capsys, monkeypatch):
    """The README's diabetes run, redone: the same lines, the full-precision eigenvalues and
    bounds to 1e-12 (their last digits follow LAPACK's kernel), the rest digit for digit."""
    import re
    from pathlib import Path

    datasets = pytest.importorskip("sklearn.datasets")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    command = "$ momentum-theory tune --method pytorch_sgd --matrix diabetes.npy --least-squares\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    X = datasets.load_diabetes().data
    np.save(tmp_path / "diabetes.npy", (X - X.mean(0)) / X.std(0))
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(
        capsys, "--method", "pytorch_sgd", "--matrix", "diabetes.npy", "--least-squares"
    )
    assert status == 0
    expected = [line.strip() for line in shown.strip().splitlines()]
    printed = [line.strip() for line in out.strip().splitlines()]
    assert len(printed) == len(expected)
    number = r"\d+\.\d{8,}"
    for got, want in zip(printed, expected):
        assert re.sub(number, "#", got) == re.sub(number, "#", want)
        for a, b in zip(re.findall(number, got), re.findall(number, want)):
            assert float(a) == pytest.approx(float(b), rel=1e-12)


@pytest.mark.solver
def test_beyond_certifies_heavy_ball_tuned_for_kappa_10(capsys):
    """Bound: a rate certified over S(mu, L) is at least the quadratic worst case (the class
    holds the quadratics) and below 1; its exact and decimal forms agree."""
    pytest.importorskip("cvxpy")
    status, out, _ = _run(
        capsys, "--method", "heavy_ball", "--mu", "1", "--L", "10", "--beyond", "--json"
    )
    report = _strict_json(out)
    beyond = report["beyond"]
    assert status == 0 and beyond["status"] == "certified"
    assert report["rate"] <= beyond["rate"] < 1
    numerator, denominator = (int(part) for part in beyond["rate_exact"].split("/"))
    assert beyond["rate"] == numerator / denominator
    assert "Lyapunov" in beyond["searched"]


@pytest.mark.solver
def test_beyond_refutes_polyaks_heavy_ball_at_kappa_100(capsys):
    """two_step's optimum on [1, 100] is Polyak's heavy ball (gamma = 0), which cycles on a
    function of S(1, 100) (Goujaud, Taylor and Dieuleveut 2025): refuted, in the text too."""
    pytest.importorskip("cvxpy")
    status, out, _ = _run(capsys, "--method", "two_step", "--mu", "1", "--L", "100", "--beyond")
    assert status == 0
    assert "beyond         refuted over every mu-strongly convex" in out


def test_beyond_without_the_extra_exits_2_before_computing(capsys, monkeypatch):
    from momentum_theory.cli import tune

    monkeypatch.setattr(tune, "pep_available", lambda: False)
    status, out, err = _run(capsys, "--method", "heavy_ball", "--mu", "1", "--L", "10", "--beyond")
    assert status == 2 and out == "" and "extra 'pep'" in err
