r"""One cell's verdict, with its proof: :func:`decide_cell` (and :func:`decide_block`, a task).

A cell's verdict and rate are defined by the cell alone, never by its neighbours, the
scheduling or an earlier interrupted run, so that the same command gives the same store:

1. **unstable** (3): the method does not converge on a quadratic of the class
   (:func:`~momentum_theory.proofs.quadratic.quadratic_proof`, exact);
2. **certified** (1): the rate is :math:`\rho_{k^\star}`, the smallest rung of the fixed
   ladder :data:`~momentum_theory.atlas.ladder.RUNGS` (:math:`1 - \rho` to three
   significant digits, about 6 % apart) at which
   :func:`~momentum_theory.proofs.lyapunov.lyapunov_proof_at` returns a proof (one solve
   of the sector + off-by-one IQC inequality of Lessard, Recht and Packard 2016 in fixed
   coordinates, then :func:`~momentum_theory.proofs.check.check_proof` in exact
   arithmetic). At :math:`\mu = L` the class is one quadratic and the rate is its own,
   proved exactly (:func:`~momentum_theory.proofs.quadratic.quadratic_class_proof`, not on
   the ladder);
3. **refuted** (2): else, if the method converges on the quadratics, the shortest cycle of
   length 2 to :data:`~momentum_theory.proofs.classify.CYCLE_LENGTH` on a function of the
   class (:func:`~momentum_theory.proofs.cycle.cycle_proof`, exact);
4. **unknown** (0): none of these.

**What the search relies on.** Rungs below the quadratic rate never pass (quadratics are in
the class, and the check is exact), so the search starts at the first rung within
:math:`10^{-6}` of it. Above, it assumes that passing is monotone along the ladder (a
proof at :math:`\rho_k` implies one is found at :math:`\rho_{k+1}`): it finds a rung that
passes whose lower neighbour fails (or is below the quadratic rate), galloping then
bisecting from a *hint* (the previous cell's rung), and declares "no certificate" when
the top rung :math:`1 - 10^{-5}` fails. Under that assumption the rung found is
:math:`k^\star` whatever the hint; a hint only changes how many solves it takes
(``tests/atlas/test_cell.py`` compares cells computed with different hints). The search
runs on the solves alone (a positive margin), then confirms in exact arithmetic that the
rung found passes and the one below it does not, searching again exactly where a rounding
makes the two disagree: only the rungs that decide are checked exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CERTIFIED", "NOT_COMPUTED", "REFUTED", "UNKNOWN", "UNSTABLE", "CellResult"]

NOT_COMPUTED, UNKNOWN, CERTIFIED, REFUTED, UNSTABLE = -1, 0, 1, 2, 3
# Rungs this close below the quadratic rate are still tried (its double is inexact).
_QUADRATIC_SLACK = 1e-6


@dataclass(frozen=True)
class CellResult:
    r"""The verdict of one cell.

    Attributes
    ----------
    status : int
        0 unknown, 1 certified, 2 refuted, 3 unstable.
    rate : float
        The proved rate (certified only), else NaN.
    quadratic_rate : float
        The worst-case rate over the quadratics of the class (double precision).
    period : int
        The cycle's length (refuted only), else 0.
    rung : int or None
        The ladder rung of the rate (None off the ladder: not certified, or :math:`\mu = L`).
    proof : dict or None
        The proof (None for unknown).
    solves : int
        Lyapunov solves made.
    cycle_searched : bool
        Whether the cycle search ran.
    """

    status: int
    rate: float
    quadratic_rate: float
    period: int
    rung: int | None
    proof: dict[str, Any] | None
    solves: int
    cycle_searched: bool


def _smallest_rung(passes: Any, start: int, lowest: int, top: int) -> int | None:
    """The smallest rung in ``[lowest, top]`` that passes, assuming passing is monotone
    (``lowest - 1`` is known to fail); galloping from ``start``, then bisecting."""
    start = min(max(start, lowest), top)
    if passes(start):
        failing, passing, step = lowest - 1, start, 1
        while passing - step > failing:  # gallop down to a failing rung
            if not passes(passing - step):
                failing = passing - step
                break
            passing, step = passing - step, 2 * step
    else:
        failing, passing, step = start, None, 1
        while passing is None:  # gallop up to a passing rung
            probe = min(failing + step, top)
            if passes(probe):
                passing = probe
            elif probe == top:
                return None
            else:
                failing, step = probe, 2 * step
    while passing - failing > 1:
        middle = (failing + passing) // 2
        if passes(middle):
            passing = middle
        else:
            failing = middle
    return passing


def decide_cell(
    method: str, *, mu: float, L: float, params: dict[str, Any], hint: int | None = None
) -> CellResult:
    r"""The verdict of ``method`` at ``params`` over :math:`\mathcal S(\mu, L)` (module
    docstring); ``hint`` is a rung to start the search from (speed only).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> cell = decide_cell("heavy_ball", mu=1.0, L=10.0, params={"alpha": 0.1, "beta": 0.3})
    >>> cell.status, cell.rate, cell.proof["rho"]
    (1, 0.85, '17/20')
    >>> decide_cell("heavy_ball", mu=1.0, L=10.0, params={"alpha": 0.5, "beta": 0.5}).status
    3
    """
    import math

    from momentum_theory.atlas.ladder import RUNGS, TOP, rung_at_least
    from momentum_theory.methods import get
    from momentum_theory.proofs.classify import CYCLE_LENGTH
    from momentum_theory.proofs.quadratic import quadratic_class_proof, quadratic_proof

    spec = get(method)
    quadratic = float(spec.worst_case_rate(mu=mu, L=L, **params))
    proof = quadratic_proof(spec, mu=mu, L=L, **params)
    if proof is not None:
        return CellResult(UNSTABLE, math.nan, quadratic, 0, None, proof, 0, False)
    if mu == L:
        proof = quadratic_class_proof(spec, mu=mu, L=L, **params)
        if proof is None:
            return CellResult(UNKNOWN, math.nan, quadratic, 0, None, None, 0, False)
        return CellResult(CERTIFIED, float(proof["rho"]), quadratic, 0, None, proof, 0, False)
    from momentum_theory.proofs.check import check_proof
    from momentum_theory.proofs.cycle import cycle_proof
    from momentum_theory.proofs.lyapunov import lyapunov_candidate_at

    candidates: dict[int, dict[str, Any] | None] = {}
    checked: dict[int, bool] = {}

    def solved(k: int) -> bool:  # the solver finds a positive margin at rung k
        if k not in candidates:
            candidates[k] = lyapunov_candidate_at(spec, mu=mu, L=L, rho=RUNGS[k], **params)
        return candidates[k] is not None

    def passes(k: int) -> bool:  # ... and its rational proof passes the exact check
        if k not in checked:
            checked[k] = solved(k) and check_proof(candidates[k]).passed
        return checked[k]

    lowest = rung_at_least(quadratic - _QUADRATIC_SLACK)
    k = None
    if lowest <= TOP:
        # Search with the solves alone, then confirm exactly that k passes and k - 1 does
        # not; where a rounding makes the two disagree, search again exactly from there.
        k = _smallest_rung(solved, lowest if hint is None else hint, lowest, TOP)
        if k is not None and not (passes(k) and (k == lowest or not passes(k - 1))):
            k = _smallest_rung(passes, k, lowest, TOP)
    if k is not None:
        proof = candidates[k]
        return CellResult(
            CERTIFIED, float(RUNGS[k]), quadratic, 0, k, proof, len(candidates), False
        )
    proof = cycle_proof(spec, mu=mu, L=L, max_length=CYCLE_LENGTH, **params)
    if proof is None:
        return CellResult(UNKNOWN, math.nan, quadratic, 0, None, None, len(candidates), True)
    return CellResult(
        REFUTED, math.nan, quadratic, len(proof["x"]), None, proof, len(candidates), True
    )


def decide_block(
    method: str,
    mu: float,
    L: float,
    cells: list[tuple[int, int, dict[str, Any]]],
) -> list[tuple[int, int, CellResult]]:
    """A task: the cells ``(i, j, params)`` in order, each starting from the rung of the
    cell before it (the previous one along the row, or the row's first above it)."""
    from contextlib import nullcontext

    try:  # one BLAS thread, also on an external worker started without OMP_NUM_THREADS=1
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn and scipy
        limits: Any = nullcontext()
    else:
        limits = threadpool_limits(1)
    with limits:
        return _decide_cells(method, mu, L, cells)


def _decide_cells(
    method: str, mu: float, L: float, cells: list[tuple[int, int, dict[str, Any]]]
) -> list[tuple[int, int, CellResult]]:
    results = []
    hint = None
    first_of_row: dict[int, int | None] = {}
    for i, j, params in cells:
        if i not in first_of_row:
            hint = first_of_row.get(i - 1, hint)
        result = decide_cell(method, mu=mu, L=L, params=params, hint=hint)
        if result.rung is not None:
            hint = result.rung
        first_of_row.setdefault(i, result.rung)
        results.append((i, j, result))
    return results
