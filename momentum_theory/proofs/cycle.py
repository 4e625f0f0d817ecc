r"""Cycle proofs: :func:`lessard_recht_packard_proof` and :func:`cycle_proof`.

A ``"cycle"`` proof (:mod:`~momentum_theory.proofs.interpolation`) shows a method never
converges on some function of :math:`\mathcal S(\mu, L)`. Everything but the search is
exact:

* **the points.** Given the gradients :math:`g_k`, the cycle equations
  :math:`x_{k+1} - (1 + \beta) x_k + \beta x_{k-1} = -\alpha g_k` (indices modulo
  :math:`K`) are linear over the rationals; they sum to :math:`-\alpha \sum_k g_k = 0`, so
  the gradients must sum to zero, and with :math:`\sum_k x_k = 0` (the cycle's translate
  is free) they fix the points unless :math:`\beta` is a :math:`K`-th root of unity other
  than 1 (the circulant's eigenvalues are :math:`(\omega - 1)(\omega - \beta)/\omega`,
  :math:`\omega^K = 1`; for real :math:`\beta`, :math:`\beta = -1` with :math:`K` even)
  (:func:`points_from_gradients`, Gaussian elimination in Fractions);
* **the values.** The interpolation conditions are difference constraints
  :math:`f_i - f_j \ge c_{ij}`; they are feasible if and only if no cycle of the
  constraint graph has negative weight, and then shortest paths give values
  (:func:`values_from_bounds`, Bellman-Ford in Fractions).

So only the gradients are searched for: :func:`cycle_proof` solves, for
:math:`K = 2, \dots`, the Gram-matrix (performance estimation) formulation of a
:math:`K`-cycle, :math:`\Gamma = G^\top G \succeq 0` with :math:`\Gamma \mathbf 1 = 0`,
:math:`\operatorname{tr} \Gamma = 1`, maximising a margin :math:`t` common to every
interpolation condition (the points are :math:`G` times a fixed matrix, so every condition
is linear in :math:`\Gamma` and :math:`f`), as Goujaud, Taylor and Dieuleveut do (Math.
Program. 2025) in floating point. A positive margin survives rounding: :math:`G` is
factored from :math:`\Gamma`, rounded to rationals and centred exactly, the points and
values follow exactly, and :func:`~momentum_theory.proofs.check.check_proof` decides.

:func:`cycle_proof` needs cvxpy (the extra ``pep``) and NumPy; the helpers and
:func:`lessard_recht_packard_proof` need neither.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.format import header
from momentum_theory.proofs.interpolation import gradient_points, interpolation_bounds
from momentum_theory.proofs.linear import solve

__all__ = [
    "DENOMINATORS",
    "cycle_proof",
    "lessard_recht_packard_proof",
    "points_from_gradients",
    "values_from_bounds",
]

# The rounding of the gradients tried in turn (a finer one when the margin is lost).
DENOMINATORS = (10**4, 10**6, 10**9)
# A margin below this (relative to tr Gamma = 1) is taken as no cycle of that length.
_MARGIN = 1e-6


def points_from_gradients(
    g: Sequence[Sequence[Fraction]], alpha: Fraction, beta: Fraction
) -> list[list[Fraction]] | None:
    r"""The cycle :math:`x_0, \dots, x_{K-1}` (centred: :math:`\sum_k x_k = 0`) whose updates
    take the gradients ``g``, exactly; None when the gradients do not sum to zero or the
    equations are singular (:math:`\beta = -1`, :math:`K` even).

    Examples
    --------
    Gradient descent with :math:`\alpha = 1/2` bounces between :math:`\pm 1` with gradients
    :math:`\pm 4`:

    >>> from fractions import Fraction as F
    >>> points_from_gradients([[F(4)], [F(-4)]], F(1, 2), F(0))
    [[Fraction(1, 1)], [Fraction(-1, 1)]]
    """
    K, d = len(g), len(g[0])
    if any(sum((g[k][r] for k in range(K)), Fraction(0)) != 0 for r in range(d)):
        return None
    # Row k + 1: x_{k+1} - (1 + beta) x_k + beta x_{k-1}; the last row (implied by the
    # others, as the gradients sum to zero) is replaced by sum x = 0.
    matrix = [[Fraction(0)] * K for _ in range(K)]
    for k in range(K):
        row = matrix[(k + 1) % K]
        row[(k + 1) % K] += 1
        row[k] -= 1 + beta
        row[(k - 1) % K] += beta
    matrix[0] = [Fraction(1)] * K
    columns = []
    for r in range(d):
        rhs = [-alpha * g[(i - 1) % K][r] for i in range(K)]
        rhs[0] = Fraction(0)
        solution = solve(matrix, rhs)
        if solution is None:
            return None
        columns.append(solution)
    return [[columns[r][k] for r in range(d)] for k in range(K)]


def values_from_bounds(bounds: Sequence[Sequence[Fraction]]) -> list[Fraction] | None:
    r"""Values with :math:`f_i - f_j \ge c_{ij}` for every :math:`i \ne j`, or None if none
    exist, exactly.

    Each constraint is :math:`f_j \le f_i - c_{ij}`, an edge :math:`i \to j` of weight
    :math:`-c_{ij}`; the shortest-path distances from a source joined to every node at
    weight 0 satisfy them all, and exist if and only if no cycle has negative weight
    (Bellman-Ford). The values returned have minimum 0.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> values_from_bounds([[F(0), F(-2)], [F(1), F(0)]])  # f_1 - f_0 between 1 and 2
    [Fraction(0, 1), Fraction(1, 1)]
    >>> values_from_bounds([[F(0), F(-1)], [F(2), F(0)]]) is None  # 2 <= f_1 - f_0 <= 1
    True
    """
    K = len(bounds)
    distance = [Fraction(0)] * K
    for _ in range(K + 1):
        changed = False
        for i in range(K):
            for j in range(K):
                if i != j and distance[i] - bounds[i][j] < distance[j]:
                    distance[j] = distance[i] - bounds[i][j]
                    changed = True
        if not changed:
            low = min(distance)
            return [value - low for value in distance]
    return None  # still relaxing after K + 1 rounds: a negative cycle


def _cycle_keys(
    g: list[list[Fraction]],
    alpha: Fraction,
    beta: Fraction,
    gamma: Fraction,
    mu: Fraction,
    L: Fraction,
    reachable: bool,
) -> dict[str, Any] | None:
    """The proof's own keys for the cycle with gradients ``g``, or None."""
    x = points_from_gradients(g, alpha, beta)
    if x is None:
        return None
    values = values_from_bounds(interpolation_bounds(gradient_points(x, gamma), g, mu=mu, L=L))
    if values is None:
        return None
    return {
        "x": [[str(v) for v in point] for point in x],
        "g": [[str(v) for v in point] for point in g],
        "f": [str(v) for v in values],
        "reachable_from_rest": reachable,
    }


