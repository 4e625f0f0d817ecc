"""The extended form: each named method's T and D from its own parameters."""

from __future__ import annotations

import math

import numpy as np

from momentum_theory._kernels._arithmetic import (
    _LARGE_DETERMINANT,
    _LARGE_HALF_TRACE,
    _LARGE_OPERAND,
    _NEAR_ONE,
    _TINY,
    _TINY_OPERAND,
    _U,
    _jit,
    dd_add,
    dd_multiply,
    expansion_sum,
    two_product,
    two_sum,
)
from momentum_theory._kernels._family import (
    _accept_radius,
    _radius_from_double_double,
    _radius_from_trace_determinant,
)

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
