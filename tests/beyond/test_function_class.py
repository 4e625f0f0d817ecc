"""The PEP worst case over every mu-strongly convex, L-smooth function (PEPit).

Equalities are to the solver's accuracy (``SOLVER_RTOL``, relative); bounds say so. Needs
the optional extra ``pep``; without it the module is skipped (the message path is tested
in tests/beyond/test_pep.py).
"""

import itertools
import math
import warnings

import pytest

pytest.importorskip("PEPit")
pytest.importorskip("cvxpy")

from momentum_theory import methods
from momentum_theory.beyond.function_class import GAP, smooth_strongly_convex_worst_case
from momentum_theory.transients.worst_case import worst_case_error

# Solver results move with the BLAS kernel: .ci/run also runs these under several.
pytestmark = pytest.mark.solver

# Clarabel's relative accuracy on these problems (observed: below 1e-7 for n <= 10).
SOLVER_RTOL = 1e-6
MU, L = 1.0, 25.0
POLYAK = (1 / 9, 4 / 9)


@pytest.mark.parametrize("steps", [1, 3])
def test_gradient_descent_worst_case_is_the_quadratic_one(steps):
    """Equality: for gradient descent the class is no worse than quadratics,
    max(|1 - alpha mu|, |1 - alpha L|)^(2n) (Taylor, Hendrickx, Glineur 2017)."""
    for alpha in (2 / (MU + L), 1 / L):
        result = smooth_strongly_convex_worst_case(alpha, 0.0, mu=MU, L=L, steps=steps)
        exact = max(abs(1 - alpha * MU), abs(1 - alpha * L)) ** (2 * steps)
        assert result.status == "optimal" and result.accurate
        assert result.value == pytest.approx(exact, rel=SOLVER_RTOL)
        assert result.primal == pytest.approx(exact, rel=SOLVER_RTOL)


def test_heavy_ball_gap_to_quadratics_grows_at_polyak_parameters():
    """Equality at n = 1 (a gradient step), then a bound that grows: PEP / quadratic > 1
    and increasing in n."""
    ratios = []
    for n in (1, 2, 4, 6):
        pep = worst_case_error(
            *POLYAK, mu=MU, L=L, steps=n, function_class="smooth_strongly_convex"
        )
        quadratic = worst_case_error(*POLYAK, mu=MU, L=L, steps=n)
        assert pep.status == "optimal" and pep.function_class == "smooth_strongly_convex"
        ratios.append(pep.value / quadratic.value)
    assert ratios[0] == pytest.approx(1.0, rel=SOLVER_RTOL)
    assert all(later > earlier for earlier, later in itertools.pairwise(ratios))
    assert ratios[-1] > 5


@pytest.mark.parametrize(
    ("name", "tuning"), [("two_step", "triple_momentum"), ("nesterov", "textbook")]
)
def test_two_step_family_dominates_its_quadratic_worst_case(name, tuning):
    """Bound: quadratics are in the class (gamma != 0)."""
    method = methods.get(name)
    family = method.family(**method.tuning(tuning, mu=MU, L=10.0).parameters)
    a, b, g = float(family.alpha), float(family.beta), float(family.gamma)
    for n in (2, 4):
        pep = worst_case_error(
            a, b, mu=MU, L=10.0, steps=n, gamma=g, function_class="smooth_strongly_convex"
        )
        quadratic = worst_case_error(a, b, mu=MU, L=10.0, steps=n, gamma=g)
        assert pep.gamma == g
        assert pep.value >= quadratic.value * (1 - SOLVER_RTOL)


def test_zero_steps_is_the_initial_condition():
    assert smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=0).value == pytest.approx(
        1.0
    )


def test_every_solve_at_polyak_parameters_is_accurate_after_retries():
    """The solves pep_gap and the paper rely on (kappa = 25, n = 1..10) are accurate under
    every OpenBLAS kernel .ci/run tries; at n = 7 Clarabel is inaccurate under some, and
    the retry (SCS) is accurate. Bound: at least the quadratic worst case."""
    for n in range(1, 11):
        result = smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=n)
        assert result.accurate, result.attempts
        assert result.attempts[-1] == f"{result.solver}: optimal"
        assert abs(result.value - result.primal) <= GAP * result.value
        assert result.value >= worst_case_error(*POLYAK, mu=MU, L=L, steps=n).value * (
            1 - SOLVER_RTOL
        )


def test_an_inaccurate_solve_is_retried_with_the_next_solver(monkeypatch):
    """Clarabel made to report optimal_inaccurate: SCS answers, and both attempts are
    reported; the value agrees with Clarabel's accurate one (independent solvers)."""
    import cvxpy

    exact = smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=3)
    original = cvxpy.Problem.solve

    def clarabel_inaccurate(self, *args, **kwargs):
        value = original(self, *args, **kwargs)
        if kwargs.get("solver") == "CLARABEL":
            self._status = "optimal_inaccurate"
        return value

    monkeypatch.setattr(cvxpy.Problem, "solve", clarabel_inaccurate)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an accurate retry warns about nothing
        result = smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=3)
    assert result.accurate and result.solver == "SCS"
    assert result.attempts == ("CLARABEL: optimal_inaccurate", "SCS: optimal")
    assert result.value == pytest.approx(exact.value, rel=SOLVER_RTOL)


def test_a_failed_solve_returns_nan_with_its_status_and_a_warning():
    with pytest.warns(RuntimeWarning, match="failed"):
        result = smooth_strongly_convex_worst_case(
            *POLYAK, mu=MU, L=L, steps=2, solver="NO_SUCH_SOLVER"
        )
    assert math.isnan(result.value) and math.isnan(result.primal)
    assert result.status.startswith("error") and not result.accurate


def test_an_inaccurate_solve_says_so(monkeypatch):
    """A status other than optimal is reported and warned about, never silently used."""
    import cvxpy

    original = cvxpy.Problem.solve

    def inaccurate(self, *args, **kwargs):
        value = original(self, *args, **kwargs)
        self._status = "optimal_inaccurate"
        return value

    monkeypatch.setattr(cvxpy.Problem, "solve", inaccurate)
    with pytest.warns(RuntimeWarning, match="optimal_inaccurate"):
        result = smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=2)
    assert result.status == "optimal_inaccurate" and not result.accurate
    assert math.isfinite(result.value)
    assert result.attempts == ("CLARABEL: optimal_inaccurate", "SCS: optimal_inaccurate")


def test_bad_input_is_refused_before_solving():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="mu must be at most L"):
            smooth_strongly_convex_worst_case(*POLYAK, mu=30.0, L=L, steps=2)
        with pytest.raises(ValueError, match="steps"):
            smooth_strongly_convex_worst_case(*POLYAK, mu=MU, L=L, steps=-1)
