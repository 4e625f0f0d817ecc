"""A cell's verdict: the same as classify_method's (an independent search), its proof
checked exactly, its rung independent of the hint."""

import math

import pytest

from momentum_theory.atlas.cell import CERTIFIED, REFUTED, UNKNOWN, UNSTABLE, decide_cell
from momentum_theory.atlas.ladder import RUNGS, rung_at_least
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.classify import classify_method

pytest.importorskip("cvxpy")
pytestmark = pytest.mark.solver

CODES = {"unknown": UNKNOWN, "certified": CERTIFIED, "refuted": REFUTED, "unstable": UNSTABLE}
# Heavy ball on S(1, 10): certified, refuted (a cycle), unstable cells.
POINTS = [(0.1, 0.3), (0.2, 0.2), (0.05, 0.7), (0.15, 0.5), (0.3, 0.6), (0.25, 0.8), (0.5, 0.5)]


@pytest.mark.parametrize(("alpha", "beta"), POINTS)
def test_verdict_agrees_with_classify_method(alpha, beta):
    params = {"alpha": alpha, "beta": beta}
    cell = decide_cell("heavy_ball", mu=1.0, L=10.0, params=params)
    reference = classify_method("heavy_ball", mu=1.0, L=10.0, **params)
    assert cell.status == CODES[reference.status]
    assert check_proof(cell.proof).passed
    if cell.status == CERTIFIED:
        # Both rates are proofs, both bounded below by the quadratic rate; the ladder's is
        # within two rungs of the bisection's (fixed coordinates lose a little near the edge)
        rung = rung_at_least(float(reference.rate) - 1e-12)
        assert cell.rate >= cell.quadratic_rate and cell.rate == float(RUNGS[cell.rung])
        assert rung - 1 <= cell.rung <= rung + 2
    else:
        assert math.isnan(cell.rate)
    if cell.status == REFUTED:
        assert cell.period == len(reference.proof["x"]) and cell.cycle_searched


@pytest.mark.parametrize(("alpha", "beta"), [(0.1, 0.3), (0.15, 0.5), (0.05, 0.7)])
def test_the_hint_changes_nothing_but_the_work(alpha, beta):
    params = {"alpha": alpha, "beta": beta}
    plain = decide_cell("heavy_ball", mu=1.0, L=10.0, params=params)
    for hint in (0, plain.rung - 7, plain.rung + 1, plain.rung + 30, 200):
        hinted = decide_cell("heavy_ball", mu=1.0, L=10.0, params=params, hint=hint)
        assert hinted.rung == plain.rung and hinted.proof == plain.proof
    exact = decide_cell("heavy_ball", mu=1.0, L=10.0, params=params, hint=plain.rung)
    assert exact.solves <= 2  # the right hint: its rung passes, the one below fails
