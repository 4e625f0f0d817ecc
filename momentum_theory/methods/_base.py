r"""The machinery every named method shares: the family map, rates, checks, results.

A method is defined by two things written once in its own module: its update rule (a
function that works on NumPy arrays and on SymPy symbols alike) and its map onto the
two-step family of Lessard, Recht and Packard,

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}).

Everything else (spectral radius, convergence region, worst-case rate) is the spectral
kernel evaluated at the mapped parameters, here in :class:`Method`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory import spectral
from momentum_theory._validation import (
    as_real_array,
    broadcast_shape,
    choice,
    require_spectrum,
    spectrum_ends,
)

Array = NDArray[np.float64]

__all__ = ["FamilyParameters", "Method", "NumericalOptimum", "Optimum", "Tuning"]


@dataclass(frozen=True)
class FamilyParameters:
    r"""A method's parameters on the two-step family, for one or a batch of settings.

    On :math:`f(x) = h x^2/2` the method's state matrix has the characteristic polynomial
    :math:`\lambda^2 - T\lambda + D` with

    .. math::

        T = 1 + \beta - \alpha \tilde h (1 + \gamma), \qquad
        D = \beta - \alpha \tilde h \gamma, \qquad \tilde h = h + \text{curvature\_shift}.

    Attributes
    ----------
    alpha, beta, gamma : ndarray, shape (...)
        Step size, momentum and gradient-extrapolation :math:`\gamma` of the family.
    curvature_shift : ndarray, shape (...)
        Added to every curvature before the family sees it (PyTorch's ``weight_decay``
        adds :math:`\lambda x` to the gradient, i.e. :math:`h \to h + \lambda`); zero for
        every other method.

    Notes
    -----
    These are the map's values in float64: where the map does arithmetic (PyTorch's
    :math:`\eta(1 - \tau)`, QHM's :math:`\alpha(1 - \beta)` and
    :math:`\beta(1 - \nu)/(1 - \beta)`, and :math:`h + \lambda`) they are rounded. The
    rates, regions and gaps of :class:`Method` do not go through them: they evaluate
    :math:`T` and :math:`D` exactly from the method's own parameters.
    """

    alpha: Array
    beta: Array
    gamma: Array
    curvature_shift: Array

    def trace(self, h: ArrayLike) -> Array:
        r""":math:`T(h) = 1 + \beta - \alpha (h + \text{shift})(1 + \gamma)`, in plain float64."""
        shifted = as_real_array(h, "h") + self.curvature_shift
        return 1.0 + self.beta - self.alpha * shifted * (1.0 + self.gamma)

    def determinant(self, h: ArrayLike) -> Array:
        r""":math:`D(h) = \beta - \alpha (h + \text{shift}) \gamma`, in plain float64."""
        shifted = as_real_array(h, "h") + self.curvature_shift
        return self.beta - self.alpha * shifted * self.gamma


class _ParameterFields:
    """Mixin: ``parameters``, the method's own parameters of a result, by name."""

    _parameter_names: ClassVar[tuple[str, ...]] = ()

    @property
    def parameters(self) -> dict[str, Any]:
        """The method's parameters as keyword arguments (``method.worst_case_rate(**...)``)."""
        return {name: getattr(self, name) for name in self._parameter_names}


@dataclass(frozen=True, kw_only=True)
class Optimum(_ParameterFields):
    r"""Base of the optimal-parameter results: the worst-case rate and the spectrum.

    Each method's result adds one attribute per parameter (``alpha``, ``beta``, ...);
    :attr:`parameters` collects them by name.

    Attributes
    ----------
    rate : ndarray or float
        The worst-case rate :math:`\max_{h \in [\mu, L]} \rho` at the returned
        parameters, from the kernel (:meth:`Method.worst_case_rate`, to :math:`10^{-14}`
        relative), for every method. For the closed-form optima (gradient descent, heavy
        ball, Nesterov) it is not the closed form of the optimal rate: the parameters are
        rounded to doubles and the ends of the spectrum sit on critical curves, where
        :math:`\rho` moves like the square root of a perturbation, so the closed form can be
        off by :math:`10^{-7}` relative at :math:`\kappa = 1.01` and by far more as
        :math:`\kappa \to 1`.
    mu, L : ndarray or float
        The spectrum the parameters were chosen for.
    """

    rate: Any
    mu: Any
    L: Any

    @property
    def condition_number(self) -> Any:
        r""":math:`\kappa = L / \mu`."""
        return self.L / self.mu


