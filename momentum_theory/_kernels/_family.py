"""The family's kernels: T and D as exact sums, the tiers of the spectral radius, the
convergence region (Jury), the critical momentum and the half trace and discriminant.
"""

from __future__ import annotations

import math

import numpy as np

from momentum_theory._kernels._arithmetic import (
    _FAST_TOLERANCE,
    _LARGE_DETERMINANT,
    _LARGE_HALF_TRACE,
    _LARGE_OPERAND,
    _NEAR_ONE,
    _TINY,
    _TINY_OPERAND,
    _U,
    _jit,
    _plain_two_product,
    dd_add,
    dd_multiply,
    dd_sqrt,
    expansion_sum,
    two_product,
    two_sum,
)


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
