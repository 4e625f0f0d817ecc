r"""The derivation (section ``sec:derivation``): from the update rule to a linear map.

SymPy derives the heavy-ball companion matrix from the update rule and splits its
eigenvalues as mean :math:`\pm` half gap; the paper prints both (its numbers are equation
bodies, for math mode), and ``verify`` checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from momentum_theory.paper._cache import experiment
from momentum_theory.paper._claims import Claim, claim, equals
from momentum_theory.paper._latex import Macro, macro_name
from momentum_theory.paper._subject import Subject, claims_in

__all__ = [
    "SUBJECT",
    "EigenvalueSplit",
    "companion_matrix_derived",
    "eigenvalue_split",
    "eigenvalues_mean_and_half_gap",
    "macros",
]


# ---- experiments --------------------------------------------------------------------------


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


# ---- claims -------------------------------------------------------------------------------


@claim(quoted=True)
def companion_matrix_derived() -> Claim:
    import sympy as sp

    from momentum_theory import symbolic as sym

    stated = sp.Matrix([[1 - sym.alpha * sym.h + sym.beta, -sym.beta], [1, 0]])
    mismatches = sum(sp.simplify(e) != 0 for e in (sym.heavy_ball_companion() - stated))
    return Claim(
        "On f = h x^2/2, (x_{t+1}, x_t) = A (x_t, x_{t-1}), "
        "A = [[1 - alpha h + beta, -beta], [1, 0]]",
        "sympy: Jacobian of the update rule w.r.t. the state (x_t, x_{t-1})",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


@claim(quoted=True)
def eigenvalues_mean_and_half_gap() -> Claim:
    split = eigenvalue_split()
    return equals(
        "The eigenvalues are m +- delta with m = (1 + beta - alpha h)/2 and delta the square "
        "root of m^2 - beta",
        "sympy: m + delta and m - delta substituted into the characteristic polynomial, "
        "simplified; count of non-zero residuals",
        split.nonzero_residuals,
        0,
    )


# ---- numbers ------------------------------------------------------------------------------


def macros() -> list[Macro]:
    """The derivation's equation bodies, the eigenvalue split and two symbolic results."""
    import sympy as sp

    from momentum_theory import symbolic as sym

    derived = sym.derivation()
    source = "momentum_theory.symbolic.derivation()"
    split = eigenvalue_split()
    return [
        *(
            Macro(macro_name("deriv", *key.split("_")), body, f"{source}: {key}")
            for key, body in derived.latex().items()
        ),
        Macro("DerivEigenMean", sp.latex(split.mean), f"{source}: (lambda_+ + lambda_-)/2"),
        Macro("DerivEigenHalfGap", sp.latex(split.half_gap), f"{source}: (lambda_+ - lambda_-)/2"),
        Macro(
            "DerivNesterovCompanion",
            sp.latex(sym.nesterov_companion().applyfunc(sp.factor)),
            "momentum_theory.symbolic.nesterov_companion(), entries factored",
        ),
        Macro(
            "DerivOptimalDiscriminant",
            sp.latex(sym.optimal_parameters().discriminant_factorisation),
            "momentum_theory.symbolic.optimal_parameters(): discriminant at the optimum",
        ),
    ]


SUBJECT = Subject(
    "derivation",
    "From the update rule to a linear map",
    claims=claims_in(globals()),
    macros=macros,
)
