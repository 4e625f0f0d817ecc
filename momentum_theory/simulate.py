r"""Simulate any named method on a quadratic, for a whole batch of parameters at once.

On :math:`f(x) = \tfrac12 x^\top Q x - b^\top x` with :math:`Q = V \operatorname{diag}(h)
V^\top` symmetric, every method of :mod:`momentum_theory.methods` is linear in its state,
and at its fixed point :math:`x^*` the step's gradient vanishes. In the coordinates
:math:`z = V^\top (x - x^*)` the gradient is :math:`h z` elementwise, so each coordinate
runs the method on its own scalar quadratic :math:`h_i z^2/2`: for heavy ball

.. math::

    z_{t+1, i} = z_{t, i} - \alpha h_i z_{t, i} + \beta (z_{t, i} - z_{t-1, i}),

with companion matrix :math:`A(\alpha, \beta, h_i)`, and
:math:`\|x_t - x^*\| = \|z_t\|` because :math:`V` is orthogonal. One eigendecomposition
(:func:`momentum_theory.problems.eigendecomposition`) thus turns a dense problem into
independent scalar runs, which :func:`run` advances with the method's own
:meth:`~momentum_theory.methods.Method.update`, the rule written once in the method's
module, for a whole batch of parameter settings at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_integer,
    as_real_array,
    broadcast_shape,
    require,
    require_finite,
)
from momentum_theory.methods import Method, get
from momentum_theory.problems import _vector, eigendecomposition

Array = NDArray[np.float64]
State = tuple[Array, Array]

__all__ = ["Run", "run"]

# The state is multiplied by a power of two (exact) whenever its squared norm leaves
# [2**-256, 2**256], so squares and products never over- or underflow on the way.
_LOWER, _UPPER = 2.0**-256, 2.0**256
# A step that overflows even from a state of norm at most 2**128 (a growth above about
# 2**384) is taken again from the state divided by 2**_RETRY: any growth below 2**1023.
_RETRY = 640
# Elements per work array: a block of the batch runs all its steps while its arrays stay
# in cache.
_BLOCK_ELEMENTS = 1 << 17
_LN2 = math.log(2.0)


@dataclass(frozen=True)
class Run:
    r"""Distances to the fixed point along runs of a named method, one per parameter setting.

    Attributes
    ----------
    method : str
        The method's registry name.
    distances : ndarray, shape (steps + 1, ...)
        ``distances[t]`` is :math:`\|x_t - x^*\|_2` (time first, the batch after it), with
        :math:`x^*` the point the method converges to (see :func:`run`), as float64
        arithmetic computes it: for a scalar or vector ``Q`` and ``b = 0``, the same bits
        as the method's rule run on plain arrays (and the square root of the sum of
        squares) wherever that run neither over- nor underflows. A value above the largest double
        (about :math:`1.8 \times 10^{308}`) is ``inf``; below the smallest normal double
        it loses precision gradually, and below the smallest subnormal it is ``0.0``. It
        is never NaN.
    log_distances : ndarray, shape (steps + 1, ...)
        :math:`\ln \|x_t - x^*\|_2`, finite even where ``distances`` over- or underflows;
        ``-inf`` only where the distance is exactly zero, ``+inf`` only from a step that
        has no float64 result (see :func:`run`, Notes).
    state_norms : ndarray, shape (steps + 1, ...)
        ``state_norms[t]`` is the 2-norm of the whole state after ``t`` steps, the two
        components of :attr:`Method.state <momentum_theory.methods.Method.state>` in
        error coordinates: :math:`\|(x_t - x^*, x_{t-1} - x^*)\|_2` for heavy ball (the
        norm of :math:`A^t` times the starting state), :math:`\|(x_t - x^*, b_t)\|_2`
        for methods that keep a momentum buffer; ``inf`` where it overflows.
    diverged : ndarray of bool, shape (...)
        True where the run overflowed: some distance exceeded the largest double, so
        ``distances`` holds ``inf`` from that step on (``log_distances`` stays finite).
        A run with a rate just above one may not overflow within ``steps``; measure its
        rate with :func:`momentum_theory.rates.empirical_rate` instead.
    parameters : dict of str to ndarray or bool
        The method's parameters (defaults filled in), numbers broadcast to the batch shape.
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
    state_norms: Array
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
    previous: ArrayLike | None = None,
    trajectory: bool = False,
    **params: Any,
) -> Run:
    r"""Run a named method's own update rule on :math:`f(x) = \tfrac12 x^\top Q x - b^\top x`.

    Every parameter setting of the broadcast batch starts at ``x0``, at rest
    (:meth:`~momentum_theory.methods.Method.start`: :math:`x_{-1} = x_0`, or an empty
    buffer) unless ``previous`` is given, and takes ``steps`` steps of
    :meth:`~momentum_theory.methods.Method.update` in float64, the first with
    ``first=True`` (PyTorch's SGD starts its buffer there). For heavy ball:

    .. math::

        x_{t+1} = x_t - \alpha (Q x_t - b) + \beta (x_t - x_{t-1}), \qquad t = 0, 1, \dots

    Parameters
    ----------
    method : str or Method
        A name of :func:`momentum_theory.methods.names`.
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian: a scalar :math:`h` (:math:`Q = hI`, with :math:`d` taken from
        ``x0``), a vector of eigenvalues (:math:`Q` diagonal), or a dense symmetric
        matrix (symmetric to 1e-12 relative; its symmetric part is used).
    x0 : array_like, shape () or (d,)
        Starting point :math:`x_0` (a scalar is repeated in every coordinate).
    steps : int
        Number of iterations, ``>= 0``.
    b : array_like, shape () or (d,), optional
        Linear term (default zero, so :math:`x^* = 0`). The distances are to the method's
        fixed point :math:`x^* = (Q + \lambda I)^{-1} b`, where :math:`\lambda` is
        ``pytorch_sgd``'s ``weight_decay`` (the minimiser of
        :math:`f + \lambda\|x\|^2/2`, where PyTorch's iterates go) and 0 for every other
        method, so :math:`Q + \lambda I` must be non-singular.
    previous : array_like, shape () or (d,), optional
        :math:`x_{-1}`, for methods whose state is ``("x", "x_previous")``; the default
        ``x0`` starts at rest.
    trajectory : bool, default False
        Also return the iterates (memory ``(steps + 1) x batch x d``).
    **params
        The method's parameters (arrays broadcast to a batch); finite.

    Returns
    -------
    Run
        ``distances`` (shape ``(steps + 1, ...)``), ``log_distances``, ``state_norms``,
        ``diverged``, the parameters and, with ``trajectory``, the iterates.

    Raises
    ------
    ValueError
        If ``Q`` is not a scalar, vector or square symmetric matrix, a shape does not
        match, an input is not finite, ``steps`` is negative, ``b`` is given with a
        singular :math:`Q + \lambda I`, ``previous`` is given to a method with a momentum
        buffer, or a parameter is outside the method's domain.

    Notes
    -----
    **Method.** A dense :math:`Q` is diagonalised once and the rule runs on the error
    coordinates :math:`z = V^\top(x - x^*)`, where :math:`\nabla f = h z` elementwise.
    This is exact for every method here: each rule is linear and uses only gradients and
    linear combinations of its state, and at the fixed point :math:`x^*` the step's
    gradient vanishes (with weight decay :math:`\nabla f(x) + \lambda x = (Q + \lambda
    I)(x - x^*)`), so a momentum buffer is the same in both coordinates. For a vector
    ``Q`` and ``b = 0``, :math:`z = x` and the run performs the very float64 operations
    of the rule on :math:`x`; otherwise the iterates :math:`x^* + V z_t` agree with a run
    on :math:`x` to rounding (the torch tests compare both with ``torch.optim.SGD`` step
    by step, every option). Working with the error rather than with :math:`x_t` keeps
    the distances' relative accuracy far below :math:`\epsilon \|x^*\|`, where an
    iteration on :math:`x_t` stalls. Coordinates where the whole starting state is zero
    stay zero and are skipped (unless ``trajectory``).

    **maximize.** ``pytorch_sgd`` with ``maximize=True`` simulates PyTorch maximising
    :math:`F(x) = b^\top x - \tfrac12 x^\top Q x` (``Q`` is the negated Hessian of
    :math:`F`): PyTorch steps along :math:`-\nabla F = Qx - b`, so the run is the one of
    ``maximize=False``.

    **No overflow.** A start whose squares over- or underflow is first scaled so that its
    largest entry is about one, and the state is multiplied by a power of two whenever
    its squared norm leaves :math:`[2^{-256}, 2^{256}]`, with the exponent kept aside.
    The rules are linear and homogeneous, so this changes no rounding: the run is the
    same as in float64 arithmetic with an unbounded exponent, diverging or underflowing
    runs included (only entries below about :math:`2^{-890}` of the state's norm are
    flushed to zero). ``distances`` are formed only at the end, where an out-of-range
    value becomes ``inf`` or ``0`` without a floating-point warning. A step that grows
    the state by more than about :math:`2^{384}` (a coefficient such as
    :math:`\alpha h` above about :math:`10^{115}`) is taken again from the state divided
    by :math:`2^{640}` (entries below about :math:`2^{-250}` of its norm lose precision);
    if it still overflows (products of coefficients beyond :math:`10^{308}`) there is no
    float64 run, and the run is reported as overflowing from that step, with ``inf``
    distances and log-distances.

    **Cost.** :math:`O(\text{steps} \times \text{batch} \times d)`, a few array passes per
    step, the batch in cache-sized blocks: a 64 x 64 grid of heavy ball on a problem of
    dimension 200 runs 2000 steps in about eight seconds of one core.

    Examples
    --------
    >>> from momentum_theory.simulate import run
    >>> result = run("heavy_ball", 1.0, 1.0, 3, alpha=0.5, beta=0.0)  # x_{t+1} = x_t / 2
    >>> result.distances
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> grid = run("heavy_ball", [1.0, 10.0], 1.0, 100, alpha=[[0.1, 0.2]], beta=[[0.0], [0.5]])
    >>> grid.distances.shape, grid.diverged.tolist()
    ((101, 2, 2), [[False, False], [False, False]])
    >>> diverging = run("heavy_ball", 1.0, 1.0, 1100, alpha=3.0, beta=0.0)  # |x_t| = 2^t
    >>> float(diverging.distances[-1]), round(float(diverging.log_distances[-1]) / 1100, 12)
    (inf, 0.693147180560)
    >>> run("pytorch_sgd", [1.0, 10.0], 1.0, 100, lr=[0.01, 0.1], momentum=0.9).distances.shape
    (101, 2)
    """
    method_ = get(method)
    steps = as_integer(steps, "steps", 0)
    checked = method_.check(**params)
    flags = {name: checked[name] for name in method_._flags}
    numbers = {name: value for name, value in checked.items() if name not in method_._flags}
    for name, value in numbers.items():
        require_finite(value, name)
    shape = broadcast_shape(**numbers)
    members = math.prod(shape)
    eigenvalues, basis = eigendecomposition(Q, max(1, np.asarray(x0).size))
    dimension = eigenvalues.size

    def rotate(vector: Array) -> Array:
        return vector if basis is None else basis.T @ vector

    # The fixed point solves (Q + s I) x = b, s the method's curvature shift (weight decay).
    offset: Array | None = None
    if b is not None:
        shift = np.broadcast_to(as_real_array(method_._exact_form(**checked)[2], "shift"), shape)
        curvature = eigenvalues[np.newaxis, :] + shift.reshape(members, 1)
        require(
            curvature != 0,
            "Q",
            "non-singular when b is given (with weight_decay: Q + weight_decay I)",
            0.0,
        )
        offset = rotate(_vector(b, "b", dimension)) / curvature
    z0 = rotate(_vector(x0, "x0", dimension))
    start = method_.start(z0 if offset is None else z0 - offset)
    if previous is not None:
        if method_.state[1] != "x_previous":
            raise ValueError(
                f"previous applies to methods that remember x_(t-1); {method_.name} keeps a "
                f"{method_.state[1]}"
            )
        z_previous = rotate(_vector(previous, "previous", dimension))
        start = (start[0], z_previous if offset is None else z_previous - offset)
    state = tuple(np.broadcast_to(c, (members, dimension)) for c in start)

    per_member = {
        name: np.broadcast_to(value, shape).reshape(members, 1) for name, value in numbers.items()
    }
    active = np.ones(dimension, dtype=bool)
    if not trajectory:
        active = np.any(state[0] != 0, axis=0) | np.any(state[1] != 0, axis=0)
    mantissa = np.zeros((steps + 1, members))
    state_mantissa = np.zeros((steps + 1, members))
    exponents = np.zeros((steps + 1, members), dtype=np.int64)
    iterates = np.empty((steps + 1, members, dimension)) if trajectory else None
    if members and active.any():
        # C order: the rule's arithmetic keeps its inputs' layout, and the row sums of
        # _squares then add each member's coordinates in one fixed order.
        state = tuple(np.ascontiguousarray(c[:, active]) for c in state)
        state, start_exponent = _normalised_start(state)
        h = eigenvalues[active]
        block = max(1, _BLOCK_ELEMENTS // int(h.size))
        for begin in range(0, members, block):
            window = slice(begin, min(begin + block, members))
            _simulate_block(
                method_,
                h,
                (state[0][window], state[1][window]),
                {name: value[window] for name, value in per_member.items()},
                flags,
                start_exponent[window],
                mantissa[:, window],
                state_mantissa[:, window],
                exponents[:, window],
                None if iterates is None else iterates[:, window],
            )
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        distances = np.ldexp(mantissa, exponents)
        state_norms = np.ldexp(state_mantissa, exponents)
        log_distances = np.log(mantissa, out=mantissa)
        log_distances += _LN2 * exponents
    full = (steps + 1, *shape)
    if iterates is not None:
        points = iterates if offset is None else iterates + offset
        if basis is not None:
            points = points @ basis.T
        iterates = points.reshape((*full, dimension))
    return Run(
        method=method_.name,
        distances=distances.reshape(full),
        log_distances=log_distances.reshape(full),
        state_norms=state_norms.reshape(full),
        diverged=np.isinf(distances).any(axis=0).reshape(shape),
        parameters={
            **{name: np.broadcast_to(value, shape).copy() for name, value in numbers.items()},
            **flags,
        },
        eigenvalues=eigenvalues,
        steps=steps,
        iterates=iterates,
    )


def _normalised_start(state: State) -> tuple[State, NDArray[np.int64]]:
    """The start with each member whose squared norm is out of range scaled by a power of two
    that brings its largest entry to [1/2, 1), and the exponents that undo it."""
    exponent = np.zeros(state[0].shape[0], dtype=np.int64)
    with np.errstate(over="ignore", under="ignore"):
        total = _squares(state[0]) + _squares(state[1])
    out = np.flatnonzero(~((total >= _LOWER) & (total <= _UPPER)))
    if out.size:
        # Squares may over- or underflow (to 0 while the state is not zero): use the entries.
        exponent[out] = np.frexp(_largest_entries(state, out))[1]
        state = tuple(np.ldexp(c, -exponent[:, np.newaxis]) for c in state)  # type: ignore[assignment]
    return state, exponent


def _largest_entries(state: State, rows: NDArray[np.intp]) -> Array:
    """The largest absolute entry of the state's rows ``rows``, both components."""
    return np.maximum(np.abs(state[0][rows]).max(axis=1), np.abs(state[1][rows]).max(axis=1))


def _squares(vectors: Array) -> Array:
    """Squared 2-norm of each row."""
    return np.einsum("ij,ij->i", vectors, vectors)


def _simulate_block(
    method: Method,
    h: Array,
    state: State,
    params: dict[str, Array],
    flags: dict[str, Any],
    start_exponent: NDArray[np.int64],
    mantissa: Array,
    state_mantissa: Array,
    exponents: NDArray[np.int64],
    iterates: Array | None,
) -> None:
    """Run one block of the batch (members on axis 0, coordinates on axis 1) to the end.

    Fills ``mantissa`` (distances), ``state_mantissa`` (state norms) and ``exponents``
    (their shared power of two), shape (steps + 1, members), and ``iterates`` if given.
    """
    members = state[0].shape[0]
    keywords = {**params, **flags}

    def gradient(point: Array) -> Array:
        return h * point

    def retry(state: State, first: bool, rows: NDArray[np.intp]) -> State:
        local = {name: value[rows] for name, value in params.items()}
        return method.update(state, gradient, first=first, **local, **flags)

    exponent = start_exponent.copy()
    overflowed = np.zeros(members, dtype=bool)
    lost = False  # whether any member has overflowed for good
    since = 0  # exponents[since:] are still to be written: exponent has not changed since

    # Underflow only flushes entries far below the state's norm: harmless here.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        squares = (_squares(state[0]), _squares(state[1]))
        total = squares[0] + squares[1]
        for t in range(mantissa.shape[0]):
            if t:
                new = method.update(state, gradient, first=t == 1, **keywords)
                # A rule that keeps the last iterate returns it as its second component.
                second = squares[0] if new[1] is state[0] else _squares(new[1])
                squares = (_squares(new[0]), second)
                total = squares[0] + squares[1]
                # min and max are NaN if any member is: then the check fails, as it should.
                if not (total.min() >= _LOWER and total.max() <= _UPPER):
                    exponents[since:t] = exponent
                    since = t
                    _rescale(retry, t == 1, state, new, squares, total, exponent, overflowed)
                    total = squares[0] + squares[1]
                    lost = lost or bool(overflowed.any())
                state = new
            np.sqrt(squares[0], out=mantissa[t])
            np.sqrt(total, out=state_mantissa[t])
            if lost:
                mantissa[t, overflowed] = state_mantissa[t, overflowed] = np.inf
            if iterates is not None:
                iterates[t] = np.ldexp(state[0], exponent[:, np.newaxis])
                iterates[t, overflowed] = np.inf
    exponents[since:] = exponent


def _rescale(
    retry: Callable[[State, bool, NDArray[np.intp]], State],
    first: bool,
    old: State,
    new: State,
    squares: tuple[Array, Array],
    total: Array,
    exponent: NDArray[np.int64],
    overflowed: NDArray[np.bool_],
) -> None:
    """Bring the new state of the members outside the range back to norm about one.

    Works in place on ``new`` and ``squares`` (the old state is done with, even where
    ``new`` shares an array with it); ``exponent`` absorbs the powers of two.
    ``overflowed`` marks members whose step has no float64 result even from their state
    divided by 2**_RETRY; their state is zeroed.
    """
    broken = np.flatnonzero(~np.isfinite(total))
    if broken.size:
        smaller = (np.ldexp(old[0][broken], -_RETRY), np.ldexp(old[1][broken], -_RETRY))
        again = retry(smaller, first, broken)
        for component, value, square in zip(new, again, squares):
            component[broken] = value
            square[broken] = _squares(component[broken])
        exponent[broken] += _RETRY
        lost = broken[~np.isfinite(squares[0][broken] + squares[1][broken])]
        overflowed[lost] = True
        for component, square in zip(new, squares):
            component[lost] = 0.0
            square[lost] = 0.0
        total = squares[0] + squares[1]
    zero = np.flatnonzero(total == 0.0)
    if zero.size:
        # A non-zero state whose squares underflow: bring its largest entry to [1/2, 1).
        tiny = zero[_largest_entries(new, zero) != 0.0]
        if tiny.size:
            shift = np.frexp(_largest_entries(new, tiny))[1]
            for component, square in zip(new, squares):
                component[tiny] = np.ldexp(component[tiny], -shift[:, np.newaxis])
                square[tiny] = _squares(component[tiny])
            exponent[tiny] += shift
            total = squares[0] + squares[1]
    out = np.flatnonzero((total != 0.0) & ((total < _LOWER) | (total > _UPPER)))
    if out.size:
        shift = np.frexp(total[out])[1] // 2
        for component, square in zip(new, squares):
            component[out] = np.ldexp(component[out], -shift[:, np.newaxis])
            square[out] = np.ldexp(square[out], -2 * shift)
        exponent[out] += shift
