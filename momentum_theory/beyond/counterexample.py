r"""Lessard, Recht and Packard's function on which heavy ball at Polyak's parameters cycles.

The one-dimensional function with gradient

.. math::

    \nabla f(x) = \begin{cases} 25 x & x < 1, \\ x + 24 & 1 \le x < 2, \\
    25 x - 24 & x \ge 2, \end{cases}
    \qquad
    f(x) = \begin{cases} \tfrac{25}{2} x^2 & x < 1, \\ \tfrac12 x^2 + 24 x - 12 &
    1 \le x < 2, \\ \tfrac{25}{2} x^2 - 24 x + 36 & x \ge 2, \end{cases}

is 1-strongly convex and 25-smooth (its gradient is continuous and increasing with slopes
1 and 25), with minimiser :math:`x^* = 0` (L. Lessard, B. Recht, A. Packard, SIAM J. Optim.
26(1), 2016, sec. 2.3). Heavy ball with Polyak's parameters for :math:`\kappa = 25`,
:math:`\alpha = 1/9`, :math:`\beta = 4/9`, has quadratic rate :math:`2/3`, yet from rest at
some starting points it never converges: it falls into a cycle.

On each of the three pieces the gradient is affine, :math:`a_s y + b_s`, so the two-step
family :math:`x_{k+1} = x_k + \beta(x_k - x_{k-1}) - \alpha \nabla f(y_k)`,
:math:`y_k = x_k + \gamma (x_k - x_{k-1})`, is an affine map of the state
:math:`(x_k, x_{k-1})` once the piece :math:`s_k` holding :math:`y_k` is known. A cycle of
period :math:`p` with pieces :math:`(s_0, \dots, s_{p-1})` therefore solves a
:math:`p \times p` linear system; :func:`limit_cycles` solves it in exact rational arithmetic
for every sign pattern and keeps the solutions whose points lie in their pieces.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_finite_float, as_integer, as_real_array
from momentum_theory.proofs.linear import solve

Array = NDArray[np.float64]

__all__ = [
    "BREAKPOINTS",
    "CONVERGES",
    "CYCLES",
    "DIVERGES",
    "MU",
    "PIECES",
    "UNDECIDED",
    "L",
    "LimitCycle",
    "distance_to_cycle",
    "gradient",
    "limit_cycles",
    "objective",
    "outcomes",
    "persistent_starts",
    "run",
    "run_exact",
]

MU, L = 1, 25
# Piece s covers [BREAKPOINTS[s - 1], BREAKPOINTS[s]) and has gradient a_s x + b_s.
BREAKPOINTS = (1, 2)
PIECES = ((25, 0), (1, 24), (25, -24))
# f on each piece: c_s x^2 + d_s x + e_s, continuous at the breakpoints, f(0) = 0.
_VALUES = ((Fraction(25, 2), 0, 0), (Fraction(1, 2), 24, -12), (Fraction(25, 2), -24, 36))


def _piece(y: Fraction) -> int:
    return 0 if y < BREAKPOINTS[0] else 1 if y < BREAKPOINTS[1] else 2


def gradient(x: ArrayLike) -> Array:
    r""":math:`\nabla f(x)` of the counterexample (module docstring), elementwise.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import gradient
    >>> gradient([0.5, 1.0, 1.5, 2.0, 3.0]).tolist()
    [12.5, 25.0, 25.5, 26.0, 51.0]
    """
    y = as_real_array(x, "x")
    return _gradient(y)


def _gradient(y: Array) -> Array:
    """25 y - 24 clip(y - 1, 0, 1): the three pieces in two operations."""
    return 25.0 * y - 24.0 * np.clip(y - 1.0, 0.0, 1.0)


def objective(x: ArrayLike) -> Array:
    r""":math:`f(x)` of the counterexample (module docstring), elementwise; :math:`f(0) = 0`.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import objective
    >>> objective([0.0, 1.0, 2.0])  # 25/2 at 1; 25/2 + (2^2 - 1)/2 + 24 at 2
    array([ 0. , 12.5, 38. ])
    """
    y = as_real_array(x, "x")
    values = [float(c) * y**2 + float(d) * y + float(e) for c, d, e in _VALUES]
    return np.where(y < 1, values[0], np.where(y < 2, values[1], values[2]))


def _exact(value: object, name: str) -> Fraction:
    """``value`` as an exact Fraction (a float is taken at its binary value)."""
    if isinstance(value, (Fraction, int)) and not isinstance(value, bool):
        return Fraction(value)
    return Fraction(as_finite_float(value, name))


@dataclass(frozen=True)
class LimitCycle:
    r"""A periodic orbit of the two-step family on the counterexample, in exact rationals.

    Attributes
    ----------
    pieces : tuple of int
        The piece (0, 1, 2) holding :math:`y_k` at each step of the period, smallest
        rotation first.
    points : tuple of Fraction
        The iterates :math:`x_0, \dots, x_{p-1}` of the cycle (then :math:`x_p = x_0`).
    gradient_points : tuple of Fraction
        The points :math:`y_k` where the gradient is taken (the iterates for heavy ball).
    multiplier : float
        Spectral radius of the linearised period map (the product of the :math:`p` state
        matrices): the cycle attracts the states near it iff it is below 1.
    margin : Fraction
        Distance from the gradient points to the nearest breakpoint: a state whose
        :math:`y_k` stays this close keeps the cycle's pieces.
    """

    pieces: tuple[int, ...]
    points: tuple[Fraction, ...]
    gradient_points: tuple[Fraction, ...]
    multiplier: float
    margin: Fraction

    @property
    def period(self) -> int:
        """The (smallest) period :math:`p`."""
        return len(self.points)

    @property
    def attracting(self) -> bool:
        """Whether the linearised period map is a contraction eventually (multiplier < 1)."""
        return self.multiplier < 1.0

    def states(self) -> Array:
        r"""The cycle's states :math:`(x_k, x_{k-1})`, shape (period, 2), in floats."""
        x = [float(v) for v in self.points]
        return np.array([(x[k], x[k - 1]) for k in range(self.period)])


