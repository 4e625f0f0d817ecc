"""Independent reference for the tests of powers and certificates: mpmath matrix powers."""

from __future__ import annotations

import mpmath


def mpmath_power_norms(alpha: float, beta: float, h: float, steps: int) -> list[mpmath.mpf]:
    """||A^t||_2 for t = 0..steps by repeated 2x2 multiplication at 50 digits.

    The matrix is built exactly from the given doubles; the largest singular value comes
    from sigma_max^2 = (F + sqrt(F^2 - 4 det^2))/2 with F the squared Frobenius norm.
    """
    with mpmath.workdps(50):
        a, b, c = (mpmath.mpf(float(v)) for v in (alpha, beta, h))
        step = mpmath.matrix([[1 + b - a * c, -b], [1, 0]])
        power, norms = mpmath.eye(2), []
        for _ in range(steps + 1):
            frobenius = sum(power[i, j] ** 2 for i in range(2) for j in range(2))
            det = power[0, 0] * power[1, 1] - power[0, 1] * power[1, 0]
            norms.append(mpmath.sqrt((frobenius + mpmath.sqrt(frobenius**2 - 4 * det**2)) / 2))
            power = step * power
    return norms
