"""The Lessard-Recht-Packard counterexample: the function, its exact cycles, the basin.

Equalities are exact (rational arithmetic) unless a tolerance is named; the function's
class (1-strongly convex, 25-smooth) is checked on a grid.
"""

from fractions import Fraction

import numpy as np
import pytest

from momentum_theory.beyond import counterexample as ce

POLYAK = (Fraction(1, 9), Fraction(4, 9))


def test_function_is_one_strongly_convex_and_25_smooth():
    """Bound: every difference quotient of the gradient lies in [1, 25]; equality: the
    objective's derivative is the gradient, f(0) = 0 is the minimum."""
    x = np.linspace(-5.0, 5.0, 20001)
    slopes = np.diff(ce.gradient(x)) / np.diff(x)
    assert slopes.min() >= 1 - 1e-9 and slopes.max() <= 25 + 1e-9
    centred = (ce.objective(x[2:]) - ce.objective(x[:-2])) / (x[2:] - x[:-2])
    smooth = np.all(np.abs(x[1:-1, None] - np.array(ce.BREAKPOINTS)) > 1e-3, axis=1)
    np.testing.assert_allclose(centred[smooth], ce.gradient(x[1:-1])[smooth], atol=1e-6)
    assert ce.objective(0.0) == 0.0 and ce.objective(x).min() == 0.0
    for breakpoint in ce.BREAKPOINTS:  # continuous
        below, above = np.nextafter(breakpoint, -np.inf), float(breakpoint)
        assert ce.objective(below) == pytest.approx(ce.objective(above), abs=1e-12)


def test_polyak_parameters_have_two_period_three_cycles_one_attracting():
    """Equality (exact): the cycles of period <= 6 at alpha = 1/9, beta = 4/9."""
    cycles = ce.limit_cycles(*POLYAK, max_period=6)
    assert [c.pieces for c in cycles] == [(0, 0, 1), (0, 0, 2)]
    unstable, stable = cycles
    assert stable.points == (Fraction(792, 1225), Fraction(-2208, 1225), Fraction(2592, 1225))
    assert unstable.points == (Fraction(792, 1367), Fraction(-2208, 1367), Fraction(2592, 1367))
    assert stable.attracting and not unstable.attracting
    # On pieces 0 and 2 the slope is 25, so the period map is A(25)^3: rate (2/3)^3.
    assert stable.multiplier == pytest.approx((2 / 3) ** 3, rel=1e-9)


@pytest.mark.parametrize("index", [0, 1])
def test_each_cycle_maps_to_itself_exactly(index):
    """Equality (exact rationals): one period of the map returns to the start, and every
    intermediate point is the cycle's."""
    cycle = ce.limit_cycles(*POLYAK)[index]
    path = ce.run_exact(cycle.points[0], 2 * cycle.period, *POLYAK, x_previous=cycle.points[-1])
    assert path == cycle.points * 2 + cycle.points[:1]


def test_run_from_33_tenths_is_captured_by_the_cycle():
    """Bound: after 40 exact steps from rest at 33/10 the deviation times the cycle's
    growth is below the distance to the breakpoints (so it converges to the cycle)."""
    stable = ce.limit_cycles(*POLYAK)[1]
    path = ce.run_exact(Fraction(33, 10), 40, *POLYAK)
    capture = ce.capture(path[-1], path[-2], stable, *POLYAK)
    assert capture.captured
    assert capture.deviation * capture.growth < float(stable.margin)
    floats = ce.run(3.3, 300)
    assert ce.distance_to_cycle(floats[-1], floats[-2], stable) < 1e-12


def test_double_precision_run_follows_the_exact_one():
    exact = ce.run_exact(Fraction(33, 10), 60, *POLYAK)
    floats = ce.run(float(Fraction(33, 10)), 60)
    assert max(abs(float(e) - f) for e, f in zip(exact, floats)) < 1e-12


def test_outcomes_separate_the_basin():
    cycles = ce.limit_cycles(*POLYAK)
    codes = ce.outcomes([3.3, 0.5, -8.0, 100.0], 600, cycles=cycles)
    assert codes.tolist()[:2] == [ce.CYCLES, ce.CONVERGES]
    assert set(codes.tolist()) <= {ce.CYCLES, ce.CONVERGES}


def test_gradient_descent_has_no_cycle_and_converges_everywhere():
    """A method certified for the class cannot cycle: gradient descent at 2/26."""
    assert ce.limit_cycles(Fraction(2, 26), 0) == ()
    counts = ce.persistent_starts(2 / 26, 0.0, np.linspace(-10, 10, 41), 400)
    assert int(counts) == 0


def test_gamma_cycles_are_exact_too():
    """The two-step family: a cycle found with gamma != 0 maps to itself exactly."""
    gamma = Fraction(1, 20)
    cycles = ce.limit_cycles(*POLYAK, gamma=gamma)
    assert cycles, "expected a cycle near Polyak's parameters"
    for cycle in cycles:
        path = ce.run_exact(
            cycle.points[0], cycle.period, *POLYAK, gamma=gamma, x_previous=cycle.points[-1]
        )
        assert path[-1] == cycle.points[0]
        assert cycle.gradient_points[0] == (1 + gamma) * cycle.points[0] - gamma * cycle.points[-1]


def test_persistent_starts_counts_the_polyak_cycle():
    counts = ce.persistent_starts(1 / 9, 4 / 9, np.linspace(3.0, 3.5, 11), 600)
    assert int(counts) > 0