def _step_matrix(alpha: Fraction, beta: Fraction, gamma: Fraction, slope: int) -> Array:
    """The state matrix of one step on a piece of gradient slope ``slope``."""
    trace = 1 + beta - alpha * slope * (1 + gamma)
    determinant = beta - alpha * slope * gamma
    return np.array([[float(trace), -float(determinant)], [1.0, 0.0]])


def _cycle(
    pieces: tuple[int, ...], alpha: Fraction, beta: Fraction, gamma: Fraction
) -> LimitCycle | None:
    r"""The cycle with these pieces, if its points lie in them (exact)."""
    p = len(pieces)
    matrix = [[Fraction(0)] * p for _ in range(p)]
    rhs = [Fraction(0)] * p
    for k, s in enumerate(pieces):
        slope, intercept = PIECES[s]
        # x_{k+1} - (1 + beta - alpha a (1 + gamma)) x_k + (beta - alpha a gamma) x_{k-1}
        #   = -alpha b
        matrix[(k + 1) % p][(k + 1) % p] += 1
        matrix[(k + 1) % p][k] -= 1 + beta - alpha * slope * (1 + gamma)
        matrix[(k + 1) % p][(k - 1) % p] += beta - alpha * slope * gamma
        rhs[(k + 1) % p] = -alpha * intercept
    points = solve(matrix, rhs)
    if points is None:
        return None
    ys = [(1 + gamma) * points[k] - gamma * points[k - 1] for k in range(p)]
    if any(_piece(y) != s for y, s in zip(ys, pieces)):
        return None
    monodromy = np.eye(2)
    for s in pieces:
        monodromy = _step_matrix(alpha, beta, gamma, PIECES[s][0]) @ monodromy
    margin = min(abs(y - Fraction(b)) for y in ys for b in BREAKPOINTS)
    return LimitCycle(
        pieces=pieces,
        points=tuple(points),
        gradient_points=tuple(ys),
        multiplier=float(max(abs(np.linalg.eigvals(monodromy)))),
        margin=margin,
    )


