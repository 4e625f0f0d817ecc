r"""High-precision references (mpmath), independent of the fast kernels.

These evaluate the spectral radius of the companion matrix built from the *exact*
double inputs, with an eigenvalue solver at many digits rather than the closed form the
kernels use. They are slow (pure Python, one point at a time) and exist to check the
kernels in tests and in ``momentum-theory verify``.
"""

from __future__ import annotations

from collections.abc import Iterable

import mpmath
import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["relative_errors", "spectral_radius_mpmath"]


def spectral_radius_mpmath(alpha: float, beta: float, h: float, digits: int = 60) -> mpmath.mpf:
    r""":math:`\rho(A)` by mpmath's eigenvalue solver at ``digits`` significant digits.

    The matrix entries :math:`1 + \beta - \alpha h` and :math:`-\beta` are formed exactly
    from the given doubles. On the critical-damping curve :math:`A` is a Jordan block
    and any eigen-solver keeps only half its digits, so 60 digits leave 30.

    Examples
    --------
    >>> from momentum_theory.reference import spectral_radius_mpmath
    >>> float(spectral_radius_mpmath(0.25, 0.25, 1.0))  # Jordan block, eigenvalue 1/2
    0.5
    """
    with mpmath.workdps(digits):
        a, b, c = (mpmath.mpf(float(v)) for v in (alpha, beta, h))
        matrix = mpmath.matrix([[1 + b - a * c, -b], [1, 0]])
        eigenvalues, _ = mpmath.eig(matrix)
        return max(abs(value) for value in eigenvalues)


def relative_errors(
    values: ArrayLike, points: Iterable[tuple[float, float, float]], digits: int = 60
) -> NDArray[np.float64]:
    """Relative error of each of ``values`` against :func:`spectral_radius_mpmath` at ``points``.

    Where the reference is zero the absolute error is returned instead.

    Examples
    --------
    >>> from momentum_theory.reference import relative_errors
    >>> relative_errors([0.5, 0.0], [(0.25, 0.25, 1.0), (1.0, 0.0, 1.0)])
    array([0., 0.])
    """
    errors = []
    for value, (a, b, c) in zip(np.asarray(values, dtype=float).ravel(), points):
        exact = spectral_radius_mpmath(a, b, c, digits)
        difference = abs(mpmath.mpf(float(value)) - exact)
        errors.append(float(difference / exact) if exact != 0 else float(difference))
    return np.array(errors)
