r"""The chapter's 2-D comparison (section 5.4): gradient descent against heavy ball; its
settings and the cached :func:`comparisons`, which the figure, the numbers and the claims read.

The problem is :math:`f(x, y) = x^2 + 10 y^2`, Hessian :math:`\operatorname{diag}(2, 20)`,
minimiser the origin, from :math:`(10, 1)` and from :math:`(-10, -1)`, 15 iterations.
The chapter does not say which step sizes it used, so two settings are stated here:

**Principled** (:func:`principled_setting`): each method's optimal parameters for the
spectrum :math:`[\mu, L] = [2, 20]`, :math:`\kappa = 10`:

- gradient descent: :math:`\alpha = 2/(\mu + L) = 1/11`, worst-case rate
  :math:`(\kappa - 1)/(\kappa + 1) = 9/11 \approx 0.818`;
- heavy ball: Polyak's :math:`\alpha^* = 4/(\sqrt L + \sqrt\mu)^2 \approx 0.1154`,
  :math:`\beta^* = \bigl((\sqrt L - \sqrt\mu)/(\sqrt L + \sqrt\mu)\bigr)^2 \approx 0.2699`,
  rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1) \approx 0.519`
  (:func:`~momentum_theory.optimal_parameters`).

**Hand-picked** (:func:`hand_picked_setting`): what a practitioner following the chapter
would type: the textbook step :math:`\alpha = 1/L = 0.05` for both methods and the
chapter's own momentum :math:`\beta = 0.8` (section 5.3 recommends 0.8 to 0.9; its code
uses 0.8).

Both methods start at rest (:math:`x_{-1} = x_0`), so after :math:`n` steps each
coordinate is its start times :math:`p_n(h)`
(:func:`~momentum_theory.transients.powers.at_rest_polynomial`) with :math:`h = 2` or
:math:`20`: the distance after 15 steps is predicted in closed form and measured by
running the iteration. Since :math:`f` is symmetric under
:math:`(x, y) \mapsto -(x, y)`, both starts give the same distance; the trajectories are
mirror images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_integer, as_real_array, require_finite
from momentum_theory.family import worst_case_rate
from momentum_theory.methods.heavy_ball import optimal_parameters
from momentum_theory.paper._cache import experiment
from momentum_theory.transients.powers import at_rest_polynomial

Array = NDArray[np.float64]

__all__ = [
    "CURVATURES",
    "STARTS",
    "STEPS",
    "Comparison2D",
    "Run2D",
    "Setting2D",
    "compare_2d",
    "compare_2d_settings",
    "comparisons",
    "hand_picked_setting",
    "objective",
    "principled_setting",
]

# f(x, y) = x^2 + 10 y^2 = (2 x^2 + 20 y^2)/2: Hessian eigenvalues along the axes.
CURVATURES = (2.0, 20.0)
STARTS = ((10.0, 1.0), (-10.0, -1.0))
STEPS = 15


def objective(x: ArrayLike, y: ArrayLike) -> Array:
    r""":math:`f(x, y) = x^2 + 10 y^2`.

    Examples
    --------
    >>> from momentum_theory.paper.comparison2d.experiments import objective
    >>> float(objective(10.0, 1.0))
    110.0
    """
    x_, y_ = as_real_array(x, "x"), as_real_array(y, "y")
    return (0.5 * (CURVATURES[0] * x_**2 + CURVATURES[1] * y_**2))[()]


@dataclass(frozen=True)
class Setting2D:
    r"""Parameters of one comparison.

    Attributes
    ----------
    name : str
        ``"principled"`` or ``"hand-picked"``.
    gradient_descent_alpha : float
        Step size of gradient descent.
    alpha, beta : float
        Step size and momentum of heavy ball.
    rationale : str
        Why these values.
    """

    name: str
    gradient_descent_alpha: float
    alpha: float
    beta: float
    rationale: str


def principled_setting() -> Setting2D:
    r"""Each method's optimal parameters for the spectrum :math:`[2, 20]`.

    Examples
    --------
    >>> from momentum_theory.paper.comparison2d.experiments import principled_setting
    >>> setting = principled_setting()
    >>> round(setting.gradient_descent_alpha, 6), round(setting.alpha, 6), round(setting.beta, 6)
    (0.090909, 0.115443, 0.269874)
    """
    mu, L = CURVATURES
    optimum = optimal_parameters(mu=mu, L=L)
    return Setting2D(
        name="principled",
        gradient_descent_alpha=2.0 / (mu + L),
        alpha=float(optimum.alpha),
        beta=float(optimum.beta),
        rationale="optimal for the spectrum [2, 20]: GD alpha = 2/(mu + L); heavy ball "
        "Polyak's alpha* = 4/(sqrt L + sqrt mu)^2, beta* = ((sqrt L - sqrt mu)/(sqrt L + "
        "sqrt mu))^2",
    )


def hand_picked_setting() -> Setting2D:
    r"""The textbook step :math:`1/L = 0.05` for both, and the chapter's momentum 0.8.

    Examples
    --------
    >>> from momentum_theory.paper.comparison2d.experiments import hand_picked_setting
    >>> setting = hand_picked_setting()
    >>> setting.gradient_descent_alpha, setting.alpha, setting.beta
    (0.05, 0.05, 0.8)
    """
    return Setting2D(
        name="hand-picked",
        gradient_descent_alpha=0.05,
        alpha=0.05,
        beta=0.8,
        rationale="alpha = 1/L = 0.05 (the textbook step for an L-smooth f) for both; "
        "beta = 0.8, the momentum of the chapter's code (it recommends 0.8 to 0.9)",
    )


@dataclass(frozen=True)
class Run2D:
    r"""One method from one start.

    Attributes
    ----------
    method : str
        ``"gradient descent"`` or ``"heavy ball"``.
    alpha, beta : float
        Parameters (``beta = 0`` for gradient descent).
    start : tuple of float
        :math:`(x_0, y_0)`.
    trajectory : ndarray, shape (steps + 1, 2)
        Iterates :math:`(x_t, y_t)`, :math:`t = 0, \dots, n`.
    measured : float
        Distance :math:`\|(x_n, y_n)\|` to the minimiser, from the iteration.
    predicted : float
        The same from the closed form
        :math:`\sqrt{(p_n(2)\, x_0)^2 + (p_n(20)\, y_0)^2}`.
    relative_error : float
        :math:`|\text{measured} - \text{predicted}|/\text{predicted}`.
    rate : float
        Worst-case asymptotic rate over :math:`[2, 20]`, for comparison.
    """

    method: str
    alpha: float
    beta: float
    start: tuple[float, float]
    trajectory: Array
    measured: float
    predicted: float
    relative_error: float
    rate: float


@dataclass(frozen=True)
class Comparison2D:
    r"""Gradient descent and heavy ball from every start, for one setting.

    Attributes
    ----------
    setting : Setting2D
        The parameters.
    steps : int
        Number of iterations.
    runs : tuple of Run2D
        Gradient descent then heavy ball, each from every start in order.
    """

    setting: Setting2D
    steps: int
    runs: tuple[Run2D, ...]

    def run(self, method: str, start: tuple[float, float]) -> Run2D:
        """The run of ``method`` from ``start``; KeyError if there is none."""
        for candidate in self.runs:
            if candidate.method == method and candidate.start == tuple(start):
                return candidate
        raise KeyError(f"no run of {method!r} from {start!r}")

    @property
    def momentum_advantage(self) -> float:
        """Largest ratio heavy-ball distance / gradient-descent distance over the starts."""
        starts = {run.start for run in self.runs}
        return max(
            self.run("heavy ball", s).measured / self.run("gradient descent", s).measured
            for s in starts
        )


def compare_2d(
    setting: Setting2D | None = None,
    steps: int = STEPS,
    starts: tuple[tuple[float, float], ...] = STARTS,
) -> Comparison2D:
    r"""Run gradient descent and heavy ball on :math:`x^2 + 10 y^2` from every start.

    Both methods are the heavy-ball iteration
    :math:`z_{t+1} = z_t - \alpha \nabla f(z_t) + \beta (z_t - z_{t-1})` from rest
    (:math:`\beta = 0` for gradient descent), run for all starts at once.

    Parameters
    ----------
    setting : Setting2D, optional
        Parameters; :func:`principled_setting` by default.
    steps : int, default 15
        Number of iterations.
    starts : tuple of (float, float), default ((10, 1), (-10, -1))
        Starting points.

    Returns
    -------
    Comparison2D

    Raises
    ------
    ValueError
        If ``steps`` is not a non-negative integer or ``starts`` is not a sequence of
        finite pairs.

    Examples
    --------
    >>> from momentum_theory.paper.comparison2d.experiments import compare_2d, hand_picked_setting
    >>> result = compare_2d()
    >>> [(r.method, r.start, round(r.measured, 4)) for r in result.runs]
    [('gradient descent', (10.0, 1.0), 0.4953), ('gradient descent', (-10.0, -1.0), 0.4953),
     ('heavy ball', (10.0, 1.0), 0.0046), ('heavy ball', (-10.0, -1.0), 0.0046)]
    >>> round(compare_2d(hand_picked_setting()).momentum_advantage, 4)
    0.1331
    """
    setting = principled_setting() if setting is None else setting
    steps = as_integer(steps, "steps", 0)
    points = as_real_array(starts, "starts")
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"starts must be a sequence of (x, y) pairs, got shape {points.shape}")
    require_finite(points, "starts")

    methods = (
        ("gradient descent", setting.gradient_descent_alpha, 0.0),
        ("heavy ball", setting.alpha, setting.beta),
    )
    alpha = np.repeat([m[1] for m in methods], len(points))[:, np.newaxis]
    beta = np.repeat([m[2] for m in methods], len(points))[:, np.newaxis]
    curvature = np.array(CURVATURES)
    trajectories = np.empty((steps + 1, alpha.shape[0], 2))
    trajectories[0] = np.tile(points, (len(methods), 1))
    previous = trajectories[0]
    for t in range(steps):
        current = trajectories[t]
        trajectories[t + 1] = current - alpha * curvature * current + beta * (current - previous)
        previous = current

    runs = []
    for index, ((method, a, b), start) in enumerate(
        (m, s) for m in methods for s in map(tuple, points.tolist())
    ):
        factors = at_rest_polynomial(a, b, curvature, steps)
        predicted = float(np.hypot(*(factors * np.array(start))))
        measured = float(np.hypot(*trajectories[-1, index]))
        runs.append(
            Run2D(
                method=method,
                alpha=a,
                beta=b,
                start=start,
                trajectory=trajectories[:, index].copy(),
                measured=measured,
                predicted=predicted,
                relative_error=abs(measured - predicted) / predicted if predicted else measured,
                rate=float(worst_case_rate(a, b, mu=CURVATURES[0], L=CURVATURES[1])),
            )
        )
    return Comparison2D(setting=setting, steps=steps, runs=tuple(runs))


def compare_2d_settings(steps: int = STEPS) -> tuple[Comparison2D, Comparison2D]:
    r"""The comparison for the principled and the hand-picked setting, in that order.

    Examples
    --------
    >>> from momentum_theory.paper.comparison2d.experiments import compare_2d_settings
    >>> [result.setting.name for result in compare_2d_settings()]
    ['principled', 'hand-picked']
    """
    return compare_2d(principled_setting(), steps), compare_2d(hand_picked_setting(), steps)


@experiment
def comparisons(steps: int = STEPS) -> tuple[Comparison2D, Comparison2D]:
    """Both settings, principled first, from both starts (the figure, numbers and claims)."""
    return compare_2d_settings(steps)
