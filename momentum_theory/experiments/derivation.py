r"""The symbolic derivation as the paper prints it: eigenvalues as mean :math:`\pm` half gap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from momentum_theory.experiments._cache import experiment

__all__ = ["EigenvalueSplit", "eigenvalue_split"]


@dataclass(frozen=True)
class EigenvalueSplit:
    r"""The eigenvalues of :math:`A` written as :math:`m \pm \delta`.

    Attributes
    ----------
    mean, half_gap : sympy.Expr
        :math:`m = (\lambda_+ + \lambda_-)/2` and :math:`\delta = (\lambda_+ - \lambda_-)/2`
        from sympy's roots, :math:`\delta` with its sign normalised.
    nonzero_residuals : int
        How many of :math:`m \pm \delta` fail to be roots of the characteristic
        polynomial after simplification (0 when the split is right).
    """

    mean: Any
    half_gap: Any
    nonzero_residuals: int


@experiment
def eigenvalue_split() -> EigenvalueSplit:
    """Split sympy's two eigenvalues of the heavy-ball companion matrix."""
    import sympy as sp

    from momentum_theory import symbolic as sym

    low, high = sym.eigenvalues()
    mean = sp.simplify((low + high) / 2)
    half_gap = sp.simplify((high - low) / 2)
    if half_gap.could_extract_minus_sign():
        half_gap = -half_gap
    polynomial = sym.characteristic_polynomial().as_expr()
    residuals = sum(
        sp.simplify(polynomial.subs(sym.lam, root)) != 0
        for root in (mean + half_gap, mean - half_gap)
    )
    return EigenvalueSplit(mean, half_gap, int(residuals))