def limit_cycles(
    alpha: object = Fraction(1, 9),
    beta: object = Fraction(4, 9),
    gamma: object = 0,
    max_period: int = 6,
) -> tuple[LimitCycle, ...]:
    r"""Every cycle of period up to ``max_period`` other than the minimiser, exactly.

    For each sequence of pieces (up to rotation, and not a repetition of a shorter one) the
    cycle's points solve a linear system (module docstring), solved in rational
    arithmetic; a solution counts if every :math:`y_k` lies in its piece (the breakpoints
    belong to the piece on their right). Parameters given as floats are taken at their
    exact binary values; pass Fractions (the defaults: Polyak's parameters for
    :math:`\kappa = 25`) for exact ones.

    Returns
    -------
    tuple of LimitCycle
        Sorted by period, then pieces.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import limit_cycles
    >>> for cycle in limit_cycles():
    ...     print(cycle.period, cycle.pieces, [str(x) for x in cycle.points], cycle.attracting)
    3 (0, 0, 1) ['792/1367', '-2208/1367', '2592/1367'] False
    3 (0, 0, 2) ['792/1225', '-2208/1225', '2592/1225'] True
    """
    a = _exact(alpha, "alpha")
    b = _exact(beta, "beta")
    g = _exact(gamma, "gamma")
    periods = as_integer(max_period, "max_period", 1)
    found = []
    for p in range(1, periods + 1):
        for pieces in itertools.product(range(3), repeat=p):
            rotations = [pieces[i:] + pieces[:i] for i in range(p)]
            if pieces != min(rotations) or rotations.count(pieces) > 1:
                continue  # another rotation is tried, or a shorter period repeats
            cycle = _cycle(pieces, a, b, g)
            if cycle is not None and any(x != 0 for x in cycle.points):
                found.append(cycle)
    return tuple(found)


def run_exact(
    x0: object,
    steps: int,
    alpha: object = Fraction(1, 9),
    beta: object = Fraction(4, 9),
    gamma: object = 0,
    x_previous: object | None = None,
) -> tuple[Fraction, ...]:
    r"""The iterates :math:`x_0, \dots, x_n` in exact rational arithmetic (from rest by default).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from momentum_theory.beyond.counterexample import limit_cycles, run_exact
    >>> cycle = limit_cycles()[1]
    >>> start, previous = cycle.points[0], cycle.points[-1]
    >>> run_exact(start, 3, x_previous=previous)[3] == start  # back after one period
    True
    """
    a, b, g = _exact(alpha, "alpha"), _exact(beta, "beta"), _exact(gamma, "gamma")
    x = _exact(x0, "x0")
    previous = x if x_previous is None else _exact(x_previous, "x_previous")
    iterates = [x]
    for _ in range(as_integer(steps, "steps", 0)):
        y = x + g * (x - previous)
        slope, intercept = PIECES[_piece(y)]
        x, previous = x + b * (x - previous) - a * (slope * y + intercept), x
        iterates.append(x)
    return tuple(iterates)


