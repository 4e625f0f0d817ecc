r"""Heavy ball on quadratics, simulated in the Hessian's eigenbasis for a batch of parameters.

On :math:`f(x) = \tfrac12 x^\top Q x - b^\top x` with :math:`Q = V \operatorname{diag}(h) V^\top`
symmetric and non-singular, the minimiser (stationary point) is :math:`x^* = Q^{-1} b` and
the error :math:`e_t = x_t - x^*` of heavy ball obeys :math:`e_{t+1} = (I + \beta I - \alpha
Q) e_t - \beta e_{t-1}`. In the coordinates :math:`z_t = V^\top e_t` the matrix is diagonal,
so every coordinate runs its own scalar recursion

.. math::

    z_{t+1, i} = (1 + \beta - \alpha h_i)\, z_{t, i} - \beta\, z_{t-1, i},

the heavy-ball iteration on :math:`h_i x^2 / 2`, with companion matrix
:math:`A(\alpha, \beta, h_i)`; and :math:`\|x_t - x^*\| = \|z_t\|` because :math:`V` is
orthogonal. One eigendecomposition thus turns a dense problem into independent scalar
recursions, which :func:`run_heavy_ball` advances for a whole batch of
:math:`(\alpha, \beta)` at once. :func:`run` does the same for any named method of
:mod:`momentum_theory.methods`, stepping the method's own update rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_integer,
    as_real_array,
    broadcast_shape,
    require,
    require_finite,
)

if TYPE_CHECKING:
    from momentum_theory.methods import Method

Array = NDArray[np.float64]

__all__ = ["HeavyBallRun", "MethodRun", "run", "run_heavy_ball"]

# The simulated state is rescaled by a power of two (exact) whenever its squared norm leaves
# [2**-256, 2**256], so squares and products never over- or underflow on the way.
_LOWER, _UPPER = 2.0**-256, 2.0**256
# Elements per work array in the kernel: keeps the temporaries in cache.
_BLOCK_ELEMENTS = 1 << 16
_LN2 = math.log(2.0)


@dataclass(frozen=True)
class HeavyBallRun:
    r"""Distances to the minimiser along heavy-ball runs, one per :math:`(\alpha, \beta)`.

    Attributes
    ----------
    distances : ndarray, shape (steps + 1, ...)
        ``distances[t]`` is :math:`\|x_t - x^*\|_2` for :math:`t = 0, \dots,` ``steps``
        (time first, the batch of :math:`(\alpha, \beta)` after it) as float64 arithmetic
        computes it: on a scalar problem the same bits as a plain loop
        :math:`x_{t+1} = T x_t - \beta x_{t-1}` wherever that loop neither over- nor
        underflows. A value above the largest double (about
        :math:`1.8 \times 10^{308}`) is ``inf``; below the smallest normal double it
        loses precision gradually, and below the smallest subnormal it is ``0.0``. It is
        never NaN.
    log_distances : ndarray, shape (steps + 1, ...)
        :math:`\ln \|x_t - x^*\|_2`, finite even where ``distances`` over- or underflows;
        ``-inf`` only where the distance is exactly zero.
    state_norms : ndarray, shape (steps, ...)
        ``state_norms[t]`` is :math:`\|(x_{t+1} - x^*, x_t - x^*)\|_2`, the norm of the
        state that :math:`A^t` maps the initial state :math:`(x_1 - x^*, x_0 - x^*)` to;
        ``inf`` where it overflows.
    diverged : ndarray of bool, shape (...)
        True where the run overflowed: some distance exceeded the largest double, so
        ``distances`` holds ``inf`` from that step on (``log_distances`` stays finite).
        A run with :math:`\rho(A)` just above one may not overflow within the horizon;
        measure its rate with :func:`momentum_theory.rates.empirical_rate` instead.
    alpha, beta : ndarray, shape (...)
        The step sizes and momenta, broadcast to the batch shape.
    eigenvalues : ndarray, shape (d,)
        The Hessian eigenvalues the run used (from ``numpy.linalg.eigh`` for a dense
        :math:`Q`), ascending.
    steps : int
        Number of iterations.
    """

    distances: Array
    log_distances: Array
    state_norms: Array
    diverged: NDArray[np.bool_]
    alpha: Array
    beta: Array
    eigenvalues: Array
    steps: int


def run_heavy_ball(
    Q: ArrayLike,
    x0: ArrayLike,
    alpha: ArrayLike,
    beta: ArrayLike,
    steps: int,
    b: ArrayLike | None = None,
    x_prev: ArrayLike | None = None,
) -> HeavyBallRun:
    r"""Run heavy ball on :math:`f(x) = \tfrac12 x^\top Q x - b^\top x` for a batch of parameters.

    .. math::

        x_{t+1} = x_t - \alpha (Q x_t - b) + \beta (x_t - x_{t-1}), \qquad t = 0, 1, \dots

    started at rest (:math:`x_{-1} = x_0`) unless ``x_prev`` is given. Every pair
    :math:`(\alpha, \beta)` of the broadcast batch runs from the same start.

    Parameters
    ----------
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian: a scalar :math:`h` (:math:`Q = hI`, with :math:`d` taken from
        ``x0``), a vector of eigenvalues (:math:`Q` diagonal), or a dense symmetric
        matrix (symmetric to 1e-12 relative; its symmetric part is used).
    x0 : array_like, shape () or (d,)
        Starting point :math:`x_0` (a scalar is repeated in every coordinate).
    alpha, beta : array_like, shape (...)
        Step sizes and momenta; they broadcast to the batch shape. Finite.
    steps : int
        Number of iterations, ``>= 0``.
    b : array_like, shape () or (d,), optional
        Linear term; the default zero puts the minimiser at :math:`x^* = 0`. When given,
        :math:`Q` must be non-singular and :math:`x^* = Q^{-1} b`.
    x_prev : array_like, shape () or (d,), optional
        :math:`x_{-1}`; the default ``x0`` starts at rest.

    Returns
    -------
    HeavyBallRun
        ``distances`` (shape ``(steps + 1, ...)``), ``log_distances``, ``state_norms``,
        ``diverged`` and the parameters.

    Raises
    ------
    ValueError
        If ``Q`` is not a scalar, vector or square symmetric matrix, a shape does not
        match, an input is not finite, ``steps`` is negative, or ``b`` is given with a
        singular ``Q``.

    Notes
    -----
    **Method.** A dense :math:`Q` is diagonalised once (``numpy.linalg.eigh``); then each
    eigen-coordinate of the error :math:`z_t = V^\top (x_t - x^*)` follows the scalar
    recursion of the module docstring, vectorised over the batch and the coordinates.
    Working with the error rather than with :math:`x_t` keeps the distances' relative
    accuracy far below :math:`\epsilon \|x^*\|`, where an iteration on :math:`x_t` stalls.
    Coordinates that start at zero (with :math:`x_{-1}`) stay at zero and are skipped.

    **No overflow.** The state :math:`(z_{t+1}, z_t)` is multiplied by a power of two
    whenever its squared norm leaves :math:`[2^{-256}, 2^{256}]`, and the exponent is
    kept aside. The recursion is linear, so this changes no rounding: the run is the
    same as in float64 arithmetic with an unbounded exponent, diverging or underflowing
    runs included (only entries below about :math:`2^{-890}` of the state's norm are
    flushed to zero). ``distances`` are formed only at the end, where an out-of-range
    value becomes ``inf`` or ``0`` without a floating-point warning. A step that grows
    the state by more than :math:`2^{128}` (:math:`|1 + \beta - \alpha h_i|` or
    :math:`|\beta|` above about :math:`10^{38}`) is recomputed with both coefficients
    scaled down by a power of two; if :math:`1 + \beta - \alpha h_i` itself overflows
    (:math:`\alpha h_i > 10^{308}`) there is no float64 run, and it is reported as
    overflowing from its first step.

    **Cost.** :math:`O(\text{steps} \times \text{batch} \times d)` with a few array
    passes per step, in cache-sized blocks: a 200 x 200 grid on a scalar problem runs
    300 steps in about a second.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.quadratic import run_heavy_ball
    >>> run = run_heavy_ball(1.0, 1.0, alpha=0.5, beta=0.0, steps=3)  # x_{t+1} = x_t / 2
    >>> run.distances
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> grid = run_heavy_ball([1.0, 10.0], [1.0, 1.0], alpha=[[0.1, 0.2]],
    ...                       beta=[[0.0], [0.5]], steps=100)
    >>> grid.distances.shape, grid.diverged.tolist()
    ((101, 2, 2), [[False, False], [False, False]])
    >>> float(run_heavy_ball(1.0, 1.0, 3.0, 0.0, 1000).log_distances[-1])  # 2^1000
    693.1471805599453
    """
    steps = as_integer(steps, "steps", 0)
    eigenvalues, basis, dimension = _hessian(Q, x0)
    start = _vector(x0, "x0", dimension)
    previous = start if x_prev is None else _vector(x_prev, "x_prev", dimension)
    alpha_, beta_ = as_real_array(alpha, "alpha"), as_real_array(beta, "beta")
    shape = broadcast_shape(alpha=alpha_, beta=beta_)
    require_finite(alpha_, "alpha")
    require_finite(beta_, "beta")

    # Error coordinates z = V^T (x - x*), with V^T x* = (V^T b) / h.
    rotate = (lambda v: v) if basis is None else (lambda v: basis.T @ v)
    offset = np.zeros(dimension)
    if b is not None:
        require(eigenvalues != 0, "Q", "non-singular when b is given (eigenvalue 0)", 0.0)
        offset = rotate(_vector(b, "b", dimension)) / eigenvalues
    z0, z_prev = rotate(start) - offset, rotate(previous) - offset

    alpha_b, beta_b = (np.broadcast_to(x, shape).reshape(-1) for x in (alpha_, beta_))
    active = (z0 != 0) | (z_prev != 0)
    mantissa, state_mantissa, exponent = _simulate(
        eigenvalues[active], z0[active], z_prev[active], alpha_b, beta_b, steps
    )
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        distances = np.ldexp(mantissa, exponent)
        state_norms = np.ldexp(state_mantissa, exponent[1:])
        log_distances = np.log(mantissa, out=mantissa)
        log_distances += _LN2 * exponent
    full = (steps + 1, *shape)
    diverged = np.isinf(distances).any(axis=0).reshape(shape)
    return HeavyBallRun(
        distances=distances.reshape(full),
        log_distances=log_distances.reshape(full),
        state_norms=state_norms.reshape((steps, *shape)),
        diverged=diverged,
        alpha=np.broadcast_to(alpha_, shape).copy(),
        beta=np.broadcast_to(beta_, shape).copy(),
        eigenvalues=eigenvalues,
        steps=steps,
    )


def _hessian(Q: ArrayLike, x0: ArrayLike) -> tuple[Array, Array | None, int]:
    """Eigenvalues (ascending), eigenvectors (None when Q is diagonal) and dimension."""
    matrix = as_real_array(Q, "Q")
    require_finite(matrix, "Q")
    if matrix.ndim == 0:
        dimension = max(1, np.asarray(x0).size)
        return np.full(dimension, float(matrix)), None, dimension
    if matrix.ndim == 1:
        if matrix.size == 0:
            raise ValueError("Q must have at least one eigenvalue, got an empty vector")
        return matrix.copy(), None, matrix.size
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.size == 0:
        raise ValueError(
            "Q must be a scalar, a vector of eigenvalues or a square matrix, "
            f"got shape {matrix.shape}"
        )
    asymmetry = np.max(np.abs(matrix - matrix.T))
    require(asymmetry <= 1e-12 * np.max(np.abs(matrix)), "Q", "symmetric", asymmetry)
    eigenvalues, basis = np.linalg.eigh(0.5 * (matrix + matrix.T))
    return eigenvalues, basis, matrix.shape[0]


def _vector(value: ArrayLike, name: str, dimension: int) -> Array:
    vector = as_real_array(value, name)
    if vector.ndim > 1 or (vector.ndim == 1 and vector.size != dimension):
        raise ValueError(
            f"{name} must be a scalar or have shape ({dimension},), got {vector.shape}"
        )
    require_finite(vector, name)
    return np.broadcast_to(vector, (dimension,)).astype(np.float64)


def _simulate(
    h: Array, z0: Array, z_prev: Array, alpha: Array, beta: Array, steps: int
) -> tuple[Array, Array, NDArray[np.int32]]:
    """Distances and state norms as ``mantissa * 2**exponent``, the batch run in blocks.

    Returns ``mantissa`` (steps + 1, batch), ``state_mantissa`` (steps, batch) for the
    state (z_{t+1}, z_t), and their shared ``exponent`` (steps + 1, batch).
    """
    batch = alpha.size
    mantissa = np.zeros((steps + 1, batch))
    state_mantissa = np.zeros((steps, batch))
    exponent = np.zeros((steps + 1, batch), dtype=np.int32)
    if h.size == 0 or batch == 0:  # started at the minimiser (and at rest): stays there
        return mantissa, state_mantissa, exponent
    # Normalise the start so its largest entry is about one; the exponent keeps the scale.
    start_exponent = int(np.frexp(max(np.abs(z0).max(), np.abs(z_prev).max()))[1])
    z0, z_prev = np.ldexp(z0, -start_exponent), np.ldexp(z_prev, -start_exponent)
    block = max(1, _BLOCK_ELEMENTS // h.size)
    for begin in range(0, batch, block):
        window = slice(begin, min(begin + block, batch))
        _simulate_block(
            h,
            z0,
            z_prev,
            alpha[window],
            beta[window],
            mantissa[:, window],
            state_mantissa[:, window],
            exponent[:, window],
        )
    exponent += start_exponent
    return mantissa, state_mantissa, exponent


def _simulate_block(
    h: Array,
    z0: Array,
    z_prev: Array,
    alpha: Array,
    beta: Array,
    mantissa: Array,
    state_mantissa: Array,
    exponent: NDArray[np.int32],
) -> None:
    """Advance one block of the batch; coordinates on axis 0, batch members on axis 1."""
    members = alpha.size
    with np.errstate(over="ignore", invalid="ignore"):
        trace = (1.0 + beta)[np.newaxis, :] - h[:, np.newaxis] * alpha[np.newaxis, :]
    # |1 + beta - alpha h| overflowed: no float64 run exists; report overflow from step one.
    overflowed = ~np.isfinite(trace).all(axis=0)
    trace[:, overflowed] = 0.0
    current = np.repeat(z0[:, np.newaxis], members, axis=1)
    previous = np.repeat(z_prev[:, np.newaxis], members, axis=1)
    following, scratch = np.empty_like(current), np.empty_like(current)
    current_squared = np.einsum("ij,ij->j", current, current)
    scale = np.zeros(members, dtype=np.int32)
    mantissa[0] = np.sqrt(current_squared)
    # Underflow only flushes entries below 2**-1000 of the state norm: harmless here.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for t in range(1, mantissa.shape[0]):
            # z_{t+1} = T z_t - beta z_{t-1}
            np.multiply(trace, current, out=following)
            np.multiply(previous, beta, out=scratch)
            np.subtract(following, scratch, out=following)
            following_squared = np.einsum("ij,ij->j", following, following)
            state_squared = following_squared + current_squared
            in_range = (state_squared >= _LOWER) & (state_squared <= _UPPER)
            if not in_range.all():
                out = np.flatnonzero(~in_range & (state_squared != 0.0))
                if out.size:
                    _rescale(
                        out,
                        trace,
                        beta,
                        previous,
                        current,
                        following,
                        current_squared,
                        following_squared,
                        scale,
                        overflowed,
                    )
                    state_squared = following_squared + current_squared
            np.sqrt(following_squared, out=mantissa[t])
            np.sqrt(state_squared, out=state_mantissa[t - 1])
            mantissa[t, overflowed] = state_mantissa[t - 1, overflowed] = np.inf
            exponent[t] = scale
            previous, current, following = current, following, previous
            current_squared = following_squared


def _rescale(
    out: NDArray[np.intp],
    trace: Array,
    beta: Array,
    previous: Array,
    current: Array,
    following: Array,
    current_squared: Array,
    following_squared: Array,
    scale: NDArray[np.int32],
    overflowed: NDArray[np.bool_],
) -> None:
    """Bring the state (following, current) of members ``out`` back to norm about one.

    Works in place on the block's arrays; ``scale`` absorbs the powers of two. A step that
    overflowed even from a state of norm at most 2**128 (possible only where
    |1 + beta - alpha h| or |beta| exceeds about 2**100) is recomputed with both
    coefficients divided by a power of two above the growth.
    """
    state_squared = following_squared[out] + current_squared[out]
    broken = out[~np.isfinite(state_squared)]
    if broken.size:
        growth = np.abs(trace[:, broken]).max(axis=0) + np.abs(beta[broken])
        shift = np.frexp(growth)[1].astype(np.int32) + 1
        following[:, broken] = (
            np.ldexp(trace[:, broken], -shift) * current[:, broken]
            - np.ldexp(beta[broken], -shift) * previous[:, broken]
        )
        current[:, broken] = np.ldexp(current[:, broken], -shift)
        following_squared[broken] = np.einsum(
            "ij,ij->j", following[:, broken], following[:, broken]
        )
        current_squared[broken] = np.ldexp(current_squared[broken], -2 * shift)
        scale[broken] += shift
        # Only an infinite growth can fail again: there is no float64 run to report.
        lost = broken[~np.isfinite(following_squared[broken])]
        overflowed[lost] = True
        for array in (following, current, previous):
            array[:, lost] = 0.0
        following_squared[lost] = current_squared[lost] = 0.0
        state_squared = following_squared[out] + current_squared[out]
    keep = (state_squared != 0.0) & ((state_squared < _LOWER) | (state_squared > _UPPER))
    out, state_squared = out[keep], state_squared[keep]
    shift = (np.frexp(state_squared)[1] // 2).astype(np.int32)
    following[:, out] = np.ldexp(following[:, out], -shift)
    current[:, out] = np.ldexp(current[:, out], -shift)
    following_squared[out] = np.ldexp(following_squared[out], -2 * shift)
    current_squared[out] = np.ldexp(current_squared[out], -2 * shift)
    scale[out] += shift


@dataclass(frozen=True)
class MethodRun:
    r"""Distances to the minimiser along runs of a named method, one per parameter setting.

    Attributes
    ----------
    method : str
        The method's registry name.
    distances : ndarray, shape (steps + 1, ...)
        ``distances[t]`` is :math:`\|x_t - x^*\|_2` (time first, the batch after it), with
        :math:`x^*` the point the method converges to (see :func:`run`); ``inf`` from the
        step a run overflowed.
    log_distances : ndarray, shape (steps + 1, ...)
        :math:`\ln \|x_t - x^*\|_2`, finite where ``distances`` under- or overflows
        (until a step itself overflows).
    diverged : ndarray of bool, shape (...)
        Where ``distances`` reached ``inf``.
    parameters : dict of str to ndarray or bool
        The method's parameters (defaults filled in), broadcast to the batch shape.
    eigenvalues : ndarray, shape (d,)
        The Hessian eigenvalues the run used, ascending for a dense ``Q``.
    steps : int
        Number of iterations.
    iterates : ndarray, shape (steps + 1, ..., d), or None
        :math:`x_t` itself when asked for (``trajectory=True``).
    """

    method: str
    distances: Array
    log_distances: Array
    diverged: NDArray[np.bool_]
    parameters: dict[str, Any]
    eigenvalues: Array
    steps: int
    iterates: Array | None = None


def run(
    method: str | Method,
    Q: ArrayLike,
    x0: ArrayLike,
    steps: int,
    *,
    b: ArrayLike | None = None,
    trajectory: bool = False,
    **params: Any,
) -> MethodRun:
    r"""Run a named method's own update rule on :math:`f(x) = \tfrac12 x^\top Q x - b^\top x`.

    Every parameter setting of the broadcast batch starts at rest at ``x0``
    (:meth:`~momentum_theory.methods.Method.start`: :math:`x_{-1} = x_0`, or an empty
    buffer) and takes ``steps`` steps of :meth:`~momentum_theory.methods.Method.update`
    in float64, the first with ``first=True`` (PyTorch's SGD starts its buffer there).

    Parameters
    ----------
    method : str or Method
        A name of :func:`momentum_theory.methods.names`.
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian, as for :func:`run_heavy_ball`: a scalar, a vector of eigenvalues or a
        dense symmetric matrix.
    x0 : array_like, shape () or (d,)
        Starting point.
    steps : int
        Number of iterations, ``>= 0``.
    b : array_like, shape () or (d,), optional
        Linear term (default zero, so :math:`x^* = 0`). The distances are to the method's
        fixed point :math:`x^* = (Q + \lambda I)^{-1} b`, where :math:`\lambda` is
        ``pytorch_sgd``'s ``weight_decay`` (the minimiser of
        :math:`f + \lambda\|x\|^2/2`, where PyTorch's iterates go) and 0 for every other
        method, so :math:`Q + \lambda I` must be non-singular.
    trajectory : bool, default False
        Also return the iterates (memory ``(steps + 1) x batch x d``).
    **params
        The method's parameters (arrays broadcast to a batch); finite.

    Returns
    -------
    MethodRun

    Raises
    ------
    ValueError
        As :func:`run_heavy_ball`, and for a method's invalid parameters.

    Notes
    -----
    **Method.** A dense :math:`Q = V \operatorname{diag}(h) V^\top` is diagonalised once
    and the rule runs on the error coordinates :math:`z = V^\top(x - x^*)`, where
    :math:`\nabla f = h z` elementwise. This is exact for every method here: each rule is
    linear and uses only gradients and linear combinations of its state, and at the fixed
    point :math:`x^*` the step's gradient vanishes (with weight decay
    :math:`\nabla f(x) + \lambda x = (Q + \lambda I)(x - x^*)`), so a momentum buffer is
    the same in both coordinates. For a vector ``Q`` and ``b = 0``, :math:`z = x` and the
    run performs the very float64 operations of the rule on :math:`x`; with ``b`` the
    iterates :math:`x^* + V z_t` agree with a run on :math:`x` to rounding (the torch
    tests compare both with ``torch.optim.SGD`` step by step, every option).

    **maximize.** ``pytorch_sgd`` with ``maximize=True`` simulates PyTorch maximising
    :math:`F(x) = b^\top x - \tfrac12 x^\top Q x` (``Q`` is the negated Hessian of
    :math:`F`): PyTorch steps along :math:`-\nabla F = Qx - b`, so the run is the one of
    ``maximize=False``.

    **Range.** Whenever the state's squared norm leaves :math:`[2^{-256}, 2^{256}]`, the
    whole state is multiplied by a power of two (exact; the rules are linear and
    homogeneous) and the exponent is kept aside, so ``log_distances`` stay finite for
    runs that diverge or converge far beyond the range of a double.

    Examples
    --------
    >>> from momentum_theory.quadratic import run
    >>> result = run("heavy_ball", 1.0, 1.0, 3, alpha=0.5, beta=0.0)
    >>> result.distances
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> run("pytorch_sgd", [1.0, 10.0], 1.0, 100, lr=[0.01, 0.1], momentum=0.9).distances.shape
    (101, 2)
    """
    from momentum_theory.methods import get

    method_ = get(method)
    steps = as_integer(steps, "steps", 0)
    checked = method_.check(**params)
    numbers = {name: value for name, value in checked.items() if name not in method_._flags}
    for name, value in numbers.items():
        require_finite(value, name)
    shape = broadcast_shape(**numbers)
    eigenvalues, basis, dimension = _hessian(Q, x0)
    members = math.prod(shape)
    # The method's fixed point solves (Q + s I) x = b, s its curvature shift (weight decay).
    shift = np.broadcast_to(as_real_array(method_._exact_form(**checked)[2], "shift"), shape)
    offset = np.zeros((members, dimension))
    if b is not None:
        curvature = eigenvalues[np.newaxis, :] + shift.reshape(members, 1)
        require(
            curvature != 0,
            "Q",
            "non-singular when b is given (with weight_decay: Q + weight_decay I)",
            0.0,
        )
        rotated_b = _vector(b, "b", dimension)
        offset = (rotated_b if basis is None else basis.T @ rotated_b) / curvature
    start = _vector(x0, "x0", dimension)
    z0 = (start if basis is None else basis.T @ start) - offset

    per_member = {
        name: np.broadcast_to(value, shape).reshape(members, 1) for name, value in numbers.items()
    }
    flags = {name: checked[name] for name in method_._flags}
    state = method_.start(z0)
    exponent = np.zeros(members, dtype=np.int64)
    mantissa = np.empty((steps + 1, members))
    exponents = np.empty((steps + 1, members), dtype=np.int64)
    overflowed = np.zeros(members, dtype=bool)
    iterates = np.empty((steps + 1, members, dimension)) if trajectory else None

    def gradient(point: Array) -> Array:
        return eigenvalues * point

    def record(t: int, current: tuple[Array, Array]) -> tuple[Array, Array]:
        nonlocal exponent
        with np.errstate(over="ignore", invalid="ignore"):
            squares = [np.einsum("ij,ij->i", c, c) for c in current]
        state_squared = squares[0] + squares[1]
        broken = ~np.isfinite(state_squared)
        if np.any(broken):
            overflowed[broken] = True
            current = tuple(np.where(broken[:, np.newaxis], 0.0, c) for c in current)
            squares = [np.where(broken, 0.0, q) for q in squares]
            state_squared = np.where(broken, 0.0, state_squared)
        outside = (state_squared != 0) & ((state_squared < _LOWER) | (state_squared > _UPPER))
        if np.any(outside):
            shift = np.where(outside, np.frexp(state_squared)[1] // 2, 0)
            current = tuple(np.ldexp(c, -shift[:, np.newaxis]) for c in current)
            squares[0] = np.ldexp(squares[0], -2 * shift)
            exponent = exponent + shift
        mantissa[t] = np.where(overflowed, np.inf, np.sqrt(squares[0]))
        exponents[t] = exponent
        if iterates is not None:
            with np.errstate(over="ignore"):
                iterates[t] = np.ldexp(current[0], exponent[:, np.newaxis])
            iterates[t, overflowed] = np.inf
        return current  # type: ignore[return-value]

    state = record(0, state)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for t in range(1, steps + 1):
            state = method_.update(state, gradient, first=t == 1, **per_member, **flags)
            state = record(t, state)
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        distances = np.ldexp(mantissa, exponents)
        log_distances = np.log(mantissa) + _LN2 * exponents
    full = (steps + 1, *shape)
    if iterates is not None:
        points = iterates + offset
        if basis is not None:
            points = points @ basis.T
        iterates = points.reshape((*full, dimension))
    return MethodRun(
        method=method_.name,
        distances=distances.reshape(full),
        log_distances=log_distances.reshape(full),
        diverged=np.isinf(distances).any(axis=0).reshape(shape),
        parameters={
            **{name: np.broadcast_to(value, shape).copy() for name, value in numbers.items()},
            **flags,
        },
        eigenvalues=eigenvalues,
        steps=steps,
        iterates=iterates,
    )
