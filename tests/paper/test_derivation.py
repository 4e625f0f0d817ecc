"""The derivation subject: its claims hold, and fail when SymPy's derivation is wrong."""

import sympy as sp

from momentum_theory import symbolic
from momentum_theory.paper import _cache, derivation


def test_claims_hold_and_the_split_leaves_no_residual():
    assert [c.passed for c in derivation.SUBJECT.check()] == [True, True]
    split = derivation.eigenvalue_split()
    assert split.nonzero_residuals == 0
    # Independent of the split's code: (m + d)(m - d) = beta and 2m = 1 + beta - alpha h.
    a, b, h = symbolic.alpha, symbolic.beta, symbolic.h
    product = sp.simplify((split.mean + split.half_gap) * (split.mean - split.half_gap))
    assert sp.simplify(product - b) == 0
    assert sp.simplify(2 * split.mean - (1 + b - a * h)) == 0


def test_companion_claim_fails_for_a_wrong_matrix(monkeypatch):
    a, b, h = symbolic.alpha, symbolic.beta, symbolic.h
    wrong = sp.Matrix([[1 - a * h + b, b], [1, 0]])  # +beta: the sign the chapter's v would need
    monkeypatch.setattr(symbolic, "heavy_ball_companion", lambda: wrong)
    assert not derivation.companion_matrix_derived().passed


def test_split_claim_fails_for_wrong_eigenvalues(monkeypatch):
    roots = symbolic.eigenvalues()
    shifted = [root + sp.Rational(1, 10**6) for root in roots]
    monkeypatch.setattr(symbolic, "eigenvalues", lambda *matrix: shifted)
    with _cache.isolated():
        assert not derivation.eigenvalues_mean_and_half_gap().passed


def test_macros_are_equation_bodies_without_decimals():
    names = [m.name for m in derivation.macros()]
    assert len(names) == len(set(names))
    assert {"DerivEigenMean", "DerivEigenHalfGap", "DerivNesterovCompanion"} <= set(names)
