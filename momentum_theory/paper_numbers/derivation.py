"""Paper numbers, derivation: sympy renderings of the derivation (use them in math mode)."""

from __future__ import annotations

from momentum_theory.latex import Macro, macro_name

__all__ = ["macros"]


def macros() -> list[Macro]:
    """The derivation's equation bodies, the eigenvalue split and two symbolic results."""
    import sympy as sp

    from momentum_theory import symbolic as sym
    from momentum_theory.experiments.derivation import eigenvalue_split

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
