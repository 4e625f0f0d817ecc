r"""Independent references, shared by the tests and ``momentum-theory verify``.

The one home of the slow, obviously-correct computations the fast code is checked
against, so that tests, ``verify`` and the paper's numbers compare with the same thing:

* :func:`spectral_radius_mpmath`, :func:`relative_errors`: :math:`\rho(A)` by an
  eigenvalue solver at many digits, from the companion matrix built from the *exact*
  double inputs (not the closed form the kernels use);
* :func:`characteristic_coefficients`, :func:`method_spectral_radius_mpmath`,
  :func:`spectral_gap_mpmath`: a named method's exact :math:`T` and :math:`D`, from its
  own update rule run on Python's exact rationals (not its family map), and its
  :math:`\rho` and :math:`1 - \rho` at many digits;
* :func:`power_norms_mpmath`: :math:`\|A^t\|_2` by repeated multiplication at many digits;
* :func:`plain_heavy_ball`: the textbook loop, written as in the chapter;
* :func:`naive_spectral_radius`: the textbook closed form in plain double arithmetic,
  the accuracy baseline the kernel improves on;
* :func:`hard_points`, :func:`critical_points`: the points where that accuracy is
  measured (the paper quotes the errors there).

They are slow (pure Python, one point at a time) and deliberately share no code with
the kernels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction

import mpmath
import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "characteristic_coefficients",
    "critical_points",
    "hard_points",
    "method_spectral_radius_mpmath",
    "naive_spectral_radius",
    "plain_heavy_ball",
    "power_norms_mpmath",
    "relative_errors",
    "spectral_gap_mpmath",
    "spectral_radius_mpmath",
]


def spectral_radius_mpmath(
    alpha: float, beta: float, h: float, gamma: float = 0.0, digits: int = 60
) -> mpmath.mpf:
    r""":math:`\rho(A)` by mpmath's eigenvalue solver at ``digits`` significant digits.

    The matrix entries :math:`T = 1 + \beta - \alpha h (1 + \gamma)` and
    :math:`-D = -(\beta - \alpha h \gamma)` are formed exactly from the given doubles in
    rational arithmetic, then rounded once to ``digits`` digits. On the critical curve :math:`A` is
    a Jordan block and any eigen-solver keeps only half its digits, so 60 digits leave 30.

    Examples
    --------
    >>> from momentum_theory.reference import spectral_radius_mpmath
    >>> float(spectral_radius_mpmath(0.25, 0.25, 1.0))  # Jordan block, eigenvalue 1/2
    0.5
    >>> float(spectral_radius_mpmath(1.0, 0.5, 1.0, gamma=0.5))  # Nesterov, alpha h = 1
    0.0
    """
    with mpmath.workdps(digits):
        a, b, c, g = (Fraction(float(v)) for v in (alpha, beta, h, gamma))
        trace, determinant = (
            mpmath.mpf(x.numerator) / x.denominator
            for x in (1 + b - a * c * (1 + g), b - a * c * g)
        )
        matrix = mpmath.matrix([[trace, -determinant], [1, 0]])
        eigenvalues, _ = mpmath.eig(matrix)
        return max(abs(value) for value in eigenvalues)


def characteristic_coefficients(
    method: str, h: float, **params: object
) -> tuple[Fraction, Fraction]:
    r"""The exact :math:`(T, D)` of a named method's state matrix on :math:`f(x) = h x^2/2`.

    The method's own update rule (:meth:`~momentum_theory.methods.Method.update`, after
    the first step) is run on :class:`fractions.Fraction` values, the exact rationals of the
    given doubles, from the two unit states: its columns are the state matrix :math:`C`,
    and :math:`T = \operatorname{tr} C`, :math:`D = \det C` with no rounding and no use of
    the method's map onto the family. Parameters left out take the method's defaults.

    Examples
    --------
    >>> from momentum_theory.reference import characteristic_coefficients
    >>> T, D = characteristic_coefficients("qhm", 1.0, alpha=1.0, beta=0.5, nu=0.5)
    >>> T, D  # 1 + beta - alpha h (1 - beta nu), beta - alpha h beta (1 - nu)
    (Fraction(3, 4), Fraction(1, 4))
    """
    from momentum_theory.methods import get

    method_ = get(method)
    values = {**method_.defaults, **params}
    exact = {
        name: values[name] if name in method_._flags else Fraction(float(values[name]))
        for name in method_.parameters
    }
    curvature = Fraction(float(h))

    def gradient(point: Fraction) -> Fraction:
        return curvature * point

    first = method_.update((Fraction(1), Fraction(0)), gradient, **exact)
    second = method_.update((Fraction(0), Fraction(1)), gradient, **exact)
    trace = Fraction(first[0]) + Fraction(second[1])
    return trace, Fraction(first[0]) * Fraction(second[1]) - Fraction(second[0]) * Fraction(
        first[1]
    )


def _rate_from_coefficients(trace: Fraction, determinant: Fraction) -> mpmath.mpf:
    """Largest root modulus of x^2 - T x + D at the working precision, its discriminant exact."""
    discriminant = trace * trace - 4 * determinant

    def number(x: Fraction) -> mpmath.mpf:
        return mpmath.mpf(x.numerator) / x.denominator

    if discriminant >= 0:
        return (abs(number(trace)) + mpmath.sqrt(number(discriminant))) / 2
    return mpmath.sqrt(number(determinant))


def method_spectral_radius_mpmath(
    method: str, h: float, digits: int = 60, **params: object
) -> mpmath.mpf:
    r""":math:`\rho` of a named method on :math:`h x^2/2`, to ``digits`` digits.

    The roots of :math:`\lambda^2 - T\lambda + D` with :math:`T`, :math:`D` from
    :func:`characteristic_coefficients` (exact rationals): the discriminant
    :math:`T^2 - 4D` is formed exactly, so the one rounding is that of the square root at
    ``digits`` digits, and a double root (a Jordan block, where an eigen-solver keeps
    half the digits) is as accurate as any other point.

    Examples
    --------
    >>> from momentum_theory.reference import method_spectral_radius_mpmath
    >>> float(method_spectral_radius_mpmath("heavy_ball", 1.0, alpha=0.25, beta=0.25))
    0.5
    """
    with mpmath.workdps(digits):
        return +_rate_from_coefficients(*characteristic_coefficients(method, h, **params))


def spectral_gap_mpmath(method: str, h: float, digits: int = 60, **params: object) -> mpmath.mpf:
    r""":math:`1 - \rho` of a named method on :math:`h x^2/2`, to ``digits`` significant
    digits.

    :math:`1 - \rho` with :math:`\rho` as in :func:`method_spectral_radius_mpmath`, at a
    working precision doubled until ``digits`` digits survive the cancellation (a gap
    :math:`g` costs :math:`-\log_{10} g` of them); 0 exactly where :math:`\rho = 1`
    exactly (decided in rationals: a real root 1, :math:`T^2 - 4D = (2 - |T|)^2` with
    :math:`|T| \le 2`, or a complex pair with :math:`D = 1`).

    Examples
    --------
    >>> from momentum_theory.reference import spectral_gap_mpmath
    >>> float(spectral_gap_mpmath("heavy_ball", 1e-20, alpha=1.0, beta=0.6))
    2.4999999999999996e-20
    >>> float(spectral_gap_mpmath("gradient_descent", 5.0, alpha=1e-70))  # alpha h
    5e-70
    """
    trace, determinant = characteristic_coefficients(method, h, **params)
    discriminant = trace * trace - 4 * determinant
    if (discriminant >= 0 and abs(trace) <= 2 and discriminant == (2 - abs(trace)) ** 2) or (
        discriminant < 0 and determinant == 1
    ):
        return mpmath.mpf(0)
    working = digits
    while True:
        with mpmath.workdps(working):
            gap = 1 - _rate_from_coefficients(trace, determinant)
            lost = -int(mpmath.floor(mpmath.log10(abs(gap)))) if gap != 0 else working
        if working - lost >= digits:
            with mpmath.workdps(digits):
                return +gap
        working *= 2


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
        exact = spectral_radius_mpmath(a, b, c, digits=digits)
        difference = abs(mpmath.mpf(float(value)) - exact)
        errors.append(float(difference / exact) if exact != 0 else float(difference))
    return np.array(errors)


def power_norms_mpmath(
    alpha: float, beta: float, h: float, steps: int, digits: int = 50
) -> list[mpmath.mpf]:
    r""":math:`\|A^t\|_2` for :math:`t = 0, \dots,` ``steps``, by repeated multiplication.

    :math:`A` is the companion matrix with entries :math:`1 + \beta - \alpha h` and
    :math:`-\beta` formed exactly from the given doubles; its powers are multiplied out at
    ``digits`` significant digits, and the largest singular value of each 2 x 2 power is
    :math:`\sigma_{\max}^2 = (F + \sqrt{F^2 - 4 \det^2})/2`, with :math:`F` the squared
    Frobenius norm. No eigen-decomposition, so it is as accurate on the critical-damping
    curve (a Jordan block) as anywhere.

    Examples
    --------
    >>> from momentum_theory.reference import power_norms_mpmath
    >>> [float(v) for v in power_norms_mpmath(1.0, 0.0, 1.0, 2)]  # A = [[0, 0], [1, 0]]
    [1.0, 1.0, 0.0]
    """
    with mpmath.workdps(digits):
        a, b, c = (mpmath.mpf(float(v)) for v in (alpha, beta, h))
        step = mpmath.matrix([[1 + b - a * c, -b], [1, 0]])
        power, norms = mpmath.eye(2), []
        for _ in range(steps + 1):
            frobenius = sum(power[i, j] ** 2 for i in range(2) for j in range(2))
            det = power[0, 0] * power[1, 1] - power[0, 1] * power[1, 0]
            norms.append(mpmath.sqrt((frobenius + mpmath.sqrt(frobenius**2 - 4 * det**2)) / 2))
            power = step * power
    return norms


def plain_heavy_ball(
    Q: ArrayLike,
    x0: ArrayLike,
    alpha: float,
    beta: float,
    steps: int,
    b: ArrayLike | None = None,
    *,
    x_prev: ArrayLike | None = None,
) -> NDArray[np.float64]:
    r""":math:`\|x_t - x^*\|_2` for :math:`t = 0, \dots,` ``steps`` of the textbook loop.

    .. math::

        x_{t+1} = x_t - \alpha (Q x_t - b) + \beta (x_t - x_{t-1}),

    for one pair :math:`(\alpha, \beta)`, in plain float64 arithmetic and in that order of
    operations, from rest (:math:`x_{-1} = x_0`) unless ``x_prev`` is given. No rescaling,
    no eigenbasis: a run that overflows gives ``inf`` and then ``nan``.

    Parameters
    ----------
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian: a scalar :math:`h`, a vector of eigenvalues meaning
        :math:`\operatorname{diag}(h)`, or a square matrix.
    x0 : array_like, shape () or (d,)
        Starting point.
    alpha, beta : float
        Step size and momentum.
    steps : int
        Number of steps.
    b : array_like, shape () or (d,), optional
        Linear term; the minimiser is :math:`x^* = Q^{-1} b` (0 when ``b`` is None).
    x_prev : array_like, shape () or (d,), optional
        :math:`x_{-1}`; ``x0`` (a start at rest) when None.

    Returns
    -------
    ndarray, shape (steps + 1,)

    Examples
    --------
    >>> from momentum_theory.reference import plain_heavy_ball
    >>> plain_heavy_ball(1.0, 1.0, 0.5, 0.0, 3)  # x_{t+1} = x_t / 2
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> plain_heavy_ball([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0], 0.25, 0.0, 2, b=[2.0, 4.0])
    array([1.41421356, 0.5       , 0.25      ])
    """
    matrix = np.asarray(Q, dtype=np.float64)
    x = np.array(x0, dtype=np.float64)
    previous = x.copy() if x_prev is None else np.array(x_prev, dtype=np.float64)
    shape = np.broadcast_shapes(x.shape, previous.shape, matrix.shape[:1])
    x, previous = np.broadcast_to(x, shape).copy(), np.broadcast_to(previous, shape).copy()
    linear = np.zeros(shape) if b is None else np.broadcast_to(np.asarray(b, float), shape)
    if matrix.ndim == 2:
        product = matrix.__matmul__
        minimiser = np.linalg.solve(matrix, linear)
    else:
        product = matrix.__mul__
        minimiser = linear / matrix
    distances = [float(np.linalg.norm(x - minimiser)) if x.ndim else abs(float(x - minimiser))]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            x, previous = x - alpha * (product(x) - linear) + beta * (x - previous), x
            error = x - minimiser
            distances.append(float(np.linalg.norm(error)) if x.ndim else abs(float(error)))
    return np.array(distances)


def naive_spectral_radius(alpha: float, beta: float, h: float) -> float:
    r"""The textbook closed form of :math:`\rho(A)`, in plain double arithmetic.

    With :math:`T = 1 + \beta - \alpha h` and :math:`\Delta = T^2 - 4\beta`:
    :math:`\sqrt\beta` if :math:`\Delta < 0`, else :math:`(|T| + \sqrt\Delta)/2`. It loses
    digits to cancellation near the critical-damping curve and when :math:`\rho` is tiny;
    it is the baseline that :func:`momentum_theory.spectral_radius` improves on.

    Examples
    --------
    >>> from momentum_theory.reference import naive_spectral_radius
    >>> naive_spectral_radius(0.5, 0.0, 1.0), naive_spectral_radius(0.25, 0.5, 1.0)
    (0.5, 0.7071067811865476)
    """
    trace = 1.0 + beta - alpha * h
    discriminant = trace * trace - 4.0 * beta
    if discriminant < 0:
        return math.sqrt(beta)
    return (abs(trace) + math.sqrt(discriminant)) / 2.0


def hard_points() -> list[tuple[float, float, float]]:
    r"""Points :math:`(\alpha, \beta, h)` where a naive closed form or an eigen-solver fails.

    On and beside the critical-damping curve (relative offsets from :math:`10^{-16}` to
    :math:`10^{-4}` and one ulp either side), near :math:`\rho = 0`, on the stability
    boundary and as :math:`\beta \to 1`, and at extreme :math:`h` for a fixed
    :math:`\alpha h`; mostly :math:`h = 1`. The paper quotes the kernel's worst error over
    these points, so their list and order are fixed.

    Examples
    --------
    >>> from momentum_theory.reference import hard_points
    >>> points = hard_points()
    >>> len(points), points[0]
    (204, (1e-12, 0.9999980000010001, 1.0))
    """
    from momentum_theory.family import critical_beta

    points = []
    products = [1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0, 1.1, 2.0, 3.0, 3.9]
    for product in products:  # on and beside the critical-damping curve
        on_curve = float(critical_beta(product, 1.0))
        for offset in (0.0, 1e-16, -1e-16, 1e-13, -1e-13, 1e-10, -1e-10, 1e-7, -1e-7, 1e-4):
            points.append((product, on_curve * (1 + offset), 1.0))
        points.append((product, float(np.nextafter(on_curve, 2.0)), 1.0))
        points.append((product, float(np.nextafter(on_curve, -1.0)), 1.0))
    for delta in (0.0, 2.0**-52, -(2.0**-53), 1e-15, 1e-12, -1e-9):  # tiny rho
        for beta in (0.0, 1e-30, 1e-16):
            points.append((1.0 + delta, beta, 1.0))
    for beta in (0.0, 0.5, 0.9, 1 - 1e-8, 1 - 2.0**-53):  # boundary, beta -> 1
        points.append((2 * (1 + beta), beta, 1.0))
        points.append((1e-12, beta, 1.0))
    for scale in (1e-200, 1e-8, 1e8, 1e150):  # extreme h at a fixed product
        points.append((0.25 / scale, 0.25, scale))
        points.append((0.01 / scale, 0.81, scale))
    return points


def critical_points() -> list[tuple[float, float, float]]:
    r"""Points exactly on the critical-damping curve (as doubles), :math:`\alpha h` from 1e-6 to 3.

    25 geometrically spaced :math:`\alpha h` at :math:`h = 1`, with
    :math:`\beta = \beta_c(\alpha h)` rounded to a double: where :math:`A` is (to rounding)
    a Jordan block and an eigen-solver keeps only half its digits.

    Examples
    --------
    >>> from momentum_theory.reference import critical_points
    >>> points = critical_points()
    >>> len(points), points[-1][0], points[-1][2]
    (25, 3.0, 1.0)
    """
    from momentum_theory.family import critical_beta

    products = np.geomspace(1e-6, 3.0, 25)
    return [(float(p), float(critical_beta(p, 1.0)), 1.0) for p in products]
