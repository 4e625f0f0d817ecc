r"""The worst case after :math:`n` steps over all :math:`\mu`-strongly convex :math:`L`-smooth f.

:func:`~momentum_theory.transients.worst_case.worst_case_error` gives the exact worst case over
quadratics. Over the larger class :math:`\mathcal S_{\mu, L}` of all :math:`\mu`-strongly
convex functions with :math:`L`-Lipschitz gradient (any dimension) the worst case is a
performance-estimation problem (PEP, Drori and Teboulle 2014; Taylor, Hendrickx and
Glineur 2017): a semidefinite program over the Gram matrix of the iterates and gradients,
exact thanks to the interpolation conditions of :math:`\mathcal S_{\mu, L}`. We build it
with PEPit (Goujaud, Moucer, Glineur, Hendrickx, Taylor, Dieuleveut, 2024) for the
two-step family,

.. math::

    y_t = x_t + \gamma (x_t - x_{t-1}), \qquad
    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t),

started at rest (:math:`x_{-1} = x_0`), with the measure of the quadratic worst case,
:math:`\sup \|x_n - x^*\|^2 / \|x_0 - x^*\|^2`. Quadratics with spectrum in
:math:`[\mu, L]` belong to the class, so this is at least the quadratic worst case; for
gradient descent the two are equal (the first step of every method here is a gradient step,
so they are equal at :math:`n = 1` too).

Numerics: the program is solved in floating point by an interior-point method (Clarabel)
and its value is accurate to about :math:`10^{-6}` relative (its last digits move with the
machine's BLAS kernels). A solve counts as accurate when the solver reports ``optimal``
and PEPit's dual value (the bound its dual certificate proves) and the primal value (a
worst-case function found) agree to :data:`GAP` relative. An inaccurate solve is retried
with another solver (SCS at a tolerance of :math:`10^{-9}`; at Polyak's parameters for
:math:`\kappa = 25` Clarabel reports ``optimal_inaccurate`` after 7 steps under some
OpenBLAS kernels, and SCS solves it); if every attempt is inaccurate the result says so in
``status`` and ``accurate``, and nothing should be concluded from its value.

Needs the optional extra ``pep`` (PEPit and cvxpy): ``pip install "momentum-theory[pep]"``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

from momentum_theory._validation import as_finite_float, as_integer, as_spectrum
from momentum_theory.beyond._pep import SOLVER, require_pepit

__all__ = [
    "ATTEMPTS",
    "FUNCTION_CLASSES",
    "GAP",
    "FunctionClassWorstCase",
    "smooth_strongly_convex_worst_case",
]

# The classes worst_case_error knows: its own exact quadratic result, and the PEP here.
FUNCTION_CLASSES = ("quadratic", "smooth_strongly_convex")

# Statuses whose value is returned: an exact solve, and one the solver flags as inaccurate
# (returned with that status and a warning). Anything else returns NaN.
_ANSWERED = ("optimal", "optimal_inaccurate")
# Largest relative gap between PEPit's dual and primal values of an accurate solve
# (observed below 4e-8 for n <= 10; PEPit itself warns from 1e-6).
GAP = 1e-6
# The solvers tried in turn until one is accurate, with their settings: Clarabel (fast,
# about 1e-8), then SCS, a first-order method, at a tolerance far below its default 1e-4
# (slower: a few seconds at n = 10).
ATTEMPTS: tuple[tuple[str, dict[str, float]], ...] = (
    (SOLVER, {}),
    ("SCS", {"eps_abs": 1e-9, "eps_rel": 1e-9, "max_iters": 200_000}),
)


@dataclass(frozen=True)
class FunctionClassWorstCase:
    r"""The PEP worst case of :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2` over a function class.

    Attributes
    ----------
    alpha, beta, gamma : float
        The two-step family's parameters.
    mu, L : float
        The function class :math:`\mathcal S_{\mu, L}`.
    steps : int
        Number of steps :math:`n`.
    value : float
        The solver's certified upper bound (PEPit's dual value); NaN when the solve failed.
    primal : float
        The value of the worst-case function the solver found (a lower bound); NaN when
        the solve failed. ``value - primal`` is the duality gap.
    status : str
        cvxpy's status of the solve returned: ``"optimal"``; ``"optimal_inaccurate"`` (the
        value is returned, with a warning, and must not be trusted beyond a few digits);
        anything else is a failed solve (``value`` is NaN).
    solver : str
        The semidefinite solver whose solve is returned.
    attempts : tuple of str
        Every solve tried, in order, as ``"SOLVER: status"``: the first is accurate or
        all are tried (module docstring).
    function_class : str
        ``"smooth_strongly_convex"``.
    """

    alpha: float
    beta: float
    gamma: float
    mu: float
    L: float
    steps: int
    value: float
    primal: float
    status: str
    solver: str
    attempts: tuple[str, ...] = ()
    function_class: str = "smooth_strongly_convex"

    @property
    def accurate(self) -> bool:
        """Whether the solve is accurate: ``status == "optimal"`` and the dual and primal
        values agree to :data:`GAP` relative."""
        return self.status == "optimal" and abs(self.value - self.primal) <= GAP * abs(self.value)

    @property
    def per_step_rate(self) -> float:
        r""":math:`W_n^{1/(2n)}`, the average contraction of :math:`\|x_t - x^*\|` per step."""
        return self.value ** (0.5 / self.steps) if self.steps else 1.0


def smooth_strongly_convex_worst_case(
    alpha: float,
    beta: float,
    *,
    mu: float,
    L: float,
    steps: int,
    gamma: float = 0.0,
    solver: str | None = None,
) -> FunctionClassWorstCase:
    r"""Worst case after :math:`n` steps over every :math:`\mu`-strongly convex :math:`L`-smooth f.

    **Statement.** The smallest :math:`W` with :math:`\|x_n - x^*\|^2 \le W \|x_0 - x^*\|^2`
    for every :math:`f \in \mathcal S_{\mu, L}` (any dimension) and every :math:`x_0`, for
    the two-step family from rest (module docstring). It is the value of a semidefinite
    program of size about :math:`2n + 2` (PEPit, with the interpolation conditions of
    :math:`\mathcal S_{\mu, L}`), solved here by ``solver``.

    The value is floating point, accurate to about :math:`10^{-6}` relative. By default
    the solvers of :data:`ATTEMPTS` are tried in turn until one is accurate (status
    ``optimal``, dual and primal values within :data:`GAP`); the result reports the
    status of the solve it returns and every attempt. If none is accurate, an inaccurate
    solve returns its value with ``status = "optimal_inaccurate"`` and a
    ``RuntimeWarning``, a failed one ``value = nan``. Cost: a few hundredths of a second
    for :math:`n \le 5`, a few tenths at :math:`n = 10`, a few seconds more when SCS is
    needed. At Polyak's parameters for :math:`\kappa = 25` Clarabel reports
    ``optimal_inaccurate`` at :math:`n = 7` under some OpenBLAS kernels (SCS then solves
    it) and often from about :math:`n = 11`, where the worst case is in the tens;
    ``momentum_theory.experiments.beyond.pep_gap`` stops at 10.

    Parameters
    ----------
    alpha, beta : float
        Step size and momentum.
    mu, L : float
        The class, :math:`0 < \mu \le L`.
    steps : int
        Number of steps :math:`n \ge 0`.
    gamma : float, default 0
        Gradient extrapolation (0: heavy ball, ``beta``: Nesterov).
    solver : str, optional
        A cvxpy solver name: solve with it alone, with its default settings. By default,
        the solvers of :data:`ATTEMPTS` in turn.

    Returns
    -------
    FunctionClassWorstCase

    Raises
    ------
    PepNotInstalledError
        If PEPit or cvxpy is missing (an ``ImportError`` naming the install command).
    ValueError
        For parameters that are not finite, a spectrum that is not ``0 < mu <= L``, or a
        negative ``steps``.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("PEPit")  # needs the extra 'pep'
    >>> from momentum_theory.beyond.function_class import smooth_strongly_convex_worst_case
    >>> # gradient descent at 2/(mu + L), three steps
    >>> gd = smooth_strongly_convex_worst_case(2 / 26, 0.0, mu=1.0, L=25.0, steps=3)
    >>> gd.status, round(gd.value, 6), round((24 / 26) ** 6, 6)  # = its quadratic worst case
    ('optimal', 0.618625, 0.618625)
    >>> gd.accurate, gd.attempts
    (True, ('CLARABEL: optimal',))
    """
    a = as_finite_float(alpha, "alpha")
    b = as_finite_float(beta, "beta")
    g = as_finite_float(gamma, "gamma")
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    n = as_integer(steps, "steps", 0)
    require_pepit("smooth_strongly_convex_worst_case")
    attempts = ATTEMPTS if solver is None else ((solver, {}),)
    tried: list[str] = []
    result = None
    for name, settings in attempts:
        answer = _solve(a, b, g, lower, upper, n, name, settings)
        tried.append(f"{answer.solver}: {answer.status}")
        # Keep the first accurate answer; else the first with a value; else the first.
        if result is None or (math.isnan(result.value) and not math.isnan(answer.value)):
            result = answer
        if answer.accurate:
            result = answer
            break
    result = replace(result, attempts=tuple(tried))
    if math.isnan(result.value):
        warnings.warn(
            f"the PEP solve after {n} steps failed ({'; '.join(tried)}); no value is returned",
            RuntimeWarning,
            stacklevel=2,
        )
    elif not result.accurate:
        warnings.warn(
            f"the PEP solve after {n} steps is inaccurate ({'; '.join(tried)}): its value "
            f"{result.value:.6g} is not reliable",
            RuntimeWarning,
            stacklevel=2,
        )
    return result


def _solve(
    a: float,
    b: float,
    g: float,
    lower: float,
    upper: float,
    n: int,
    solver: str,
    settings: dict[str, float],
) -> FunctionClassWorstCase:
    """One PEPit solve with ``solver`` and its ``settings``; no warning (the caller warns)."""
    from PEPit import PEP
    from PEPit.functions import SmoothStronglyConvexFunction

    problem = PEP()
    function = problem.declare_function(SmoothStronglyConvexFunction, mu=lower, L=upper)
    optimum = function.stationary_point()
    x0 = problem.set_initial_point()
    problem.set_initial_condition((x0 - optimum) ** 2 <= 1)
    x, x_previous = x0, x0
    for _ in range(n):
        y = x + g * (x - x_previous) if g else x
        x, x_previous = x + b * (x - x_previous) - a * function.gradient(y), x
    problem.set_performance_metric((x - optimum) ** 2)
    with warnings.catch_warnings():
        # cvxpy's "Solution may be inaccurate" becomes our status and our warning.
        warnings.simplefilter("ignore", UserWarning)
        try:
            dual = problem.solve(wrapper="cvxpy", solver=solver, verbose=0, **settings)
        except Exception as error:  # a solver crash is a failed solve, reported as such
            return _failed(a, b, g, lower, upper, n, f"error: {type(error).__name__}", solver)
    wrapper = problem.wrapper
    status = str(wrapper.prob.status)
    name = str(wrapper.solver_name or solver)
    if dual is None or status not in _ANSWERED:
        return _failed(a, b, g, lower, upper, n, status, name)
    return FunctionClassWorstCase(
        alpha=a,
        beta=b,
        gamma=g,
        mu=lower,
        L=upper,
        steps=n,
        value=float(dual),
        primal=float(wrapper.objective.value),
        status=status,
        solver=name,
    )


def _failed(
    alpha: float, beta: float, gamma: float, mu: float, L: float, n: int, status: str, name: str
) -> FunctionClassWorstCase:
    return FunctionClassWorstCase(
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        mu=mu,
        L=L,
        steps=n,
        value=math.nan,
        primal=math.nan,
        status=status,
        solver=name,
    )