@dataclass(frozen=True, kw_only=True)
class NumericalOptimum(Optimum):
    r"""Base of the numerically found optima: adds the known optimal rate to compare with.

    Attributes
    ----------
    known_optimum : float
        The optimal worst-case rate of the family searched, known in closed form: Polyak's
        :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`, a lower bound for every method of
        the two-step family on quadratics (and attained by heavy ball), or, for Nesterov's
        subfamily, Lessard, Recht and Packard's :math:`1 - 2/\sqrt{3\kappa + 1}`.
    """

    known_optimum: float

    @property
    def gap(self) -> float:
        """``rate - known_optimum``: how far the search stayed from the optimum (>= 0 up to
        the rounding of the rates)."""
        return float(self.rate) - float(self.known_optimum)


def polyak_rate(mu: float, L: float) -> float:
    r"""Polyak's optimal rate :math:`(L - \mu)/(\sqrt L + \sqrt\mu)^2` on :math:`[\mu, L]`."""
    return (L - mu) / (math.sqrt(L) + math.sqrt(mu)) ** 2


@dataclass(frozen=True)
class Tuning:
    r"""A published parameter choice of a method for a spectrum :math:`[\mu, L]`.

    Attributes
    ----------
    method, name : str
        The method and the tuning (``"heavy_ball"``, ``"polyak"``).
    parameters : dict of str to float
        The method's parameters, ready for ``method.worst_case_rate(mu, L, **parameters)``.
    rate : float
        Its exact worst-case rate on quadratics with spectrum in :math:`[\mu, L]`
        (:meth:`Method.worst_case_rate`).
    published_rate : float
        The per-step rate of :math:`\|x_t - x^*\|` that the reference proves, for the
        function class it treats; on quadratics ``rate <= published_rate`` (equality for
        the tunings designed for quadratics). A bound on :math:`f(x_t) - f^*` with factor
        :math:`q` per step is a distance rate :math:`\sqrt q`.
    mu, L : float
        The spectrum.
    reference : str
        Where the choice and its rate are published.
    """

    method: str
    name: str
    parameters: dict[str, Any]
    rate: float
    published_rate: float
    mu: float
    L: float
    reference: str


