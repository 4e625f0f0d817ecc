r"""Numeric kernels: the heavy-ball companion matrix and its spectral radius.

On :math:`f(x) = h x^2 / 2` the heavy-ball iteration
:math:`x_{t+1} = x_t - \alpha f'(x_t) + \beta (x_t - x_{t-1})` is
:math:`(x_{t+1}, x_t)^\top = A\,(x_t, x_{t-1})^\top` with

.. math::

    A(\alpha, \beta, h) = \begin{pmatrix} 1 + \beta - \alpha h & -\beta \\ 1 & 0 \end{pmatrix},
    \qquad \det(\lambda I - A) = \lambda^2 - T\lambda + \beta,
    \quad T = 1 + \beta - \alpha h .

Every function here broadcasts over its arguments (a grid is just a batch) and works on
float64. The derivations behind the closed forms live in :mod:`momentum_theory.symbolic`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory import _double_double as dd
from momentum_theory._validation import (
    as_finite_float,
    as_real_array,
    as_scalar,
    broadcast_shape,
    require_spectrum,
)

Array = NDArray[np.float64]

__all__ = [
    "OptimalParameters",
    "RateGrid",
    "StabilityPosition",
    "companion_matrix",
    "convergence_region",
    "critical_beta",
    "optimal_parameters",
    "rate_grid",
    "spectral_radius",
    "spectral_radius_eig",
    "stability_position",
    "worst_case_rate",
]

_UNIT_ROUNDOFF = 2.0**-53
# The fast path's rounding-error bound is trusted where it promises this relative accuracy;
# everything else goes through double-double arithmetic. See `_fast_block`.
_FAST_PATH_TOLERANCE = 1e-14
_CANCELLATION_THRESHOLD = (3.0 * _UNIT_ROUNDOFF / _FAST_PATH_TOLERANCE) ** 2
# Beyond this |T|/2 the square T**2/4 could overflow.
_LARGE_HALF_TRACE = 2.0**500
# Elements per block: the kernel's temporaries then stay in the L2 cache.
_BLOCK_SIZE = 1 << 16


def _real_arguments(**arguments: ArrayLike) -> tuple[list[Array], tuple[int, ...]]:
    arrays = {name: as_real_array(value, name) for name, value in arguments.items()}
    return list(arrays.values()), broadcast_shape(**arrays)


def companion_matrix(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> Array:
    r"""Companion matrix of heavy ball on the quadratic :math:`f(x) = h x^2 / 2`.

    .. math::

        A = \begin{pmatrix} 1 - \alpha h + \beta & -\beta \\ 1 & 0 \end{pmatrix},
        \qquad \begin{pmatrix} x_{t+1} \\ x_t \end{pmatrix}
        = A \begin{pmatrix} x_t \\ x_{t-1} \end{pmatrix}.

    Parameters
    ----------
    alpha : array_like, shape (...)
        Step size :math:`\alpha`.
    beta : array_like, shape (...)
        Momentum :math:`\beta`.
    h : array_like, shape (...)
        Curvature :math:`h` (an eigenvalue of the Hessian).

    Returns
    -------
    ndarray, shape (..., 2, 2)
        One matrix per broadcast element of the arguments.

    Raises
    ------
    ValueError
        If the arguments do not broadcast together.

    Examples
    --------
    >>> from momentum_theory import companion_matrix
    >>> companion_matrix(0.5, 0.25, 1.0)
    array([[ 0.75, -0.25],
           [ 1.  ,  0.  ]])
    >>> companion_matrix([0.1, 0.2], 0.9, 1.0).shape
    (2, 2, 2)
    """
    (a, b, h_), shape = _real_arguments(alpha=alpha, beta=beta, h=h)
    matrix = np.zeros((*shape, 2, 2))
    matrix[..., 0, 0] = 1.0 + b - a * h_
    matrix[..., 0, 1] = -b
    matrix[..., 1, 0] = 1.0
    return matrix


def spectral_radius_eig(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> Array:
    r"""Spectral radius of the companion matrix through SciPy's eigenvalue solver.

    A reference for :func:`spectral_radius`: :math:`\max_i |\lambda_i(A)|` with the
    eigenvalues from LAPACK (``scipy.linalg.eigvals``, batched). It is slower and, on the
    critical-damping curve where :math:`A` is a Jordan block, accurate to only about half
    the digits, as any backward-stable eigensolver is there.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature; they broadcast together.

    Returns
    -------
    ndarray, shape (...)
        :math:`\rho(A)`; NaN where any input is NaN.

    Examples
    --------
    >>> from momentum_theory import spectral_radius_eig
    >>> round(float(spectral_radius_eig(1.0, 0.0, 1.5)), 12)
    0.5
    """
    matrices = companion_matrix(alpha, beta, h)
    result = np.full(matrices.shape[:-2], np.nan)
    finite = np.isfinite(matrices).all(axis=(-2, -1))
    if np.any(finite):
        import scipy.linalg  # imported here: SciPy's linalg is slow to import

        eigenvalues = scipy.linalg.eigvals(matrices[finite], check_finite=False)
        result[finite] = np.abs(eigenvalues).max(axis=-1)
    return result[()] if result.ndim == 0 else result


def _blocks(shape: tuple[int, ...]) -> Iterator[tuple[int | slice, ...]]:
    """Index tuples that tile ``shape`` into C-ordered blocks of about ``_BLOCK_SIZE``."""
    axis, inner = len(shape), 1
    while axis > 0 and inner * shape[axis - 1] <= _BLOCK_SIZE:
        axis -= 1
        inner *= shape[axis]
    if axis == 0:
        yield (slice(None),) * len(shape)
        return
    step = max(1, _BLOCK_SIZE // inner)
    tail = (slice(None),) * (len(shape) - axis)
    for outer in np.ndindex(*shape[: axis - 1]):
        for start in range(0, shape[axis - 1], step):
            yield (*outer, slice(start, start + step), *tail)


def _balanced_exact_product(a: Array, b: Array) -> dd.DoubleDouble:
    """``a * b`` as an exact double-double, rescaling the factors so splitting cannot overflow."""
    _, exponent_a = np.frexp(a)
    _, exponent_b = np.frexp(b)
    shift = (exponent_a - exponent_b) // 2
    return dd.two_product(np.ldexp(a, -shift), np.ldexp(b, shift))


def _spectral_radius_accurate(a: Array, b: Array, h: Array) -> Array:
    r""":math:`\rho(A)` in double-double arithmetic, for finite 1-D ``a``, ``b``, ``h``.

    The trace :math:`T = 1 + \beta - \alpha h` is formed exactly (TwoSum, TwoProduct), the
    quarter-discriminant :math:`T^2/4 - \beta` to about :math:`u^2 T^2`, and the result is
    rescaled by a power of two so that neither square can over- or underflow.
    """
    trace = dd.add(dd.two_sum(np.ones_like(b), b), dd.negate(_balanced_exact_product(a, h)))
    # Scale by 2**-exponent so that |T|/2 and sqrt|beta| are about one.
    _, exponent = np.frexp(np.maximum(np.abs(trace[0]) * 0.5, np.sqrt(np.abs(b))))
    half_trace = (np.ldexp(trace[0], -exponent - 1), np.ldexp(trace[1], -exponent - 1))
    scaled_beta = np.ldexp(b, -2 * exponent)
    discriminant = dd.add(dd.multiply(half_trace, half_trace), (-scaled_beta, np.zeros_like(b)))
    real = discriminant[0] >= 0
    discriminant = (np.where(real, discriminant[0], 0.0), np.where(real, discriminant[1], 0.0))
    sign = np.where(half_trace[0] < 0, -1.0, 1.0)
    largest_root = dd.add((sign * half_trace[0], sign * half_trace[1]), dd.sqrt(discriminant))
    # Complex pair: both roots have modulus sqrt(beta), a correctly rounded square root.
    return np.where(real, np.ldexp(largest_root[0], exponent), np.sqrt(np.abs(b)))


def spectral_radius(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> Array:
    r"""Spectral radius of the heavy-ball companion matrix, in closed form.

    With :math:`T = 1 + \beta - \alpha h` the eigenvalues of :math:`A` are the roots of
    :math:`\lambda^2 - T\lambda + \beta`, and

    .. math::

        \rho(A) = \begin{cases}
            \dfrac{|T| + \sqrt{T^2 - 4\beta}}{2}, & T^2 \ge 4\beta
                \quad\text{(real eigenvalues)},\\[1ex]
            \sqrt{\beta}, & T^2 < 4\beta \quad\text{(complex pair, } |\lambda|^2 = \det A).
        \end{cases}

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature. Any real values are allowed (``beta < 0``,
        ``beta >= 1`` and ``h <= 0`` included): the result is always the spectral radius
        of the real matrix :math:`A(\alpha, \beta, h)` built from these exact doubles.

    Returns
    -------
    ndarray, shape (...)
        :math:`\rho(A)` for each broadcast element (a NumPy scalar for scalar inputs).
        NaN where any input is NaN; ``inf`` where an entry of :math:`A` or the result
        overflows.

    Raises
    ------
    ValueError
        If the arguments do not broadcast together.
    TypeError
        If an argument is not real.

    See Also
    --------
    spectral_radius_eig : the same quantity from an eigenvalue solver.
    worst_case_rate : the maximum over a spectrum :math:`[\mu, L]`.

    Notes
    -----
    **Accuracy.** The relative error is at most :math:`10^{-14}` (in practice a few units
    in the last place) for every finite input whose matrix entries and result are finite,
    measured against the exact spectral radius of the matrix with the given double
    entries. Two places make this hard, and both are handled:

    - *Near the critical-damping curve* :math:`\beta = (1 - \sqrt{\alpha h})^2` the
      discriminant :math:`T^2 - 4\beta` cancels catastrophically (the matrix tends to a
      Jordan block); the naive formula keeps only about half the digits, because
      :math:`\rho` moves like the square root of the discriminant.
    - *Where* :math:`\rho` *is tiny*, e.g. :math:`\beta = 0` and :math:`\alpha h \approx 1`,
      forming :math:`T = 1 + \beta - \alpha h` in floating point cancels.

    A fast vectorised pass computes the naive formula together with a cheap bound on its
    rounding error; the few points where that bound exceeds :math:`10^{-14}` are
    recomputed with error-free transformations (TwoSum, TwoProduct) and double-double
    arithmetic, which form :math:`T` exactly and the discriminant to about
    :math:`u^2 T^2`. The work is done in cache-sized blocks, so memory use stays at a
    small multiple of the output.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory import spectral_radius
    >>> float(spectral_radius(0.1, 0.0, 1.0))  # gradient descent: |1 - alpha h|
    0.9
    >>> float(spectral_radius(0.1, 0.81, 1.0))  # complex pair: sqrt(beta)
    0.9
    >>> alpha = np.array([0.05, 0.5, 3.5])  # real, complex, real and unstable
    >>> spectral_radius(alpha, 0.5, 1.0)
    array([0.88507811, 0.70710678, 1.70710678])
    """
    (a, b, h_), shape = _real_arguments(alpha=alpha, beta=beta, h=h)
    # Quantities that depend on fewer arguments are formed before broadcasting, so a
    # grid costs one full-size pass per operation in the blocks, not three.
    with np.errstate(invalid="ignore", over="ignore"):
        half_product = 0.5 * (a * h_)
        half_one_plus_beta = 0.5 * (1.0 + b)
        sqrt_beta = np.sqrt(np.maximum(b, 0.0))
        # 2 c (|1 + beta|^2 + |alpha h|^2) / 4 >= c M^2: see _fast_block.
        bound_beta = 2.0 * _CANCELLATION_THRESHOLD * half_one_plus_beta**2
        bound_product = 2.0 * _CANCELLATION_THRESHOLD * half_product**2
        all_finite = all(np.isfinite(x).all() for x in (half_product, half_one_plus_beta))
        may_overflow = not all_finite or (
            np.max(np.abs(half_one_plus_beta), initial=0.0)
            + np.max(np.abs(half_product), initial=0.0)
            >= _LARGE_HALF_TRACE
        )

    scalar = shape == ()
    shape = shape or (1,)  # blocks need views, which a 0-d array cannot give
    operands = [
        np.broadcast_to(x, shape)
        for x in (half_one_plus_beta, half_product, b, sqrt_beta, bound_beta, bound_product)
    ]
    result = np.empty(shape)
    size = min(_BLOCK_SIZE, result.size)
    scratch = (np.empty(size), np.empty(size), np.empty(size, dtype=bool))
    arguments = [np.broadcast_to(x, shape) for x in (a, b, h_)]
    flagged: list[tuple[tuple[int | slice, ...], tuple[NDArray[np.intp], ...]]] = []
    with np.errstate(invalid="ignore", over="ignore"):
        for index in _blocks(shape):
            out = result[index]
            unsafe = _fast_block(*(x[index] for x in operands), out, scratch, may_overflow)
            if unsafe.any():
                # flatnonzero on the contiguous flags is much faster than an N-d nonzero.
                flat = np.flatnonzero(unsafe.reshape(-1))
                flagged.append((index, np.unravel_index(flat, unsafe.shape)))
    if flagged:
        # One accurate pass over all flagged points: per-call overhead would dominate if
        # each block ran its own.
        a_, b_, h__ = (
            np.concatenate([x[index][where] for index, where in flagged]) for x in arguments
        )
        accurate = _spectral_radius_accurate(a_, b_, h__)
        start = 0
        for index, where in flagged:
            stop = start + where[0].size
            result[index][where] = accurate[start:stop]
            start = stop
    return result[0] if scalar else result


def _fast_block(
    half_one_plus_beta: Array,
    half_product: Array,
    beta: Array,
    sqrt_beta: Array,
    bound_beta: Array,
    bound_product: Array,
    out: Array,
    scratch: tuple[Array, Array, NDArray[np.bool_]],
    careful: bool,
) -> NDArray[np.bool_]:
    r"""Naive formula on one block into ``out``; returns where it may be inaccurate.

    With :math:`M = (|1 + \beta| + |\alpha h|)/2 \ge |T|/2`, the naive half trace has an
    absolute error of at most :math:`2uM` and the quarter discriminant
    :math:`Q = T^2/4 - \beta` one of at most about :math:`3uM^2`. In the real case
    (:math:`Q \ge 0`) the relative error of :math:`\rho = |T|/2 + \sqrt Q` is then at most
    about :math:`3uM/\sqrt Q`; in the complex case :math:`\rho = \sqrt\beta` is exact once
    the sign of :math:`Q` is right. Both are safe when :math:`|Q| \ge c M^2`,
    :math:`c = (3u/\mathrm{tol})^2`; the rest is flagged. ``careful`` also flags points
    whose square could overflow and handles non-finite values.
    """
    half_trace, discriminant, unsafe = (s[: out.size].reshape(out.shape) for s in scratch)
    np.subtract(half_one_plus_beta, half_product, out=half_trace)
    np.multiply(half_trace, half_trace, out=discriminant)
    np.subtract(discriminant, beta, out=discriminant)  # Q = T^2/4 - beta
    np.add(bound_beta, bound_product, out=out)
    np.less(np.abs(discriminant), out, out=unsafe)
    if careful:
        magnitude = np.abs(half_trace)
        unsafe |= (magnitude >= _LARGE_HALF_TRACE) & (magnitude < np.inf)
        np.maximum(discriminant, 0.0, out=discriminant)
    np.sqrt(discriminant, out=discriminant)  # NaN where Q < 0: the complex case
    np.abs(half_trace, out=half_trace)
    np.add(half_trace, discriminant, out=half_trace)
    # In the real case |lambda_1| >= sqrt(beta) as |lambda_1 lambda_2| = beta; in the
    # complex case the NaN above makes fmax pick sqrt(beta). With non-finite inputs
    # (careful) Q was clipped instead, so that NaN inputs propagate through maximum.
    (np.maximum if careful else np.fmax)(half_trace, sqrt_beta, out=out)
    return unsafe


def convergence_region(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> NDArray[np.bool_]:
    r"""Where heavy ball on :math:`f(x) = h x^2/2` converges: :math:`\rho(A) < 1`.

    By the Schur--Cohn (Jury) test for the monic quadratic
    :math:`\lambda^2 - T\lambda + \beta`, both roots lie in the open unit disc iff

    .. math::

        |\beta| < 1 \quad\text{and}\quad |1 + \beta - \alpha h| < 1 + \beta
        \iff |\beta| < 1 \ \text{and}\ 0 < \alpha h < 2(1 + \beta).

    These conditions are decided exactly for the given doubles (the product
    :math:`\alpha h` and the sum :math:`1 + \beta` are formed error-free), so the mask
    agrees with the symbolic region of :func:`momentum_theory.symbolic.stability_region`
    at every point, boundary included.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature; they broadcast together.

    Returns
    -------
    ndarray of bool, shape (...)
        True where the iteration converges; False where any input is NaN.

    Examples
    --------
    >>> from momentum_theory import convergence_region
    >>> convergence_region([1.0, 2.9, 3.0], 0.5, 1.0)  # boundary alpha h = 2(1 + beta) = 3
    array([ True,  True, False])
    """
    (a, b, h_), shape = _real_arguments(alpha=alpha, beta=beta, h=h)
    a, b, h_ = np.broadcast_arrays(a, b, h_)
    with np.errstate(invalid="ignore", over="ignore"):
        product = _balanced_exact_product(a, h_)
        twice_one_plus_beta = dd.two_sum(np.full(shape, 2.0), 2.0 * b)
        # Sign of 2(1 + beta) - alpha h; exact, as the sum's relative error is below one.
        margin = dd.add(twice_one_plus_beta, dd.negate(product))[0]
        product_positive = ((a > 0) & (h_ > 0)) | ((a < 0) & (h_ < 0))
        region = (np.abs(b) < 1.0) & product_positive & (margin > 0)
    return region[()] if region.ndim == 0 else region


@dataclass(frozen=True)
class StabilityPosition:
    r"""Where :math:`(\eta, \beta)` sits relative to :math:`0 < \eta h < 2(1 + \beta)`.

    Attributes
    ----------
    lr, momentum, h : float
        Learning rate :math:`\eta` (the step size :math:`\alpha`), momentum :math:`\beta`
        and curvature :math:`h`.
    lr_h : float
        :math:`\eta h`.
    bound : float
        :math:`2(1 + \beta)`, the edge of the region.
    fraction : float
        :math:`\eta h / (2(1 + \beta))`: 1 is the edge, below 1 is inside.
    inside : bool
        Whether heavy ball on :math:`h x^2/2` converges there
        (:func:`convergence_region`, decided exactly).
    rate : float
        Its linear rate :math:`\rho(A(\eta, \beta, h))` (:func:`spectral_radius`).
    lr_edge : float
        :math:`2(1 + \beta)/h`, the largest stable learning rate at this momentum.
    """

    lr: float
    momentum: float
    h: float
    lr_h: float
    bound: float
    fraction: float
    inside: bool
    rate: float
    lr_edge: float


def stability_position(lr: float, momentum: float, h: float) -> StabilityPosition:
    r"""Locate :math:`(\eta, \beta)` in the quadratic stability region for curvature ``h``.

    For :math:`0 \le \beta < 1` and :math:`h > 0`, heavy ball with step size
    :math:`\eta` on :math:`f(x) = h x^2/2` converges iff
    :math:`\eta h < 2(1 + \beta)` (:func:`convergence_region`); this reports how far
    inside (or outside) that edge the point is, and the linear rate there. In training,
    ``h`` is the largest Hessian eigenvalue of the loss
    (:func:`momentum_theory.training.largest_hessian_eigenvalue`).

    Parameters
    ----------
    lr : float
        Learning rate (step size) :math:`\eta > 0`.
    momentum : float
        :math:`\beta \in [0, 1)`.
    h : float
        Curvature :math:`h > 0`.

    Returns
    -------
    StabilityPosition

    Raises
    ------
    ValueError
        If an argument is not a finite scalar in its range.

    Examples
    --------
    >>> from momentum_theory.spectral import stability_position
    >>> position = stability_position(0.01, 0.8, 10.0)
    >>> position.lr_h, position.bound, position.inside
    (0.1, 3.6, True)
    >>> round(position.lr_edge, 6)
    0.36
    """
    lr = as_finite_float(lr, "lr", low=0.0, low_open=True)
    momentum = as_finite_float(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    h = as_finite_float(h, "h", low=0.0, low_open=True)
    bound = 2.0 * (1.0 + momentum)
    return StabilityPosition(
        lr=lr,
        momentum=momentum,
        h=h,
        lr_h=lr * h,
        bound=bound,
        fraction=lr * h / bound,
        inside=bool(convergence_region(lr, momentum, h)),
        rate=float(spectral_radius(lr, momentum, h)),
        lr_edge=bound / h,
    )


def critical_beta(alpha: ArrayLike, h: ArrayLike) -> Array:
    r"""Momentum of critical damping, where :math:`A` has a repeated eigenvalue.

    The discriminant :math:`(1 + \beta - \alpha h)^2 - 4\beta` vanishes on the two curves
    :math:`\beta = (1 \mp \sqrt{\alpha h})^2`. This returns the one that meets the stable
    region, :math:`\beta_c = (1 - \sqrt{\alpha h})^2`: for :math:`\beta > \beta_c` (up to
    the other curve :math:`(1 + \sqrt{\alpha h})^2 > 1`) the eigenvalues are complex with
    modulus :math:`\sqrt\beta`; below it they are real. On the curve,
    :math:`\rho = \sqrt{\beta_c} = |1 - \sqrt{\alpha h}|`.

    Parameters
    ----------
    alpha : array_like, shape (...)
        Step size.
    h : array_like, shape (...)
        Curvature.

    Returns
    -------
    ndarray, shape (...)
        :math:`\beta_c`; NaN where :math:`\alpha h < 0`, where no real :math:`\beta` makes
        the discriminant vanish (the eigenvalues are real for every :math:`\beta`).

    Notes
    -----
    Evaluated as :math:`\left((1 - \alpha h) / (1 + \sqrt{\alpha h})\right)^2` with
    :math:`1 - \alpha h` formed exactly, so it keeps full relative accuracy when
    :math:`\alpha h \approx 1` and :math:`\beta_c` is tiny.

    Examples
    --------
    >>> from momentum_theory import critical_beta
    >>> critical_beta([0.01, 0.25, 1.0, 4.0], 1.0)
    array([0.81, 0.25, 0.  , 1.  ])
    """
    (a, h_), _ = _real_arguments(alpha=alpha, h=h)
    with np.errstate(invalid="ignore"):
        product = _balanced_exact_product(*np.broadcast_arrays(a, h_))
        one_minus_product = dd.add(
            dd.two_sum(np.ones_like(product[0]), -product[0]),
            (-product[1], np.zeros_like(product[1])),
        )[0]
        root = np.sqrt(product[0])
        beta_c = np.where(product[0] >= 0, (one_minus_product / (1.0 + root)) ** 2, np.nan)
    return beta_c[()] if beta_c.ndim == 0 else beta_c


def worst_case_rate(alpha: ArrayLike, beta: ArrayLike, mu: ArrayLike, L: ArrayLike) -> Array:
    r"""Worst-case rate over a spectrum: :math:`\max_{h \in [\mu, L]} \rho(A(\alpha, \beta, h))`.

    This is the asymptotic linear rate heavy ball is guaranteed on every quadratic whose
    Hessian eigenvalues lie in :math:`[\mu, L]`.

    Parameters
    ----------
    alpha, beta : array_like, shape (...)
        Step size and momentum.
    mu, L : array_like, shape (...)
        Ends of the spectrum, ``mu <= L`` (any real values).

    Returns
    -------
    ndarray, shape (...)
        The worst-case spectral radius, with the accuracy of :func:`spectral_radius`.

    Raises
    ------
    ValueError
        If ``mu > L`` anywhere, or the arguments do not broadcast.

    Notes
    -----
    The maximum is attained at an endpoint, so this is
    :math:`\max(\rho(\mu), \rho(L))`. Write :math:`\rho` as a function of the trace
    :math:`T(h) = 1 + \beta - \alpha h`. For :math:`\beta \ge 0` it equals
    :math:`\sqrt\beta` while :math:`|T| \le 2\sqrt\beta` and
    :math:`(|T| + \sqrt{T^2 - 4\beta})/2` beyond, so it is a continuous non-decreasing
    function :math:`g(|T|)`; for :math:`\beta < 0` it is
    :math:`(|T| + \sqrt{T^2 + 4|\beta|})/2`, again non-decreasing in :math:`|T|`. Since
    :math:`|T(h)|` is convex in :math:`h`, its maximum over an interval is at an end, and
    so is that of :math:`g(|T(h)|)`. (It is *not* true that :math:`\rho` is convex in
    :math:`h`: it is flat across the complex region.)

    Examples
    --------
    >>> from momentum_theory import optimal_parameters, worst_case_rate
    >>> opt = optimal_parameters(1.0, 100.0)
    >>> round(float(worst_case_rate(opt.alpha, opt.beta, 1.0, 100.0)), 6)
    0.818182
    """
    (mu_, L_), _ = _real_arguments(mu=mu, L=L)
    require_spectrum(mu_, L_, positive=False)
    return np.maximum(spectral_radius(alpha, beta, mu_), spectral_radius(alpha, beta, L_))


@dataclass(frozen=True)
class OptimalParameters:
    r"""Polyak's optimal heavy-ball parameters for a spectrum :math:`[\mu, L]`.

    Attributes
    ----------
    alpha : ndarray or float
        :math:`\alpha^* = 4 / (\sqrt L + \sqrt\mu)^2`.
    beta : ndarray or float
        :math:`\beta^* = \left((\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu)\right)^2`.
    rate : ndarray or float
        :math:`\sqrt{\beta^*} = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`,
        :math:`\kappa = L/\mu`.
    mu, L : ndarray or float
        The spectrum the parameters were computed for.
    """

    alpha: Array
    beta: Array
    rate: Array
    mu: Array
    L: Array

    @property
    def condition_number(self) -> Array:
        r""":math:`\kappa = L / \mu`."""
        return self.L / self.mu


def optimal_parameters(mu: ArrayLike, L: ArrayLike) -> OptimalParameters:
    r"""Step size and momentum that minimise the worst-case rate over :math:`[\mu, L]`.

    .. math::

        \alpha^* = \frac{4}{(\sqrt L + \sqrt\mu)^2}, \qquad
        \beta^* = \left(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\right)^2, \qquad
        \rho^* = \sqrt{\beta^*} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.

    At :math:`(\alpha^*, \beta^*)` both ends of the spectrum sit on critical-damping
    curves, and every :math:`h \in [\mu, L]` gives a complex pair of modulus
    :math:`\sqrt{\beta^*}` (Polyak, 1964). The derivation is checked symbolically in
    :func:`momentum_theory.symbolic.optimal_parameters`.

    Parameters
    ----------
    mu, L : array_like, shape (...)
        Smallest and largest Hessian eigenvalues, ``0 < mu <= L``.

    Returns
    -------
    OptimalParameters
        Named fields ``alpha``, ``beta``, ``rate``, ``mu``, ``L``.

    Raises
    ------
    ValueError
        If ``mu <= 0`` or ``mu > L``.

    Notes
    -----
    The rate is evaluated as :math:`(L - \mu)/(\sqrt L + \sqrt\mu)^2`, which avoids the
    cancellation in :math:`\sqrt L - \sqrt\mu` when :math:`\kappa \approx 1`.

    Examples
    --------
    >>> from momentum_theory import optimal_parameters
    >>> opt = optimal_parameters(1.0, 100.0)
    >>> float(opt.alpha), float(opt.rate)  # 4/121 and 9/11
    (0.03305785123966942, 0.8181818181818182)
    """
    (mu_, L_), _ = _real_arguments(mu=mu, L=L)
    require_spectrum(mu_, L_)
    root_sum_squared = (np.sqrt(L_) + np.sqrt(mu_)) ** 2
    rate = (L_ - mu_) / root_sum_squared
    return OptimalParameters(
        alpha=4.0 / root_sum_squared, beta=rate**2, rate=rate, mu=mu_[()], L=L_[()]
    )


@dataclass(frozen=True)
class RateGrid:
    r"""Spectral radius (or worst-case rate) sampled on an :math:`\alpha`-:math:`\beta` grid.

    Attributes
    ----------
    alpha : ndarray, shape (n_alpha,)
        Step sizes (columns).
    beta : ndarray, shape (n_beta,)
        Momenta (rows).
    rate : ndarray, shape (n_beta, n_alpha)
        ``rate[i, j]`` is the rate at ``(alpha[j], beta[i])``: :math:`\rho` for a single
        curvature, the worst case over :math:`[\mu, L]` for a spectrum.
    mu, L : float
        The spectrum; ``mu == L == h`` for a single curvature.
    """

    alpha: Array
    beta: Array
    rate: Array
    mu: float
    L: float

    @property
    def is_single_curvature(self) -> bool:
        """True when the grid is for one curvature ``h = mu = L``."""
        return self.mu == self.L

    def as_columns(self, kind: str) -> dict[str, Array]:
        r"""The grid as named arrays, laid out for a ``.npz`` archive or a ``.csv`` table.

        Parameters
        ----------
        kind : {"npz", "csv"}
            ``"npz"``: the grid as it is, ``alpha`` (n_alpha,), ``beta`` (n_beta,),
            ``rate`` (n_beta, n_alpha) and the spectrum ``mu``, ``L`` (0-d). ``"csv"``: one
            row per cell, ``alpha``, ``beta`` and ``rate``, each of shape
            (n_beta, n_alpha) so that they flatten alike (``beta`` varies slowest).

        Returns
        -------
        dict of str to ndarray
            Ready for :func:`momentum_theory._io.save_arrays`.

        Raises
        ------
        ValueError
            If ``kind`` is neither ``"npz"`` nor ``"csv"``.

        Examples
        --------
        >>> grid = rate_grid([0.1, 0.2, 0.3], [0.0, 0.5], h=1.0)
        >>> {name: value.shape for name, value in grid.as_columns("csv").items()}
        {'alpha': (2, 3), 'beta': (2, 3), 'rate': (2, 3)}
        >>> list(grid.as_columns("npz"))
        ['alpha', 'beta', 'rate', 'mu', 'L']
        """
        from momentum_theory._validation import choice

        if choice(kind, "kind", ("npz", "csv")) == "csv":
            alpha, beta = np.meshgrid(self.alpha, self.beta)
            return {"alpha": alpha, "beta": beta, "rate": self.rate}
        return {
            "alpha": self.alpha,
            "beta": self.beta,
            "rate": self.rate,
            "mu": np.asarray(self.mu),
            "L": np.asarray(self.L),
        }


def rate_grid(
    alpha: ArrayLike,
    beta: ArrayLike,
    *,
    h: float | None = None,
    mu: float | None = None,
    L: float | None = None,
) -> RateGrid:
    r"""Rate over the grid of every pair :math:`(\alpha_j, \beta_i)`.

    For one curvature ``h`` this is :math:`\rho(A(\alpha_j, \beta_i, h))`; for a spectrum
    ``mu``, ``L`` it is :func:`worst_case_rate`.

    Parameters
    ----------
    alpha : array_like, shape (n_alpha,)
        Step sizes.
    beta : array_like, shape (n_beta,)
        Momenta.
    h : float, optional
        A single curvature. Give either ``h`` or both ``mu`` and ``L``.
    mu, L : float, optional
        A spectrum :math:`[\mu, L]`, ``mu <= L``.

    Returns
    -------
    RateGrid
        With ``rate`` of shape ``(n_beta, n_alpha)`` (rows are momenta, ready for
        ``imshow``).

    Raises
    ------
    ValueError
        If the curvature is given both ways or not at all, ``mu > L``, or ``alpha`` or
        ``beta`` is not one-dimensional.

    Examples
    --------
    >>> from momentum_theory import rate_grid
    >>> grid = rate_grid([0.5, 1.0, 1.5], [0.0, 0.5], h=1.0)
    >>> grid.rate
    array([[0.5       , 0.        , 0.5       ],
           [0.70710678, 0.70710678, 0.70710678]])
    """
    alpha_, beta_ = as_real_array(alpha, "alpha"), as_real_array(beta, "beta")
    for name, axis in (("alpha", alpha_), ("beta", beta_)):
        if axis.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {axis.shape}")
    if (h is None) == (mu is None and L is None):
        raise ValueError("give either h or both mu and L")
    if h is not None:
        lower = upper = as_scalar(h, "h")
    else:
        if mu is None or L is None:
            raise ValueError("give both mu and L for a spectrum")
        lower, upper = as_scalar(mu, "mu"), as_scalar(L, "L")
        require_spectrum(np.asarray(lower), np.asarray(upper), positive=False)
    alphas, betas = alpha_[np.newaxis, :], beta_[:, np.newaxis]
    if lower == upper:
        rates = spectral_radius(alphas, betas, lower)
    else:
        rates = worst_case_rate(alphas, betas, lower, upper)
    return RateGrid(alpha=alpha_, beta=beta_, rate=rates, mu=lower, L=upper)