def lessard_recht_packard_proof() -> dict[str, Any]:
    r"""The ``"cycle"`` proof that heavy ball at Polyak's parameters for :math:`\kappa = 25`
    (:math:`\alpha = 1/9`, :math:`\beta = 4/9`) does not converge on
    :math:`\mathcal S(1, 25)`.

    **Statement.** The 3-cycle :math:`x = (792, -2208, 2592)/1225` of
    :func:`momentum_theory.beyond.counterexample.limit_cycles` (Lessard, Recht and Packard,
    SIAM J. Optim. 26(1), 2016, sec. 2.3), its gradients read off the update exactly and
    its values from the interpolation conditions (:func:`values_from_bounds`). It is
    reachable from rest: the exact run from :math:`x_0 = x_{-1} = 33/10` is provably
    captured by it after 40 steps (:func:`~momentum_theory.beyond.counterexample.capture`),
    which this function confirms before writing ``reachable_from_rest``.

    Examples
    --------
    >>> from momentum_theory.proofs import check_proof
    >>> proof = lessard_recht_packard_proof()
    >>> proof["x"], proof["reachable_from_rest"]
    ([['792/1225'], ['-2208/1225'], ['2592/1225']], True)
    >>> check_proof(proof).passed
    True
    """
    from momentum_theory.beyond import counterexample as ce

    alpha, beta = Fraction(1, 9), Fraction(4, 9)
    mu, L = Fraction(ce.MU), Fraction(ce.L)
    cycle = next(c for c in ce.limit_cycles(alpha, beta, 0, max_period=3) if c.attracting)
    x = [[point] for point in cycle.points]
    K = len(x)
    # g_k = (x_k + beta (x_k - x_{k-1}) - x_{k+1}) / alpha: the update, solved for g
    g = [
        [(x[k][0] + beta * (x[k][0] - x[k - 1][0]) - x[(k + 1) % K][0]) / alpha] for k in range(K)
    ]
    path = ce.run_exact(Fraction(33, 10), 40, alpha, beta)
    reachable = ce.capture(path[-1], path[-2], cycle, alpha, beta).captured
    values = values_from_bounds(interpolation_bounds(x, g, mu=mu, L=L))
    if values is None:  # pragma: no cover - the cycle lies on a function of the class
        raise AssertionError("the Lessard-Recht-Packard cycle is not interpolable")
    base = header(
        "cycle",
        (alpha, beta, Fraction(0)),
        mu=mu,
        L=L,
        method="heavy_ball",
        parameters={"alpha": alpha, "beta": beta},
    )
    return {
        **base,
        "x": [[str(v) for v in point] for point in x],
        "g": [[str(v) for v in point] for point in g],
        "f": [str(v) for v in values],
        "reachable_from_rest": bool(reachable),
    }


