"""The spectral gap :math:`1 - \rho` to full relative precision, for every method's form."""

from __future__ import annotations

import math

import numpy as np

from momentum_theory._kernels._arithmetic import (
    _FAST_TOLERANCE,
    _TINY,
    _U,
    _jit,
    dd_add,
    dd_multiply,
    dd_sqrt,
)
from momentum_theory._kernels._extended import (
    _EXTENDED_DETERMINANT_TERMS,
    _EXTENDED_TRACE_TERMS,
    _exact_sum,
    _extended_errors,
    _extended_plain,
    _extended_radius,
    _extended_terms,
)

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
