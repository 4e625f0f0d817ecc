"""The noise subject: its claims, its figure and its numbers.

Every claim must pass on the real code and fail when the quantity it checks is wrong (so
that no claim is vacuous); the cached results are frozen.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import noise, paper
from momentum_theory.paper import _cache
from momentum_theory.paper._claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.noise import claims as checks
from momentum_theory.paper.noise import frontiers as frontier_experiments
from momentum_theory.paper.noise import variance


@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_closed_form_check_fails_for_a_wrong_variance(monkeypatch):
    original = noise.family_variance
    monkeypatch.setattr(noise, "family_variance", lambda *a, **k: original(*a, **k) * (1 + 1e-9))
    with _cache.isolated():
        assert not checks.closed_form_equals_lyapunov().passed


def test_monte_carlo_check_fails_for_a_wrong_prediction(monkeypatch):
    from momentum_theory.methods import noise as method_noise

    original = method_noise.stationary_variance

    def inflated(*arguments, **keywords):
        return original(*arguments, **keywords) * 1.05

    monkeypatch.setattr(method_noise, "stationary_variance", inflated)
    with _cache.isolated():
        assert not checks.monte_carlo_intervals_contain_prediction().passed


def test_small_step_checks_fail_for_a_wrong_gap(monkeypatch):
    original = variance.small_step_equivalence.__wrapped__

    def shifted(*arguments, **keywords):
        import dataclasses

        result = original(*arguments, **keywords)
        return dataclasses.replace(result, gap=result.gap * 1.01)

    monkeypatch.setattr(variance, "small_step_equivalence", shifted)
    assert not checks.small_step_first_order().passed
    assert not checks.small_step_second_order_gap().passed


def test_paper_numbers_are_generated_for_every_case():
    names = [macro.name for macro in paper.subject("noise").macros()]
    assert len(names) == len(set(names))
    for tag in ("Gd", "Hb", "Nag", "TwoStep", "Qhm", "Torch", "TorchNesterov", "Dense"):
        assert f"NoiseMc{tag}Interval" in names
    assert "NoiseDataFloor" in names and "NoiseRatioSlowHb" in names


def test_figure_functions_return_what_they_drew():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory.paper.noise.figures import (
        plot_frontier,
        plot_frontier_figure,
        plot_frontier_ratios,
    )
    from momentum_theory.paper.noise.frontiers import frontiers

    study = frontiers()
    ax = plot_frontier(study, ("Nesterov",))
    assert [line.get_label() for line in ax.get_lines()][:1] == ["gradient descent"]
    ratios = plot_frontier_ratios(study)
    assert ratios.get_ylim()[1] == pytest.approx(2.0)
    figure = plot_frontier_figure(study)
    assert len(figure.axes) == 6
    heavy = figure.axes[0]
    shown = [line for line in heavy.get_lines() if line.get_label().startswith("heavy ball, ")]
    assert shown and np.all(shown[0].get_xdata() >= 0.8 * (1 - study.rates[-1]))
    plt.close("all")


@pytest.mark.parametrize(
    "experiment",
    [
        variance.lyapunov_agreement,
        variance.small_step_equivalence,
        frontier_experiments.frontiers,
    ],
)
def test_cached_results_are_frozen(experiment):
    assert_frozen(experiment())


# The paper's own equations, read from main.tex and checked with SymPy: the small-step gap
# must follow from the heavy-ball variance the paper states, and carry the units of a
# variance (sigma is a gradient: the units of h times a length; alpha h has none).
_MAIN = __import__("pathlib").Path(__file__).resolve().parents[2] / "paper" / "main.tex"
_SYMBOLS = {r"\alpha": "a", r"\beta": "b", r"\gamma": "g", r"\sigma": "s"}


def _latex_to_sympy(tex: str):
    """A SymPy expression from the small LaTeX subset the noise section writes formulas
    in: ``\\frac``, Greek letters, ``^``, implicit products; a trailing ``+ O(...)`` is
    dropped."""
    import sympy as sp

    tex = re.sub(r"\+\s*O\(.*$", "", tex.replace(r"\,", " ").replace(r"\tfrac", r"\frac"))
    while r"\frac" in tex:  # innermost first: the braces of a \frac hold no \frac
        tex = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", tex)
    for name, letter in _SYMBOLS.items():
        tex = tex.replace(name, f" {letter} ")
    tex = tex.replace("{", "(").replace("}", ")").replace("^", "**")
    assert re.fullmatch(r"[\sabgshx0-9+\-*/().]*", tex), tex
    tex = re.sub(r"\s+", " ", tex)
    while True:  # implicit products: 'a b', '2 h', ') (', 'h(', ')x'
        new = re.sub(r"([a-z0-9)])\s*([a-z(])", r"\1*\2", tex)
        new = re.sub(r"([a-z)])\s+([0-9])", r"\1*\2", new)
        if new == tex:
            break
        tex = new
    names = {letter: sp.Symbol(letter, positive=True) for letter in "abgshx"}
    return sp.sympify(tex, locals=names)


def test_latex_reader_reads_products_and_fractions():
    import sympy as sp

    a, b, h = sp.symbols("a b h", positive=True)
    read = _latex_to_sympy(r"-\frac{\beta x^2}{2h^2(1 - \beta)^2} + O(x^3)")
    x = sp.Symbol("x", positive=True)
    assert sp.simplify(read + b * x**2 / (2 * h**2 * (1 - b) ** 2)) == 0
    assert sp.simplify(_latex_to_sympy(r"\alpha h(1 + \beta)") - a * h * (1 + b)) == 0


def test_paper_small_step_gap_follows_from_its_own_heavy_ball_variance():
    import sympy as sp

    tex = " ".join(_MAIN.read_text(encoding="utf-8").split())
    section = tex[tex.index(r"\section{Gradient noise") : tex.index(r"\section{The network")]
    heavy = re.search(r"which for heavy ball is \$(.*?)\$", section).group(1)
    display = re.search(r"\\\[ \\frac\{V_\{\\mathrm\{HB\}\}.*?\} - 1 = (.*?) \\\]", section)
    gap = re.search(r"V_\{\\mathrm\{HB\}\} - V_\{\\mathrm\{GD\}\} = (.*?)\$", section).group(1)
    a, b, s, h, x = (sp.Symbol(n, positive=True) for n in "abshx")
    # 'p/q r' in the text means p/(q r): split at the one slash.
    variance = _latex_to_sympy(heavy.split("/")[0]) / _latex_to_sympy(heavy.split("/", 1)[1])
    # The heavy-ball form is the family's (the Lyapunov solution, derived independently).
    from momentum_theory import symbolic
    from momentum_theory.methods import noise_derivation as nd

    family = nd.family_variance_formula().subs(nd.gamma, 0)
    family = family.subs({symbolic.alpha: a, symbolic.beta: b, symbolic.h: h, nd.sigma: s})
    assert sp.cancel(variance - family) == 0
    plain = variance.subs(b, 0).subs(a, a / (1 - b))  # gradient descent at alpha/(1 - beta)
    relative = sp.cancel((variance / plain - 1).subs(a, x / h))
    exact, series = (_latex_to_sympy(part) for part in display.group(1).split(" = "))
    assert sp.cancel(exact - relative) == 0
    assert sp.cancel(series - sp.series(relative, x, 0, 3).removeO()) == 0
    absolute = sp.series((variance - plain).subs(a, x / h), x, 0, 3).removeO()
    stated = _latex_to_sympy(gap.split("/", 1)[0]) / _latex_to_sympy(gap.split("/", 1)[1])
    assert sp.cancel(stated - absolute) == 0
    # Units: h -> k h, sigma -> k sigma at fixed x leaves a variance (a length^2) unchanged.
    k = sp.Symbol("k", positive=True)
    assert sp.cancel(stated.subs({h: k * h, s: k * s}, simultaneous=True) - stated) == 0


def test_joint_test_fails_when_the_z_scores_are_too_large(monkeypatch):
    import dataclasses

    original = variance.joint_monte_carlo()
    inflated = dataclasses.replace(original, z_scores=original.z_scores * 2.0)
    monkeypatch.setattr(variance, "joint_monte_carlo", lambda: inflated)
    assert not checks.monte_carlo_joint_test().passed


def test_joint_test_is_scipys_chi_squared():
    # Equality to rounding with scipy.stats.chi2 (an independent implementation).
    from scipy.stats import chi2

    joint = variance.joint_monte_carlo()
    assert joint.z_scores.shape == (variance.JOINT_REPEATS, len(variance.CASES) + 1)
    statistic = float(np.sum(joint.z_scores**2))
    assert joint.statistic == pytest.approx(statistic, rel=1e-14)
    assert joint.p_value == pytest.approx(chi2.sf(statistic, joint.z_scores.size), rel=1e-10)
    first = joint.repetition(0)
    table = [check.z_score for check in variance.monte_carlo().checks]
    assert first[0] == pytest.approx(float(np.sum(np.square(table))), rel=1e-14)
    # The repetitions are independent: no two share a seed set.
    assert len({study.seed for study in joint.studies}) == len(joint.studies)


def test_gamma_gap_check_fails_when_the_middle_floor_is_not_nearer_qhms(monkeypatch):
    import dataclasses

    original = frontier_experiments.gamma_gap

    def moved(study):
        gap = original(study)
        return dataclasses.replace(gap, family_at_qhm_ratio=gap.two_step_ratio * 1.01)

    monkeypatch.setattr(frontier_experiments, "gamma_gap", moved)
    assert not checks.qhm_floor_gap_is_its_gamma().passed


def test_qhm_gamma_is_its_family_map():
    # Equality to rounding with QHM's family map written out, beta (1 - nu) / (1 - beta).
    study = frontier_experiments.frontiers()
    qhm = study.frontiers["QHM"].parameters
    beta, nu = float(qhm["beta"][-1]), float(qhm["nu"][-1])
    gap = frontier_experiments.gamma_gap(study)
    assert gap.qhm_gamma == pytest.approx(beta * (1 - nu) / (1 - beta), rel=1e-9)
    assert gap.family_at_qhm_rate == pytest.approx(gap.rate, rel=1e-7)