def _pair_matrices(alpha: float, beta: float, gamma: float, q: float, K: int) -> list[Any]:
    r"""For each ordered pair :math:`i \ne j` of a :math:`K`-cycle on :math:`\mathcal S(q, 1)`
    (the class scaled by :math:`1/L`, the step by :math:`L`), the symmetric :math:`A_{ij}`
    with :math:`f_i - f_j - \operatorname{tr}(A_{ij} \Gamma) \ge 0` the interpolation
    condition in terms of the gradients' Gram matrix :math:`\Gamma`."""
    import numpy as np

    # X E = -alpha G, column k of X E being x_{k+1} - (1 + beta) x_k + beta x_{k-1}; for
    # G 1 = 0 the centred solution is X = -alpha G E^+, and Y = X T.
    E = np.zeros((K, K))
    T = (1 + gamma) * np.eye(K)
    for k in range(K):
        E[(k + 1) % K, k] += 1
        E[k, k] -= 1 + beta
        E[(k - 1) % K, k] += beta
        T[(k - 1) % K, k] -= gamma
    Phi = -alpha * np.linalg.pinv(E) @ T  # Y = G Phi
    identity = np.eye(K)
    weight = 1 / (2 * (1 - q))
    matrices = []
    for i, j in _PAIRS(K):
        e = identity[i] - identity[j]
        dy = Phi @ e
        # <g_j, dy> + weight (|dg|^2 + q |dy|^2 - 2 q <dg, dy>), dg = G e, as tr(A Gamma)
        A = np.outer(identity[j], dy) + weight * (
            np.outer(e, e) + q * np.outer(dy, dy) - 2 * q * np.outer(e, dy)
        )
        matrices.append(0.5 * (A + A.T))
    return matrices


def _PAIRS(K: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(K) for j in range(K) if i != j]


@functools.cache
def _gram_program(K: int) -> tuple[Any, Any, list[Any]]:
    """The margin-maximising Gram program of a ``K``-cycle, with the pair matrices as
    parameters: compiled once per length (and per process), solved for every setting."""
    from momentum_theory.beyond._pep import require_cvxpy

    cp = require_cvxpy("cycle_proof")
    gram = cp.Variable((K, K), PSD=True)
    f = cp.Variable(K)
    margin = cp.Variable()
    pairs = _PAIRS(K)
    matrices = [cp.Parameter((K, K), symmetric=True) for _ in pairs]
    constraints = [cp.sum(gram) == 0, cp.trace(gram) == 1]
    for (i, j), A in zip(pairs, matrices):
        constraints.append(f[i] - f[j] - cp.sum(cp.multiply(A, gram)) >= margin)
    return cp.Problem(cp.Maximize(margin), constraints), gram, matrices


