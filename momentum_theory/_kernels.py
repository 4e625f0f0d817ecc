r"""Compiled elementwise kernels for the two-step family (Numba ufuncs).

On :math:`f(x) = h x^2/2` the two-step family of Lessard, Recht and Packard,

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}),

has the characteristic polynomial :math:`\lambda^2 - T\lambda + D` with
:math:`T = 1 + \beta - \alpha h (1 + \gamma)` and :math:`D = \beta - \alpha h \gamma`.

Each ufunc first evaluates the plain formula together with a bound on its rounding error,
and falls back, for that element only, to an exact evaluation where the bound exceeds the
accuracy target: :math:`T` and :math:`D` are sums of at most eight products of the inputs,
which TwoProduct makes exact terms and Shewchuk's expansion arithmetic sums exactly, so
the only rounding left is in the final quadratic formula, done in double-double.

The named methods whose map onto the family does arithmetic (PyTorch's SGD with dampening
or weight decay, QHM) use the *extended form*
:math:`T = 1 + \beta - \alpha(h + s)(1 + g_1 g_2)`,
:math:`D = \beta - \alpha(h + s)(g_1 g_2 + \omega)`, whose inputs are the method's own
parameters, so nothing is rounded before the exact tier (26 and 25 exact terms). Every
kernel returns a rate of at most 1.0 where the method converges, and :func:`spectral_gap`
gives :math:`1 - \rho` to full relative precision.

The ufuncs are compiled on first use (and cached on disk by Numba), so importing
:mod:`momentum_theory` does not import Numba. The scalar helpers are plain Numba
functions, callable from Python for testing.

References
----------
J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
predicates", Discrete Comput. Geom. 18 (1997) 305-363.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = [
    "critical_beta",
    "extended_radius_block",
    "extended_region",
    "family_region",
    "half_trace_discriminant",
    "radius_block",
    "spectral_gap",
]

_U = 2.0**-53  # unit roundoff
_TOLERANCE = 1e-14  # relative accuracy promised by spectral_radius
# A bound must meet half the target: the rest covers second-order terms and the final rounding.
_FAST_TOLERANCE = 0.5 * _TOLERANCE
_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's splitting constant
# Beyond these magnitudes squares could overflow; below _TINY, underflow loses digits.
_LARGE_HALF_TRACE = 2.0**500
_LARGE_DETERMINANT = 2.0**1000
_TINY = 2.0**-960
# Operands between these magnitudes can be split and multiplied without rescaling.
_TINY_OPERAND, _LARGE_OPERAND = 2.0**-300, 2.0**300
# A computed rate in (1, _NEAR_ONE] may belong to a method that converges (the exact rate is
# then within the tolerance below 1): the fast tiers decline it, and the careful path returns
# 1.0 where the exact convergence test says so.
_NEAR_ONE = 1.0 + 2.0 * _TOLERANCE

_jit = numba.njit(cache=True, nogil=True)


@_jit
def two_sum(a: float, b: float) -> tuple[float, float]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``s + e = a + b`` exactly (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


@_jit
def fast_two_sum(a: float, b: float) -> tuple[float, float]:
    """Like :func:`two_sum`, for ``|a| >= |b|`` (Dekker)."""
    s = a + b
    return s, b - (s - a)


@_jit
def _split(a: float) -> tuple[float, float]:
    c = _SPLITTER * a
    high = c - (c - a)
    return high, a - high


@_jit
def _plain_two_product(a: float, b: float) -> tuple[float, float]:
    """:func:`two_product` without the rescaling, for factors of moderate size."""
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return p, ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low


@_jit
def two_product(a: float, b: float) -> tuple[float, float]:
    """``(p, e)`` with ``p = fl(a b)`` and ``p + e = a b`` exactly (Dekker, Veltkamp).

    The factors are first rescaled by reciprocal powers of two so that the splitting cannot
    overflow; exact unless ``a b`` over- or underflows.
    """
    _, exponent_a = math.frexp(a)
    _, exponent_b = math.frexp(b)
    shift = (exponent_a - exponent_b) // 2
    a = math.ldexp(a, -shift)
    b = math.ldexp(b, shift)
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return p, ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low


@_jit
def dd_add(x_high: float, x_low: float, y_high: float, y_low: float) -> tuple[float, float]:
    """Double-double sum, relative error at most about :math:`3u^2` (Joldes et al. 2017)."""
    s, e = two_sum(x_high, y_high)
    t, f = two_sum(x_low, y_low)
    s, e = fast_two_sum(s, e + t)
    return fast_two_sum(s, e + f)


@_jit
def dd_multiply(x_high: float, x_low: float, y_high: float, y_low: float) -> tuple[float, float]:
    """Double-double product, relative error at most about :math:`5u^2`."""
    p, e = two_product(x_high, y_high)
    return fast_two_sum(p, e + (x_high * y_low + x_low * y_high))


@_jit
def dd_sqrt(high: float, low: float) -> tuple[float, float]:
    """Double-double square root of a non-negative double-double (one Newton step)."""
    if high <= 0.0:
        return 0.0, 0.0
    root = math.sqrt(high)
    p, e = two_product(root, root)
    return fast_two_sum(root, ((high - p) - e + low) / (2.0 * root))


@_jit
def expansion_sum(terms: np.ndarray) -> tuple[float, float]:
    """The exact sum of ``terms``, rounded to a double-double (overwrites ``terms``).

    Shewchuk's Grow-Expansion adds the terms one by one into a non-overlapping expansion
    without error; summing its components from the smallest up then rounds the exact sum
    with a relative error of a few :math:`u^2`. The sign of the result is exact.
    """
    n = terms.size
    for k in range(1, n):
        carry = terms[k]
        for i in range(k):
            carry, terms[i] = two_sum(carry, terms[i])
        terms[k] = carry
    high, low = 0.0, 0.0
    for i in range(n):
        s, e = two_sum(high, terms[i])
        high, low = fast_two_sum(s, e + low)
    return high, low


@_jit
def _trace_terms(alpha: float, beta: float, h: float, gamma: float, out: np.ndarray) -> None:
    r"""Eight doubles summing exactly to :math:`T = 1 + \beta - \alpha h(1 + \gamma)`.

    The last five (``out[3:]`` negated back) sum to :math:`-\alpha h \gamma`, so ``beta``
    followed by them sums to :math:`D`.
    """
    product, product_error = two_product(alpha, h)
    scaled, scaled_error = two_product(gamma, product)
    scaled_low, scaled_low_error = two_product(gamma, product_error)
    out[0] = 1.0
    out[1] = -product
    out[2] = -product_error
    out[3] = beta
    out[4] = -scaled
    out[5] = -scaled_error
    out[6] = -scaled_low
    out[7] = -scaled_low_error


@_jit
def exact_trace_determinant(
    alpha: float, beta: float, h: float, gamma: float
) -> tuple[float, float, float, float]:
    r""":math:`T` and :math:`D` as double-doubles ``(T_high, T_low, D_high, D_low)``.

    Exact to a few :math:`u^2` relative (the sign exact), unless an intermediate product
    over- or underflows.
    """
    terms = np.empty(8)
    _trace_terms(alpha, beta, h, gamma, terms)
    determinant_terms = terms[3:].copy()
    t_high, t_low = expansion_sum(terms)
    d_high, d_low = expansion_sum(determinant_terms)
    return t_high, t_low, d_high, d_low


@_jit
def _radius_exact(alpha: float, beta: float, h: float, gamma: float) -> float:
    t_high, t_low, d_high, d_low = exact_trace_determinant(alpha, beta, h, gamma)
    return _radius_from_trace_determinant(t_high, t_low, d_high, d_low)


@_jit
def _radius_from_trace_determinant(
    t_high: float, t_low: float, d_high: float, d_low: float
) -> float:
    r""":math:`\rho` from :math:`T` and :math:`D` given as double-doubles, in double-double."""
    # Scale by 2**-exponent so that |T|/2 and sqrt|D| are about one: no over/underflow.
    _, exponent = math.frexp(max(0.5 * abs(t_high), math.sqrt(abs(d_high))))
    half_high = math.ldexp(t_high, -exponent - 1)
    half_low = math.ldexp(t_low, -exponent - 1)
    d_high = math.ldexp(d_high, -2 * exponent)
    d_low = math.ldexp(d_low, -2 * exponent)
    square_high, square_low = dd_multiply(half_high, half_low, half_high, half_low)
    q_high, q_low = dd_add(square_high, square_low, -d_high, -d_low)
    if q_high >= 0.0:  # real roots: rho = |T|/2 + sqrt(Q)
        if half_high < 0.0:
            half_high, half_low = -half_high, -half_low
        root_high, root_low = dd_sqrt(q_high, q_low)
        rho = dd_add(half_high, half_low, root_high, root_low)[0]
    else:  # complex pair: |lambda|^2 = D > 0
        rho = dd_sqrt(d_high, d_low)[0]
    return math.ldexp(rho, exponent)


@_jit
def _radius_fast(alpha: float, beta: float, h: float, gamma: float) -> float:
    r"""The plain formula where its rounding-error bound meets the target, else ``-1.0``.

    Branch-free (both cases are evaluated and one selected), so the loop in
    :func:`radius_block` compiles to SIMD code. The bounds are first order in the unit
    roundoff :math:`u`; the target leaves a factor of two for the rest.
    """
    product = alpha * h
    scaled = product * (1.0 + gamma)
    half_trace = 0.5 * (1.0 + beta) - 0.5 * scaled
    shift = product * gamma
    determinant = beta - shift
    # |fl(T/2) - T/2| <= trace_error and |fl(D) - D| <= determinant_error (for gamma = 0,
    # D = beta is exact).
    trace_error = _U * (abs(half_trace) + 1.5 * (abs(1.0 + beta) + abs(scaled)))
    determinant_error = _U * (2.0 * abs(shift) + abs(determinant))
    return _accept_radius(
        half_trace,
        determinant,
        trace_error,
        determinant_error,
        abs(beta) + abs(shift) < _LARGE_DETERMINANT,
    )


@_jit
def _accept_radius(
    half_trace: float,
    determinant: float,
    trace_error: float,
    determinant_error: float,
    moderate: bool,
) -> float:
    r""":math:`\rho` from plain :math:`T/2` and :math:`D` with these absolute error bounds,
    where the bound on :math:`\rho` meets half the target (and ``moderate``), else ``-1.0``.

    Branch-free, for the vectorised first loops of the block kernels.
    """
    q = half_trace * half_trace - determinant
    abs_half_trace = abs(half_trace)
    # |fl(q) - q| <= q_error. The square of trace_error is second order, but not negligible
    # where fl(T/2) is about 0 and T/2 itself is not (T/2 ~ u, D ~ u^3: a real pair that the
    # first-order bound alone would take for a complex one).
    q_error = (
        (2.0 * abs_half_trace + trace_error) * trace_error
        + _U * (abs_half_trace * abs_half_trace + abs(q))
        + determinant_error
        + _TINY
    )
    real = q >= 0.0
    root = math.sqrt(q if real else determinant)
    rho = root + (abs_half_trace if real else 0.0)
    # Real pair (q >= 4 q_error): |sqrt(fl(q)) - sqrt(q)| <= q_error / (1.8 sqrt(fl(q))).
    # Complex pair: sqrt(D) has the relative error |fl(D) - D| / (2 D). Each test implies
    # its case, so no branch is needed (branches here keep the loop from vectorising).
    tolerance = _FAST_TOLERANCE - 2.0 * _U
    real_accurate = (q >= 4.0 * q_error) & (
        trace_error * root + q_error / 1.8 <= tolerance * rho * root
    )
    complex_accurate = (-q > q_error) & (determinant_error <= 2.0 * tolerance * determinant)
    # A rate in (1, _NEAR_ONE] may be a convergent one rounded up: the careful path decides.
    safe = (
        (real_accurate | complex_accurate)
        & (abs_half_trace < _LARGE_HALF_TRACE)
        & moderate
        & ((rho <= 1.0) | (rho > _NEAR_ONE))
    )
    return rho if safe else -1.0


@_jit
def _radius_double_double(alpha: float, beta: float, h: float, gamma: float) -> float:
    r""":math:`\rho` with :math:`T` and :math:`D` in double-double, or ``-1.0`` if unsure.

    For operands of moderate size. The error bounds count :math:`3u^2` per double-double
    sum (relative to its result) and :math:`5u^2` per product.
    """
    u2 = _U * _U
    p_high, p_low = _plain_two_product(alpha, h)
    s_high, s_low = _plain_two_product(p_high, gamma)
    s_low += p_low * gamma  # p gamma to 2 u^2 |p gamma|
    one_plus_beta = two_sum(1.0, beta)
    partial = dd_add(one_plus_beta[0], one_plus_beta[1], -p_high, -p_low)
    t_high, t_low = dd_add(partial[0], partial[1], -s_high, -s_low)
    d_high, d_low = dd_add(beta, 0.0, -s_high, -s_low)
    trace_error = u2 * (3.0 * abs(partial[0]) + 3.0 * abs(t_high) + 2.0 * abs(s_high))
    determinant_error = u2 * (2.0 * abs(s_high) + 3.0 * abs(d_high))
    return _radius_from_double_double(t_high, t_low, d_high, d_low, trace_error, determinant_error)


@_jit
def _radius_from_double_double(
    t_high: float,
    t_low: float,
    d_high: float,
    d_low: float,
    trace_error: float,
    determinant_error: float,
) -> float:
    r""":math:`\rho` from double-double :math:`T`, :math:`D` within these absolute error
    bounds, or ``-1.0`` where the bound on it exceeds half the target."""
    u2 = _U * _U
    half_high, half_low = 0.5 * t_high, 0.5 * t_low
    square = dd_multiply(half_high, half_low, half_high, half_low)
    q_high, q_low = dd_add(square[0], square[1], -d_high, -d_low)
    abs_half = abs(half_high)
    q_error = (
        (abs_half + trace_error) * trace_error
        + determinant_error
        + u2 * (5.0 * square[0] + 3.0 * abs(q_high))
        + _TINY
    )
    if half_high < 0.0:
        half_high, half_low = -half_high, -half_low
    if q_high > q_error:  # real pair
        root = dd_sqrt(q_high, q_low)
        rho = dd_add(half_high, half_low, root[0], root[1])[0]
        error = 0.5 * trace_error + min(math.sqrt(q_error), q_error / root[0])
    elif q_high < -q_error:  # complex pair, D > 0
        rho = dd_sqrt(d_high, d_low)[0]
        error = rho * determinant_error / d_high
    else:  # too close to T^2 = 4D to tell, and it does not matter: rho ~ |T|/2
        root = dd_sqrt(max(q_high, 0.0), q_low if q_high > 0.0 else 0.0)
        rho = dd_add(half_high, half_low, root[0], root[1])[0]
        error = 0.5 * trace_error + math.sqrt(2.0 * q_error) + q_error / max(abs_half, _TINY)
    return rho if error <= _FAST_TOLERANCE * rho else -1.0


@_jit
def _radius_careful(alpha: float, beta: float, h: float, gamma: float) -> float:
    """Every case :func:`_radius_fast` declines: non-finite, huge or ill-conditioned."""
    if math.isnan(alpha) or math.isnan(beta) or math.isnan(h) or math.isnan(gamma):
        return math.nan
    product = alpha * h
    shift = product * gamma if gamma != 0.0 else 0.0  # heavy ball: no inf * 0
    m = abs(1.0 + beta) + abs(product) + abs(shift)
    n = abs(beta) + abs(shift)
    if math.isnan(m) or math.isnan(n):  # inf * 0 in an entry of the matrix
        return math.nan
    if math.isinf(m) or math.isinf(n):  # an entry of the matrix overflows
        return math.inf
    moderate = (
        _TINY_OPERAND < abs(alpha) < _LARGE_OPERAND and _TINY_OPERAND < abs(h) < _LARGE_OPERAND
    )
    moderate = moderate and abs(gamma) < _LARGE_OPERAND and m < _LARGE_HALF_TRACE
    moderate = moderate and (gamma == 0.0 or abs(gamma) > _TINY_OPERAND)
    rho = _radius_double_double(alpha, beta, h, gamma) if moderate else -1.0
    if rho < 0.0:
        rho = _radius_exact(alpha, beta, h, gamma)
    if 1.0 < rho <= _NEAR_ONE and _region(alpha, beta, h, gamma):
        return 1.0  # converges: the exact rate is below 1, and within rounding of it
    return rho


@_jit
def radius_block(
    alpha: np.ndarray, beta: np.ndarray, h: np.ndarray, gamma: np.ndarray, out: np.ndarray
) -> None:
    """Spectral radius of one block of contiguous operands (all of ``out``'s length)."""
    for i in range(out.size):  # vectorised: no calls, no branches
        out[i] = _radius_fast(alpha[i], beta[i], h[i], gamma[i])
    for i in range(out.size):  # the few points the bound declined (or found just above 1)
        if out[i] < 0.0:
            out[i] = _radius_careful(alpha[i], beta[i], h[i], gamma[i])


@_jit
def _sign_of_sum(terms: np.ndarray) -> float:
    high = expansion_sum(terms)[0]
    return 1.0 if high > 0.0 else (-1.0 if high < 0.0 else 0.0)


@_jit
def _region(alpha: float, beta: float, h: float, gamma: float) -> bool:
    r"""Jury's test for :math:`\lambda^2 - T\lambda + D`, every sign decided exactly.

    Both roots lie in the open unit disc iff :math:`1 - T + D = \alpha h > 0`,
    :math:`1 + T + D = 2(1 + \beta) - \alpha h(1 + 2\gamma) > 0` and :math:`|D| < 1`.
    """
    if math.isnan(alpha) or math.isnan(beta) or math.isnan(h) or math.isnan(gamma):
        return False
    if not ((alpha > 0.0 and h > 0.0) or (alpha < 0.0 and h < 0.0)):
        return False
    product = alpha * h
    determinant = beta - product * gamma
    n = abs(beta) + abs(product * gamma)
    outer = 2.0 * (1.0 + beta) - product * (1.0 + 2.0 * gamma)
    outer_bound = abs(2.0 * (1.0 + beta)) + abs(product * (1.0 + 2.0 * gamma))
    error = 8.0 * _U
    if math.isfinite(outer) and abs(outer) > error * outer_bound + _TINY:
        if outer < 0.0:
            return False
    else:
        # 1 + T + D: the eight terms of T, the five of D (its last five) and one.
        terms = np.empty(14)
        _trace_terms(alpha, beta, h, gamma, terms)
        terms[8:13] = terms[3:8]
        terms[13] = 1.0
        if _sign_of_sum(terms) <= 0.0:
            return False
    if math.isfinite(determinant) and abs(abs(determinant) - 1.0) > error * (n + 1.0):
        return abs(determinant) < 1.0
    terms = np.empty(8)
    _trace_terms(alpha, beta, h, gamma, terms)
    below = np.empty(6)  # 1 - D
    above = np.empty(6)  # 1 + D
    for i in range(5):
        below[i] = -terms[3 + i]
        above[i] = terms[3 + i]
    below[5] = 1.0
    above[5] = 1.0
    return _sign_of_sum(below) > 0.0 and _sign_of_sum(above) > 0.0


@_jit
def _critical_beta(alpha: float, h: float, gamma: float) -> float:
    product, product_error = two_product(alpha, h)
    if not product >= 0.0:
        return math.nan
    # (1 - sqrt(alpha h))^2 = ((1 - alpha h) / (1 + sqrt(alpha h)))^2, 1 - alpha h exact.
    one_minus = two_sum(1.0, -product)
    one_minus = one_minus[0] + (one_minus[1] - product_error)
    value = (one_minus / (1.0 + math.sqrt(product))) ** 2
    return value + product * gamma


@_jit
def _half_trace(alpha: float, beta: float, h: float, gamma: float) -> float:
    return 0.5 * exact_trace_determinant(alpha, beta, h, gamma)[0]


@_jit
def _quarter_discriminant(alpha: float, beta: float, h: float, gamma: float) -> float:
    t_high, t_low, d_high, d_low = exact_trace_determinant(alpha, beta, h, gamma)
    half_high, half_low = 0.5 * t_high, 0.5 * t_low
    square_high, square_low = dd_multiply(half_high, half_low, half_high, half_low)
    return dd_add(square_high, square_low, -d_high, -d_low)[0]


# -- the extended form: each named method's T and D from its own parameters ---------------
#
# T = 1 + beta - alpha (h + s)(1 + g1 g2) and D = beta - alpha (h + s)(g1 g2 + omega) hold
# every method here without rounding its parameters: the family is (s, g1, g2, omega) =
# (0, gamma, 1, 0); PyTorch's SGD has s = weight_decay and (g1, omega) = (-dampening,
# dampening), or (momentum, 0) with Nesterov; QHM has (g1, g2, omega) = (-beta, nu, beta).
# The products A = alpha (h + s) and g1 g2 are made exact (TwoSum, TwoProduct), so T and D
# are exact sums of 26 and 25 products, as the family's are of eight.

_EXTENDED_TRACE_TERMS = 26
_EXTENDED_DETERMINANT_TERMS = 25


@_jit
def _extended_terms(
    alpha: float,
    beta: float,
    h: float,
    shift: float,
    g1: float,
    g2: float,
    omega: float,
    trace: np.ndarray,
    determinant: np.ndarray,
) -> None:
    r"""Doubles summing exactly to :math:`T` (26, into ``trace``) and :math:`D` (25).

    Exact unless a partial product over- or underflows.
    """
    curvature_high, curvature_low = two_sum(h, shift)
    product = np.empty(4)  # alpha (h + s), exactly
    product[0], product[1] = two_product(alpha, curvature_high)
    product[2], product[3] = two_product(alpha, curvature_low)
    gamma_high, gamma_low = two_product(g1, g2)
    trace[0] = 1.0
    trace[1] = beta
    determinant[0] = beta
    k = 2
    n = 1
    for i in range(4):
        for factor in (1.0, gamma_high, gamma_low):
            p, e = two_product(product[i], factor)
            trace[k] = -p
            trace[k + 1] = -e
            k += 2
        for factor in (gamma_high, gamma_low, omega):
            p, e = two_product(product[i], factor)
            determinant[n] = -p
            determinant[n + 1] = -e
            n += 2


@_jit
def _exact_sum(terms: np.ndarray) -> tuple[float, float]:
    """:func:`expansion_sum` of a copy of ``terms``, zeros dropped first (they cost time)."""
    kept = np.empty(terms.size)
    n = 0
    for value in terms:
        if value != 0.0:
            kept[n] = value
            n += 1
    return expansion_sum(kept[:n]) if n else (0.0, 0.0)


@_jit
def _extended_plain(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> tuple[float, float, float, float, float, float, float, float]:
    r"""Plain :math:`T/2`, :math:`D` and the pieces their error bounds are made of.

    Returns ``(half_trace, determinant, product, scaled, shifted, cross, trace_factor,
    determinant_factor)``: :math:`A = \alpha(h + s)`, ``scaled`` :math:`= A(1 + \gamma)`,
    ``shifted`` :math:`= A(\gamma + \omega)`, ``cross`` :math:`= |A\gamma|` and the factors
    :math:`1 + \gamma`, :math:`\gamma + \omega`, with :math:`\gamma = g_1 g_2`
    (:func:`_extended_errors` bounds their rounding).
    """
    product = alpha * (h + shift)
    gamma = g1 * g2
    trace_factor = 1.0 + gamma
    determinant_factor = gamma + omega
    scaled = product * trace_factor
    shifted = product * determinant_factor
    half_trace = 0.5 * (1.0 + beta) - 0.5 * scaled
    determinant = beta - shifted
    cross = abs(product * gamma)
    return (
        half_trace,
        determinant,
        product,
        scaled,
        shifted,
        cross,
        trace_factor,
        determinant_factor,
    )


@_jit
def _extended_errors(
    alpha: float,
    beta: float,
    h: float,
    shift: float,
    half_trace: float,
    determinant: float,
    scaled: float,
    shifted: float,
    cross: float,
    trace_factor: float,
    determinant_factor: float,
) -> tuple[float, float, float, float]:
    r"""First-order bounds on :math:`|fl(T/2) - T/2|`, :math:`|fl(D) - D|` and the errors
    of ``scaled`` and ``shifted`` of :func:`_extended_plain`.

    With :math:`e_c` the exact error of ``h + shift`` (TwoSum; 0 without a shift), the
    computed :math:`A` is within :math:`u|A| + |\alpha e_c|`, :math:`1 + \gamma` within
    :math:`u(|1 + \gamma| + |\gamma|)`, so ``scaled`` is within
    :math:`u(3|A(1 + \gamma)| + |A\gamma|) + |\alpha e_c (1 + \gamma)|`, and ``shifted``
    likewise; the sums add a rounding each.
    """
    curvature = h + shift
    curvature_error = abs((h - (curvature - (curvature - h))) + (shift - (curvature - h)))
    missed = abs(alpha) * curvature_error  # |alpha e_c|
    scaled_error = _U * (3.0 * abs(scaled) + cross) + missed * abs(trace_factor)
    shifted_error = _U * (3.0 * abs(shifted) + cross) + missed * abs(determinant_factor)
    trace_error = _U * (abs(half_trace) + abs(1.0 + beta)) + 0.5 * scaled_error
    determinant_error = _U * abs(determinant) + shifted_error
    return trace_error, determinant_error, scaled_error, shifted_error


@_jit
def _extended_fast(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    """:func:`_radius_fast` for the extended form: the plain formula, or ``-1.0``."""
    half_trace, determinant, _, scaled, shifted, cross, trace_factor, determinant_factor = (
        _extended_plain(alpha, beta, h, shift, g1, g2, omega)
    )
    trace_error, determinant_error, _, _ = _extended_errors(
        alpha,
        beta,
        h,
        shift,
        half_trace,
        determinant,
        scaled,
        shifted,
        cross,
        trace_factor,
        determinant_factor,
    )
    return _accept_radius(
        half_trace,
        determinant,
        trace_error,
        determinant_error,
        abs(beta) + abs(shifted) < _LARGE_DETERMINANT,
    )


@_jit
def _extended_exact_trace_determinant(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> tuple[float, float, float, float]:
    """:math:`T` and :math:`D` of the extended form as double-doubles, to a few u^2."""
    trace = np.empty(_EXTENDED_TRACE_TERMS)
    determinant = np.empty(_EXTENDED_DETERMINANT_TERMS)
    _extended_terms(alpha, beta, h, shift, g1, g2, omega, trace, determinant)
    t_high, t_low = _exact_sum(trace)
    d_high, d_low = _exact_sum(determinant)
    return t_high, t_low, d_high, d_low


@_jit
def _extended_double_double(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    """:func:`_radius_double_double` for the extended form: :math:`T` and :math:`D` in
    double-double (3 u^2 per sum, 7 u^2 per product, relative), then the same test."""
    u2 = _U * _U
    curvature_high, curvature_low = two_sum(h, shift)  # exact
    a_high, a_low = dd_multiply(alpha, 0.0, curvature_high, curvature_low)
    g_high, g_low = two_product(g1, g2)  # exact
    ct_high, ct_low = dd_add(1.0, 0.0, g_high, g_low)
    cd_high, cd_low = dd_add(g_high, g_low, omega, 0.0)
    pt_high, pt_low = dd_multiply(a_high, a_low, ct_high, ct_low)
    pd_high, pd_low = dd_multiply(a_high, a_low, cd_high, cd_low)
    one_plus_beta = two_sum(1.0, beta)
    t_high, t_low = dd_add(one_plus_beta[0], one_plus_beta[1], -pt_high, -pt_low)
    d_high, d_low = dd_add(beta, 0.0, -pd_high, -pd_low)
    # P_T = A c_T: 7 u^2 for the product, 7 for A's and 3 for c_T's, relative: 17 (20 here).
    trace_error = u2 * (3.0 * abs(t_high) + 20.0 * abs(pt_high))
    determinant_error = u2 * (3.0 * abs(d_high) + 20.0 * abs(pd_high))
    return _radius_from_double_double(t_high, t_low, d_high, d_low, trace_error, determinant_error)


@_jit
def _extended_careful(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    """Every case :func:`_extended_fast` declines: non-finite, huge or ill-conditioned."""
    if (
        math.isnan(alpha)
        or math.isnan(beta)
        or math.isnan(h)
        or math.isnan(shift)
        or math.isnan(g1)
        or math.isnan(g2)
        or math.isnan(omega)
    ):
        return math.nan
    _, _, product, scaled, shifted, _, _, _ = _extended_plain(alpha, beta, h, shift, g1, g2, omega)
    m = abs(1.0 + beta) + abs(product) + abs(scaled) + abs(shifted)
    n = abs(beta) + abs(shifted)
    if math.isnan(m) or math.isnan(n):  # inf * 0 in an entry of the matrix
        return math.nan
    if math.isinf(m) or math.isinf(n):  # an entry of the matrix overflows
        return math.inf
    curvature = h + shift
    moderate = (
        _TINY_OPERAND < abs(alpha) < _LARGE_OPERAND
        and _TINY_OPERAND < abs(curvature) < _LARGE_OPERAND
        and (g1 == 0.0 or _TINY_OPERAND < abs(g1) < _LARGE_OPERAND)
        and (g2 == 0.0 or _TINY_OPERAND < abs(g2) < _LARGE_OPERAND)
        and (omega == 0.0 or _TINY_OPERAND < abs(omega) < _LARGE_OPERAND)
        and m < _LARGE_HALF_TRACE
    )
    rho = _extended_double_double(alpha, beta, h, shift, g1, g2, omega) if moderate else -1.0
    if rho < 0.0:
        rho = _radius_from_trace_determinant(
            *_extended_exact_trace_determinant(alpha, beta, h, shift, g1, g2, omega)
        )
    if 1.0 < rho <= _NEAR_ONE and _extended_region(alpha, beta, h, shift, g1, g2, omega):
        return 1.0  # converges: the exact rate is below 1, and within rounding of it
    return rho


@_jit
def _extended_region(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> bool:
    r""":func:`_region` for the extended form, every sign decided exactly.

    :math:`1 - T + D = \alpha(h + s)(1 - \omega)`, whose sign is the product of three exact
    signs; :math:`1 + T + D = 2(1 + \beta) - A(1 + 2\gamma + \omega)` and :math:`1 \pm D`
    by a bound, or exactly from the terms where the bound cannot tell.
    """
    if (
        math.isnan(alpha)
        or math.isnan(beta)
        or math.isnan(h)
        or math.isnan(shift)
        or math.isnan(g1)
        or math.isnan(g2)
        or math.isnan(omega)
    ):
        return False
    curvature = h + shift  # rounding keeps the sign (and zero) of the exact sum
    one_minus = 1.0 - omega
    signs = (
        (1 if alpha > 0.0 else (-1 if alpha < 0.0 else 0))
        * (1 if curvature > 0.0 else (-1 if curvature < 0.0 else 0))
        * (1 if one_minus > 0.0 else (-1 if one_minus < 0.0 else 0))
    )
    if signs <= 0:
        return False
    _, determinant, _, scaled, shifted, cross, _, _ = _extended_plain(
        alpha, beta, h, shift, g1, g2, omega
    )
    outer = 2.0 * (1.0 + beta) - (scaled + shifted)
    # First order: |fl(outer) - outer| <= u (2|1 + beta| + 5|scaled| + 5|shifted| + 2 cross
    # + |outer|); the bound below is over twice that.
    outer_bound = 2.0 * abs(1.0 + beta) + 2.0 * (abs(scaled) + abs(shifted)) + cross + abs(outer)
    error = 8.0 * _U
    trace = np.empty(0)
    terms = np.empty(0)
    if math.isfinite(outer) and abs(outer) > error * outer_bound + _TINY:
        if outer < 0.0:
            return False
    else:
        trace = np.empty(_EXTENDED_TRACE_TERMS)
        terms = np.empty(_EXTENDED_DETERMINANT_TERMS)
        _extended_terms(alpha, beta, h, shift, g1, g2, omega, trace, terms)
        total = np.empty(trace.size + terms.size + 1)  # 1 + T + D
        total[: trace.size] = trace
        total[trace.size : -1] = terms
        total[-1] = 1.0
        if _exact_sum(total)[0] <= 0.0:
            return False
    n = abs(beta) + 2.0 * abs(shifted) + cross
    if math.isfinite(determinant) and abs(abs(determinant) - 1.0) > error * (n + 1.0):
        return abs(determinant) < 1.0
    if terms.size == 0:
        trace = np.empty(_EXTENDED_TRACE_TERMS)
        terms = np.empty(_EXTENDED_DETERMINANT_TERMS)
        _extended_terms(alpha, beta, h, shift, g1, g2, omega, trace, terms)
    below = np.empty(terms.size + 1)  # 1 - D
    above = np.empty(terms.size + 1)  # 1 + D
    below[:-1] = -terms
    above[:-1] = terms
    below[-1] = 1.0
    above[-1] = 1.0
    return _exact_sum(below)[0] > 0.0 and _exact_sum(above)[0] > 0.0


@_jit
def extended_radius_block(
    alpha: np.ndarray,
    beta: np.ndarray,
    h: np.ndarray,
    shift: np.ndarray,
    g1: np.ndarray,
    g2: np.ndarray,
    omega: np.ndarray,
    out: np.ndarray,
) -> None:
    """:func:`radius_block` for the extended form."""
    for i in range(out.size):  # vectorised
        out[i] = _extended_fast(alpha[i], beta[i], h[i], shift[i], g1[i], g2[i], omega[i])
    for i in range(out.size):
        if out[i] < 0.0:
            out[i] = _extended_careful(alpha[i], beta[i], h[i], shift[i], g1[i], g2[i], omega[i])


@_jit
def _extended_radius(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    """One point of :func:`extended_radius_block`."""
    rho = _extended_fast(alpha, beta, h, shift, g1, g2, omega)
    return rho if rho >= 0.0 else _extended_careful(alpha, beta, h, shift, g1, g2, omega)


# -- the spectral gap 1 - rho ---------------------------------------------------------------
#
# With m = 1 - |T|/2 and N = 1 - |T| + D (one of Jury's quantities: (1 - rho)(1 - rho') for
# real roots rho >= rho'), T^2/4 - D = m^2 - N, and
#   real roots, m >= 0:  1 - rho = N / (m + sqrt(m^2 - N))   (a sum of non-negative terms),
#   real roots, m < 0:   1 - rho = m - sqrt(m^2 - N)         (both terms non-positive),
#   complex pair:        1 - rho = (1 - D) / (1 + sqrt(D)).
# N and 1 - D are exact sums (for T > 0, N = alpha (h + s)(1 - omega), one product), so none
# of these cancels; m^2 - N keeps its relative accuracy near a double root at +-1, where
# T^2/4 - D would not.


@_jit
def _gap_fast(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    r""":math:`1 - \rho` from the formulas above in plain arithmetic, or NaN where the
    first-order bound on its relative error exceeds half the target."""
    (
        half_trace,
        determinant,
        product,
        scaled,
        shifted,
        cross,
        trace_factor,
        determinant_factor,
    ) = _extended_plain(alpha, beta, h, shift, g1, g2, omega)
    trace_error, determinant_error, scaled_error, _ = _extended_errors(
        alpha,
        beta,
        h,
        shift,
        half_trace,
        determinant,
        scaled,
        shifted,
        cross,
        trace_factor,
        determinant_factor,
    )
    abs_half_trace = abs(half_trace)
    tolerance = _FAST_TOLERANCE
    if not abs_half_trace > trace_error:  # the sign of T is unknown (or NaN)
        return math.nan
    # N = 1 - |T| + D and m = 1 - |T|/2, each formed without cancellation where it can be:
    # for T > 0, N = A (1 - omega) (roundings of 2u, u, u) and m = ((1 - beta) + A c_T)/2.
    if half_trace > 0.0:
        numerator = product * (1.0 - omega)
        numerator_error = 4.0 * _U * abs(numerator)
        m = 0.5 * ((1.0 - beta) + scaled)
        m_error = 0.5 * (_U * abs(1.0 - beta) + scaled_error) + _U * abs(m)
    else:  # N = 2 (1 + beta) - A (1 + 2 gamma + omega), m = ((3 + beta) - A c_T)/2
        numerator = 2.0 * (1.0 + beta) - (scaled + shifted)
        numerator_error = _U * (
            2.0 * abs(1.0 + beta)
            + 5.0 * (abs(scaled) + abs(shifted))
            + 2.0 * cross
            + abs(numerator)
        )
        m = 0.5 * ((3.0 + beta) - scaled)
        m_error = 0.5 * (_U * abs(3.0 + beta) + scaled_error) + _U * abs(m)
    # The discriminant two ways, m^2 - N (keeps its digits near a double root at +-1) and
    # (T/2)^2 - D (where N and m^2 are close), the one with the smaller bound kept.
    jury_q = m * m - numerator
    jury_error = (
        (2.0 * abs(m) + m_error) * m_error + numerator_error + _U * (m * m + abs(jury_q)) + _TINY
    )
    plain_q = half_trace * half_trace - determinant
    plain_error = (
        (2.0 * abs_half_trace + trace_error) * trace_error
        + determinant_error
        + _U * (half_trace * half_trace + abs(plain_q))
        + _TINY
    )
    q, q_error = (plain_q, plain_error) if plain_error < jury_error else (jury_q, jury_error)
    if q >= 4.0 * q_error:  # real roots
        root = math.sqrt(q)
        root_error = q_error / (1.8 * root) + _U * root
        if m > m_error and numerator != 0.0:
            denominator = m + root
            gap = numerator / denominator
            relative = (
                numerator_error / abs(numerator) + (m_error + root_error) / denominator + 2.0 * _U
            )
            return gap if relative <= tolerance else math.nan
        if m < -m_error:
            gap = m - root
            error = m_error + root_error + _U * abs(gap)
            return gap if error <= tolerance * abs(gap) else math.nan
        return math.nan
    if -q > q_error and determinant > 0.0:  # complex pair: 1 - D = 1 - beta + A (gamma + omega)
        numerator = (1.0 - beta) + shifted
        if numerator == 0.0:
            return math.nan
        numerator_error = _U * (abs(1.0 - beta) + 4.0 * abs(shifted) + cross + abs(numerator))
        root = math.sqrt(determinant)
        denominator = 1.0 + root
        denominator_error = determinant_error / (2.0 * root) + _U * (root + denominator)
        relative = numerator_error / abs(numerator) + denominator_error / denominator + 2.0 * _U
        gap = numerator / denominator
        return gap if relative <= tolerance else math.nan
    return math.nan


@_jit
def _gap_exact(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    r""":math:`1 - \rho` from the exact terms, for :math:`1/4 < \rho < 4` (moderate T, D)."""
    trace = np.empty(_EXTENDED_TRACE_TERMS)
    determinant = np.empty(_EXTENDED_DETERMINANT_TERMS)
    _extended_terms(alpha, beta, h, shift, g1, g2, omega, trace, determinant)
    sign = 1.0 if _exact_sum(trace)[0] >= 0.0 else -1.0  # |T| = sign T
    half = np.empty(trace.size + 1)  # m = 1 - |T|/2
    half[:-1] = -0.5 * sign * trace
    half[-1] = 1.0
    jury = np.empty(trace.size + determinant.size + 1)  # N = 1 - |T| + D
    jury[: trace.size] = -sign * trace
    jury[trace.size : -1] = determinant
    jury[-1] = 1.0
    m_high, m_low = _exact_sum(half)
    n_high, n_low = _exact_sum(jury)
    square_high, square_low = dd_multiply(m_high, m_low, m_high, m_low)
    q_high, q_low = dd_add(square_high, square_low, -n_high, -n_low)
    if q_high >= 0.0:  # real roots
        root_high, root_low = dd_sqrt(q_high, q_low)
        if m_high >= 0.0:
            if n_high == 0.0:  # rho = 1 exactly
                return 0.0
            return n_high / dd_add(m_high, m_low, root_high, root_low)[0]
        return dd_add(m_high, m_low, -root_high, -root_low)[0]
    below = np.empty(determinant.size + 1)  # complex pair: 1 - D, with D > 0
    below[:-1] = -determinant
    below[-1] = 1.0
    d_high, d_low = _exact_sum(determinant)
    return _exact_sum(below)[0] / (1.0 + dd_sqrt(d_high, d_low)[0])


@_jit
def _gap(
    alpha: float, beta: float, h: float, shift: float, g1: float, g2: float, omega: float
) -> float:
    gap = _gap_fast(alpha, beta, h, shift, g1, g2, omega)
    if not math.isnan(gap):
        return gap
    rho = _extended_radius(alpha, beta, h, shift, g1, g2, omega)
    if math.isnan(rho):
        return math.nan
    if rho <= 0.25 or rho >= 4.0:  # |1 - rho| >= 3/4 max(rho, 1/4): no digits lost
        return 1.0 - rho
    return _gap_exact(alpha, beta, h, shift, g1, g2, omega)


_SIGNATURE = ["float64(float64, float64, float64, float64)"]
family_region = numba.vectorize(["boolean(float64, float64, float64, float64)"], cache=True)(
    _region
)
critical_beta = numba.vectorize(["float64(float64, float64, float64)"], cache=True)(_critical_beta)
half_trace = numba.vectorize(_SIGNATURE, cache=True)(_half_trace)
quarter_discriminant = numba.vectorize(_SIGNATURE, cache=True)(_quarter_discriminant)
_EXTENDED_SIGNATURE = "(float64, float64, float64, float64, float64, float64, float64)"
extended_region = numba.vectorize(["boolean" + _EXTENDED_SIGNATURE], cache=True)(_extended_region)
spectral_gap = numba.vectorize(["float64" + _EXTENDED_SIGNATURE], cache=True)(_gap)


def half_trace_discriminant(
    alpha: np.ndarray, beta: np.ndarray, h: np.ndarray, gamma: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`T/2` and :math:`T^2/4 - D`, each correctly rounded to a few :math:`u^2`."""
    return half_trace(alpha, beta, h, gamma), quarter_discriminant(alpha, beta, h, gamma)
