r"""A method's rate on a grid of two of its parameters, the others held fixed.

The data behind every method heatmap (``momentum-theory heatmap --method``) and the
methods comparison figure: :func:`method_grid` evaluates a method's spectral radius (one
curvature) or worst-case rate (a spectrum) at every pair of two parameter values, with
the quantities a plot draws on top, each computed from the method's map onto the two-step
family rather than read off the sampled rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_real_array, curvature_range
from momentum_theory.methods._base import Method

Array = NDArray[np.float64]

__all__ = ["MethodGrid", "method_grid"]


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
        from momentum_theory import methods

        family = methods.get(self.method).family(**self.parameters())
        return family.trace(h) ** 2 - 4.0 * family.determinant(h)

    def converges(self) -> NDArray[np.bool_]:
        """Where the method converges for every curvature in :math:`[\\mu, L]` (exactly)."""
        from momentum_theory import methods

        method = methods.get(self.method)
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
        from momentum_theory import methods

        method = methods.get(self.method)
        parameters = self.parameters()
        gap = method.spectral_gap(self.mu, **parameters)
        if self.is_single_curvature:
            return np.asarray(gap, dtype=float)
        return np.minimum(gap, method.spectral_gap(self.L, **parameters))

    def as_columns(self, kind: str) -> dict[str, Array]:
        """The grid as named arrays for ``.npz`` (the grid as is) or ``.csv`` (one row per cell).

        Examples
        --------
        >>> grid = method_grid("nesterov", ("alpha", [0.1, 0.2]), ("beta", [0.0, 0.5]), h=1.0)
        >>> sorted(grid.as_columns("csv"))
        ['alpha', 'beta', 'rate']
        """
        from momentum_theory._validation import choice

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
    from momentum_theory import methods

    method_ = methods.get(method)
    axes = []
    for label, (name, values) in (("x", x), ("y", y)):
        if name not in method_.parameters or name in method_._flags:
            numeric = [p for p in method_.parameters if p not in method_._flags]
            raise ValueError(
                f"{label} must name a numeric parameter of {method_.name} "
                f"({', '.join(numeric)}), got {name!r}"
            )
        if name in fixed:
            raise ValueError(f"{name} is an axis of the grid; do not also fix it")
        array = as_real_array(values, name)
        if array.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
        axes.append((name, array))
    if axes[0][0] == axes[1][0]:
        raise ValueError(f"x and y must be different parameters, got {axes[0][0]!r} twice")
    lower, upper = curvature_range(h, mu, L)
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
        rate = method_.worst_case_rate(lower, upper, **parameters)
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