def _gram(alpha: float, beta: float, gamma: float, q: float, K: int) -> Any:
    """The Gram matrix of the cycle with the largest margin, or None (no positive margin,
    or the solvers fail: the interior-point one, then SCS)."""
    from momentum_theory.beyond._pep import SOLVER, require_cvxpy

    cp = require_cvxpy("cycle_proof")
    problem, gram, parameters = _gram_program(K)
    for parameter, value in zip(parameters, _pair_matrices(alpha, beta, gamma, q, K)):
        parameter.value = value
    for solver in (SOLVER, "SCS"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "inaccurate": the exact check judges
            try:
                problem.solve(solver=solver, warm_start=False)  # no memory of the last setting
            except cp.error.SolverError:
                continue
        if gram.value is not None and problem.value is not None:
            return gram.value if problem.value > _MARGIN else None
    return None


def _rounded_gradients(gram: Any, denominator: int) -> list[list[Fraction]]:
    r"""Gradients :math:`G` with :math:`G^\top G \approx \Gamma`, rounded to multiples of
    ``1/denominator`` and centred exactly (:math:`G \mathbf 1 = 0`)."""
    import numpy as np

    values, vectors = np.linalg.eigh(0.5 * (gram + gram.T))
    keep = values > 1e-9 * values.max()
    factor = (vectors[:, keep] * np.sqrt(values[keep])).T  # rows: coordinates
    K = gram.shape[0]
    rows = []
    for row in factor:
        rounded = [Fraction(round(float(v) * denominator), denominator) for v in row]
        mean = sum(rounded, Fraction(0)) / K
        rows.append([v - mean for v in rounded])
    return [[row[k] for row in rows] for k in range(K)]


def cycle_proof(
    method: Any, *, mu: float, L: float, max_length: int = 10, **params: Any
) -> dict[str, Any] | None:
    r"""A ``"cycle"`` proof that ``method`` does not converge on :math:`\mathcal S(\mu, L)`,
    or None.

    **Statement.** The proof returned passes
    :func:`~momentum_theory.proofs.check.check_proof` (exact rationals): the method, at the
    exact values of the user's doubles, repeats a :math:`K`-cycle forever on a function of
    the class (the method's curvature shift added to both bounds). It is the shortest
    :math:`K \le` ``max_length`` whose Gram program (module docstring) has a positive
    margin and whose rounding passes; ``reachable_from_rest`` is false (not searched).
    None when :math:`\mu = L` after the shift, or when no length tried gives a proof: not
    a proof that the method converges. Heavy ball at Polyak's parameters is refuted with
    :math:`K = 3` for :math:`\kappa = 25, 100, 1000`; for :math:`\kappa = 10` no
    :math:`K \le 10` has a positive margin (``tests/proofs/test_cycle.py``).

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class of the user's loss, :math:`0 < \mu \le L`.
    max_length : int
        The longest cycle tried, at least 2.
    **params
        The method's parameters (scalars).

    Returns
    -------
    dict or None
        The proof (:mod:`~momentum_theory.proofs.format`).

    Raises
    ------
    PepNotInstalledError
        Without cvxpy.
    TypeError, ValueError
        For parameters the method rejects, a spectrum that is not ``0 < mu <= L``, or
        ``max_length`` below 2.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from momentum_theory.proofs import check_proof
    >>> proof = cycle_proof("heavy_ball", mu=1.0, L=25.0, alpha=1 / 9, beta=4 / 9)
    >>> len(proof["x"]), check_proof(proof).passed
    (3, True)
    """
    from momentum_theory._validation import as_integer
    from momentum_theory.proofs.quadratic import _setting

    longest = as_integer(max_length, "max_length", 2)
    spec, parameters, family, mu_seen, L_seen = _setting(method, mu, L, params)
    if mu_seen == L_seen:
        return None
    alpha, beta, gamma = family.alpha, family.beta, family.gamma
    base = header(
        "cycle",
        (alpha, beta, gamma),
        mu=mu_seen,
        L=L_seen,
        method=spec.name,
        parameters=parameters,
    )
    q = float(mu_seen / L_seen)
    for K in range(2, longest + 1):
        gram = _gram(float(alpha * L_seen), float(beta), float(gamma), q, K)
        if gram is None:
            continue
        for denominator in DENOMINATORS:
            g = _rounded_gradients(gram, denominator)
            keys = _cycle_keys(g, alpha, beta, gamma, mu_seen, L_seen, reachable=False)
            if keys is not None and check_proof({**base, **keys}).passed:
                return {**base, **keys}
    return None