def _where(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``np.where`` for arrays, a plain branch for a Python bool (SymPy comparisons give one)."""
    if isinstance(condition, bool):
        return if_true if condition else if_false
    return np.where(condition, if_true, if_false)


@dataclass(frozen=True)
class _Tuning:
    """A registered tuning: the function giving its parameters and rate, and its source."""

    build: Callable[..., tuple[dict[str, Any], float]]
    reference: str


class Method:
    r"""A named method, reduced to the two-step family on quadratics.

    Subclasses set the class attributes and write :meth:`update` (the method's own rule)
    and :meth:`_map` (its family parameters) with plain arithmetic, so that both work on
    NumPy arrays and on SymPy symbols; :mod:`momentum_theory.methods.derivation` derives
    the state matrix from :meth:`update` and checks it against :meth:`_map`.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"heavy_ball"``.
    parameters : tuple of str
        Parameter names in order.
    defaults : mapping of str to object
        Defaults (PyTorch's, for ``pytorch_sgd``); a parameter without one is required.
    state : tuple of str
        Names of the two state components, newest first: ``("x", "x_previous")`` for
        rules that remember the last iterate, ``("x", "buffer")`` for those that keep a
        momentum buffer.
    tunings : tuple of str
        Names accepted by :meth:`tuning`.
    """

    name: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]]
    defaults: ClassVar[Mapping[str, Any]] = {}
    state: ClassVar[tuple[str, str]] = ("x", "x_previous")
    _flags: ClassVar[tuple[str, ...]] = ()  # parameters that are Python bools
    _rule: ClassVar[Callable[..., tuple[Any, Any]]]  # the module's ``update`` function
    _tunings: ClassVar[Mapping[str, _Tuning]] = {}

    def __repr__(self) -> str:
        return f"<method {self.name}({', '.join(self._signature())})>"

    def _signature(self) -> list[str]:
        return [
            f"{name}={self.defaults[name]!r}" if name in self.defaults else name
            for name in self.parameters
        ]

    @property
    def tunings(self) -> tuple[str, ...]:
        """Names of the published tunings :meth:`tuning` knows."""
        return tuple(self._tunings)

    # -- parameters ---------------------------------------------------------------------

    def check(self, **params: Any) -> dict[str, Any]:
        r"""The parameters with defaults filled in and each checked once.

        Numbers become float64 arrays (:func:`~momentum_theory._validation.as_real_array`),
        flags stay Python bools, and the method's domain is checked elementwise (NaN
        passes through, as in the kernels).

        Raises
        ------
        TypeError
            For an unknown or missing parameter, or a value of the wrong type.
        ValueError
            For a value outside the method's domain, or arrays that do not broadcast.
        """
        unknown = [name for name in params if name not in self.parameters]
        if unknown:
            raise TypeError(
                f"{self.name} got an unexpected parameter {unknown[0]!r}; its parameters "
                f"are {', '.join(self._signature())}"
            )
        values = {**self.defaults, **params}
        missing = [name for name in self.parameters if name not in values]
        if missing:
            raise TypeError(
                f"{self.name} is missing the parameter {missing[0]!r}; its parameters are "
                f"{', '.join(self._signature())}"
            )
        checked: dict[str, Any] = {}
        for name in self.parameters:
            if name in self._flags:
                flag = values[name]
                if not isinstance(flag, (bool, np.bool_)):
                    raise TypeError(f"{name} must be True or False, got {flag!r}")
                checked[name] = bool(flag)
            else:
                checked[name] = as_real_array(values[name], name)
        broadcast_shape(**{n: v for n, v in checked.items() if n not in self._flags})
        self._check_domain(checked)
        return checked

    def _check_domain(self, params: dict[str, Any]) -> None:
        """Raise ValueError for values outside the method's domain (default: none)."""

    # -- the two things each method writes ----------------------------------------------

    def update(
        self,
        state: tuple[Any, Any],
        gradient: Callable[[Any], Any],
        *,
        first: bool = False,
        **params: Any,
    ) -> tuple[Any, Any]:
        r"""One step of the method's own rule: the new state from the state and :math:`\nabla f`.

        Parameters
        ----------
        state : tuple of two arrays or SymPy expressions
            The components named by :attr:`state`, newest first.
        gradient : callable
            :math:`\nabla f` at a point (``h * point`` on :math:`h x^2/2`).
        first : bool, default False
            Whether this is the first step (only PyTorch's SGD treats it differently).
        **params
            The method's parameters (already checked, for arrays).

        Returns
        -------
        tuple
            The new state.
        """
        return type(self)._rule(state, gradient, first=first, **params)

    def start(self, x0: Any) -> tuple[Any, Any]:
        r"""The state at rest at :math:`x_0`: :math:`(x_0, x_0)`, or :math:`(x_0, 0)` (buffer)."""
        return (x0, x0) if self.state[1] == "x_previous" else (x0, 0 * x0)

    def _map(self, **params: Any) -> tuple[Any, Any, Any, Any]:
        """``(alpha, beta, gamma, curvature_shift)`` in plain arithmetic (SymPy-safe)."""
        raise NotImplementedError

    def _exact_form(self, **params: Any) -> tuple[Any, Any, Any, Any, Any, Any]:
        r"""``(alpha, beta, shift, g1, g2, omega)`` with, exactly,
        :math:`T = 1 + \beta - \alpha(h + s)(1 + g_1 g_2)` and
        :math:`D = \beta - \alpha(h + s)(g_1 g_2 + \omega)`, each entry one of the
        method's (checked) parameters or its negation, so nothing is rounded.

        The default reads :meth:`_map` as ``(alpha, beta, shift, gamma, 1, 0)``: exact for
        the methods whose map does no arithmetic. Methods whose map does override this.
        """
        alpha, beta, gamma, shift = self._map(**params)
        return alpha, beta, shift, gamma, 1.0, 0.0

    def _kernel_forms(self, params: dict[str, Any], *curvatures: ArrayLike) -> list[tuple]:
        """The kernel's operands at each curvature: ``(alpha, beta, h, gamma)`` for the
        family's own kernels where that is exact, else the seven of the extended form."""
        alpha, beta, shift, g1, g2, omega = self._exact_form(**self.check(**params))
        family = (
            np.all(np.equal(shift, 0)) and np.all(np.equal(g2, 1)) and np.all(np.equal(omega, 0))
        )
        forms = []
        for h in curvatures:
            h_ = as_real_array(h, "h")
            forms.append(
                (alpha, beta, h_, g1) if family else (alpha, beta, h_, shift, g1, g2, omega)
            )
        return forms

    # -- everything else, through the kernel ----------------------------------------------

    def family(self, **params: Any) -> FamilyParameters:
        r"""The method's parameters on the two-step family (see the method's ``Notes``).

        Returns
        -------
        FamilyParameters
            ``alpha``, ``beta``, ``gamma`` and ``curvature_shift``, broadcast together.
        """
        mapped = self._map(**self.check(**params))
        arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in mapped))
        alpha, beta, gamma, shift = (a[()] if a.ndim == 0 else a for a in arrays)
        return FamilyParameters(alpha=alpha, beta=beta, gamma=gamma, curvature_shift=shift)

    def spectral_radius(self, h: ArrayLike, **params: Any) -> Array:
        r"""Rate of the method on :math:`f(x) = h x^2/2`: the spectral radius of its state matrix.

        Broadcasts over ``h`` and the parameters. :math:`T` and :math:`D` are formed
        exactly from the method's own parameters (no rounded :meth:`family` value enters),
        so the accuracy is that of :func:`momentum_theory.spectral_radius`, at most
        :math:`10^{-14}` relative, and the rate is at most 1.0 wherever
        :meth:`convergence_region` is True.
        """
        return _radius(*self._kernel_forms(params, h))

    def convergence_region(self, h: ArrayLike, **params: Any) -> NDArray[np.bool_]:
        r"""Where the method converges on :math:`f(x) = h x^2/2` (spectral radius below one).

        Jury's test on the exact :math:`T` and :math:`D` of the method's own parameters, as
        :func:`momentum_theory.convergence_region`: decided exactly. This (or
        :meth:`spectral_gap`), not ``spectral_radius(...) < 1``, says whether the method
        converges.
        """
        (form,) = self._kernel_forms(params, h)
        if len(form) == 4:
            return spectral.convergence_region(*form)
        return spectral._extended_region(*form)

    def spectral_gap(self, h: ArrayLike, **params: Any) -> Array:
        r"""The gap :math:`1 - \rho` on :math:`f(x) = h x^2/2`, to full relative precision.

        :func:`momentum_theory.spectral_gap` for the method: positive exactly where
        :meth:`convergence_region` is True, at most :math:`10^{-14}` relative error, also
        where :math:`\rho` rounds to 1.0. Broadcasts over ``h`` and the parameters.

        .. math::

            1 - \rho = \frac{N}{m + \sqrt{m^2 - N}} \ \text{(real roots, } m \ge 0),
            \qquad
            1 - \rho = \frac{1 - D}{1 + \sqrt D} \ \text{(complex pair)},

        with :math:`m = 1 - |T|/2` and :math:`N = 1 - |T| + D`, both formed exactly.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> hb = methods.get("heavy_ball")
        >>> float(hb.spectral_radius(1e-20, alpha=1.0, beta=0.6))  # 1 - 2.5e-20
        1.0
        >>> float(hb.spectral_gap(1e-20, alpha=1.0, beta=0.6))
        2.4999999999999996e-20
        >>> sgd = methods.get("pytorch_sgd")  # weight decay 0.1: h + 0.1 exactly
        >>> float(sgd.spectral_gap(1.0, lr=0.5, weight_decay=0.1))  # 1 - |1 - 0.5 (1.1)|
        0.55
        """
        (form,) = self._kernel_forms(params, h)
        if len(form) == 4:
            return spectral.spectral_gap(*form)
        return spectral._extended_gap(*form)

    def worst_case_rate(self, mu: ArrayLike, L: ArrayLike, **params: Any) -> Array:
        r"""Worst-case rate over every quadratic with Hessian spectrum in :math:`[\mu, L]`.

        :math:`\max_{h \in [\mu, L]}` of :meth:`spectral_radius`, attained at an end;
        delegates to :func:`momentum_theory.worst_case_rate`.

        Raises
        ------
        ValueError
            If ``mu > L`` anywhere.
        """
        mu_, L_ = as_real_array(mu, "mu"), as_real_array(L, "L")
        require_spectrum(mu_, L_, positive=False)
        low, high = self._kernel_forms(params, mu_, L_)
        return np.maximum(_radius(low), _radius(high))

    def stationary_variance(self, h: ArrayLike, sigma: ArrayLike, **params: Any) -> Array:
        r"""Stationary variance of the iterate on :math:`f(x) = h x^2/2` with gradients
        :math:`\nabla f + \sigma\xi` (``inf`` where the method does not converge).

        From the Lyapunov equation of the method's own state matrix and noise input; see
        :func:`momentum_theory.methods.noise.stationary_variance`.
        """
        from momentum_theory.methods.noise import stationary_variance

        return stationary_variance(self, h, sigma, **params)

    def certified_rate(self, mu: float, L: float, **params: Any) -> float:
        r"""Smallest rate certified over every :math:`\mu`-strongly convex, :math:`L`-smooth f.

        The IQC analysis of Lessard, Recht and Packard (sector and weighted off-by-one
        constraints) at the family parameters, by bisection on :math:`\rho` to
        :data:`momentum_theory.iqc.TOLERANCE`, each certificate checked in double
        precision with the margin :data:`momentum_theory.iqc.MARGIN`; the closed form (the
        quadratic rate) at ``mu == L``; ``inf`` where nothing below 1 is certified. At
        least :meth:`worst_case_rate` (quadratics are in the class); its last digits move
        with the machine's BLAS kernels (module notes of :mod:`momentum_theory.iqc`).
        Delegates to :func:`momentum_theory.iqc.certified_rate` (which returns the
        certificate too); scalar parameters only. Needs the optional extra ``pep`` (cvxpy).

        Raises
        ------
        PepNotInstalledError
            Without cvxpy (an ``ImportError`` naming the install command).
        ValueError
            For array parameters, or a spectrum that is not ``0 < mu <= L``.
        """
        from momentum_theory.iqc import certified_rate

        family = self.family(**params)
        values = (family.alpha, family.beta, family.gamma, family.curvature_shift)
        if any(np.ndim(value) for value in values):
            raise ValueError(f"{self.name}.certified_rate takes scalar parameters")
        mu_, L_ = spectrum_ends(mu, L)
        shift = float(family.curvature_shift)  # weight decay: f + shift |x|^2 / 2
        return certified_rate(
            float(family.alpha),
            float(family.beta),
            mu_ + shift,
            L_ + shift,
            gamma=float(family.gamma),
        ).rate

    def optimal_parameters(self, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r"""Parameters minimising :meth:`worst_case_rate` over :math:`[\mu, L]`."""
        raise NotImplementedError

    def tuning(self, name: str, mu: float, L: float, **options: Any) -> Tuning:
        r"""A published tuning for the spectrum :math:`[\mu, L]`, by name (see :attr:`tunings`).

        Raises
        ------
        ValueError
            If the method has no tuning of that name, or the spectrum is not
            ``0 < mu <= L``.
        """
        entry = self._tunings[choice(name, "tuning", tuple(self._tunings))]
        mu_, L_ = spectrum_ends(mu, L)
        parameters, published = entry.build(mu_, L_, **options)
        rate = float(self.worst_case_rate(mu_, L_, **parameters))
        return Tuning(
            method=self.name,
            name=name,
            parameters={k: float(v) for k, v in parameters.items()},
            rate=rate,
            published_rate=float(published),
            mu=mu_,
            L=L_,
            reference=entry.reference,
        )


def _radius(form: tuple) -> Array:
    """The kernel's spectral radius for operands from :meth:`Method._kernel_forms`."""
    if len(form) == 4:
        return spectral.spectral_radius(*form)
    return spectral._extended_radius(*form)


def spectrum_arrays(mu: ArrayLike, L: ArrayLike) -> tuple[Array, Array]:
    """``mu`` and ``L`` as float64 arrays with ``0 < mu <= L`` elementwise."""
    mu_, L_ = as_real_array(mu, "mu"), as_real_array(L, "L")
    broadcast_shape(mu=mu_, L=L_)
    require_spectrum(mu_, L_)
    return mu_, L_


def scalar_spectrum(mu: ArrayLike, L: ArrayLike) -> tuple[float, float]:
    """``mu`` and ``L`` as finite floats with ``0 < mu <= L`` (for the numerical optima)."""
    return spectrum_ends(mu, L)
