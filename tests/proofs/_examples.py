"""Hand-made proofs for the tests that need no solver (each derived in its docstring)."""

from __future__ import annotations

import copy
from typing import Any


def gradient_descent_lyapunov() -> dict[str, Any]:
    r"""Gradient descent, alpha = 1/2 on S(1, 3) (its rate is 1/2), proved at rho = 3/5.

    With P = diag(1, p, p), p = 1/100, and lambda_sector = 27/200 the (x, u) block of M is
    (by hand: V+ = (x - u/2)^2 + p x^2 + p (u - 3x)^2, sector 2 lambda (3x - u)(u - x))
    [[-7/100, 1/100], [1/100, -1/100]] (negative definite: trace < 0, determinant
    6/10^4 > 0); the x_{k-1} and zeta_k rows are -rho^2 p on the diagonal and 0 elsewhere.
    """
    return copy.deepcopy(
        {
            "format": "momentum-theory-proof/1",
            "kind": "lyapunov",
            "alpha": "1/2",
            "beta": "0",
            "gamma": "0",
            "mu": "1",
            "L": "3",
            "method": "gradient_descent",
            "parameters": {"alpha": "1/2"},
            "rho": "3/5",
            "P": [["1", "0", "0"], ["0", "1/100", "0"], ["0", "0", "1/100"]],
            "lambda_sector": "27/200",
            "lambda_off_by_one": "0",
        }
    )


def heavy_ball_quadratic() -> dict[str, Any]:
    """Heavy ball alpha = 1/2, beta = 1/2 on S(1, 10): at h = 10, T = 1 + 1/2 - 5 = -7/2 and
    |T| = 7/2 > 1 + D = 3/2, so it diverges on 10 x^2 / 2."""
    return {
        "format": "momentum-theory-proof/1",
        "kind": "quadratic",
        "alpha": "1/2",
        "beta": "1/2",
        "gamma": "0",
        "mu": "1",
        "L": "10",
        "method": "heavy_ball",
        "parameters": {"alpha": "1/2", "beta": "1/2"},
        "h": "10",
    }


def nesterov_quadratic_class() -> dict[str, Any]:
    """Nesterov alpha = 1/4, beta = 1/2 on S(2, 2): T = 3/2 - (1/2)(3/2) = 3/4,
    D = 1/2 - 1/4 = 1/4; T^2 - 4D = -7/16 < 0, a complex pair of modulus sqrt(D) = 1/2."""
    return {
        "format": "momentum-theory-proof/1",
        "kind": "quadratic_class",
        "alpha": "1/4",
        "beta": "1/2",
        "gamma": "1/2",
        "mu": "2",
        "L": "2",
        "method": "nesterov",
        "parameters": {"alpha": "1/4", "beta": "1/2"},
        "rho": "1/2",
    }
