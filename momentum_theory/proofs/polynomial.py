r"""The family on one quadratic, exactly: :math:`\lambda^2 - T\lambda + D` and where its roots lie.

On :math:`f(x) = h x^2/2` the two-step family is linear with characteristic polynomial
:math:`\lambda^2 - T\lambda + D`, :math:`T = 1 + \beta - \alpha h (1 + \gamma)`,
:math:`D = \beta - \alpha h \gamma`. Its roots lie in the open unit disk exactly when
:math:`|D| < 1` and :math:`|T| < 1 + D` (Jury's test), and in the closed disk of radius
:math:`\rho > 0` exactly when :math:`|D| \le \rho^2` and :math:`\rho |T| \le \rho^2 + D`
(the closed test for :math:`\lambda / \rho`: the closed triangle is the closure of the
open one, and so is the set of polynomials with roots in the closed disk). Rational
comparisons only, no square roots. Standard library only.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["converges", "roots_within", "trace_determinant"]


def trace_determinant(
    alpha: Fraction, beta: Fraction, gamma: Fraction, h: Fraction
) -> tuple[Fraction, Fraction]:
    r""":math:`(T, D)` at curvature :math:`h`.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> trace_determinant(F(1, 2), F(1, 4), F(1, 4), F(1))
    (Fraction(5, 8), Fraction(1, 8))
    """
    return 1 + beta - alpha * h * (1 + gamma), beta - alpha * h * gamma


def converges(T: Fraction, D: Fraction) -> bool:
    r"""Jury's test: both roots of :math:`\lambda^2 - T\lambda + D` inside the unit circle.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> converges(F(0), F(0)), converges(F(2), F(1)), converges(F(-1), F(0))
    (True, False, False)
    """
    return abs(D) < 1 and abs(T) < 1 + D


def roots_within(T: Fraction, D: Fraction, rho: Fraction) -> bool:
    r"""Whether every root of :math:`\lambda^2 - T\lambda + D` has modulus at most ``rho``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> roots_within(F(1), F(1, 4), F(1, 2)), roots_within(F(1), F(1, 4), F(49, 100))
    (True, False)
    >>> roots_within(F(0), F(1, 4), F(1, 2)), roots_within(F(0), F(0), F(0))  # +-i/2; 0
    (True, True)
    """
    if rho < 0:
        return False
    if rho == 0:
        return T == 0 and D == 0
    return abs(D) <= rho**2 and rho * abs(T) <= rho**2 + D
