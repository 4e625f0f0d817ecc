"""The 2-D comparison subject against plain loops and exact arithmetic; its claims, which
fail when what they check is wrong.

Each test says whether it checks an equality (a stated relative tolerance) or a bound.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import sympy as sp
from frozen import assert_frozen

from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.comparison2d import claims
from momentum_theory.paper.comparison2d.experiments import (
    STARTS,
    compare_2d,
    compare_2d_settings,
    comparisons,
    hand_picked_setting,
    objective,
    principled_setting,
)


def plain_loop(alpha: float, beta: float, start: tuple[float, float], steps: int) -> list:
    """Heavy ball on x^2 + 10 y^2 from rest, gradient (2x, 20y) written out by hand."""
    x, y = start
    px, py = x, y
    points = [(x, y)]
    for _ in range(steps):
        x, y, px, py = (
            x - alpha * 2 * x + beta * (x - px),
            y - alpha * 20 * y + beta * (y - py),
            x,
            y,
        )
        points.append((x, y))
    return points


def test_principled_parameters_are_the_exact_optima():
    # Equality (rel 1e-15) with sympy's exact values for the spectrum [2, 20].
    setting = principled_setting()
    mu, L = sp.Integer(2), sp.Integer(20)
    alpha = 4 / (sp.sqrt(L) + sp.sqrt(mu)) ** 2
    beta = ((sp.sqrt(L) - sp.sqrt(mu)) / (sp.sqrt(L) + sp.sqrt(mu))) ** 2
    assert math.isclose(setting.gradient_descent_alpha, 1 / 11, rel_tol=1e-15)
    assert math.isclose(setting.alpha, float(alpha), rel_tol=1e-15)
    assert math.isclose(setting.beta, float(beta), rel_tol=1e-14)


@pytest.mark.parametrize("setting", [principled_setting(), hand_picked_setting()])
def test_trajectories_equal_a_plain_loop(setting):
    result = compare_2d(setting)
    assert len(result.runs) == 4
    for run in result.runs:
        expected = np.array(plain_loop(run.alpha, run.beta, run.start, 15))
        assert run.trajectory.shape == (16, 2)
        # Equality (rel 1e-15; the same operations in the same order).
        np.testing.assert_allclose(run.trajectory, expected, rtol=1e-15, atol=0)
        assert math.isclose(run.measured, math.hypot(*expected[-1]), rel_tol=1e-15)
        # Equality (rel 1e-13): the closed-form prediction p_15(h) times the start.
        assert run.relative_error <= 1e-13
        assert math.isclose(run.predicted, run.measured, rel_tol=1e-13)


def test_methods_and_parameters_per_run():
    setting = hand_picked_setting()
    result = compare_2d(setting)
    gd = result.run("gradient descent", STARTS[0])
    hb = result.run("heavy ball", STARTS[1])
    assert (gd.alpha, gd.beta) == (0.05, 0.0)
    assert (hb.alpha, hb.beta) == (0.05, 0.8)
    with pytest.raises(KeyError):
        result.run("adam", STARTS[0])


@pytest.mark.parametrize("setting", [principled_setting(), hand_picked_setting()])
def test_momentum_ends_closer_from_both_starts(setting):
    result = compare_2d(setting)
    for start in STARTS:
        # Bound: heavy ball's distance after 15 steps is below gradient descent's.
        assert (
            result.run("heavy ball", start).measured
            < result.run("gradient descent", start).measured
        )
    assert result.momentum_advantage < 1


def test_principled_distances_match_the_closed_form_rates():
    # GD with alpha = 1/11 multiplies both coordinates by -/+ 9/11 each step, exactly:
    # distance = (9/11)^15 * sqrt(10^2 + 1^2) (equality, rel 1e-14).
    result = compare_2d(principled_setting())
    expected = (9 / 11) ** 15 * math.hypot(10, 1)
    assert math.isclose(
        result.run("gradient descent", STARTS[0]).measured, expected, rel_tol=1e-14
    )
    assert math.isclose(result.run("gradient descent", STARTS[0]).rate, 9 / 11, rel_tol=1e-14)


def test_starts_are_mirror_images():
    # Equality (exact): f is even, so the run from -z0 is minus the run from z0.
    result = compare_2d()
    for method in ("gradient descent", "heavy ball"):
        np.testing.assert_array_equal(
            result.run(method, STARTS[0]).trajectory, -result.run(method, STARTS[1]).trajectory
        )


def test_objective_and_settings_helper():
    assert float(objective(10.0, 1.0)) == 110.0
    names = [result.setting.name for result in compare_2d_settings(steps=3)]
    assert names == ["principled", "hand-picked"]


@pytest.mark.parametrize(
    ("keywords", "name"),
    [
        ({"steps": -1}, "steps"),
        ({"steps": 1.5}, "steps"),
        ({"starts": ((1.0, 2.0, 3.0),)}, "starts"),
        ({"starts": ((np.nan, 1.0),)}, "starts"),
    ],
)
def test_compare_2d_rejects_bad_input(keywords, name):
    with pytest.raises(ValueError, match=name):
        compare_2d(**keywords)


def test_figure_has_final_distances_in_the_legend():
    import matplotlib

    matplotlib.use("Agg")
    from momentum_theory.paper.comparison2d.figures import plot_comparison_2d

    result = compare_2d()
    texts = [t.get_text() for t in plot_comparison_2d(result).get_legend().get_texts()]
    for run, text in zip(result.runs, texts):
        assert f"{run.measured:.3g}" in text and run.method in text


@pytest.mark.parametrize("check", claims_in(claims), ids=lambda c: c.__name__)
def test_claims_pass(check):
    result = check()
    assert result.passed, result


def test_closed_form_claim_fails_when_a_distance_is_off(monkeypatch):
    """Distances 1e-9 off the closed form: above the quoted bound, so the claim fails."""
    principled, hand = comparisons()
    shifted = tuple(
        dataclasses.replace(
            result,
            runs=tuple(dataclasses.replace(r, relative_error=1e-9) for r in result.runs),
        )
        for result in (principled, hand)
    )
    monkeypatch.setattr(claims, "comparisons", lambda: shifted)
    assert not claims.comparison_2d_matches_closed_form().passed


def test_the_cached_comparisons_are_frozen():
    assert_frozen(comparisons())
