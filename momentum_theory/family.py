r"""The two-step family's kernels: its spectral radius, gap, region and critical curves.

The two-step family of Lessard, Recht and Packard [1]_,

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}),

is heavy ball for :math:`\gamma = 0`, Nesterov's method for :math:`\gamma = \beta` and
gradient descent for :math:`\beta = \gamma = 0`. On :math:`f(x) = h x^2 / 2` it is
:math:`(x_{t+1}, x_t)^\top = A\,(x_t, x_{t-1})^\top` with

.. math::

    A = \begin{pmatrix} T & -D \\ 1 & 0 \end{pmatrix}, \qquad
    \det(\lambda I - A) = \lambda^2 - T\lambda + D, \qquad
    T = 1 + \beta - \alpha h (1 + \gamma), \quad D = \beta - \alpha h \gamma .

Every function here broadcasts over its arguments (a grid is just a batch), works on
float64 and takes ``gamma=0.0`` (heavy ball) by default. The derivations behind the closed
forms live in :mod:`momentum_theory.symbolic`; :mod:`momentum_theory.methods` maps named
methods (Nesterov, QHM, PyTorch's SGD, ...) onto the family, and holds each method's
optimum (Polyak's, the root ``optimal_parameters``, is heavy ball's:
:func:`momentum_theory.methods.heavy_ball.optimal_parameters`).

References
----------
.. [1] L. Lessard, B. Recht and A. Packard, "Analysis and design of optimization algorithms
   via integral quadratic constraints", SIAM J. Optim. 26(1) (2016) 57-95.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_real_array, as_spectrum, broadcast_shape

Array = NDArray[np.float64]

__all__ = [
    "companion_matrix",
    "convergence_region",
    "critical_beta",
    "spectral_gap",
    "spectral_radius",
    "spectral_radius_eig",
    "worst_case_rate",
]

# Elements per block: the kernel's operands then stay in the L2 cache.
_BLOCK_SIZE = 1 << 16


def _kernels() -> ModuleType:
    """The compiled kernels, imported (and compiled or loaded from Numba's cache) on first use."""
    from momentum_theory import _kernels

    return _kernels


def _real_arguments(**arguments: ArrayLike) -> tuple[list[Array], tuple[int, ...]]:
    arrays = {name: as_real_array(value, name) for name, value in arguments.items()}
    return list(arrays.values()), broadcast_shape(**arrays)


def _result(values: NDArray) -> NDArray:
    """A NumPy scalar for 0-d results, as NumPy's own ufuncs return."""
    return values[()] if values.ndim == 0 else values


def companion_matrix(
    alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0
) -> Array:
    r"""Companion matrix of the two-step family on the quadratic :math:`f(x) = h x^2 / 2`.

    .. math::

        A = \begin{pmatrix} 1 + \beta - \alpha h (1 + \gamma) & -(\beta - \alpha h\gamma) \\
            1 & 0 \end{pmatrix},
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
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation :math:`\gamma` (0 is heavy ball, :math:`\beta` Nesterov).

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
    >>> companion_matrix(0.5, 0.25, 1.0, gamma=0.25)  # Nesterov
    array([[ 0.625, -0.125],
           [ 1.   ,  0.   ]])
    >>> companion_matrix([0.1, 0.2], 0.9, 1.0).shape
    (2, 2, 2)
    """
    (a, b, h_, g), shape = _real_arguments(alpha=alpha, beta=beta, h=h, gamma=gamma)
    matrix = np.zeros((*shape, 2, 2))
    matrix[..., 0, 0] = 1.0 + b - a * h_ * (1.0 + g)
    matrix[..., 0, 1] = -(b - a * h_ * g)
    matrix[..., 1, 0] = 1.0
    return matrix


def spectral_radius_eig(
    alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0
) -> Array:
    r"""Spectral radius of the companion matrix through SciPy's eigenvalue solver.

    A reference for :func:`spectral_radius`: :math:`\max_i |\lambda_i(A)|` with the
    eigenvalues from LAPACK (``scipy.linalg.eigvals``, batched) of the matrix
    :func:`companion_matrix` builds (whose entries are rounded once more when
    :math:`\gamma \ne 0`). It is slower and, on the critical-damping curve where :math:`A`
    is a Jordan block, accurate to only about half the digits, as any backward-stable
    eigensolver is there.

    Parameters
    ----------
    alpha, beta, h, gamma : array_like, shape (...)
        Step size, momentum, curvature and gradient extrapolation (default 0); they
        broadcast together.

    Returns
    -------
    ndarray, shape (...)
        :math:`\rho(A)`; NaN where any input is NaN.

    Examples
    --------
    >>> from momentum_theory.family import spectral_radius_eig
    >>> round(float(spectral_radius_eig(1.0, 0.0, 1.5)), 12)
    0.5
    """
    matrices = companion_matrix(alpha, beta, h, gamma)
    result = np.full(matrices.shape[:-2], np.nan)
    finite = np.isfinite(matrices).all(axis=(-2, -1))
    if np.any(finite):
        import scipy.linalg  # imported here: SciPy's linalg is slow to import

        eigenvalues = scipy.linalg.eigvals(matrices[finite], check_finite=False)
        result[finite] = np.abs(eigenvalues).max(axis=-1)
    return _result(result)


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


def _blockwise(
    kernel: Callable[..., None], operands: list[Array], shape: tuple[int, ...]
) -> Array:
    """Run a compiled block kernel over the broadcast ``operands`` of shape ``shape``.

    The kernel takes contiguous 1-D operands of the block's length and fills ``out``; its
    loop then compiles to SIMD code. Operands that already have the full shape and are
    C-contiguous float64 (what ``np.meshgrid`` returns) are passed as views; scalars are
    filled into a buffer once; any other broadcast operand is copied block by block.
    """
    scalar = shape == ()
    shape = shape or (1,)
    out = np.empty(shape)
    size = min(_BLOCK_SIZE, out.size)  # no block is larger
    views: list[Array | None] = []  # full-shape contiguous operands, sliced per block
    buffers: list[Array] = []  # the rest: filled once (scalars) or per block
    copied: list[Array | None] = []
    for x in operands:
        full = x.shape == shape and x.dtype == np.float64 and x.flags.c_contiguous
        views.append(x if full else None)
        buffers.append(
            np.full(size, x.reshape(-1)[0], dtype=float) if x.size == 1 else np.empty(size)
        )
        copied.append(None if full or x.size == 1 else np.broadcast_to(x, shape))
    for index in _blocks(shape):
        block = out[index]
        n = block.size
        arguments = []
        for view, buffer, source in zip(views, buffers, copied):
            if view is not None:
                arguments.append(view[index].reshape(-1))
                continue
            if source is not None:
                np.copyto(buffer[:n].reshape(block.shape), source[index], casting="unsafe")
            arguments.append(buffer[:n])
        kernel(*arguments, block.reshape(-1))
    return out[0] if scalar else out


def spectral_radius(
    alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0
) -> Array:
    r"""Spectral radius of the two-step family's companion matrix, in closed form.

    With :math:`T = 1 + \beta - \alpha h (1 + \gamma)` and :math:`D = \beta - \alpha h
    \gamma` the eigenvalues of :math:`A` are the roots of :math:`\lambda^2 - T\lambda + D`,
    and

    .. math::

        \rho(A) = \begin{cases}
            \dfrac{|T| + \sqrt{T^2 - 4D}}{2}, & T^2 \ge 4D
                \quad\text{(real eigenvalues)},\\[1ex]
            \sqrt{D}, & T^2 < 4D \quad\text{(complex pair, } |\lambda|^2 = \det A).
        \end{cases}

    For heavy ball (:math:`\gamma = 0`) :math:`D = \beta`.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature. Any real values are allowed (``beta < 0``,
        ``beta >= 1`` and ``h <= 0`` included).
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation :math:`\gamma`: 0 is heavy ball, ``gamma = beta`` is
        Nesterov's method. Any real value.

    Returns
    -------
    ndarray, shape (...)
        :math:`\rho(A)` for each broadcast element (a NumPy scalar for scalar inputs), for
        the exact :math:`T` and :math:`D` of the given doubles. NaN where any input is NaN;
        ``inf`` where :math:`T` or :math:`D` overflows.

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
    momentum_theory.methods : the same for named methods.

    Notes
    -----
    **Accuracy.** The relative error is at most :math:`10^{-14}` (in practice one or two
    units in the last place) against the exact spectral radius for the given doubles,
    wherever :math:`T`, :math:`D` and the products :math:`\alpha h`,
    :math:`\alpha h \gamma` neither overflow nor fall below about :math:`10^{-290}`.
    Three places make this hard, and all are handled:

    - *Near the critical curve* :math:`T^2 = 4D` (for heavy ball
      :math:`\beta = (1 - \sqrt{\alpha h})^2`, for Nesterov
      :math:`\alpha h = ((1 - \beta)/(1 + \beta))^2`) the discriminant cancels
      catastrophically (the matrix tends to a Jordan block); the plain formula keeps only
      about half the digits, because :math:`\rho` moves like the square root of the
      discriminant.
    - *Where* :math:`\rho` *is tiny*, e.g. Nesterov at :math:`\alpha h = 1`
      (:math:`T = D = 0`), forming :math:`T` and :math:`D` in floating point cancels.
    - *Where* :math:`D` *cancels* (:math:`\beta \approx \alpha h \gamma`), its rounding
      error is large relative to a complex pair's modulus :math:`\sqrt D`.

    A compiled (Numba) loop evaluates the plain formula with a rigorous bound on its
    rounding error; where the bound exceeds half the target the point is recomputed
    exactly: :math:`T` and :math:`D` are sums of at most eight products of the inputs,
    which TwoProduct turns into exact terms and Shewchuk's expansion arithmetic adds
    without error, and the quadratic formula is then evaluated in double-double
    arithmetic. The work runs in cache-sized blocks, so memory stays at the output plus a
    few block buffers.

    **Never above 1 where it converges.** Where :func:`convergence_region` is True the
    result is at most 1.0 (the exact rate is below 1; a rate within the tolerance of 1
    is returned as 1.0). To tell whether a setting converges, ask
    :func:`convergence_region` or :func:`spectral_gap`, not ``rate < 1``: a convergent
    rate may round to 1.0.

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
    >>> float(spectral_radius(1.0, 0.9, 1.0, gamma=0.9))  # Nesterov at alpha h = 1
    0.0
    >>> float(spectral_radius(1e-20, 0.6, 1.0))  # converges: 1 - 2.5e-20 rounds to 1.0
    1.0
    """
    operands, shape = _real_arguments(alpha=alpha, beta=beta, h=h, gamma=gamma)
    return _blockwise(_kernels().radius_block, operands, shape)


def spectral_gap(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0) -> Array:
    r"""The gap :math:`1 - \rho(A)` of the two-step family, to full relative precision.

    Where the method converges slowly, :math:`\rho` is within a few units in the last
    place of 1 and ``1 - spectral_radius(...)`` keeps none of the gap's digits (it is 0
    for :math:`1 - \rho = 2.5 \cdot 10^{-20}`). The gap is instead formed without
    cancellation. With :math:`m = 1 - |T|/2` and Jury's
    :math:`N = 1 - |T| + D = (1 - \rho)(1 - \rho')` (the other root :math:`\rho'`, for
    real roots), so that :math:`T^2/4 - D = m^2 - N`,

    .. math::

        1 - \rho = \begin{cases}
            \dfrac{N}{m + \sqrt{m^2 - N}}, & \text{real roots}, m \ge 0,\\[1ex]
            m - \sqrt{m^2 - N}, & \text{real roots}, m < 0,\\[1ex]
            \dfrac{1 - D}{1 + \sqrt D}, & \text{complex pair},
        \end{cases}

    where :math:`N` (for :math:`T > 0` simply :math:`\alpha h`) and :math:`1 - D` are
    exact sums of products of the inputs and every other sum has terms of one sign.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature; any real values.
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation (0 is heavy ball, ``gamma = beta`` Nesterov).

    Returns
    -------
    ndarray, shape (...)
        :math:`1 - \rho(A)`: positive exactly where :func:`convergence_region` is True,
        zero where :math:`\rho = 1`, negative where the method diverges (``-inf`` where
        :math:`\rho` overflows); NaN where an input is NaN.

    Raises
    ------
    ValueError
        If the arguments do not broadcast together.
    TypeError
        If an argument is not real.

    See Also
    --------
    spectral_radius : :math:`\rho` itself.
    momentum_theory.methods.Method.spectral_gap : the same for a named method.

    Notes
    -----
    **Accuracy.** At most :math:`10^{-14}` relative error against the exact gap of the
    given doubles, in the range of :func:`spectral_radius`. As there, the plain formulas
    are evaluated with a bound on their rounding error, first order in the unit roundoff,
    and a point whose bound exceeds half the target is recomputed from the exact sums (rounded to
    double-double). Where :math:`\rho \le 1/4` or :math:`\rho \ge 4` it is
    ``1 - spectral_radius(...)``, which loses no digits there. The form :math:`m^2 - N`
    keeps the discriminant's relative accuracy at a double root near :math:`\pm 1`
    (:math:`\alpha h \to 0`, :math:`\beta \to 1` on the critical curve), where
    :math:`T^2/4 - D` would cancel. Derivation: the roots of
    :math:`\lambda^2 - |T|\lambda + D` are :math:`\rho, \rho' = |T|/2 \pm
    \sqrt{m^2 - N}` and :math:`(1 - \rho)(1 - \rho') = N`; for a complex pair
    :math:`\rho^2 = D`.

    Examples
    --------
    >>> from momentum_theory import spectral_gap, spectral_radius
    >>> float(spectral_gap(0.5, 0.0, 1.0))  # gradient descent: 1 - |1 - alpha h|
    0.5
    >>> float(1 - spectral_radius(1e-20, 0.6, 1.0)), float(spectral_gap(1e-20, 0.6, 1.0))
    (0.0, 2.4999999999999996e-20)
    >>> float(spectral_gap(3.5, 0.5, 1.0))  # diverges: rho = 1.707...
    -0.7071067811865475
    """
    operands, _ = _real_arguments(alpha=alpha, beta=beta, h=h, gamma=gamma)
    a, b, h_, g = operands
    with np.errstate(over="ignore", invalid="ignore"):
        return _result(np.asarray(_kernels().spectral_gap(a, b, h_, 0.0, g, 1.0, 0.0)))


# The extended form of :mod:`momentum_theory._kernels`: T = 1 + beta - alpha (h + s)(1 + g1 g2)
# and D = beta - alpha (h + s)(g1 g2 + omega), which holds every named method's own parameters
# without rounding (see each method's ``_exact_form``).
_EXTENDED_NAMES = ("alpha", "beta", "h", "shift", "g1", "g2", "omega")


def _extended_radius(*arguments: ArrayLike) -> Array:
    """:func:`spectral_radius` of the extended form (arguments as ``_EXTENDED_NAMES``)."""
    operands, shape = _real_arguments(**dict(zip(_EXTENDED_NAMES, arguments)))
    return _blockwise(_kernels().extended_radius_block, operands, shape)


def _extended_region(*arguments: ArrayLike) -> NDArray[np.bool_]:
    """:func:`convergence_region` of the extended form."""
    operands, _ = _real_arguments(**dict(zip(_EXTENDED_NAMES, arguments)))
    with np.errstate(over="ignore", invalid="ignore"):
        return _result(np.asarray(_kernels().extended_region(*operands)))


def _extended_gap(*arguments: ArrayLike) -> Array:
    """:func:`spectral_gap` of the extended form."""
    operands, _ = _real_arguments(**dict(zip(_EXTENDED_NAMES, arguments)))
    with np.errstate(over="ignore", invalid="ignore"):
        return _result(np.asarray(_kernels().spectral_gap(*operands)))


def convergence_region(
    alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0
) -> NDArray[np.bool_]:
    r"""Where the two-step family on :math:`f(x) = h x^2/2` converges: :math:`\rho(A) < 1`.

    By the Schur--Cohn (Jury) test for the monic quadratic :math:`\lambda^2 - T\lambda + D`,
    both roots lie in the open unit disc iff :math:`|D| < 1` and :math:`|T| < 1 + D`, that
    is

    .. math::

        1 - T + D = \alpha h > 0, \qquad
        1 + T + D = 2(1 + \beta) - \alpha h (1 + 2\gamma) > 0, \qquad
        |\beta - \alpha h \gamma| < 1 .

    For heavy ball (:math:`\gamma = 0`) this is :math:`|\beta| < 1` and
    :math:`0 < \alpha h < 2(1 + \beta)`. Every sign is decided exactly for the given
    doubles (the products are made error-free and summed exactly where rounding could
    matter), so the mask agrees with :func:`momentum_theory.symbolic.stability_region` at
    every point, boundary included, wherever the products :math:`\alpha h` and
    :math:`\alpha h \gamma` are zero or at least about :math:`10^{-270}` (smaller ones
    leave the normal doubles, and their error terms are lost).

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum and curvature; they broadcast together.
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation (0 is heavy ball, ``gamma = beta`` Nesterov).

    Returns
    -------
    ndarray of bool, shape (...)
        True where the iteration converges; False where any input is NaN.

    Examples
    --------
    >>> from momentum_theory import convergence_region
    >>> convergence_region([1.0, 2.9, 3.0], 0.5, 1.0)  # boundary alpha h = 2(1 + beta) = 3
    array([ True,  True, False])
    >>> convergence_region(1.5, 0.5, 1.0, gamma=0.5)  # Nesterov: alpha h < 2(1+b)/(1+2b)
    np.False_
    """
    operands, _ = _real_arguments(alpha=alpha, beta=beta, h=h, gamma=gamma)
    with np.errstate(over="ignore", invalid="ignore"):
        return _result(np.asarray(_kernels().family_region(*operands)))


def critical_beta(alpha: ArrayLike, h: ArrayLike, gamma: ArrayLike = 0.0) -> Array:
    r"""Momentum of critical damping, where :math:`A` has a repeated eigenvalue.

    At fixed :math:`\alpha`, :math:`h` and :math:`\gamma` the discriminant
    :math:`T^2 - 4D` vanishes on the two curves
    :math:`\beta = (1 \mp \sqrt{\alpha h})^2 + \alpha h \gamma`. This returns the one
    that meets the stable region,

    .. math::

        \beta_c = (1 - \sqrt{\alpha h})^2 + \alpha h \gamma ;

    for :math:`\beta` above it (up to the other curve,
    :math:`(1 + \sqrt{\alpha h})^2 + \alpha h \gamma`) the eigenvalues are complex with
    modulus :math:`\sqrt{D}`, below it they are real, and at :math:`\beta_c` itself they
    are a real double root. For heavy ball (:math:`\gamma = 0`)
    :math:`\rho = \sqrt{\beta_c} = |1 - \sqrt{\alpha h}|` on the curve. (For Nesterov,
    where :math:`\gamma = \beta` moves with :math:`\beta`, see
    :mod:`momentum_theory.methods`.)

    Parameters
    ----------
    alpha : array_like, shape (...)
        Step size.
    h : array_like, shape (...)
        Curvature.
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation, held fixed.

    Returns
    -------
    ndarray, shape (...)
        :math:`\beta_c`; NaN where :math:`\alpha h < 0`, where no real :math:`\beta` makes
        the discriminant vanish (the eigenvalues are real for every :math:`\beta`).

    Notes
    -----
    Evaluated as :math:`\left((1 - \alpha h) / (1 + \sqrt{\alpha h})\right)^2 + \alpha h
    \gamma` with :math:`1 - \alpha h` formed exactly, so for :math:`\gamma \ge 0` (a sum
    of non-negative terms) it keeps full relative accuracy, also when :math:`\alpha h
    \approx 1` and :math:`\beta_c` is tiny.

    Examples
    --------
    >>> from momentum_theory import critical_beta
    >>> critical_beta([0.01, 0.25, 1.0, 4.0], 1.0)
    array([0.81, 0.25, 0.  , 1.  ])
    >>> float(critical_beta(0.25, 1.0, gamma=0.5))
    0.375
    """
    operands, _ = _real_arguments(alpha=alpha, h=h, gamma=gamma)
    with np.errstate(over="ignore", invalid="ignore"):
        return _result(np.asarray(_kernels().critical_beta(*operands)))


def worst_case_rate(
    alpha: ArrayLike, beta: ArrayLike, *, mu: ArrayLike, L: ArrayLike, gamma: ArrayLike = 0.0
) -> Array:
    r"""Worst-case rate over a spectrum: :math:`\max_{h \in [\mu, L]} \rho(A(h))`.

    This is the asymptotic linear rate the two-step family (heavy ball by default) is
    guaranteed on every quadratic whose Hessian eigenvalues lie in :math:`[\mu, L]`.

    Parameters
    ----------
    alpha, beta : array_like, shape (...)
        Step size and momentum.
    mu, L : array_like, shape (...)
        Ends of the spectrum, ``mu <= L`` (any real values).
    gamma : array_like, shape (...), default 0.0
        Gradient extrapolation (0 is heavy ball, ``gamma = beta`` Nesterov).

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
    The maximum is attained at an endpoint, so this is :math:`\max(\rho(\mu), \rho(L))`,
    for every member of the family and every real parameter. For :math:`r > 0` the
    polynomial :math:`\lambda^2 - T\lambda + D` has both roots in the closed disc of radius
    :math:`r` iff :math:`|D| \le r^2` and :math:`|T| \le r + D/r` (Jury's test for
    :math:`\lambda = r z`): a closed triangle :math:`S_r` in the :math:`(T, D)` plane, hence
    convex. As :math:`(T(h), D(h))` is affine in :math:`h`, the sublevel set
    :math:`\{h : \rho(h) \le r\}`, the preimage of :math:`S_r`, is an interval: :math:`\rho`
    is quasiconvex in :math:`h`, and the maximum of a quasiconvex function over an interval
    is at an end. (It is *not* true that :math:`\rho` is convex in :math:`h`: it is flat
    across a complex region of heavy ball.) The paper gives the proof in full; the tests
    check it against dense sampling of :math:`h`.

    Examples
    --------
    >>> from momentum_theory import optimal_parameters, worst_case_rate
    >>> opt = optimal_parameters(mu=1.0, L=100.0)
    >>> round(float(worst_case_rate(opt.alpha, opt.beta, mu=1.0, L=100.0)), 6)
    0.818182
    """
    mu_, L_ = as_spectrum(mu=mu, L=L, positive=False)
    return np.maximum(
        spectral_radius(alpha, beta, mu_, gamma), spectral_radius(alpha, beta, L_, gamma)
    )
