r"""A method's rate on a grid of two of its parameters, the others held fixed.

The data behind every method heatmap (``momentum-theory heatmap --method``) and the
methods comparison figure: :func:`method_grid` evaluates a method's spectral radius (one
curvature) or worst-case rate (a spectrum) at every pair of two parameter values, with
the quantities a plot draws on top, each computed from the method's map onto the two-step
family rather than read off the sampled rate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    choice,
    curvature_range,
)
from momentum_theory.methods._base import Method
from momentum_theory.methods._optimum import Optimum
from momentum_theory.methods._registry import get

Array = NDArray[np.float64]

__all__ = ["MethodGrid", "cell_centres", "method_grid"]


def cell_centres(low: float, high: float, count: int) -> Array:
    """``count`` equally spaced cell centres covering ``[low, high]``: every sample lies
    strictly inside the range, and a heatmap of them has cells that tile it.

    Examples
    --------
    >>> cell_centres(0.0, 1.0, 4)
    array([0.125, 0.375, 0.625, 0.875])
    """
    low = as_finite_float(low, "low")
    high = as_finite_float(high, "high", low=low, low_open=True)
    count = as_integer(count, "count", 1)
    return low + (np.arange(count) + 0.5) * ((high - low) / count)


@dataclass(frozen=True)
class MethodGrid:
    r"""A method's rate over a grid of two parameters.

    Attributes
    ----------
    method : str
        The method's registry name.
    x_name, y_name : str
        The parameters along the columns and the rows (``"alpha"``, ``"beta"``, ...).
    x : ndarray, shape (n_x,)
        Values of ``x_name`` (columns).
    y : ndarray, shape (n_y,)
        Values of ``y_name`` (rows).
    fixed : dict of str to object
        The other parameters, held fixed (defaults filled in).
    rate : ndarray, shape (n_y, n_x)
        ``rate[i, j]``: the spectral radius at ``x[j]``, ``y[i]`` for one curvature
        (``mu == L``), or the worst case over :math:`[\mu, L]`.
    mu, L : float
        The spectrum; equal for a single curvature.
    """

    method: str
    x_name: str
    y_name: str
    x: Array
    y: Array
    fixed: dict[str, Any] = field(hash=False)
    rate: Array = field(hash=False)
    mu: float
    L: float

    @property
    def is_single_curvature(self) -> bool:
        """True when the grid is for one curvature ``h = mu = L``."""
        return self.mu == self.L

    def parameters(self) -> dict[str, Any]:
        """Every parameter of every cell: the two axes as (n_y, n_x) arrays, plus ``fixed``."""
        x, y = np.meshgrid(self.x, self.y)
        return {self.x_name: x, self.y_name: y, **self.fixed}

    def discriminant(self, h: float) -> Array:
        r""":math:`T^2 - 4D` of the family at curvature ``h`` in every cell (plain float64).

        Its zero set is the method's critical curve for ``h``: real eigenvalues where it is
        positive, a complex pair where negative.
        """
        family = get(self.method).family(**self.parameters())
        return family.trace(h) ** 2 - 4.0 * family.determinant(h)

    def converges(self) -> NDArray[np.bool_]:
        """Where the method converges for every curvature in :math:`[\\mu, L]` (exactly)."""
        method = get(self.method)
        parameters = self.parameters()
        return method.convergence_region(self.mu, **parameters) & method.convergence_region(
            self.L, **parameters
        )

    def gap(self) -> Array:
        r"""The gap :math:`1 - \rho` of every cell's rate, to full relative precision.

        The smaller of :meth:`~momentum_theory.methods.Method.spectral_gap` at
        :math:`\mu` and :math:`L` (the worst case is at an end of the spectrum, as for
        ``rate``): where the rate is within a few units in the last place of 1,
        ``1 - rate`` keeps none of the gap's digits and this keeps them all. Positive
        exactly where :meth:`converges`.

        Examples
        --------
        >>> grid = method_grid("heavy_ball", ("alpha", [1e-20, 0.5]), ("beta", [0.6]), h=1.0)
        >>> 1.0 - grid.rate, grid.gap()
        (array([[0.        , 0.22540333]]), array([[2.50000000e-20, 2.25403331e-01]]))
        """
        method = get(self.method)
        parameters = self.parameters()
        gap = method.spectral_gap(self.mu, **parameters)
        if self.is_single_curvature:
            return np.asarray(gap, dtype=float)
        return np.minimum(gap, method.spectral_gap(self.L, **parameters))

    def optimum_on_slice(self) -> Optimum | None:
        r"""The method's optimum for the spectrum, if it lies on the plotted slice; else None.

        The optimum (:meth:`~momentum_theory.methods.Method.optimal_parameters`) is on the
        slice when neither axis is a parameter it holds as given (one that is not
        :attr:`~momentum_theory.methods.Parameter.tuned`: PyTorch's ``dampening``,
        ``weight_decay`` and flags) and each fixed tuned parameter equals its optimal value
        (to :math:`10^{-6}`: ``two_step`` at :math:`\gamma = 0`, ``qhm`` at
        :math:`\nu = 1`, as found numerically); it is computed for the fixed options.
        None for a single curvature. The numerical optima take 1 to 8 s; each is computed
        once per spectrum and setting.

        Examples
        --------
        >>> grid = method_grid("two_step", ("alpha", [0.1]), ("beta", [0.5]), mu=1, L=10,
        ...                    gamma=0.0)
        >>> sorted(grid.optimum_on_slice().parameters)
        ['alpha', 'beta', 'gamma']
        >>> method_grid("two_step", ("alpha", [0.1]), ("beta", [0.5]), mu=1, L=10,
        ...             gamma=0.5).optimum_on_slice() is None
        True
        """
        if self.is_single_curvature or not self.mu > 0:
            return None
        method = get(self.method)
        options = set(method.parameters) - set(method.tuned_parameters)
        if self.x_name in options or self.y_name in options:
            return None
        given = tuple(sorted((name, v) for name, v in self.fixed.items() if name in options))
        optimum = _optimum(self.method, float(self.mu), float(self.L), given)
        for name, value in self.fixed.items():
            if name in options:
                continue
            if not np.isclose(float(optimum.parameters[name]), float(value), rtol=1e-6, atol=1e-6):
                return None
        return optimum

    def as_columns(self, kind: str) -> dict[str, Array]:
        """The grid as named arrays for ``.npz`` (the grid as is) or ``.csv`` (one row per cell).

        Examples
        --------
        >>> grid = method_grid("nesterov", ("alpha", [0.1, 0.2]), ("beta", [0.0, 0.5]), h=1.0)
        >>> sorted(grid.as_columns("csv"))
        ['alpha', 'beta', 'rate']
        """
        if choice(kind, "kind", ("npz", "csv")) == "csv":
            x, y = np.meshgrid(self.x, self.y)
            return {self.x_name: x, self.y_name: y, "rate": self.rate}
        return {
            self.x_name: self.x,
            self.y_name: self.y,
            "rate": self.rate,
            "mu": np.asarray(self.mu),
            "L": np.asarray(self.L),
        }


def method_grid(
    method: str | Method,
    x: tuple[str, ArrayLike],
    y: tuple[str, ArrayLike],
    *,
    h: float | None = None,
    mu: float | None = None,
    L: float | None = None,
    **fixed: Any,
) -> MethodGrid:
    r"""A method's rate at every pair of values of two of its parameters.

    Parameters
    ----------
    method : str or Method
        A name from :func:`momentum_theory.methods.names` or a method object.
    x, y : (str, array_like of shape (n,))
        A parameter name and its values, for the columns and the rows.
    h : float, optional
        One curvature. Give either ``h`` or both ``mu`` and ``L``.
    mu, L : float, optional
        A spectrum :math:`[\mu, L]`; the rate is then the worst case over it.
    **fixed
        Values for the method's other parameters (their defaults where omitted).

    Returns
    -------
    MethodGrid
        With ``rate`` of shape ``(n_y, n_x)``.

    Raises
    ------
    ValueError
        If an axis is not a parameter of the method, both axes are the same, an axis is
        not one-dimensional, a fixed parameter is also an axis, or the curvature is given
        both ways or not at all.
    TypeError
        For an unknown or missing fixed parameter (from the method's own check).

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.methods import method_grid
    >>> grid = method_grid("nesterov", ("alpha", [0.5, 1.0]), ("beta", [0.0, 0.5]), h=1.0)
    >>> grid.rate
    array([[0.5, 0. ],
           [0.5, 0. ]])
    >>> sgd = method_grid(
    ...     "pytorch_sgd", ("lr", [0.01, 0.1]), ("momentum", [0.5, 0.9]), mu=1, L=10,
    ...     nesterov=True,
    ... )
    >>> sgd.rate.shape, sgd.fixed["nesterov"]
    ((2, 2), True)
    """
    method_ = get(method)
    axes = []
    for label, (name, values) in (("x", x), ("y", y)):
        if name not in method_.numeric_parameters:
            raise ValueError(
                f"{label} must name a numeric parameter of {method_.name} "
                f"({', '.join(method_.numeric_parameters)}), got {name!r}"
            )
        if name in fixed:
            raise ValueError(f"{name} is an axis of the grid; do not also fix it")
        array = as_real_array(values, name)
        if array.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
        axes.append((name, array))
    if axes[0][0] == axes[1][0]:
        raise ValueError(f"x and y must be different parameters, got {axes[0][0]!r} twice")
    lower, upper = curvature_range(h, mu=mu, L=L)
    (x_name, x_values), (y_name, y_values) = axes
    fixed_checked = {
        name: value
        for name, value in method_.check(
            **{x_name: x_values[0] if x_values.size else 0.0},
            **{y_name: y_values[0] if y_values.size else 0.0},
            **fixed,
        ).items()
        if name not in (x_name, y_name)
    }
    fixed_values = {
        name: value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value
        for name, value in fixed_checked.items()
    }
    x_grid, y_grid = np.meshgrid(x_values, y_values)
    parameters = {x_name: x_grid, y_name: y_grid, **fixed_values}
    if lower == upper:
        rate = method_.spectral_radius(lower, **parameters)
    else:
        rate = method_.worst_case_rate(mu=lower, L=upper, **parameters)
    return MethodGrid(
        method=method_.name,
        x_name=x_name,
        y_name=y_name,
        x=x_values,
        y=y_values,
        fixed=fixed_values,
        rate=np.asarray(rate, dtype=float),
        mu=lower,
        L=upper,
    )


@functools.lru_cache(maxsize=32)
def _optimum(method: str, mu: float, L: float, given: tuple[tuple[str, Any], ...]) -> Optimum:
    """The optimum of ``method`` for ``[mu, L]`` with the options ``given``, once each."""
    return get(method).optimal_parameters(mu=mu, L=L, **dict(given))