def run(
    x0: ArrayLike,
    steps: int,
    alpha: float = 1 / 9,
    beta: float = 4 / 9,
    gamma: float = 0.0,
) -> Array:
    r"""Iterates from rest for a batch of starting points, in double precision.

    Returns
    -------
    ndarray, shape (steps + 1, ...)
        ``run(...)[t]`` is :math:`x_t` for each starting point.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import run
    >>> run([3.3], 1)[:, 0]  # x_1 = 3.3 - (25 * 3.3 - 24)/9 from rest
    array([ 3.3, -3.2])
    """
    x = as_real_array(x0, "x0").astype(np.float64, copy=True)
    a = as_finite_float(alpha, "alpha")
    b = as_finite_float(beta, "beta")
    g = as_finite_float(gamma, "gamma")
    n = as_integer(steps, "steps", 0)
    previous = x.copy()
    out = np.empty((n + 1, *x.shape))
    out[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(n):
            y = x + g * (x - previous)
            x, previous = x + b * (x - previous) - a * _gradient(y), x
            out[t + 1] = x
    return out


# Outcome codes of :func:`outcomes`.
CONVERGES, CYCLES, DIVERGES, UNDECIDED = 0, 1, 2, 3


def outcomes(
    x0: ArrayLike,
    steps: int,
    alpha: float = 1 / 9,
    beta: float = 4 / 9,
    gamma: float = 0.0,
    cycles: tuple[LimitCycle, ...] = (),
    tolerance: float = 1e-9,
) -> NDArray[np.int8]:
    r"""Where each start from rest ends after ``steps`` steps: a code per starting point.

    ``CONVERGES`` (0): the state is within ``tolerance`` of :math:`(0, 0)`. ``CYCLES`` (1):
    it is within ``tolerance`` of a state of one of ``cycles``. ``DIVERGES`` (2): it is
    not finite or above :math:`10^{12}`. ``UNDECIDED`` (3): none of these (a cycle not
    listed, or convergence slower than ``steps`` allows). Double precision: the state is
    resolved to about :math:`10^{-15}` relative.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import CONVERGES, CYCLES, limit_cycles, outcomes
    >>> codes = outcomes([3.3, 0.5], 600, cycles=limit_cycles())
    >>> codes.tolist() == [CYCLES, CONVERGES]  # 3.3 is captured, 0.5 converges
    True
    """
    path = run(x0, steps, alpha, beta, gamma)
    x, previous = path[-1], path[-2] if steps else path[-1]
    codes = np.full(x.shape, UNDECIDED, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        codes[np.hypot(x, previous) <= tolerance] = CONVERGES
        for cycle in cycles:
            for state in cycle.states():
                near = np.hypot(x - state[0], previous - state[1]) <= tolerance
                codes[near] = CYCLES
        codes[~(np.abs(x) <= 1e12) | ~(np.abs(previous) <= 1e12)] = DIVERGES
    return codes


def persistent_starts(
    alpha: ArrayLike,
    beta: ArrayLike,
    x0: ArrayLike,
    steps: int,
    *,
    gamma: ArrayLike = 0.0,
    tolerance: float = 1e-9,
) -> NDArray[np.int64]:
    r"""For each setting of a batch, how many starts from rest keep oscillating.

    A start counts when, after ``steps`` steps, the state is neither within ``tolerance``
    of the minimiser nor beyond :math:`10^{12}`, and the largest :math:`|x_t|` over the
    last tenth of the run is above half of that over the tenth before the middle: a cycle
    keeps its amplitude, while linear convergence at rate :math:`\rho` shrinks it by
    :math:`\rho^{n/2}` (so a setting converging slower than :math:`\rho \approx
    1 - 1.4/n` would count too).

    Parameters
    ----------
    alpha, beta, gamma : array_like, shape (...)
        The two-step family's parameters, broadcast together.
    x0 : array_like, shape (m,)
        Starting points, each from rest.
    steps : int
        Number of steps :math:`n \ge 20`.

    Returns
    -------
    ndarray of int, shape (...)

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import persistent_starts
    >>> int(persistent_starts(1 / 9, 4 / 9, [3.3, 0.5], 600))  # Polyak's parameters, k = 25
    1
    """
    a, b, g = (
        as_real_array(v, name) for v, name in ((alpha, "alpha"), (beta, "beta"), (gamma, "gamma"))
    )
    starts = as_real_array(x0, "x0").reshape(-1)
    n = as_integer(steps, "steps", 20)
    shape = np.broadcast_shapes(a.shape, b.shape, g.shape)
    a, b, g = (np.broadcast_to(v, shape)[..., None] for v in (a, b, g))
    x = np.broadcast_to(starts, (*shape, starts.size)).copy()
    previous = x.copy()
    window = n // 10
    middle, late = np.zeros_like(x), np.zeros_like(x)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, n + 1):
            y = x + g * (x - previous) if np.any(g) else x
            x, previous = x + b * (x - previous) - a * _gradient(y), x
            if n // 2 - window < t <= n // 2:
                np.maximum(middle, np.abs(x), out=middle)
            elif t > n - window:
                np.maximum(late, np.abs(x), out=late)
        settled = (np.hypot(x, previous) <= tolerance) | ~(np.abs(x) <= 1e12)
        persistent = ~settled & (late > 0.5 * middle)
    return persistent.sum(axis=-1)


def distance_to_cycle(x: float, previous: float, cycle: LimitCycle) -> float:
    r"""Euclidean distance from the state :math:`(x_k, x_{k-1})` to the nearest cycle state.

    Examples
    --------
    >>> from momentum_theory.beyond.counterexample import distance_to_cycle, limit_cycles
    >>> cycle = limit_cycles()[1]  # the attracting one
    >>> distance_to_cycle(float(cycle.points[0]), float(cycle.points[-1]), cycle)
    0.0
    """
    return float(min(math.hypot(x - s[0], previous - s[1]) for s in cycle.states()))


@dataclass(frozen=True)
class Capture:
    r"""Whether a state is provably captured by a cycle (:func:`capture`).

    Attributes
    ----------
    phase : int
        The cycle state :math:`(c_k, c_{k-1})` nearest to the state.
    deviation : float
        Euclidean distance to it.
    growth : float
        :math:`\sup_{t \ge 0} \|A_{k+t-1} \cdots A_k\|_2` over the cycle's step matrices
        from that phase (computed until the products fall below :math:`10^{-12}`).
    captured : bool
        ``deviation * growth * |(1 + gamma, -gamma)| < cycle.margin``.
    """

    phase: int
    deviation: float
    growth: float
    captured: bool


def capture(
    x: object,
    previous: object,
    cycle: LimitCycle,
    alpha: object = Fraction(1, 9),
    beta: object = Fraction(4, 9),
    gamma: object = 0,
) -> Capture:
    r"""Whether the run from the state :math:`(x_k, x_{k-1})` converges to ``cycle``, provably.

    While every :math:`y_t` stays in the cycle's pieces, the deviation from the cycle obeys
    :math:`e_{t+1} = A_t e_t` exactly (the map is affine on each piece), so it never exceeds
    ``growth`` times its size now, and :math:`y_t` moves at most
    :math:`\|(1 + \gamma, -\gamma)\|` times that from the cycle's gradient point. If this
    is below the cycle's margin to the breakpoints, the pieces never change and the
    deviation tends to zero (an attracting cycle). Pass the state in exact rationals
    (:func:`run_exact`) for a proof up to the rounding of the 2 x 2 norms.
    """
    a, b, g = _exact(alpha, "alpha"), _exact(beta, "beta"), _exact(gamma, "gamma")
    x_, previous_ = _exact(x, "x"), _exact(previous, "previous")
    states = [(cycle.points[k], cycle.points[k - 1]) for k in range(cycle.period)]
    squares = [(x_ - c) ** 2 + (previous_ - d) ** 2 for c, d in states]
    phase = squares.index(min(squares))
    deviation = math.sqrt(float(squares[phase]))
    product, growth = np.eye(2), 1.0
    for t in range(100_000):
        slope = PIECES[cycle.pieces[(phase + t) % cycle.period]][0]
        product = _step_matrix(a, b, g, slope) @ product
        norm = float(np.linalg.norm(product, 2))
        growth = max(growth, norm)
        if norm < 1e-12:
            break
    spread = math.hypot(float(1 + g), float(g))
    captured = cycle.attracting and deviation * growth * spread < float(cycle.margin)
    return Capture(phase=phase, deviation=deviation, growth=growth, captured=bool(captured))
